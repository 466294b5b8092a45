import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { compileRule, RuleError, RuleEvaluationError, validateRule } from "../../src/rules/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { referenceApply } from "../support/json-logic-reference.js";
import { jsonLogicRule } from "../support/rule-arbitraries.js";

/** Nests `depth` operations: {"!": {"!": … true …}}. Built iteratively (no recursion in the test either). */
function nested(operator: string, depth: number, leaf: unknown = true): unknown {
  let rule = leaf;
  for (let i = 0; i < depth; i++) rule = { [operator]: rule };
  return rule;
}

describe("property paths resolve own properties only", () => {
  const data = deepFreeze({ user: { name: "ada", tags: ["a"] }, list: [1, 2] });

  it.each([
    "__proto__",
    "constructor",
    "prototype",
    "constructor.constructor",
    "user.__proto__",
    "user.constructor.constructor",
    "user.toString",
    "user.hasOwnProperty",
    "list.map",
    "user.name.toUpperCase",
    "toString",
    "valueOf",
  ])("%s reads as missing", (path) => {
    expect(compileRule({ var: path })(data)).toBeNull();
    expect(compileRule({ var: [path, "fallback"] })(data)).toBe("fallback");
    expect(compileRule({ missing: [path] })(data)).toEqual([path]);
  });

  it("json-logic-js, by contrast, hands out Object.prototype and Function (the deviation we document)", () => {
    const proto = referenceApply({ var: "__proto__" }, { a: 1 });
    expect(proto).toEqual({ threw: false, value: Object.prototype });
    const fn = referenceApply({ var: "constructor.constructor" }, { a: 1 });
    expect(fn.threw === false && fn.value).toBe(Function);
  });

  it("computed paths are checked at run time: {var: {cat: [\"__pro\", \"to__\"]}}", () => {
    expect(compileRule({ var: { cat: ["__pro", "to__"] } })({ a: 1 })).toBeNull();
    expect(compileRule({ var: { cat: ["constr", "uctor.constructor"] } })({ a: 1 })).toBeNull();
    expect(compileRule({ var: [{ cat: ["__pro", "to__"] }, 7] })({})).toBe(7);
  });

  it("own keys named __proto__ / constructor / prototype in parsed JSON also read as missing", () => {
    const parsed = JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": 1, "prototype": 2}') as unknown;
    expect(compileRule({ var: "__proto__.isAdmin" })(parsed)).toBeNull();
    expect(compileRule({ var: "constructor" })(parsed)).toBeNull();
    expect(compileRule({ var: "prototype" })(parsed)).toBeNull();
  });

  it("a polluted Object.prototype is not visible through var", () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.isAdmin = true;
    try {
      expect(compileRule({ var: "isAdmin" })({})).toBeNull();
      expect(compileRule({ var: "user.isAdmin" })({ user: {} })).toBeNull();
      expect(compileRule({ missing: ["isAdmin"] })({})).toEqual(["isAdmin"]);
    } finally {
      delete proto.isAdmin;
    }
  });

  it("own array indices, array length and string indices still work", () => {
    expect(compileRule({ var: "list.1" })(data)).toBe(2);
    expect(compileRule({ var: "list.length" })(data)).toBe(2);
    expect(compileRule({ var: "user.name.0" })(data)).toBe("a");
    expect(compileRule({ var: "user.name.length" })(data)).toBe(3);
  });
});

describe("operator lookup has no prototype", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "__defineGetter__"])(
    "{%s: [1]} is an unknown operator",
    (operator) => {
      const rule = JSON.parse(`{"${operator}": [1]}`) as unknown;
      expect(() => compileRule(rule)).toThrow(RuleError);
      expect(validateRule(rule)).toEqual([{ path: "", message: expect.stringContaining("unknown operator") }]);
    },
  );

  it("json-logic-js's `method` operator (calls any method of data) is not available", () => {
    expect(() => compileRule({ method: ["abc", "toUpperCase"] })).toThrow(/unknown operator "method"/);
  });
});

