import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignVariant, compileExperiment, compileHoldout, diffAllocations, ExperimentConfigError, type Experiment, type StickyDocument } from "../../src/experiments/index.js";

const SEED = 20261123;

// Mostly-valid experiments with random damage, so that both outcomes are common.
const looseExperiment = fc.record(
  {
    id: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor"), fc.anything()),
    salt: fc.oneof(fc.string(), fc.anything()),
    active: fc.oneof(fc.boolean(), fc.anything()),
    variants: fc.oneof(
      fc.array(fc.record({ id: fc.oneof(fc.string({ maxLength: 4 }), fc.anything()), weight: fc.oneof(fc.double(), fc.anything()) }, { requiredKeys: ["id"] }), { maxLength: 6 }),
      fc.anything(),
    ),
    control: fc.oneof(fc.string({ maxLength: 4 }), fc.anything()),
    coverage: fc.oneof(fc.double(), fc.anything()),
    layer: fc.oneof(fc.record({ id: fc.string(), range: fc.tuple(fc.double(), fc.double()) }), fc.anything()),
    forced: fc.oneof(fc.dictionary(fc.string(), fc.string({ maxLength: 4 })), fc.anything()),
    version: fc.oneof(fc.integer(), fc.anything()),
  },
  { requiredKeys: ["id", "variants"] },
);

describe("hostile experiment input", () => {
  it("any JSON-ish config either compiles or throws ExperimentConfigError with located problems — nothing else", () => {
    fc.assert(
      fc.property(fc.oneof(looseExperiment, fc.anything()), (config) => {
        try {
          compileExperiment(config);
        } catch (error) {
          expect(error).toBeInstanceOf(ExperimentConfigError);
          const problems = (error as ExperimentConfigError).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const problem of problems) expect(problem.path === "" || problem.path.startsWith("/")).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("a valid experiment never throws, whatever the unit id, sticky document and (valid) holdout", () => {
    // Valid by construction: hostile ids, layers, control and forced units included.
    const validExperiment: fc.Arbitrary<Experiment> = fc
      .record({
        id: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom("__proto__", "constructor")),
        weights: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 5 }),
        coverage: fc.double({ min: 0, max: 1, noNaN: true }),
        active: fc.boolean(),
        layer: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { nil: undefined }),
        forcedUnit: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }),
      })
      .map(({ id, weights, coverage, active, layer, forcedUnit }) => {
        const variants = weights.map((weight, index) => ({ id: index === 0 ? "__proto__" : `v${index}`, weight }));
        return {
          id,
          variants,
          coverage,
          active,
          control: variants[0]!.id,
          ...(layer === undefined ? {} : { layer: { id: "l", range: [Math.min(...layer), Math.max(...layer)] as [number, number] } }),
          ...(forcedUnit === undefined ? {} : { forced: Object.fromEntries([[forcedUnit, variants[variants.length - 1]!.id]]) }),
        };
      });
    fc.assert(
      fc.property(validExperiment, fc.anything(), fc.anything(), fc.double({ min: 0, max: 1, noNaN: true }), (config, unitId, sticky, share) => {
        const holdout = compileHoldout({ id: "h", share });
        const assignment = assignVariant(config as Experiment, unitId as string, { sticky: sticky as StickyDocument, holdout });
        expect(typeof assignment.reason).toBe("string");
        if (assignment.variantId !== null) expect(compileExperiment(config).variantIds).toContain(assignment.variantId);
        expect(() => diffAllocations(config as Experiment, config as Experiment)).not.toThrow();
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
