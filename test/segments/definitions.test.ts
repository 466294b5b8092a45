import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSegments, SegmentConfigError, type SegmentSetOptions } from "../../src/segments/index.js";
import { at, fold, TODAY } from "../support/segment-fixtures.js";

const SEED = 20261123;

/** The problems of definitions that must not compile. */
function problemsOf(definitions: unknown, options?: SegmentSetOptions): { path: string; message: string }[] {
  try {
    compileSegments(definitions, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentConfigError);
    const { problems, path, message } = error as SegmentConfigError;
    expect(problems.length).toBeGreaterThan(0);
    expect(path).toBe(problems[0]?.path);
    expect(message).toMatch(/^invalid (segment|behavioural)/);
    return problems.map((problem) => ({ path: problem.path, message: problem.message }));
  }
  throw new Error(`expected ${JSON.stringify(definitions)?.slice(0, 200)} not to compile`);
}

describe("valid definitions", () => {
  it("id, name, rule, include and exclude; forward references allowed", () => {
    const set = compileSegments([
      { id: "vip", name: "VIP", rule: { ">": [{ event_sum: ["purchase", "amount", "90d"] }, 200] }, include: ["pro"], exclude: ["churn-risk"] },
      { id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } },
      { id: "churn-risk", rule: { ">=": [{ days_since_last: "app_open" }, 14] } },
      { id: "everyone", rule: true },
      { id: "nobody", rule: false, include: [], exclude: [] },
    ]);
    expect(set.ids).toEqual(["vip", "pro", "churn-risk", "everyone", "nobody"]);
    expect(Object.isFrozen(set.ids)).toBe(true);
  });

  it("an empty list is valid", () => {
    expect(compileSegments([]).ids).toEqual([]);
  });

  it("a definition parsed from JSON compiles the same", () => {
    const json = '[{"id":"a","rule":{"in":["x",{"var":"user.tags"}]}},{"id":"b","rule":true,"exclude":["a"]}]';
    expect(compileSegments(JSON.parse(json)).segmentsOf({ tags: ["y"] }, 0)).toEqual(["b"]);
  });
});

describe("schema errors carry paths", () => {
  it.each([
    [null, ""],
    [5, ""],
    ["segments", ""],
    [{ 0: { id: "a", rule: true } }, ""],
    [[null], "/0"],
    [[7], "/0"],
    [[{ rule: true }], "/0/id"],
    [[{ id: "", rule: true }], "/0/id"],
    [[{ id: "x".repeat(129), rule: true }], "/0/id"],
    [[{ id: 5, rule: true }], "/0/id"],
    [[{ id: "a" }], "/0/rule"],
    [[{ id: "a", rule: true, extra: 1 }], "/0"],
    [[{ id: "a", rule: true, name: 5 }], "/0/name"],
    [[{ id: "a", rule: true, include: "b" }], "/0/include"],
    [[{ id: "a", rule: true }, { id: "b", rule: true, exclude: ["a", 3] }], "/1/exclude/1"],
  ])("%j → %s", (definitions, path) => {
    expect(problemsOf(definitions).map((problem) => problem.path)).toContain(path);
  });

  it("a missing rule says how to select everyone", () => {
    expect(problemsOf([{ id: "a" }])[0]?.message).toMatch(/use true for everyone/);
  });
});

describe("references", () => {
  it("duplicate ids point at the second one and name the first", () => {
    expect(problemsOf([{ id: "a", rule: true }, { id: "b", rule: true }, { id: "a", rule: false }])).toEqual([
      { path: "/2/id", message: 'duplicate segment id "a" (first at /0)' },
    ]);
  });

  it("unknown include / exclude", () => {
    expect(problemsOf([{ id: "a", rule: true, include: ["b", "zz"] }, { id: "b", rule: true, exclude: ["yy"] }])).toEqual([
      { path: "/0/include/1", message: 'unknown segment "zz"' },
      { path: "/1/exclude/0", message: 'unknown segment "yy"' },
    ]);
  });

  it("self-reference", () => {
    expect(problemsOf([{ id: "a", rule: true, include: ["a"] }])).toEqual([{ path: "/0/include/0", message: 'segment "a" refers to itself' }]);
    expect(problemsOf([{ id: "b", rule: true }, { id: "a", rule: true, exclude: ["b", "a"] }])).toEqual([{ path: "/1/exclude/1", message: 'segment "a" refers to itself' }]);
  });

  it("a cycle of two, named at the reference that closes it", () => {
    expect(problemsOf([{ id: "a", rule: true, include: ["b"] }, { id: "b", rule: true, exclude: ["a"] }])).toEqual([
      { path: "/1/exclude/0", message: "segment cycle: a → b → a" },
    ]);
  });

  it("a cycle of three", () => {
    expect(
      problemsOf([
        { id: "a", rule: true, include: ["b"] },
        { id: "b", rule: true, include: ["c"] },
        { id: "c", rule: true, include: ["a"] },
      ]),
    ).toEqual([{ path: "/2/include/0", message: "segment cycle: a → b → c → a" }]);
  });

  it("a cycle reached from outside it names only the cycle", () => {
    expect(
      problemsOf([
        { id: "entry", rule: true, include: ["x"] },
        { id: "x", rule: true, exclude: ["y"] },
        { id: "y", rule: true, include: ["z"] },
        { id: "z", rule: true, include: ["x"] },
      ]),
    ).toEqual([{ path: "/3/include/0", message: "segment cycle: x → y → z → x" }]);
  });

  it("two separate cycles are both reported", () => {
    const problems = problemsOf([
      { id: "a", rule: true, include: ["b"] },
      { id: "b", rule: true, include: ["a"] },
      { id: "c", rule: true, exclude: ["d"] },
      { id: "d", rule: true, exclude: ["c"] },
    ]);
    expect(problems).toEqual([
      { path: "/1/include/0", message: "segment cycle: a → b → a" },
      { path: "/3/exclude/0", message: "segment cycle: c → d → c" },
    ]);
  });

  it("a diamond is not a cycle", () => {
    expect(() =>
      compileSegments([
        { id: "top", rule: true, include: ["left", "right"] },
        { id: "left", rule: true, include: ["base"] },
        { id: "right", rule: true, exclude: ["base"] },
        { id: "base", rule: true },
      ]),
    ).not.toThrow();
  });
});