describe("rule size and depth are bounded at compile time", () => {
  it("20,000 nested ! is a RuleError, not a stack overflow", () => {
    const rule = nested("!", 20_000);
    expect(() => compileRule(rule)).toThrow(RuleError);
    try {
      compileRule(rule);
    } catch (error) {
      expect((error as RuleError).message).toMatch(/nested too deeply/);
      expect((error as RuleError).path).toMatch(/^(\/!){256}/);
    }
    expect(validateRule(nested("!", 20_000))).toHaveLength(1);
  });

  it("deep arrays and wide rules are bounded too", () => {
    expect(() => compileRule(nested("and", 5_000, [true]))).toThrow(/nested too deeply/);
    const wide = { in: [{ var: "x" }, Array.from({ length: 60_000 }, (_, i) => i)] };
    expect(() => compileRule(wide)).toThrow(/too large/);
    expect(compileRule(wide, { limits: { maxNodes: 100_000 } })({ x: 59_999 })).toBe(true);
  });

  it("a cyclic rule built in JavaScript is rejected, not looped over", () => {
    const cyclic: Record<string, unknown[]> = { and: [true] };
    (cyclic.and as unknown[]).push(cyclic);
    expect(() => compileRule(cyclic)).toThrow(/nested too deeply/);
  });

  it("rules within the bounds compile at the maximum depth", () => {
    // depth counts JSON levels: 128 operations with a unary argument use 128 levels + the leaf.
    expect(compileRule(nested("!", 200))({})).toBe(true);
  });
});

