import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversionLift } from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

const arm = fc.integer({ min: 1, max: 1_000_000 }).chain((users) => fc.record({ users: fc.constant(users), conversions: fc.integer({ min: 0, max: users }) }));

describe("conversionLift", () => {
  it("matches SciPy (p-value from chi2_contingency without continuity correction, which equals the pooled z-test)", () => {
    for (const row of reference.conversionLift) {
      const result = conversionLift(row.control, row.treatment, { confidence: row.confidence });
      const label = JSON.stringify([row.control, row.treatment]);
      expectClose(result.z, row.z, { absolute: 1e-12 }, `${label} z`);
      expectClose(result.pValue, row.pValue, { absolute: 1e-12 }, `${label} pValue`);
      expectClose(result.confidenceInterval[0], row.confidenceInterval[0], { absolute: 1e-12 }, `${label} lower`);
      expectClose(result.confidenceInterval[1], row.confidenceInterval[1], { absolute: 1e-12 }, `${label} upper`);
    }
  });

  it("worked example: 100/1000 vs 130/1000 → +3 points (+30 %), z = 2.1027, p = 0.0355, 95 % CI [0.0021, 0.0579]", () => {
    // By hand: pooled p = 230/2000 = 0.115, SE = √(0.115·0.885·(2/1000)) = 0.014267, z = 0.03/0.014267.
    const result = conversionLift({ users: 1000, conversions: 100 }, { users: 1000, conversions: 130 });
    expect(result.controlRate).toBe(0.1);
    expect(result.treatmentRate).toBe(0.13);
    expect(result.absoluteLift).toBeCloseTo(0.03, 15);
    expect(result.relativeLift).toBeCloseTo(0.3, 14);
    expect(result.z).toBeCloseTo(2.1027, 4);
    expect(result.pValue).toBeCloseTo(0.0355, 4);
    expect(result.confidenceInterval[0]).toBeCloseTo(0.0021, 4);
    expect(result.confidenceInterval[1]).toBeCloseTo(0.0579, 4);
  });

  it("degenerate inputs return defined, NaN-free values", () => {
    expect(conversionLift({ users: 0, conversions: 0 }, { users: 50, conversions: 5 })).toEqual({
      controlRate: 0,
      treatmentRate: 0.1,
      absoluteLift: 0.1,
      relativeLift: null,
      z: 0,
      pValue: 1,
      confidenceInterval: [-1, 1],
    });
    const bothZero = conversionLift({ users: 100, conversions: 0 }, { users: 80, conversions: 0 });
    expect(bothZero).toMatchObject({ z: 0, pValue: 1, relativeLift: null, confidenceInterval: [0, 0] });
    const bothFull = conversionLift({ users: 10, conversions: 10 }, { users: 20, conversions: 20 });
    expect(bothFull).toMatchObject({ z: 0, pValue: 1, relativeLift: 0, confidenceInterval: [0, 0] });
    const extremes = conversionLift({ users: 10, conversions: 0 }, { users: 10, conversions: 10 });
    expect(extremes.z).toBeCloseTo(Math.sqrt(20), 12);
    expect(extremes.confidenceInterval).toEqual([1, 1]);
  });

  it("property: swapping arms negates lift, z and the interval and keeps the p-value", () => {
    fc.assert(
      fc.property(arm, arm, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (a, b, confidence) => {
        const forward = conversionLift(a, b, { confidence });
        const backward = conversionLift(b, a, { confidence });
        // === rather than Object.is: +0 and −0 are the same lift.
        const negates = (x: number, y: number): boolean => x === -y;
        expect(negates(backward.absoluteLift, forward.absoluteLift)).toBe(true);
        expect(negates(backward.z, forward.z)).toBe(true);
        expect(backward.pValue).toBe(forward.pValue);
        expect(negates(backward.confidenceInterval[0], forward.confidenceInterval[1])).toBe(true);
        expect(negates(backward.confidenceInterval[1], forward.confidenceInterval[0])).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("property: p-value in [0, 1], interval within [−1, 1] and around the lift", () => {
    fc.assert(
      fc.property(arm, arm, (a, b) => {
        const result = conversionLift(a, b);
        expect(result.pValue).toBeGreaterThanOrEqual(0);
        expect(result.pValue).toBeLessThanOrEqual(1);
        const [lower, upper] = result.confidenceInterval;
        expect(lower).toBeGreaterThanOrEqual(-1);
        expect(upper).toBeLessThanOrEqual(1);
        expect(lower).toBeLessThanOrEqual(result.absoluteLift + 1e-15);
        expect(upper).toBeGreaterThanOrEqual(result.absoluteLift - 1e-15);
      }),
      { numRuns: 300 },
    );
  });
});
