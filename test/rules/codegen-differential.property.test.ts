import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, type RuleEvaluationError } from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { referenceApply } from "../support/json-logic-reference.js";
import { jsonData, jsonLogicRule } from "../support/rule-arbitraries.js";

/** A rule through one backend: its result and what it reported (an evaluation stopped at a limit). */
function run(rule: unknown, data: unknown, backend: typeof codegenBackend | undefined, limits?: { maxEvaluationCost: number }) {
  const errors: Pick<RuleEvaluationError, "code" | "path" | "message" | "cost">[] = [];
  const compiled = compileRule(rule, { ...(backend === undefined ? {} : { backend }), ...(limits === undefined ? {} : { limits }), onError: ({ code, path, message, cost }) => errors.push({ code, path, message, cost }) });
  return { value: compiled(data), errors };
}

/**
 * The code-generating backend must give exactly the closures' results (Object.is on primitives, the
 * same structures, the same stopped evaluations with the same cost), and so json-logic-js's wherever
 * json-logic-js gives one. NUDGEKIT_DIFFERENTIAL_RUNS raises the number of cases (300,000 for a
 * release; a few thousand per `npm test`).
 */
describe("codegen ≡ closures ≡ json-logic-js 2.0.5 (issue 20)", () => {
  const runs = Number(process.env.NUDGEKIT_DIFFERENTIAL_RUNS ?? 4_000);

  it("on generated rules over every standard operator and arbitrary JSON data", () => {
    let compared = 0;
    fc.assert(
      fc.property(jsonLogicRule, jsonData, (rule, data) => {
        const frozen = deepFreeze(structuredClone(data));
        const closures = run(rule, frozen, undefined);
        const generated = run(rule, frozen, codegenBackend);
        expect(generated).toEqual(closures);
        const reference = referenceApply(rule, structuredClone(data));
        if (!reference.threw) {
          compared++;
          expect(generated.value).toEqual(reference.value);
        }
      }),
      { numRuns: runs },
    );
    expect(compared).toBeGreaterThan(runs * 0.8);
  });

  it("stops at the same place with the same cost under a small budget", () => {
    fc.assert(
      fc.property(jsonLogicRule, jsonData, fc.integer({ min: 1, max: 40 }), (rule, data, budget) => {
        const frozen = deepFreeze(structuredClone(data));
        expect(run(rule, frozen, codegenBackend, { maxEvaluationCost: budget })).toEqual(run(rule, frozen, undefined, { maxEvaluationCost: budget }));
      }),
      { numRuns: Math.ceil(runs / 4) },
    );
  });

  it("-0, NaN and Infinity from folded constants come out as the closures give them", () => {
    for (const rule of [{ "==": [{ var: "a" }, { "*": [-1, 0] }] }, { if: [{ var: "a" }, { "/": [1, 0] }, { "-": [0] }] }, { "===": [{ var: "a" }, { "/": [0, 0] }] }, { "<": [{ var: "a" }, { "/": [1, 0] }] }]) {
      for (const data of [{ a: 0 }, { a: -0 }, { a: 1 }, {}, { a: Number.POSITIVE_INFINITY }]) {
        const closures = compileRule(rule)(data);
        expect(Object.is(compileRule(rule, { backend: codegenBackend })(data), closures)).toBe(true);
      }
    }
  });

  it("refuses a backend that is not one", () => {
    expect(() => compileRule({ var: "a" }, { backend: "codegen" as never })).toThrow(/codegenBackend from nudgekit\/rules\/codegen/);
    expect(() => compileRule({ var: "a" }, { backend: 42 as never })).toThrow(/options\.backend must be "closures" or a rule backend/);
  });
});
