import { afterEach, describe, expect, it } from "vitest";
import { compileRule } from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";

/**
 * The generated reads skip hasOwnProperty when a value found cannot be an inherited one (it differs
 * from what Object.prototype or Array.prototype holds under that key). That shortcut must give the
 * closures' answers on every kind of holder, with a polluted prototype too (issue 20).
 */
const both = (rule: unknown) => [compileRule(rule), compileRule(rule, { backend: codegenBackend })] as const;

function agree(rule: unknown, data: unknown): unknown {
  const [closures, generated] = both(rule);
  const expected = closures(data);
  expect(Object.is(generated(data), expected) || JSON.stringify(generated(data)) === JSON.stringify(expected)).toBe(true);
  return expected;
}

const polluted: string[] = [];
function pollute(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: false });
  polluted.push(key);
}
afterEach(() => {
  for (const key of polluted.splice(0)) {
    delete (Object.prototype as Record<string, unknown>)[key];
    delete (Array.prototype as unknown as Record<string, unknown>)[key];
  }
});

describe("generated reads: own properties only, on every kind of holder (issue 20)", () => {
  it("plain objects: own values are read, a polluted Object.prototype never answers", () => {
    pollute(Object.prototype, "plan", "pro");
    pollute(Object.prototype, "score", Number.NaN);
    expect(agree({ var: "user.plan" }, { user: {} })).toBeNull();
    expect(agree({ var: "user.plan" }, { user: { plan: "pro" } })).toBe("pro"); // own, equal to the polluted value
    expect(agree({ var: "user.plan" }, { user: { plan: "free" } })).toBe("free");
    expect(agree({ var: ["user.score", 7] }, { user: {} })).toBe(7); // an inherited NaN is still inherited
    expect(agree({ var: "user.score" }, { user: { score: Number.NaN } })).toBeNaN();
    expect(agree({ "==": [{ var: "user.plan" }, "pro"] }, { user: {} })).toBe(false);
    expect(agree({ var: "toString" }, {})).toBeNull();
    expect(agree({ var: "a.hasOwnProperty" }, { a: {} })).toBeNull();
  });

  it("arrays: indices and length are own, methods and a polluted Array.prototype are not", () => {
    pollute(Array.prototype, "extra", 1);
    expect(agree({ var: "list.0" }, { list: ["a", "b"] })).toBe("a");
    expect(agree({ var: "list.length" }, { list: [] })).toBe(0);
    expect(agree({ var: "list.length" }, { list: [1, 2, 3] })).toBe(3);
    expect(agree({ var: "list.map" }, { list: [] })).toBeNull();
    expect(agree({ var: "list.extra" }, { list: [1] })).toBeNull();
    expect(agree({ var: "list.5" }, { list: [1] })).toBeNull();
  });

  it("class instances: fields are own, accessors and methods of the class are not", () => {
    class Account {
      readonly plan = "pro";
      get tier(): string {
        return "gold";
      }
      upgrade(): void {}
    }
    const data = { account: new Account() };
    expect(agree({ var: "account.plan" }, data)).toBe("pro");
    expect(agree({ var: "account.tier" }, data)).toBeNull();
    expect(agree({ var: "account.upgrade" }, data)).toBeNull();
  });

  it("null-prototype objects and primitives", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { plan: "team" });
    expect(agree({ var: "user.plan" }, { user: bare })).toBe("team");
    expect(agree({ var: "user.role" }, { user: bare })).toBeNull();
    expect(agree({ var: "name.length" }, { name: "abc" })).toBe(3);
    expect(agree({ var: "name.1" }, { name: "abc" })).toBe("b");
    expect(agree({ var: "name.toUpperCase" }, { name: "abc" })).toBeNull();
    expect(agree({ var: "n.toFixed" }, { n: 5 })).toBeNull();
    expect(agree({ var: "b.valueOf" }, { b: true })).toBeNull();
    expect(agree({ var: "a.b" }, { a: null })).toBeNull();
    expect(agree({ var: "a.b.c" }, { a: { b: Object.create({ c: 1 }) } })).toBeNull();
  });
});
