import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleRatioMismatch } from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

describe("sampleRatioMismatch", () => {
  it("matches scipy.stats.chisquare", () => {
    expect(reference.sampleRatioMismatch.length).toBeGreaterThanOrEqual(5);
    for (const row of reference.sampleRatioMismatch) {
      const result = sampleRatioMismatch(row.observed, row.expectedWeights);
      const label = JSON.stringify(row.observed);
      expectClose(result.chiSquare, row.chiSquare, { absolute: 1e-9 * Math.max(1, row.chiSquare) }, `${label} chiSquare`);
      expectClose(result.pValue, row.pValue, { absolute: 1e-12, relative: 1e-9, tailBelow: 1e-3 }, `${label} pValue`);
      row.expected.forEach((value, index) => expectClose(result.expected[index] as number, value, { absolute: 1e-9 }, `${label} expected[${index}]`));
      expect(result.degreesOfFreedom).toBe(row.observed.length - 1);
    }
  });

  it("worked example: 5100 vs 4900 on a 50/50 split is χ² = 4, p = 0.0455, not a mismatch at 0.001", () => {
    const result = sampleRatioMismatch([5100, 4900], [1, 1]);
    expect(result.chiSquare).toBe(4);
    expect(result.pValue).toBeCloseTo(0.0455, 4);
    expect(result.isMismatch).toBe(false);
    expect(sampleRatioMismatch([5100, 4900], [1, 1], { threshold: 0.05 }).isMismatch).toBe(true);
  });

  it("worked example: 50 000 vs 48 500 is a mismatch (p ≈ 1.76e-6)", () => {
    const result = sampleRatioMismatch([50000, 48500], [50, 50]);
    expect(result.chiSquare).toBeCloseTo(22.8426, 4);
    expect(result.pValue).toBeCloseTo(1.758e-6, 9);
    expect(result.isMismatch).toBe(true);
    expect(result.expected).toEqual([49250, 49250]);
  });

  it("no units at all: χ² 0, p-value 1", () => {
    expect(sampleRatioMismatch([0, 0, 0], [1, 2, 1])).toEqual({ chiSquare: 0, degreesOfFreedom: 2, pValue: 1, isMismatch: false, expected: [0, 0, 0] });
  });

  it("property: p-value in [0, 1]; isMismatch ⇔ p < threshold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 100_000 }), fc.double({ min: 0.01, max: 10, noNaN: true })), { minLength: 2, maxLength: 6 }),
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        (arms, threshold) => {
          const result = sampleRatioMismatch(
            arms.map(([count]) => count),
            arms.map(([, weight]) => weight),
            { threshold },
          );
          expect(result.pValue).toBeGreaterThanOrEqual(0);
          expect(result.pValue).toBeLessThanOrEqual(1);
          expect(result.chiSquare).toBeGreaterThanOrEqual(0);
          expect(result.isMismatch).toBe(result.pValue < threshold);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("property: observed exactly as expected gives χ² ≈ 0 and p ≈ 1", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: 1, max: 5000 }), (weights, scale) => {
        const result = sampleRatioMismatch(
          weights.map((weight) => weight * scale),
          weights,
        );
        expect(result.chiSquare).toBeLessThan(1e-9);
        expect(result.pValue).toBeGreaterThan(1 - 1e-6);
        expect(result.isMismatch).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
