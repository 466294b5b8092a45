import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pickWinner, type ExperimentResults, type WinnerPolicy } from "../../../src/experiments/statistics/index.js";

const threeArms: ExperimentResults = {
  control: "a",
  variants: [
    { id: "a", users: 10000, conversions: 1000 },
    { id: "b", users: 10000, conversions: 1100 },
    { id: "c", users: 10000, conversions: 1040 },
  ],
};
const conversionPolicy: WinnerPolicy = { metric: "conversion", minimumUsersPerVariant: 5000 };

describe("pickWinner", () => {
  it("worked example: b (11 %) beats a (10 %) at p = 0.0211 < 0.025 (α 0.05 split over 2 treatments); c does not", () => {
    const result = pickWinner(threeArms, conversionPolicy);
    expect(result.decision).toBe("winner");
    expect(result.winner).toBe("b");
    expect(result.correctedAlpha).toBe(0.025);
    expect(result.reason).toBe('"b" beats control "a" on conversion: +10% relative, p = 0.0211 < 0.025 (alpha 0.05 Bonferroni-split over 2 treatments)');
    const [control, b, c] = result.perVariant;
    expect(control).toMatchObject({ id: "a", isControl: true, estimate: 0.1, pValue: null, beatsControl: false });
    expect(b?.pValue).toBeCloseTo(0.0211, 4);
    expect(b?.beatsControl).toBe(true);
    expect(c?.pValue).toBeCloseTo(0.35, 2);
    expect(c?.beatsControl).toBe(false);
    expect(result.sampleRatioPValue).toBeNull();
  });

  it("the Bonferroni correction matters: with α 0.04 over 2 treatments b is no longer significant", () => {
    const result = pickWinner(threeArms, { ...conversionPolicy, alpha: 0.04 });
    expect(result.decision).toBe("no-winner");
    expect(result.winner).toBeNull();
    expect(result.reason).toContain("keep the control");
  });

  it("keeps running until every arm has the minimum sample", () => {
    const result = pickWinner(threeArms, { ...conversionPolicy, minimumUsersPerVariant: 20000 });
    expect(result.decision).toBe("keep-running");
    expect(result.winner).toBeNull();
    expect(result.reason).toBe('"a" has 10000 users; every arm needs at least 20000');
    expect(result.perVariant.every((verdict) => !verdict.hasMinimumUsers)).toBe(true);
  });

  it("never picks when the sample ratio check fails, even with a clear winner", () => {
    const skewed: ExperimentResults = {
      control: "a",
      variants: [
        { id: "a", users: 10000, conversions: 1000 },
        { id: "b", users: 9000, conversions: 1200 },
      ],
    };
    expect(pickWinner(skewed, conversionPolicy).decision).toBe("winner");
    const checked = pickWinner(skewed, { ...conversionPolicy, expectedWeights: [1, 1] });
    expect(checked.decision).toBe("sample-ratio-mismatch");
    expect(checked.winner).toBeNull();
    expect(checked.sampleRatioPValue).toBeLessThan(0.001);
    // With the intended 10:9 split the same counts pass the check.
    expect(pickWinner(skewed, { ...conversionPolicy, expectedWeights: [10, 9] }).decision).toBe("winner");
    expect(pickWinner(skewed, { ...conversionPolicy, minimumSampleRatioPValue: 0.001 }).decision).toBe("sample-ratio-mismatch");
  });

  it("a control that does best is never a winner: the decision is no-winner", () => {
    const controlBest: ExperimentResults = {
      control: "a",
      variants: [
        { id: "a", users: 10000, conversions: 1300 },
        { id: "b", users: 10000, conversions: 1000 },
      ],
    };
    const result = pickWinner(controlBest, conversionPolicy);
    expect(result.decision).toBe("no-winner");
    expect(result.perVariant[1]?.pValue).toBeLessThan(1e-6);
    expect(result.perVariant[1]?.beatsControl).toBe(false);
  });

  it("bayesian: picks by chance to beat control ≥ 0.95", () => {
    const result = pickWinner(threeArms, { ...conversionPolicy, method: "bayesian" });
    expect(result.decision).toBe("winner");
    expect(result.winner).toBe("b");
    expect(result.perVariant[1]?.chanceToBeatControl).toBeCloseTo(0.9895, 4);
    expect(result.perVariant[2]?.chanceToBeatControl).toBeCloseTo(0.825, 3);
    expect(result.perVariant[1]?.pValue).toBeNull();
    expect(pickWinner(threeArms, { ...conversionPolicy, method: "bayesian", minimumChanceToBeat: 0.995 }).decision).toBe("no-winner");
  });

  it("revenue metric: Welch's t-test per treatment (frequentist) or a normal posterior (bayesian)", () => {
    const revenue: ExperimentResults = {
      control: "control",
      variants: [
        { id: "control", users: 500, revenue: { mean: 12.5, variance: 40 } },
        { id: "discount", users: 520, revenue: { mean: 14.1, variance: 55 } },
      ],
    };
    const frequentist = pickWinner(revenue, { metric: "revenue", minimumUsersPerVariant: 100 });
    expect(frequentist.decision).toBe("winner");
    expect(frequentist.winner).toBe("discount");
    expect(frequentist.perVariant[1]?.pValue).toBeCloseTo(0.000217, 6);
    const bayesian = pickWinner(revenue, { metric: "revenue", method: "bayesian", minimumUsersPerVariant: 100 });
    expect(bayesian.perVariant[1]?.chanceToBeatControl).toBeCloseTo(0.9999, 4);
    expect(bayesian.winner).toBe("discount");
  });

  it("ties go to the smaller id, whatever the order of the variants", () => {
    const tied: ExperimentResults = {
      control: "control",
      variants: [
        { id: "zeta", users: 10000, conversions: 1200 },
        { id: "control", users: 10000, conversions: 1000 },
        { id: "alpha", users: 10000, conversions: 1200 },
      ],
    };
    expect(pickWinner(tied, conversionPolicy).winner).toBe("alpha");
  });

  it("property: the decision does not depend on the order of the variants", () => {
    const variant = (id: string) =>
      fc.integer({ min: 4000, max: 20000 }).chain((users) => fc.record({ id: fc.constant(id), users: fc.constant(users), conversions: fc.integer({ min: 0, max: Math.floor(users / 5) }) }));
    fc.assert(
      fc.property(fc.tuple(variant("control"), variant("b"), variant("c"), variant("d")), fc.nat(), (variants, rotation) => {
        const reordered = variants.map((_, index) => variants[(index + rotation) % variants.length] as (typeof variants)[number]);
        const policy: WinnerPolicy = { metric: "conversion", minimumUsersPerVariant: 5000 };
        const first = pickWinner({ control: "control", variants }, policy);
        const second = pickWinner({ control: "control", variants: reordered }, policy);
        expect(second.decision).toBe(first.decision);
        expect(second.winner).toBe(first.winner);
        if (first.winner !== null) expect(first.winner).not.toBe("control");
      }),
      { numRuns: 150 },
    );
  });
});
