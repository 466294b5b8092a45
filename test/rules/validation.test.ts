import { describe, expect, it } from "vitest";
import { compileRule, RuleError, validateRule } from "../../src/rules/index.js";

function problemsOf(rule: unknown) {
  return validateRule(rule);
}

describe("RuleError locates the offending node with a JSON pointer", () => {
  it.each([
    [{ and: [true, { strats_with: ["a", "b"] }] }, "/and/1", /unknown operator "strats_with" \(did you mean "starts_with"\?\)/],
    [{ "==": [1] }, "", /"==" takes 2 arguments, got 1/],
    [{ or: [{ ">": [1, 2, 3] }] }, "/or/0", /">" takes 2 arguments, got 3 \(for a range test use "<" or "<=" with three arguments\)/],
    [{ "!": [] }, "", /"!" takes 1 argument, got 0/],
    [{ var: ["a", 1, 2] }, "", /"var" takes 0 to 2 arguments, got 3/],
    [{ and: [] }, "", /"and" takes at least 1 argument, got 0/],
    [{ if: [{ var: "x" }, { local_hour: ["Mars/Base"] }] }, "/if/1/local_hour/0", /"local_hour": "Mars\/Base" is not a known IANA time zone/],
    [{ within_last: [{ var: "t" }, "30 days"] }, "/within_last/1", /"30 days" is not a duration/],
    [{ within_last: [{ var: "t" }, "P1M"] }, "/within_last/1", /months or years/],
    [{ days_since: "2026-11-23T09:00:00" }, "/days_since", /not a timestamp/],
    [{ missing_some: [1, 5] }, "/missing_some/1", /array of keys/],
    [{ "a/b": [1] }, "", /unknown operator "a\/b"/],
    [{ and: [{ "a/b~c": [1] }] }, "/and/0", /unknown operator/],
    [{ in: [1, [2, () => 3]] }, "/in/1/1", /a function is not a JSON value/],
    [{ "==": [new Date(0), 1] }, "/==/0", /a Date instance is not a JSON value/],
  ])("%j → %s", (rule, path, message) => {
    expect(() => compileRule(rule)).toThrow(RuleError);
    try {
      compileRule(rule);
    } catch (error) {
      expect(error).toBeInstanceOf(RuleError);
      expect((error as RuleError).path).toBe(path);
      expect((error as RuleError).message).toMatch(message);
    }
  });

  it("escapes / and ~ in pointers (RFC 6901)", () => {
    expect(problemsOf({ and: [{ "~/": [1] }] })[0]?.path).toBe("/and/0");
    expect(problemsOf({ if: [true, { in: [1, { "a/b": 1, "c~d": [() => 1] }] }] })[0]?.path).toBe("/if/1/in/1/c~0d/0");
  });
});

describe("validateRule", () => {
  it("returns every problem, in document order, without throwing", () => {
    const rule = {
      and: [{ nope: [1] }, { "==": [1] }, { or: [{ local_hour: ["Nowhere/City"] }, { within_last: [{ var: "t" }, "soon"] }] }],
    };
    const problems = validateRule(rule);
    expect(problems.map((problem) => problem.path)).toEqual(["/and/0", "/and/1", "/and/2/or/0/local_hour/0", "/and/2/or/1/within_last/1"]);
    expect(() => compileRule(rule)).toThrow(/and 3 more problems/);
  });

  it("returns [] for a valid rule", () => {
    expect(validateRule({ and: [{ var: "a" }, { within_last: [{ var: "t" }, "7d"] }] })).toEqual([]);
  });

  it("reports the unary form's argument path without an index", () => {
    expect(validateRule({ "!": { nope: 1 } })[0]?.path).toBe("/!");
  });

  it("reports problems a literal-only expression reveals once folded", () => {
    expect(validateRule({ local_hour: [{ cat: ["Europe/", "Nowhere"] }] })[0]?.path).toBe("/local_hour/0");
  });

  it("rejects bad limits and bad custom operators as programmer errors", () => {
    expect(() => compileRule(true, { limits: { maxDepth: 0 } })).toThrow(RangeError);
    expect(() => compileRule(true, { operators: { var: () => 1 } })).toThrow(/would replace a built-in/);
    expect(() => compileRule(true, { operators: { "bad name": () => 1 } })).toThrow(TypeError);
    expect(() => compileRule(true, { operators: { x: { evaluate: 1 } as never } })).toThrow(TypeError);
    expect(() => compileRule(true, { onError: "log" as never })).toThrow(/options.onError must be a function/);
    expect(() => compileRule(true, { log: {} as never })).toThrow(/options.log must be a function/);
  });
});
