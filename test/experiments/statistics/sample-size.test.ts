import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { power, sampleSize } from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

describe("sampleSize and power", () => {
  it("match the Evan Miller formula evaluated with scipy.stats.norm", () => {
    for (const row of reference.sampleSize) {
      expect(sampleSize(row.options).perVariant, JSON.stringify(row.options)).toBe(row.perVariant);
    }
    for (const row of reference.power) expectClose(power(row.options), row.power, { absolute: 1e-12 }, JSON.stringify(row.options));
  });

  it("worked example: 20 % baseline, 5 % relative MDE, α 0.05 two-sided, power 0.8 → 25 256 per variant", () => {
    // Evan Miller's calculator formula: ((1.959964·√(2·0.2·0.8) + 0.841621·√(0.2·0.8 + 0.21·0.79)) / 0.01)² = 25 255.09.
    const pinned = reference.sampleSize[0];
    expect(pinned?.exact).toBeCloseTo(25255.09, 2);
    const result = sampleSize({ baselineRate: 0.2, minimumDetectableEffect: 0.05 });
    expect(result.perVariant).toBe(25256);
    expect(result.total).toBe(50512);
    expect(result.treatmentRate).toBeCloseTo(0.21, 15);
    expect(result.absoluteEffect).toBeCloseTo(0.01, 15);
    expect(power({ baselineRate: 0.2, minimumDetectableEffect: 0.05, perVariant: 10000 })).toBeCloseTo(0.4246, 4);
    expect(sampleSize({ baselineRate: 0.2, minimumDetectableEffect: 0.01, effectType: "absolute" }).perVariant).toBe(25256);
  });

  it("one-sided tests need fewer users; a drop can be the effect", () => {
    const twoSided = sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1 }).perVariant;
    const oneSided = sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1, twoSided: false }).perVariant;
    expect(oneSided).toBeLessThan(twoSided);
    expect(sampleSize({ baselineRate: 0.5, minimumDetectableEffect: -0.1 }).absoluteEffect).toBeCloseTo(-0.05, 15);
  });

  const design = fc.record({
    baselineRate: fc.double({ min: 0.001, max: 0.6, noNaN: true }),
    minimumDetectableEffect: fc.double({ min: 0.02, max: 0.5, noNaN: true }),
    alpha: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
    twoSided: fc.boolean(),
  });

  it("property: power never decreases with the sample size", () => {
    fc.assert(
      fc.property(design, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 100_000 }), (options, n, extra) => {
        expect(power({ ...options, perVariant: n + extra })).toBeGreaterThanOrEqual(power({ ...options, perVariant: n }));
      }),
      { numRuns: 300 },
    );
  });

  it("property: power at sampleSize(…).perVariant reaches the target", () => {
    fc.assert(
      fc.property(design, fc.double({ min: 0.5, max: 0.99, noNaN: true }), (options, target) => {
        const { perVariant } = sampleSize({ ...options, power: target });
        expect(power({ ...options, perVariant })).toBeGreaterThanOrEqual(target);
      }),
      { numRuns: 300 },
    );
  });
});