describe("output growth is bounded at evaluation", () => {
  const doublingMerge = {
    reduce: [{ var: "steps" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]],
  };
  const doublingCat = { reduce: [{ var: "steps" }, { cat: [{ var: "accumulator" }, { var: "accumulator" }] }, "ab"] };
  const steps = Array.from({ length: 64 }, (_, i) => i);

  it("a reduce/merge doubling rule stops with a safe null and reports why", () => {
    const onError = vi.fn();
    expect(compileRule(doublingMerge, { onError })({ steps })).toBeNull();
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]?.[0] as RuleEvaluationError;
    expect(error).toBeInstanceOf(RuleEvaluationError);
    expect(error.code).toBe("cost-limit");
    expect(error.path).toBe("/reduce/1");
    // The same rule over a short list is fine: the bound is on work, not on the rule.
    expect(compileRule(doublingMerge)({ steps: [1, 2, 3] })).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("cat doubling stops too, and the process carries on", () => {
    expect(compileRule(doublingCat)({ steps })).toBeNull();
    expect(compileRule(doublingCat)({ steps: [1, 2] })).toBe("abababab");
  });

  it("a rule whose parts are all literals but would double past the budget is not folded at compile time", () => {
    const literalSteps = Array.from({ length: 64 }, (_, i) => i);
    const rule = { reduce: [literalSteps, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]] };
    // Folding gives up within the budget; evaluation then fails safely, and reports, every time.
    const onError = vi.fn();
    const compiled = compileRule(rule, { onError, limits: { maxEvaluationCost: 100_000 } });
    expect(compiled({})).toBeNull();
    expect(compiled({})).toBeNull();
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("a rule built in JavaScript that shares sub-rules counts at its expanded size", () => {
    let rule: unknown = [1];
    for (let i = 0; i < 40; i++) rule = { merge: [rule, rule] }; // 2^40 nodes once expanded
    expect(() => compileRule(rule)).toThrow(/too large/);
  });

  it("huge data arrays exhaust the budget instead of the process", () => {
    const limits = { maxEvaluationCost: 10_000 };
    const big = new Array(6_000).fill(1);
    expect(compileRule({ merge: [{ var: "a" }, { var: "a" }] }, { limits })({ a: big })).toBeNull();
    // The body {"+": [{"var": ""}, 1]} weighs 2 units (two operations) per element.
    const increment = { map: [{ var: "a" }, { "+": [{ var: "" }, 1] }] };
    expect(compileRule(increment, { limits })({ a: big.slice(0, 5_000) })).toHaveLength(5_000);
    expect(compileRule(increment, { limits })({ a: big })).toBeNull();
    expect(compileRule({ in: [2, { var: "a" }] }, { limits })({ a: [...big, ...big] })).toBeNull();
  });

  it("deeply nested data converted to a string is bounded", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const onError = vi.fn();
    expect(compileRule({ cat: [{ var: "d" }] }, { onError })({ d: deep })).toBeNull();
    expect((onError.mock.calls[0]?.[0] as RuleEvaluationError).code).toBe("data-too-deep");
  });
});

describe("data is never mutated and coercion runs no code from data", () => {
  it("objects with own toString / valueOf keys convert like plain objects (json-logic-js throws)", () => {
    const hostile = deepFreeze({ o: { toString: 1, valueOf: "x" }, a: [{ toString: 1 }] });
    expect(referenceApply({ cat: [{ var: "o" }] }, hostile).threw).toBe(true);
    expect(compileRule({ cat: [{ var: "o" }] })(hostile)).toBe("[object Object]");
    expect(compileRule({ cat: [{ var: "a" }] })(hostile)).toBe("[object Object]");
    expect(compileRule({ "==": [{ var: "o" }, "[object Object]"] })(hostile)).toBe(true);
    expect(compileRule({ "<": [{ var: "o" }, 1] })(hostile)).toBe(false);
    expect(compileRule({ "+": [{ var: "o" }, 1] })(hostile)).toBeNaN();
    expect(compileRule({ in: ["x", { var: "o" }] })(hostile)).toBe(false);
  });

  it("an object with an own indexOf key is not called by `in` (json-logic-js throws)", () => {
    const hostile = deepFreeze({ h: { indexOf: 1 } });
    expect(referenceApply({ in: ["x", { var: "h" }] }, hostile).threw).toBe(true);
    expect(compileRule({ in: ["x", { var: "h" }] })(hostile)).toBe(false);
  });

  it("no operator mutates deep-frozen data (property)", () => {
    fc.assert(
      fc.property(jsonLogicRule, fc.jsonValue({ maxDepth: 4 }), (rule, data) => {
        const frozen = deepFreeze(structuredClone(data));
        const before = JSON.stringify(frozen);
        compileRule(rule)(frozen);
        expect(JSON.stringify(frozen)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });

  it("arrays are built afresh on each evaluation, as in json-logic-js (=== can tell)", () => {
    const cases: unknown[] = [
      { "===": [{ missing: [] }, { missing_some: [0, []] }] },
      { "===": [{ merge: [] }, { merge: [] }] },
      { reduce: [[1, 2], { if: [{ "===": [{ var: "accumulator" }, [1]] }, "same", [1]] }, null] },
      { reduce: [[1, 2], { if: [{ "===": [{ var: "accumulator" }, { var: ["nope", [1]] }] }, "same", { var: ["nope", [1]] }] }, null] },
    ];
    for (const rule of cases) {
      const reference = referenceApply(rule, {});
      expect(reference.threw).toBe(false);
      expect(compileRule(rule)({})).toEqual(reference.threw ? undefined : reference.value);
    }
    const compiled = compileRule([1, [2]]);
    const first = compiled({}) as unknown[];
    first.push(3);
    expect(compiled({})).toEqual([1, [2]]);
  });

  it("reduce steps and nested element scopes read the right data", () => {
    const rule = {
      reduce: [
        { var: "groups" },
        { "+": [{ var: "accumulator" }, { reduce: [{ map: [{ var: "current.items" }, { var: "current" }] }, { "+": [{ var: "current" }, { var: "accumulator" }] }, 0] }] },
        0,
      ],
    };
    const data = { groups: [{ items: [{ current: 1 }, { current: 2 }] }, { items: [{ current: 10 }] }, { items: [{ current: 5, accumulator: 7 }] }] };
    expect(referenceApply(rule, data)).toEqual({ threw: false, value: 18 });
    expect(compileRule(rule)(data)).toBe(18);
  });

  it("results never alias the compiled rule: returned literals are frozen copies", () => {
    const rule = { if: [{ var: "x" }, { a: 1, b: [2] }, [1, 2]] };
    const compiled = compileRule(rule);
    const object = compiled({ x: true }) as { a: number };
    expect(Object.isFrozen(object)).toBe(true);
    expect(() => {
      object.a = 2;
    }).toThrow(TypeError);
    expect(rule.if[1]).toEqual({ a: 1, b: [2] });
    expect(Object.isFrozen(rule)).toBe(false);
  });
});

describe("evaluation of a valid rule never throws", () => {
  /** Data with the nastiest keys and values JSON can carry. */
  const hostileJson = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 1 }),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(
        fc.constantFrom("a", "b", "0", "toString", "valueOf", "indexOf", "__proto__", "constructor", "length", "current", "accumulator"),
        tie("value"),
        { maxKeys: 4 },
      ),
    ),
  })).value;

  it("on arbitrary JSON, including own toString/valueOf/indexOf/__proto__ keys (property)", () => {
    fc.assert(
      fc.property(jsonLogicRule, hostileJson, (rule, data) => {
        const parsed = JSON.parse(JSON.stringify(data)) as unknown; // JSON.parse makes __proto__ an own key
        const compiled = compileRule(rule);
        expect(() => compiled(parsed)).not.toThrow();
      }),
      { numRuns: 2_000 },
    );
  });

  it("on non-JSON inputs a caller might pass by mistake", () => {
    const compiled = compileRule({ and: [{ cat: [{ var: "a" }, "x"] }, { "<": [{ var: "b" }, 1] }, { var: "c.d" }] });
    for (const data of [undefined, null, 0, "", [], {}, () => 1, Symbol("s"), new Date(0), new Map(), Object.create(null)]) {
      expect(() => compiled(data)).not.toThrow();
    }
    expect(() => compiled({ a: Symbol("s"), b: 10n, c: { d: Object.create(null) } })).not.toThrow();
  });
});
