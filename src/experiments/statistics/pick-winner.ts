import { chanceToBeatControl } from "./chance-to-beat-control.js";
import { conversionLift } from "./conversion-lift.js";
import { normalCdf } from "./distributions/normal-distribution.js";
import {
  requireArray,
  requireConversionCounts,
  requireCount,
  requireFinite,
  requireNonNegative,
  requireObject,
  requireOpenUnitInterval,
  requirePositive,
} from "./input-checks.js";
import type { MeanSummary } from "./revenue-summary.js";
import { sampleRatioMismatch } from "./sample-ratio-mismatch.js";
import { StatisticsInputError } from "./statistics-input-error.js";
import { welchTTest } from "./welch-t-test.js";

/** One arm's results. `conversions` is needed for the conversion metric, `revenue` for the revenue metric. */
export interface VariantResult {
  readonly id: string;
  readonly users: number;
  readonly conversions?: number;
  /** Per-user mean and sample variance (see `revenueSummary`). */
  readonly revenue?: { readonly mean: number; readonly variance: number };
}

export interface ExperimentResults {
  /** Id of the control arm; must be one of `variants`. */
  readonly control: string;
  /** Every arm, control included, in allocation order (the order of `expectedWeights`). */
  readonly variants: readonly VariantResult[];
}

export interface WinnerPolicy {
  readonly metric: "conversion" | "revenue";
  /** Default `"frequentist"`. */
  readonly method?: "frequentist" | "bayesian";
  /** No decision before every arm has this many users. */
  readonly minimumUsersPerVariant: number;
  /** Family-wise significance level, Bonferroni-split over the treatment arms. Default 0.05. Frequentist only. */
  readonly alpha?: number;
  /** Chance to beat control a treatment needs. Default 0.95. Bayesian only. */
  readonly minimumChanceToBeat?: number;
  /** Run a sample-ratio-mismatch check and never pick a winner when its p-value is below this. Default 0.001 when `expectedWeights` is given. */
  readonly minimumSampleRatioPValue?: number;
  /** Intended allocation weights, one per variant in order. Default equal weights (when the check runs). */
  readonly expectedWeights?: readonly number[];
}

export type WinnerDecisionKind = "winner" | "keep-running" | "no-winner" | "sample-ratio-mismatch";

/** The statistics behind the decision for one arm. Comparisons are against the control; `null` on the control itself. */
export interface VariantVerdict {
  readonly id: string;
  readonly isControl: boolean;
  readonly users: number;
  /** Conversion rate or mean revenue per user (0 with no users). */
  readonly estimate: number;
  readonly absoluteLift: number | null;
  /** `null` also when the control's estimate is 0. */
  readonly relativeLift: number | null;
  /** Two-sided p-value (frequentist method). */
  readonly pValue: number | null;
  /** Interval for absoluteLift at confidence 1 − corrected alpha (frequentist method). */
  readonly confidenceInterval: [number, number] | null;
  /** P(treatment > control) (bayesian method). */
  readonly chanceToBeatControl: number | null;
  /** Significantly better than the control under the policy. Always false for the control. */
  readonly beatsControl: boolean;
  readonly hasMinimumUsers: boolean;
}

export interface WinnerDecision {
  /**
   * `"sample-ratio-mismatch"`: the split is broken, results are not trustworthy. `"keep-running"`: some
   * arm is below the minimum sample. `"no-winner"`: enough data and no treatment beats the control —
   * keep the control. `"winner"`: roll out `winner`.
   */
  readonly decision: WinnerDecisionKind;
  /** The treatment to roll out; `null` unless `decision` is `"winner"` (the control never "wins"). */
  readonly winner: string | null;
  /** One sentence a person can read in a dashboard. */
  readonly reason: string;
  readonly perVariant: VariantVerdict[];
  /** Per-comparison significance level after the Bonferroni correction (frequentist method). */
  readonly correctedAlpha: number;
  /** P-value of the sample-ratio check; `null` when it did not run. */
  readonly sampleRatioPValue: number | null;
}

interface ParsedVariant {
  readonly id: string;
  readonly users: number;
  readonly conversions: number;
  readonly revenue: MeanSummary;
}

