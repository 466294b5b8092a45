import { studentTSurvival } from "./distributions/student-t-distribution.js";
import { studentTQuantile } from "./distributions/student-t-quantile.js";
import { optionalObject, requireCount, requireFinite, requireNonNegative, requireObject, requireOpenUnitInterval } from "./input-checks.js";
import type { MeanSummary } from "./revenue-summary.js";

export interface WelchTTestOptions {
  /** Confidence level of the interval. Default 0.95. */
  readonly confidence?: number;
}

export interface WelchTTest {
  /** treatment.mean − control.mean. */
  readonly difference: number;
  /** difference / control.mean; `null` when the control mean is 0. */
  readonly relativeDifference: number | null;
  /** difference / standard error; ±Infinity when both variances are 0 and the means differ; 0 when undefined. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (users − 2 in total when both variances are 0; 0 when an arm has < 2 users). */
  readonly degreesOfFreedom: number;
  /** Two-sided p-value; 1 when an arm has fewer than 2 users. */
  readonly pValue: number;
  /** Interval for the difference; [−Infinity, Infinity] when an arm has fewer than 2 users. */
  readonly confidenceInterval: [number, number];
}

function readSummary(value: unknown, field: string): MeanSummary {
  const summary = requireObject(value, field);
  return {
    users: requireCount(summary["users"], `${field}.users`),
    mean: requireFinite(summary["mean"], `${field}.mean`),
    variance: requireNonNegative(summary["variance"], `${field}.variance`),
  };
}

/**
 * Welch's unequal-variances t-test of treatment against control on per-user means (revenue per user,
 * …), from summaries (see `revenueSummary` and `summaryFromSums`). Relies on the sample means being
 * roughly normal: fine for a few hundred users per arm even for skewed revenue, doubtful for a handful.
 */
export function welchTTest(control: MeanSummary, treatment: MeanSummary, options?: WelchTTestOptions): WelchTTest {
  const a = readSummary(control, "control");
  const b = readSummary(treatment, "treatment");
  const confidence = requireOpenUnitInterval(optionalObject(options, "options")["confidence"] ?? 0.95, "options.confidence");
  const difference = b.mean - a.mean;
  const relativeDifference = a.mean === 0 ? null : difference / a.mean;
  if (a.users < 2 || b.users < 2) {
    return { difference, relativeDifference, t: 0, degreesOfFreedom: 0, pValue: 1, confidenceInterval: [-Infinity, Infinity] };
  }
  const errorA = a.variance / a.users;
  const errorB = b.variance / b.users;
  const squaredError = errorA + errorB;
  if (squaredError === 0) {
    // No spread at all: the observed difference is the whole story.
    const degreesOfFreedom = a.users + b.users - 2;
    if (difference === 0) return { difference, relativeDifference, t: 0, degreesOfFreedom, pValue: 1, confidenceInterval: [0, 0] };
    return { difference, relativeDifference, t: difference > 0 ? Infinity : -Infinity, degreesOfFreedom, pValue: 0, confidenceInterval: [difference, difference] };
  }
  const standardError = Math.sqrt(squaredError);
  const t = difference / standardError;
  const degreesOfFreedom = (squaredError * squaredError) / ((errorA * errorA) / (a.users - 1) + (errorB * errorB) / (b.users - 1));
  const pValue = Math.min(1, 2 * studentTSurvival(Math.abs(t), degreesOfFreedom));
  const margin = studentTQuantile(1 - (1 - confidence) / 2, degreesOfFreedom) * standardError;
  return { difference, relativeDifference, t, degreesOfFreedom, pValue, confidenceInterval: [difference - margin, difference + margin] };
}