describe("rule errors", () => {
  it("are prefixed with /<index>/rule", () => {
    expect(problemsOf([{ id: "ok", rule: true }, { id: "a", rule: { ">=": [{ event_count: ["purchase", "1mo"] }, 3] } }])).toEqual([
      { path: "/1/rule/>=/0", message: expect.stringContaining("1mo") as unknown as string },
    ]);
    expect(problemsOf([{ id: "a", rule: { no_such_operator: [] } }])[0]?.path).toBe("/0/rule");
    expect(problemsOf([{ id: "a", rule: { event_count: ["purchase", "91d"] } }])[0]).toMatchObject({ path: "/0/rule", message: expect.stringMatching(/horizon/) });
  });

  it("windows are checked against the segments' horizonDays", () => {
    expect(() => compileSegments([{ id: "a", rule: { event_count: ["purchase", "120d"] } }], { horizonDays: 180 })).not.toThrow();
    expect(problemsOf([{ id: "a", rule: { event_count: ["purchase", "31d"] } }], { horizonDays: 30 })[0]?.path).toBe("/0/rule");
  });

  it("RFM models come from the options", () => {
    const rfm = { buyers: { event: "purchase", window: "30d", recency: [7], frequency: [2] } };
    expect(() => compileSegments([{ id: "a", rule: { ">=": [{ rfm_score: ["buyers", "r"] }, 2] } }], { rfm })).not.toThrow();
    expect(problemsOf([{ id: "a", rule: { rfm_score: "buyers" } }])[0]?.message).toMatch(/RFM/);
  });
});

describe("every problem listed at once", () => {
  it("duplicates, unknown references, self references, cycles and rule errors together", () => {
    const problems = problemsOf([
      { id: "a", rule: true, include: ["b"] },
      { id: "b", rule: true, include: ["a", "ghost"] },
      { id: "a", rule: { event_count: [1] } },
      { id: "c", rule: { and: [{ event_count: ["x", "1y"] }, { days_since_last: [] }] }, exclude: ["c"] },
    ]);
    expect(problems).toEqual([
      { path: "/2/id", message: 'duplicate segment id "a" (first at /0)' },
      { path: "/1/include/1", message: 'unknown segment "ghost"' },
      { path: "/3/exclude/0", message: 'segment "c" refers to itself' },
      { path: "/1/include/0", message: "segment cycle: a → b → a" },
      { path: "/2/rule", message: expect.stringContaining("argument 1") as unknown as string },
      { path: "/3/rule/and/0", message: expect.any(String) as unknown as string },
      { path: "/3/rule/and/1", message: expect.any(String) as unknown as string },
    ]);
  });
});

describe("options", () => {
  it("custom operators may not replace behavioural ones", () => {
    expect(problemsOf([], { operators: { event_count: () => 1 } })).toEqual([{ path: "/operators/event_count", message: expect.stringMatching(/behavioural operator/) as unknown as string }]);
  });

  it("custom operators are usable in rules", () => {
    const set = compileSegments([{ id: "a", rule: { double_is: [{ var: "user.n" }, 4] } }], {
      operators: { double_is: { evaluate: ([n, expected]) => (n as number) * 2 === expected } },
    });
    expect(set.segmentsOf({ n: 2 }, 0)).toEqual(["a"]);
  });

  it("invalid behavioural options are a SegmentConfigError", () => {
    expect(problemsOf([], { horizonDays: 0 })[0]?.path).toBe("/horizonDays");
    expect(problemsOf([], { rfm: { m: { event: "purchase", window: "1y", recency: [1], frequency: [1] } } })[0]?.path).toBe("/rfm/m/window");
  });
});

