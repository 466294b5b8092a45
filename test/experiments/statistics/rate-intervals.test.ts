import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { conversionLift, newcombeInterval, relativeLiftInterval, StatisticsInputError, wilsonInterval } from "../../../src/experiments/statistics/index.js";

/** test/experiments/fixtures/interval-reference.json, written by scripts/reference/interval-reference.py (statsmodels). */
interface IntervalReference {
  readonly statsmodels: string;
  readonly wilson: readonly { conversions: number; users: number; confidence: number; lower: number; upper: number }[];
  readonly newcombe: readonly { treatment: [number, number]; control: [number, number]; confidence: number; lower: number; upper: number }[];
  readonly relativeLift: readonly { treatment: [number, number]; control: [number, number]; confidence: number; lower: number; upper: number }[];
}
const reference = JSON.parse(readFileSync(fileURLToPath(new URL("../fixtures/interval-reference.json", import.meta.url)), "utf8")) as IntervalReference;

const SEED = 20261207;
const arm = fc.integer({ min: 1, max: 10_000_000 }).chain((users) => fc.record({ users: fc.constant(users), conversions: fc.integer({ min: 0, max: users }) }));
const confidence = fc.double({ min: 0.5, max: 0.9999, noNaN: true });

describe("wilsonInterval", () => {
  it(`matches statsmodels ${reference.statsmodels} (proportion_confint, method "wilson") to 1e-12`, () => {
    expect(reference.wilson.length).toBeGreaterThan(80);
    let worst = 0;
    for (const row of reference.wilson) {
      const result = wilsonInterval({ users: row.users, conversions: row.conversions }, { confidence: row.confidence });
      expect(result.rate).toBe(row.conversions / row.users);
      worst = Math.max(worst, Math.abs(result.lower - row.lower), Math.abs(result.upper - row.upper));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("worked example: 120 conversions of 1,000 → 12% [10.13%, 14.16%]", () => {
    const { rate, lower, upper } = wilsonInterval({ users: 1_000, conversions: 120 });
    expect(rate).toBe(0.12);
    expect(lower).toBeCloseTo(0.1013, 4);
    expect(upper).toBeCloseTo(0.1416, 4);
  });

  it("no users: the rate is 0 and nothing is known ([0, 1])", () => {
    expect(wilsonInterval({ users: 0, conversions: 0 })).toEqual({ rate: 0, lower: 0, upper: 1 });
  });

  it("property: 0 ≤ lower ≤ rate ≤ upper ≤ 1, exact bounds at 0 and all conversions, wider with more confidence", () => {
    fc.assert(
      fc.property(arm, confidence, (counts, level) => {
        const interval = wilsonInterval(counts, { confidence: level });
        expect(interval.lower).toBeGreaterThanOrEqual(0);
        expect(interval.lower).toBeLessThanOrEqual(interval.rate);
        expect(interval.upper).toBeGreaterThanOrEqual(interval.rate);
        expect(interval.upper).toBeLessThanOrEqual(1);
        if (counts.conversions === 0) expect(interval.lower).toBe(0);
        if (counts.conversions === counts.users) expect(interval.upper).toBe(1);
        const wider = wilsonInterval(counts, { confidence: Math.min(0.99999, level + (1 - level) / 2) });
        expect(wider.lower).toBeLessThanOrEqual(interval.lower);
        expect(wider.upper).toBeGreaterThanOrEqual(interval.upper);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("refuses counts that are not counts, and a confidence outside (0, 1), saying which field", () => {
    expect(() => wilsonInterval({ users: 10, conversions: 11 })).toThrow(StatisticsInputError);
    expect(() => wilsonInterval({ users: 1.5, conversions: 0 })).toThrow(/counts\.users/);
    expect(() => wilsonInterval({ users: 10, conversions: 1 }, { confidence: 1 })).toThrow(/options\.confidence/);
    expect(() => wilsonInterval(null as never)).toThrow(StatisticsInputError);
  });
});

describe("newcombeInterval", () => {
  it(`matches statsmodels ${reference.statsmodels} (confint_proportions_2indep, method "newcomb", compare "diff") to 1e-12`, () => {
    expect(reference.newcombe.length).toBeGreaterThan(100);
    let worst = 0;
    for (const row of reference.newcombe) {
      const [x1, n1] = row.treatment;
      const [x2, n2] = row.control;
      const result = newcombeInterval({ users: n1, conversions: x1 }, { users: n2, conversions: x2 }, { confidence: row.confidence });
      expect(result.difference).toBe(x1 / n1 - x2 / n2);
      worst = Math.max(worst, Math.abs(result.lower - row.lower), Math.abs(result.upper - row.upper));
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("worked example: 12% of 1,000 against 10% of 1,000 → +2 points [−0.75, +4.76]; narrower than nothing, wider than Wald near 0", () => {
    const result = newcombeInterval({ users: 1_000, conversions: 120 }, { users: 1_000, conversions: 100 });
    expect(result.difference).toBeCloseTo(0.02, 12);
    expect(result.lower).toBeCloseTo(-0.00749, 5);
    expect(result.upper).toBeCloseTo(0.04755, 5);
    // With no conversions in either arm the Wald interval collapses to a point; Newcombe's does not.
    const none = newcombeInterval({ users: 50, conversions: 0 }, { users: 50, conversions: 0 });
    expect(conversionLift({ users: 50, conversions: 0 }, { users: 50, conversions: 0 }).confidenceInterval).toEqual([0, 0]);
    expect(none.lower).toBeLessThan(-0.05);
    expect(none.upper).toBeGreaterThan(0.05);
  });

  it("an arm without users: nothing is known ([−1, 1])", () => {
    expect(newcombeInterval({ users: 0, conversions: 0 }, { users: 10, conversions: 3 })).toEqual({ difference: -0.3, lower: -1, upper: 1 });
  });

  it("property: lower ≤ difference ≤ upper within [−1, 1]; swapping the arms negates the interval", () => {
    fc.assert(
      fc.property(arm, arm, confidence, (treatment, control, level) => {
        const interval = newcombeInterval(treatment, control, { confidence: level });
        expect(interval.lower).toBeGreaterThanOrEqual(-1);
        expect(interval.lower).toBeLessThanOrEqual(interval.difference + 1e-15);
        expect(interval.upper).toBeGreaterThanOrEqual(interval.difference - 1e-15);
        expect(interval.upper).toBeLessThanOrEqual(1);
        const swapped = newcombeInterval(control, treatment, { confidence: level });
        expect(swapped.lower).toBeCloseTo(-interval.upper, 12);
        expect(swapped.upper).toBeCloseTo(-interval.lower, 12);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("refuses bad counts, naming the arm", () => {
    expect(() => newcombeInterval({ users: 5, conversions: 6 }, { users: 5, conversions: 1 })).toThrow(/treatment\.conversions/);
    expect(() => newcombeInterval({ users: 5, conversions: 1 }, { users: -1, conversions: 0 })).toThrow(/control\.users/);
  });
});

describe("relativeLiftInterval", () => {
  // statsmodels writes the variance as 1/c − 1/n, which cancels when nearly every user converted
  // (999,999 of 1,000,000); the tolerance is relative for that reason: 1e-9 of max(1, |bound|).
  it(`matches statsmodels ${reference.statsmodels} (confint_proportions_2indep, method "log", compare "ratio", minus 1) to 1e-9 relative`, () => {
    expect(reference.relativeLift.length).toBeGreaterThan(100);
    let worst = 0;
    for (const row of reference.relativeLift) {
      const [x1, n1] = row.treatment;
      const [x2, n2] = row.control;
      const result = relativeLiftInterval({ users: n1, conversions: x1 }, { users: n2, conversions: x2 }, { confidence: row.confidence });
      expect(result.relativeLift).toBe(x1 / n1 / (x2 / n2) - 1);
      for (const [ours, theirs] of [[result.lower as number, row.lower], [result.upper as number, row.upper]] as const) worst = Math.max(worst, Math.abs(ours - theirs) / Math.max(1, Math.abs(theirs)));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it("worked example: 12% against 10% of 1,000 each → +20% [−6.6%, +54.2%], asymmetric as a ratio's interval is", () => {
    const result = relativeLiftInterval({ users: 1_000, conversions: 120 }, { users: 1_000, conversions: 100 });
    expect(result.relativeLift).toBeCloseTo(0.2, 12);
    expect(result.lower).toBeCloseTo(-0.06589, 5);
    expect(result.upper).toBeCloseTo(0.54158, 5);
  });

  it("no conversions in the control: no lift; none in the treatment: a lift of −100% without an interval", () => {
    expect(relativeLiftInterval({ users: 100, conversions: 5 }, { users: 100, conversions: 0 })).toEqual({ relativeLift: null, lower: null, upper: null });
    expect(relativeLiftInterval({ users: 100, conversions: 0 }, { users: 100, conversions: 5 })).toEqual({ relativeLift: -1, lower: null, upper: null });
    expect(relativeLiftInterval({ users: 0, conversions: 0 }, { users: 100, conversions: 5 })).toEqual({ relativeLift: null, lower: null, upper: null });
  });

  it("property: −1 < lower ≤ lift ≤ upper; swapping the arms inverts the ratio's interval", () => {
    const converted = fc.integer({ min: 1, max: 1_000_000 }).chain((users) => fc.record({ users: fc.constant(users), conversions: fc.integer({ min: 1, max: users }) }));
    fc.assert(
      fc.property(converted, converted, confidence, (treatment, control, level) => {
        const interval = relativeLiftInterval(treatment, control, { confidence: level });
        const { relativeLift, lower, upper } = interval as { relativeLift: number; lower: number; upper: number };
        expect(lower).toBeGreaterThan(-1);
        expect(lower).toBeLessThanOrEqual(relativeLift * (1 + 1e-12) + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(relativeLift * (1 - 1e-12) - 1e-12);
        const swapped = relativeLiftInterval(control, treatment, { confidence: level }) as { lower: number; upper: number };
        expect((1 + swapped.lower) * (1 + upper)).toBeCloseTo(1, 9);
        expect((1 + swapped.upper) * (1 + lower)).toBeCloseTo(1, 9);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