function format(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function parseVariants(results: ExperimentResults, metric: WinnerPolicy["metric"]): { control: ParsedVariant; treatments: ParsedVariant[]; all: ParsedVariant[] } {
  const input = requireObject(results, "results");
  const controlId = input["control"];
  if (typeof controlId !== "string") throw new StatisticsInputError("results.control", "must be a string naming one of the variants");
  const list = requireArray(input["variants"], "results.variants");
  if (list.length < 2) throw new StatisticsInputError("results.variants", `must have at least 2 arms (control and a treatment); got ${list.length}`);
  const seen = new Set<string>();
  const all = list.map((raw, index): ParsedVariant => {
    const field = `results.variants[${index}]`;
    const variant = requireObject(raw, field);
    const id = variant["id"];
    if (typeof id !== "string") throw new StatisticsInputError(`${field}.id`, "must be a string");
    if (seen.has(id)) throw new StatisticsInputError(`${field}.id`, `duplicates the id ${JSON.stringify(id)}`);
    seen.add(id);
    if (metric === "conversion") {
      const counts = requireConversionCounts(variant, field);
      return { id, users: counts.users, conversions: counts.conversions, revenue: { users: counts.users, mean: 0, variance: 0 } };
    }
    const users = requireCount(variant["users"], `${field}.users`);
    const revenue = requireObject(variant["revenue"], `${field}.revenue`);
    return {
      id,
      users,
      conversions: 0,
      revenue: { users, mean: requireFinite(revenue["mean"], `${field}.revenue.mean`), variance: requireNonNegative(revenue["variance"], `${field}.revenue.variance`) },
    };
  });
  const control = all.find((variant) => variant.id === controlId);
  if (control === undefined) throw new StatisticsInputError("results.control", `must be the id of one of the variants; got ${JSON.stringify(controlId)}`);
  return { control, treatments: all.filter((variant) => variant !== control), all };
}

/** Normal-approximation posterior P(μ_T > μ_C) under flat priors; 0.5 when an arm has < 2 users. */
function chanceMeanIsHigher(control: MeanSummary, treatment: MeanSummary): number {
  if (control.users < 2 || treatment.users < 2) return 0.5;
  const difference = treatment.mean - control.mean;
  const standardError = Math.sqrt(control.variance / control.users + treatment.variance / treatment.users);
  if (standardError === 0) return difference > 0 ? 1 : difference < 0 ? 0 : 0.5;
  return normalCdf(difference / standardError);
}

/** How a treatment compares with the control on the policy's metric, whichever test that takes. */
interface Comparison {
  readonly estimate: number;
  readonly difference: number;
  readonly relativeDifference: number | null;
  readonly pValue: number;
  readonly confidenceInterval: [number, number];
  /** Bayesian chance that the treatment is better; computed only when the method asks for it. */
  readonly chance: () => number;
}

function compareWithControl(metric: WinnerPolicy["metric"], control: ParsedVariant, variant: ParsedVariant, confidence: number): Comparison {
  if (metric === "conversion") {
    const lift = conversionLift(control, variant, { confidence });
    return {
      estimate: lift.treatmentRate,
      difference: lift.absoluteLift,
      relativeDifference: lift.relativeLift,
      pValue: lift.pValue,
      confidenceInterval: lift.confidenceInterval,
      chance: () => chanceToBeatControl(control, variant),
    };
  }
  const test = welchTTest(control.revenue, variant.revenue, { confidence });
  return {
    estimate: variant.revenue.mean,
    difference: test.difference,
    relativeDifference: test.relativeDifference,
    pValue: test.pValue,
    confidenceInterval: test.confidenceInterval,
    chance: () => chanceMeanIsHigher(control.revenue, variant.revenue),
  };
}

/**
 * "Test on a sample, then roll out the winner": decide whether an experiment has a treatment worth
 * rolling out. Guards, in order: the sample-ratio check (when asked for), the minimum sample in every
 * arm, then significance against the control — p < alpha / treatments (Bonferroni) and a positive lift,
 * or a chance to beat control ≥ minimumChanceToBeat. Among the treatments that pass, the one with the
 * highest estimate wins; ties go to the smaller id (string order), so the result does not depend on
 * the order of `variants`.
 */
export function pickWinner(results: ExperimentResults, policy: WinnerPolicy): WinnerDecision {
  const rules = requireObject(policy, "policy");
  const metric = rules["metric"];
  if (metric !== "conversion" && metric !== "revenue") throw new StatisticsInputError("policy.metric", `must be "conversion" or "revenue"; got ${String(metric)}`);
  const method = rules["method"] ?? "frequentist";
  if (method !== "frequentist" && method !== "bayesian") throw new StatisticsInputError("policy.method", `must be "frequentist" or "bayesian"; got ${String(method)}`);
  const minimumUsers = requireNonNegative(rules["minimumUsersPerVariant"], "policy.minimumUsersPerVariant");
  const alpha = requireOpenUnitInterval(rules["alpha"] ?? 0.05, "policy.alpha");
  const minimumChance = requireOpenUnitInterval(rules["minimumChanceToBeat"] ?? 0.95, "policy.minimumChanceToBeat");
  const { control, treatments, all } = parseVariants(results, metric);
  const correctedAlpha = alpha / treatments.length;

  let sampleRatioPValue: number | null = null;
  let sampleRatioThreshold = 0;
  if (rules["expectedWeights"] !== undefined || rules["minimumSampleRatioPValue"] !== undefined) {
    sampleRatioThreshold = requireOpenUnitInterval(rules["minimumSampleRatioPValue"] ?? 0.001, "policy.minimumSampleRatioPValue");
    const weights =
      rules["expectedWeights"] === undefined
        ? all.map(() => 1)
        : requireArray(rules["expectedWeights"], "policy.expectedWeights").map((weight, index) => requirePositive(weight, `policy.expectedWeights[${index}]`));
    if (weights.length !== all.length) {
      throw new StatisticsInputError("policy.expectedWeights", `must have one weight per variant (${all.length}); got ${weights.length}`);
    }
    sampleRatioPValue = sampleRatioMismatch(
      all.map((variant) => variant.users),
      weights,
    ).pValue;
  }

  const controlEstimate = metric === "conversion" ? (control.users === 0 ? 0 : control.conversions / control.users) : control.revenue.mean;
  const perVariant = all.map((variant): VariantVerdict => {
    const hasMinimumUsers = variant.users >= minimumUsers;
    if (variant === control) {
      return {
        id: variant.id,
        isControl: true,
        users: variant.users,
        estimate: controlEstimate,
        absoluteLift: null,
        relativeLift: null,
        pValue: null,
        confidenceInterval: null,
        chanceToBeatControl: null,
        beatsControl: false,
        hasMinimumUsers,
      };
    }
    const comparison = compareWithControl(metric, control, variant, 1 - correctedAlpha);
    const chance = method === "bayesian" ? comparison.chance() : null;
    const beatsControl = chance === null ? comparison.pValue < correctedAlpha && comparison.difference > 0 : chance >= minimumChance;
    return {
      id: variant.id,
      isControl: false,
      users: variant.users,
      estimate: comparison.estimate,
      absoluteLift: comparison.difference,
      relativeLift: comparison.relativeDifference,
      pValue: method === "frequentist" ? comparison.pValue : null,
      confidenceInterval: method === "frequentist" ? comparison.confidenceInterval : null,
      chanceToBeatControl: chance,
      beatsControl,
      hasMinimumUsers,
    };
  });

  const decide = (decision: WinnerDecisionKind, winner: string | null, reason: string): WinnerDecision => ({
    decision,
    winner,
    reason,
    perVariant,
    correctedAlpha,
    sampleRatioPValue,
  });

  if (sampleRatioPValue !== null && sampleRatioPValue < sampleRatioThreshold) {
    return decide(
      "sample-ratio-mismatch",
      null,
      `sample ratio mismatch: users per arm are unlikely under the intended split (p = ${format(sampleRatioPValue)} < ${format(sampleRatioThreshold)}); fix assignment before reading results`,
    );
  }
  const short = perVariant.find((verdict) => !verdict.hasMinimumUsers);
  if (short !== undefined) {
    return decide("keep-running", null, `${JSON.stringify(short.id)} has ${short.users} users; every arm needs at least ${minimumUsers}`);
  }
  const best = perVariant
    .filter((verdict) => verdict.beatsControl)
    .sort((x, y) => y.estimate - x.estimate || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))[0];
  const correction = treatments.length > 1 ? ` (alpha ${format(alpha)} Bonferroni-split over ${treatments.length} treatments)` : "";
  if (best === undefined) {
    const criterion = method === "frequentist" ? `at p < ${format(correctedAlpha)}${correction}` : `with a chance to beat control ≥ ${format(minimumChance)}`;
    return decide("no-winner", null, `no treatment beats control ${JSON.stringify(control.id)} on ${metric} ${criterion}; keep the control`);
  }
  const evidence =
    method === "frequentist"
      ? `p = ${format(best.pValue ?? 1)} < ${format(correctedAlpha)}${correction}`
      : `chance to beat control ${format(best.chanceToBeatControl ?? 0)} ≥ ${format(minimumChance)}`;
  const lift = best.relativeLift === null ? `+${format(best.absoluteLift ?? 0)} absolute` : `+${format(100 * best.relativeLift)}% relative`;
  return decide("winner", best.id, `${JSON.stringify(best.id)} beats control ${JSON.stringify(control.id)} on ${metric}: ${lift}, ${evidence}`);
}
