import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { revenueSummary, summaryFromSums, welchTTest } from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

describe("welchTTest", () => {
  it("matches scipy.stats.ttest_ind_from_stats(equal_var=False) and t.ppf intervals", () => {
    for (const row of reference.welchTTest) {
      const result = welchTTest(row.control, row.treatment, { confidence: row.confidence });
      const label = JSON.stringify([row.control, row.treatment]);
      expectClose(result.t, row.t, { absolute: 1e-11 * Math.max(1, Math.abs(row.t)) }, `${label} t`);
      expectClose(result.degreesOfFreedom, row.degreesOfFreedom, { absolute: 1e-9 * row.degreesOfFreedom }, `${label} df`);
      expectClose(result.pValue, row.pValue, { absolute: 1e-11 }, `${label} pValue`);
      expectClose(result.confidenceInterval[0], row.confidenceInterval[0], { absolute: 1e-10 }, `${label} lower`);
      expectClose(result.confidenceInterval[1], row.confidenceInterval[1], { absolute: 1e-10 }, `${label} upper`);
    }
  });

  it("worked example: revenue per user 12.50 (n 500, var 40) vs 14.10 (n 520, var 55)", () => {
    const result = welchTTest({ users: 500, mean: 12.5, variance: 40 }, { users: 520, mean: 14.1, variance: 55 });
    expect(result.difference).toBeCloseTo(1.6, 12);
    expect(result.relativeDifference).toBeCloseTo(0.128, 12);
    expect(result.t).toBeCloseTo(3.7122, 4);
    expect(result.degreesOfFreedom).toBeCloseTo(1003.76, 2);
    expect(result.pValue).toBeCloseTo(0.000217, 6);
    expect(result.confidenceInterval[0]).toBeCloseTo(0.7542, 4);
    expect(result.confidenceInterval[1]).toBeCloseTo(2.4458, 4);
  });

  it("degenerate inputs: fewer than 2 users, zero variance, zero control mean", () => {
    expect(welchTTest({ users: 1, mean: 3, variance: 0 }, { users: 10, mean: 4, variance: 1 })).toEqual({
      difference: 1,
      relativeDifference: 1 / 3,
      t: 0,
      degreesOfFreedom: 0,
      pValue: 1,
      confidenceInterval: [-Infinity, Infinity],
    });
    expect(welchTTest({ users: 5, mean: 2, variance: 0 }, { users: 5, mean: 2, variance: 0 })).toMatchObject({ t: 0, pValue: 1, degreesOfFreedom: 8, confidenceInterval: [0, 0] });
    expect(welchTTest({ users: 5, mean: 2, variance: 0 }, { users: 5, mean: 3, variance: 0 })).toMatchObject({ t: Infinity, pValue: 0, confidenceInterval: [1, 1] });
    expect(welchTTest({ users: 5, mean: 0, variance: 1 }, { users: 5, mean: 3, variance: 1 }).relativeDifference).toBeNull();
    // One arm without spread: Welch–Satterthwaite reduces to the other arm's users − 1.
    expect(welchTTest({ users: 5, mean: 0, variance: 0 }, { users: 9, mean: 3, variance: 2 }).degreesOfFreedom).toBeCloseTo(8, 12);
  });

  const summary = fc.record({
    users: fc.integer({ min: 2, max: 1_000_000 }),
    mean: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    variance: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  });

  it("property: swapping arms negates t and keeps p and df; p in [0, 1]; interval contains the difference", () => {
    fc.assert(
      fc.property(summary, summary, (a, b) => {
        const forward = welchTTest(a, b);
        const backward = welchTTest(b, a);
        expect(backward.t === -forward.t).toBe(true);
        expect(backward.pValue).toBe(forward.pValue);
        expect(backward.degreesOfFreedom).toBe(forward.degreesOfFreedom);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
        expect(forward.confidenceInterval[0]).toBeLessThanOrEqual(forward.difference);
        expect(forward.confidenceInterval[1]).toBeGreaterThanOrEqual(forward.difference);
      }),
      { numRuns: 200 },
    );
  });
});

describe("revenueSummary and summaryFromSums", () => {
  it("worked example: [0, 0, 12.5, 30, 0, 7.5] → mean 8.3333, variance 139.1667", () => {
    const summary = revenueSummary([0, 0, 12.5, 30, 0, 7.5]);
    expect(summary.users).toBe(6);
    expect(summary.mean).toBeCloseTo(8.3333, 4);
    expect(summary.variance).toBeCloseTo(139.1667, 4);
    const fromSums = summaryFromSums({ users: 6, sum: 50, sumOfSquares: 1112.5 });
    expect(fromSums.mean).toBeCloseTo(summary.mean, 14);
    expect(fromSums.variance).toBeCloseTo(summary.variance, 12);
  });

  it("degenerate: empty and single values have variance 0", () => {
    expect(revenueSummary([])).toEqual({ users: 0, mean: 0, variance: 0 });
    expect(revenueSummary([42])).toEqual({ users: 1, mean: 42, variance: 0 });
    expect(summaryFromSums({ users: 0, sum: 0, sumOfSquares: 0 })).toEqual({ users: 0, mean: 0, variance: 0 });
    expect(summaryFromSums({ users: 1, sum: 5, sumOfSquares: 25 })).toEqual({ users: 1, mean: 5, variance: 0 });
  });

  it("Welford stays exact where the textbook formula cancels: values around 1e9", () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(revenueSummary(values).variance).toBeCloseTo(30, 9);
    // From sums the cancellation is inherent; the variance is clamped to stay ≥ 0.
    expect(summaryFromSums({ users: 3, sum: 3e9, sumOfSquares: 3e18 }).variance).toBe(0);
  });

  it("property: both summaries agree on moderate data", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 2, maxLength: 200 }), (values) => {
        const direct = revenueSummary(values);
        const sum = values.reduce((total, value) => total + value, 0);
        const sumOfSquares = values.reduce((total, value) => total + value * value, 0);
        const fromSums = summaryFromSums({ users: values.length, sum, sumOfSquares });
        expect(fromSums.mean).toBeCloseTo(direct.mean, 9);
        expect(Math.abs(fromSums.variance - direct.variance)).toBeLessThanOrEqual(1e-9 * Math.max(1, sumOfSquares / values.length));
      }),
      { numRuns: 200 },
    );
  });
});