describe("hostile definitions give SegmentConfigError, never a crash", () => {
  it('"__proto__", "constructor" and "toString" ids (from JSON.parse) are ordinary ids', () => {
    const definitions = JSON.parse(
      '[{"id":"__proto__","rule":true},{"id":"constructor","rule":{"var":"user.ok"},"include":["__proto__"]},{"id":"toString","rule":true,"exclude":["constructor"]}]',
    ) as unknown;
    const set = compileSegments(definitions);
    expect(set.ids).toEqual(["__proto__", "constructor", "toString"]);
    expect(set.segmentsOf({ ok: true }, 0)).toEqual(["__proto__", "constructor"]);
    expect(set.segmentsOf({}, 0)).toEqual(["__proto__", "toString"]);
    expect(set.isMember("__proto__", {}, 0)).toBe(true);
  });

  it("references to inherited names are unknown, not found on Object.prototype", () => {
    expect(problemsOf(JSON.parse('[{"id":"a","rule":true,"include":["__proto__","constructor","hasOwnProperty"]}]'))).toEqual([
      { path: "/0/include/0", message: 'unknown segment "__proto__"' },
      { path: "/0/include/1", message: 'unknown segment "constructor"' },
      { path: "/0/include/2", message: 'unknown segment "hasOwnProperty"' },
    ]);
  });

  it('a "__proto__" key in a definition is an unknown field', () => {
    const problems = problemsOf(JSON.parse('[{"id":"a","rule":true,"__proto__":{"include":["zz"]}}]'));
    expect(problems.map((problem) => problem.path)).toEqual(["/0"]);
  });

  it("huge include lists and huge definition lists", () => {
    const include = Array.from({ length: 100_000 }, (_, i) => `s${i}`);
    expect(problemsOf([{ id: "a", rule: true, include }]).map((problem) => problem.path)).toEqual(["/0/include"]);
    const many = Array.from({ length: 10_001 }, (_, i) => ({ id: `s${i}`, rule: true }));
    expect(problemsOf(many).map((problem) => problem.path)).toEqual([""]);
  });

  // Regressions: both overflowed the call stack (a RangeError, not a SegmentConfigError), and the
  // chain took seconds and most of a gigabyte to compile (every closure built up front).
  it("a chain of 10,000 includes (the most definitions allowed) compiles and evaluates", () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => ({
      id: `s${i}`,
      rule: i === 0 ? { ">=": [{ event_count: ["purchase", "7d"] }, 1] } : true,
      ...(i === 0 ? {} : { include: [`s${i - 1}`] }),
    }));
    const set = compileSegments(chain);
    const buyer = { behaviour: fold([{ name: "purchase", time: at(TODAY) }]) };
    expect(set.isMember("s9999", buyer, at(TODAY))).toBe(true);
    expect(set.isMember("s9999", {}, at(TODAY))).toBe(false);
    expect(set.segmentsOf(buyer, at(TODAY))).toHaveLength(10_000);
    expect(set.explainMembership("s9999", buyer, at(TODAY)).reason).toBe("member");
    expect(set.nextChangeAt("s9999", buyer, at(TODAY))).toBe(at(TODAY + 7)); // the clock flows through the chain
    expect(set.nextChangeAt(undefined, buyer, at(TODAY))).toBe(at(TODAY + 7));
  });

  it("a cycle through 10,000 segments is a SegmentConfigError naming it", () => {
    const cycle = Array.from({ length: 10_000 }, (_, i) => ({ id: `s${i}`, rule: true, exclude: [`s${(i + 1) % 10_000}`] }));
    const problems = problemsOf(cycle);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("/9999/exclude/0");
    expect(problems[0]?.message).toMatch(/^segment cycle: s0 → s1 → s2 → .* → s9999 → s0$/);
  });

  it("any JSON value either compiles or throws SegmentConfigError with located problems", () => {
    const id = fc.constantFrom("a", "b", "c", "__proto__", "constructor", "", 5);
    const loose = fc.array(
      fc.record(
        {
          id,
          name: fc.oneof(fc.string({ maxLength: 3 }), fc.anything()),
          rule: fc.oneof(fc.constant(true), fc.constant({ var: "user.x" }), fc.constant({ event_count: ["e", "7d"] }), fc.constant({ event_count: ["e", "1y"] }), fc.anything()),
          include: fc.oneof(fc.array(id, { maxLength: 3 }), fc.anything()),
          exclude: fc.oneof(fc.array(id, { maxLength: 3 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(fc.oneof(loose, fc.anything(), fc.jsonValue()), (definitions) => {
        try {
          compileSegments(definitions);
        } catch (error) {
          expect(error).toBeInstanceOf(SegmentConfigError);
          for (const problem of (error as SegmentConfigError).problems) {
            expect(problem.path === "" || problem.path.startsWith("/")).toBe(true);
            expect(typeof problem.message).toBe("string");
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
