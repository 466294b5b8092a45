import { describe, expect, it } from "vitest";
import { banditAllocation, banditAssign } from "../../../src/experiments/bandit/index.js";
import {
  chanceToBeatControl,
  conversionLift,
  pickWinner,
  power,
  revenueSummary,
  sampleRatioMismatch,
  sampleSize,
  StatisticsInputError,
  summaryFromSums,
  welchTTest,
} from "../../../src/experiments/statistics/index.js";

/** Bypasses the static types, as a plain JavaScript caller (or bad JSON) would. */
const loose = <T>(value: unknown): T => value as T;

const ok = { users: 100, conversions: 10 };
const mean = { users: 100, mean: 2, variance: 1 };
const snapshot = { id: "s1", arms: [{ id: "a", successes: 1, failures: 2 }, { id: "b", successes: 3, failures: 4 }] };

const cases: Array<[string, () => unknown, string]> = [
  // sampleRatioMismatch
  ["negative count", () => sampleRatioMismatch([10, -1], [1, 1]), "observed[1]"],
  ["fractional count", () => sampleRatioMismatch([10.5, 3], [1, 1]), "observed[0]"],
  ["NaN count", () => sampleRatioMismatch([Number.NaN, 3], [1, 1]), "observed[0]"],
  ["fewer than 2 arms", () => sampleRatioMismatch([10], [1]), "observed"],
  ["weights of the wrong length", () => sampleRatioMismatch([10, 20], [1, 1, 1]), "expectedWeights"],
  ["zero weight", () => sampleRatioMismatch([10, 20], [1, 0]), "expectedWeights[1]"],
  ["infinite weight", () => sampleRatioMismatch([10, 20], [Infinity, 1]), "expectedWeights[0]"],
  ["threshold 0", () => sampleRatioMismatch([10, 20], [1, 1], { threshold: 0 }), "options.threshold"],
  ["observed not an array", () => sampleRatioMismatch(loose("10,20"), [1, 1]), "observed"],
  // conversionLift / chanceToBeatControl
  ["conversions > users", () => conversionLift(ok, { users: 10, conversions: 11 }), "treatment.conversions"],
  ["negative users", () => conversionLift({ users: -5, conversions: 0 }, ok), "control.users"],
  ["Infinity users", () => conversionLift({ users: Infinity, conversions: 0 }, ok), "control.users"],
  ["confidence 1", () => conversionLift(ok, ok, { confidence: 1 }), "options.confidence"],
  ["confidence NaN", () => conversionLift(ok, ok, { confidence: Number.NaN }), "options.confidence"],
  ["arm missing", () => conversionLift(loose(null), ok), "control"],
  ["chance: conversions > users", () => chanceToBeatControl({ users: 3, conversions: 4 }, ok), "control.conversions"],
  ["chance: prior alpha 0", () => chanceToBeatControl(ok, ok, { prior: { alpha: 0, beta: 1 } }), "options.prior.alpha"],
  ["chance: prior beta NaN", () => chanceToBeatControl(ok, ok, { prior: { alpha: 1, beta: Number.NaN } }), "options.prior.beta"],
  // sampleSize / power
  ["baseline 0", () => sampleSize({ baselineRate: 0, minimumDetectableEffect: 0.1 }), "options.baselineRate"],
  ["baseline 1", () => sampleSize({ baselineRate: 1, minimumDetectableEffect: 0.1 }), "options.baselineRate"],
  ["MDE 0", () => sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0 }), "options.minimumDetectableEffect"],
  ["MDE beyond 100 %", () => sampleSize({ baselineRate: 0.6, minimumDetectableEffect: 0.5, effectType: "absolute" }), "options.minimumDetectableEffect"],
  ["unknown effect type", () => sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1, effectType: loose("percent") }), "options.effectType"],
  ["alpha 1.5", () => sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1, alpha: 1.5 }), "options.alpha"],
  ["power 0", () => sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1, power: 0 }), "options.power"],
  ["twoSided not boolean", () => sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.1, twoSided: loose("yes") }), "options.twoSided"],
  ["negative perVariant", () => power({ baselineRate: 0.1, minimumDetectableEffect: 0.1, perVariant: -1 }), "options.perVariant"],
  // summaries / welchTTest
  ["NaN value", () => revenueSummary([1, Number.NaN]), "values[1]"],
  ["sum of squares too small", () => summaryFromSums({ users: 4, sum: 40, sumOfSquares: 100 }), "sums.sumOfSquares"],
  ["sums without users", () => summaryFromSums({ users: 0, sum: 3, sumOfSquares: 9 }), "sums"],
  ["negative variance", () => welchTTest(mean, { users: 10, mean: 1, variance: -1 }), "treatment.variance"],
  ["infinite mean", () => welchTTest({ users: 10, mean: Infinity, variance: 1 }, mean), "control.mean"],
  ["fractional users", () => welchTTest({ users: 10.5, mean: 1, variance: 1 }, mean), "control.users"],
  ["welch confidence 0", () => welchTTest(mean, mean, { confidence: 0 }), "options.confidence"],
  // pickWinner
  ["one arm", () => pickWinner({ control: "a", variants: [{ id: "a", users: 10, conversions: 1 }] }, { metric: "conversion", minimumUsersPerVariant: 1 }), "results.variants"],
  [
    "unknown control",
    () => pickWinner({ control: "x", variants: [{ id: "a", users: 10, conversions: 1 }, { id: "b", users: 10, conversions: 1 }] }, { metric: "conversion", minimumUsersPerVariant: 1 }),
    "results.control",
  ],
  [
    "duplicate ids",
    () => pickWinner({ control: "a", variants: [{ id: "a", users: 10, conversions: 1 }, { id: "a", users: 10, conversions: 1 }] }, { metric: "conversion", minimumUsersPerVariant: 1 }),
    "results.variants[1].id",
  ],
  [
    "conversions missing for the conversion metric",
    () => pickWinner({ control: "a", variants: [{ id: "a", users: 10, conversions: 1 }, { id: "b", users: 10 }] }, { metric: "conversion", minimumUsersPerVariant: 1 }),
    "results.variants[1].conversions",
  ],
  [
    "revenue missing for the revenue metric",
    () => pickWinner({ control: "a", variants: [{ id: "a", users: 10, revenue: { mean: 1, variance: 1 } }, { id: "b", users: 10 }] }, { metric: "revenue", minimumUsersPerVariant: 1 }),
    "results.variants[1].revenue",
  ],
  ["unknown metric", () => pickWinner({ control: "a", variants: [] }, { metric: loose("clicks"), minimumUsersPerVariant: 1 }), "policy.metric"],
  ["unknown method", () => pickWinner({ control: "a", variants: [] }, { metric: "conversion", method: loose("magic"), minimumUsersPerVariant: 1 }), "policy.method"],
  ["negative minimum", () => pickWinner({ control: "a", variants: [] }, { metric: "conversion", minimumUsersPerVariant: -1 }), "policy.minimumUsersPerVariant"],
  ["policy alpha 0", () => pickWinner({ control: "a", variants: [] }, { metric: "conversion", minimumUsersPerVariant: 1, alpha: 0 }), "policy.alpha"],
  [
    "weights of the wrong length",
    () =>
      pickWinner({ control: "a", variants: [{ id: "a", users: 10, conversions: 1 }, { id: "b", users: 10, conversions: 1 }] }, { metric: "conversion", minimumUsersPerVariant: 1, expectedWeights: [1] }),
    "policy.expectedWeights",
  ],
  // bandit
  ["bandit: one arm", () => banditAllocation("e", { id: "s", arms: [{ id: "a", successes: 1, failures: 1 }] }), "snapshot.arms"],
  ["bandit: negative successes", () => banditAllocation("e", { id: "s", arms: [{ id: "a", successes: -1, failures: 1 }, { id: "b", successes: 1, failures: 1 }] }), "snapshot.arms[0].successes"],
  ["bandit: NaN failures", () => banditAllocation("e", { id: "s", arms: [{ id: "a", successes: 1, failures: 1 }, { id: "b", successes: 1, failures: Number.NaN }] }), "snapshot.arms[1].failures"],
  ["bandit: duplicate arm ids", () => banditAllocation("e", { id: "s", arms: [{ id: "a", successes: 1, failures: 1 }, { id: "a", successes: 1, failures: 1 }] }), "snapshot.arms[1].id"],
  ["bandit: floor too high", () => banditAllocation("e", snapshot, { minimumShare: 0.6 }), "options.minimumShare"],
  ["bandit: zero draws", () => banditAllocation("e", snapshot, { draws: 0 }), "options.draws"],
  ["bandit: fractional draws", () => banditAllocation("e", snapshot, { draws: 10.5 }), "options.draws"],
  ["bandit: prior alpha negative", () => banditAllocation("e", snapshot, { prior: { alpha: -1, beta: 1 } }), "options.prior.alpha"],
  ["bandit: snapshot id missing", () => banditAllocation("e", loose({ arms: snapshot.arms })), "snapshot.id"],
  ["bandit: experiment id not a string", () => banditAllocation(loose(7), snapshot), "experimentId"],
  ["bandit: unit id not a string", () => banditAssign("e", loose(undefined), snapshot), "unitId"],
];

describe("invalid inputs throw StatisticsInputError naming the field", () => {
  it.each(cases)("%s", (_name, call, field) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StatisticsInputError);
    expect(thrown).toBeInstanceOf(RangeError);
    const error = thrown as StatisticsInputError;
    expect(error.field).toBe(field);
    expect(error.name).toBe("StatisticsInputError");
    expect(error.message.startsWith(field)).toBe(true);
  });
});
