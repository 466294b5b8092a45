import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, explainRule } from "../../src/rules/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { referenceApply } from "../support/json-logic-reference.js";
import { jsonData, jsonLogicRule } from "../support/rule-arbitraries.js";

/**
 * compileRule must give json-logic-js's result wherever json-logic-js gives one. Where json-logic-js
 * throws (e.g. `{"missing_some": [1, null]}`, a data object with an own "toString" key) compileRule
 * must return a value instead: that is the documented hardening, not a semantic difference.
 */
describe("compileRule agrees with json-logic-js 2.0.5", () => {
  it("on generated rules over every standard operator and arbitrary JSON data", () => {
    let compared = 0;
    fc.assert(
      fc.property(jsonLogicRule, jsonData, (rule, data) => {
        const compiled = compileRule(rule);
        const reference = referenceApply(rule, structuredClone(data));
        const actual = compiled(deepFreeze(structuredClone(data)));
        if (!reference.threw) {
          compared++;
          expect(actual).toEqual(reference.value);
        }
      }),
      { numRuns: 3_000 },
    );
    // Guard against a generator that mostly produces rules the reference rejects.
    expect(compared).toBeGreaterThan(2_500);
  });

  it("when explaining, which compiles with no folding or short-cuts", () => {
    fc.assert(
      fc.property(jsonLogicRule, jsonData, (rule, data) => {
        const frozen = deepFreeze(structuredClone(data));
        expect(explainRule(rule, frozen).result).toEqual(compileRule(rule)(frozen));
      }),
      { numRuns: 1_000 },
    );
  });
});
