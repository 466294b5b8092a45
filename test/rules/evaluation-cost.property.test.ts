import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, validateRule, type RuleEvaluationError } from "../../src/rules/index.js";

/*
 * The evaluation budget bounds string work: with limits.maxEvaluationCost = k, an evaluation reads
 * at most 2·k characters through the string primitives the operators use (case folding, searches,
 * prefix and suffix tests, path splitting, trimming, parseFloat). Each operator charges the
 * characters it is about to read before reading them; the factor 2 covers the operators that read
 * a string twice for one charge (contains_ci folds the text, then searches the folded copy, which
 * can be longer: "İ" folds to two code units).
 *
 * The characters are counted by wrapping those String.prototype methods (and Number.parseFloat)
 * for the duration of one evaluation only: compiling, the data and fast-check itself are not
 * counted. `===` and `<` on strings and Number(string) cannot be wrapped; evaluation-cost.test.ts
 * checks them by example.
 */

type Counted = "toLowerCase" | "includes" | "indexOf" | "startsWith" | "endsWith" | "split" | "trim";

function charactersRead(method: Counted, text: string, args: readonly unknown[]): number {
  const other = typeof args[0] === "string" ? args[0].length : 0;
  switch (method) {
    case "startsWith":
    case "endsWith":
      return Math.min(text.length, other);
    case "includes":
    case "indexOf":
      return text.length + other;
    default:
      return text.length;
  }
}

const COUNTED: readonly Counted[] = ["toLowerCase", "includes", "indexOf", "startsWith", "endsWith", "split", "trim"];

/** Runs `run`, counting the characters read through the wrapped string primitives. */
function countingCharacters<T>(run: () => T): { value: T; characters: number } {
  let characters = 0;
  const prototype = String.prototype as unknown as Record<Counted, (...args: unknown[]) => unknown>;
  const originals = COUNTED.map((name) => [name, prototype[name]] as const);
  const parseFloat = Number.parseFloat;
  for (const [name, original] of originals) {
    prototype[name] = function (this: string, ...args: unknown[]) {
      characters += charactersRead(name, this, args);
      return original.apply(this, args);
    };
  }
  Number.parseFloat = (text: string) => {
    characters += String(text).length;
    return parseFloat(text);
  };
  try {
    return { value: run(), characters };
  } finally {
    for (const [name, original] of originals) prototype[name] = original;
    Number.parseFloat = parseFloat;
  }
}

// Long strings made of characters that matter: dots (paths), case (folding), "İ" (folds longer).
const piece = fc.constantFrom("a", "A", "b", ".", "İ", " ", "1", "x");
const text = fc.oneof(
  fc.string({ unit: piece, maxLength: 6 }),
  fc.string({ unit: piece, minLength: 100, maxLength: 3_000 }),
);

const dataArb = fc.record({
  s: text,
  t: text,
  u: text,
  list: fc.array(text, { maxLength: 40 }),
  now: fc.constant(1_700_000_000_000),
});

type Rule = unknown;
const op = (name: string) => (args: Rule[]) => ({ [name]: args });

const ruleArb: fc.Arbitrary<Rule> = fc.letrec<{ str: Rule; test: Rule; any: Rule }>((tie) => {
  const str = tie("str");
  const test = tie("test");
  const any = tie("any");
  const two = fc.tuple(str, str);
  return {
    str: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom({ var: "s" }, { var: "t" }, { var: "u" }, { var: "" }, { var: "accumulator" }, { var: "current" }, { var: "list.0" }),
      text,
      two.map(op("cat")),
      fc.tuple(str, fc.integer({ min: -5, max: 5 })).map(op("substr")),
      str.map((path) => ({ var: [path, "fallback"] })),
    ),
    test: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      ...["starts_with", "ends_with", "contains", "starts_with_ci", "ends_with_ci", "contains_ci", "equals_ci"].map((name) => two.map(op(name))),
      ...["in", "==", "!=", "===", "!==", "<", "<=", ">", ">="].map((name) => two.map(op(name))),
      fc.tuple(str, fc.constantFrom(1, "1.5")).map(op("+")),
      fc.tuple(str, str).map(op("missing")),
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.tuple(str, str)).map(op("missing_some")),
      fc.tuple(str, fc.constant({ var: "list" })).map(op("in")),
      ...["any_in", "all_in", "none_in"].map((name) => fc.tuple(fc.oneof(str, fc.constant({ var: "list" })), fc.constant({ var: "list" })).map(op(name))),
      // A duration from data (a literal one is checked at compile time).
      fc.constantFrom("s", "t", "u", "list.0").map((path) => ({ within_last: [1_699_000_000_000, { var: path }] })),
    ),
    any: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      str,
      test,
      fc.tuple(test, any, any).map(op("if")),
      fc.tuple(fc.constant({ var: "list" }), any).map(op("map")),
      fc.tuple(fc.constant({ var: "list" }), test).map(op("filter")),
      fc.tuple(fc.constant({ var: "list" }), test).map(op("some")),
      fc.tuple(fc.constant({ var: "list" }), fc.oneof(test, str), str).map(op("reduce")),
    ),
  };
}).any;

/** Generated rules that compile (a literal can still be rejected, e.g. a folded non-string fragment). */
const validRuleArb = ruleArb.filter((rule) => validateRule(rule).length === 0);

describe("the evaluation budget bounds string work (issue 19, defect 9)", () => {
  it("with maxEvaluationCost = k, an evaluation reads at most 2·k characters", () => {
    let stopped = 0;
    fc.assert(
      fc.property(validRuleArb, dataArb, fc.integer({ min: 1, max: 20_000 }), (rule, data, budget) => {
        const errors: RuleEvaluationError[] = [];
        const compiled = compileRule(rule, { limits: { maxEvaluationCost: budget }, onError: (error) => errors.push(error) });
        const { characters } = countingCharacters(() => compiled(data));
        if (errors.length > 0) stopped++;
        expect(characters).toBeLessThanOrEqual(2 * budget);
      }),
      { numRuns: 600 },
    );
    // The generator must reach the budget often enough for the bound to be tested where it binds.
    expect(stopped).toBeGreaterThan(50);
  });

  it("a budget changes no answer: the result is the unbudgeted one, or null with a cost-limit error", () => {
    fc.assert(
      fc.property(validRuleArb, dataArb, fc.integer({ min: 1, max: 20_000 }), (rule, data, budget) => {
        const errors: RuleEvaluationError[] = [];
        const budgeted = compileRule(rule, { limits: { maxEvaluationCost: budget }, onError: (error) => errors.push(error) })(data);
        const generous = compileRule(rule, { limits: { maxEvaluationCost: 1e12 } })(data);
        if (errors.length === 0) {
          expect(budgeted).toEqual(generous);
        } else {
          expect(budgeted).toBeNull();
          expect(errors).toHaveLength(1);
          expect(errors[0]?.code).toBe("cost-limit");
          expect(errors[0]?.cost).toBeGreaterThan(budget);
        }
      }),
      { numRuns: 600 },
    );
  });
});
