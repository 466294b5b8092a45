import { normalSurvival } from "./distributions/normal-distribution.js";
import { twoSidedNormalQuantile } from "./distributions/normal-quantile.js";
import { optionalObject, requireConversionCounts, requireOpenUnitInterval } from "./input-checks.js";

/** Users exposed and how many of them converted. */
export interface ConversionCounts {
  readonly users: number;
  readonly conversions: number;
}

export interface ConversionLiftOptions {
  /** Confidence level of the interval. Default 0.95. */
  readonly confidence?: number;
}

export interface ConversionLift {
  /** conversions / users; 0 when the arm has no users. */
  readonly controlRate: number;
  readonly treatmentRate: number;
  /** treatmentRate − controlRate. */
  readonly absoluteLift: number;
  /** absoluteLift / controlRate; `null` when the control rate is 0. */
  readonly relativeLift: number | null;
  /** absoluteLift / pooled standard error; 0 when the standard error is 0 or an arm has no users. */
  readonly z: number;
  /** Two-sided p-value of the pooled two-proportion z-test; 1 when z is 0. */
  readonly pValue: number;
  /** Wald interval for absoluteLift (unpooled standard error), clipped to [−1, 1]; [−1, 1] when an arm has no users. */
  readonly confidenceInterval: [number, number];
}

/**
 * Two-proportion z-test of treatment against control. The test uses the pooled standard error (the
 * null hypothesis says both rates are equal); the interval uses the unpooled one (it describes the
 * difference wherever it is). Both rest on the normal approximation to the binomial.
 */
export function conversionLift(control: ConversionCounts, treatment: ConversionCounts, options?: ConversionLiftOptions): ConversionLift {
  const a = requireConversionCounts(control, "control");
  const b = requireConversionCounts(treatment, "treatment");
  const confidence = requireOpenUnitInterval(optionalObject(options, "options")["confidence"] ?? 0.95, "options.confidence");
  const controlRate = a.users === 0 ? 0 : a.conversions / a.users;
  const treatmentRate = b.users === 0 ? 0 : b.conversions / b.users;
  const absoluteLift = treatmentRate - controlRate;
  const relativeLift = controlRate === 0 ? null : absoluteLift / controlRate;
  if (a.users === 0 || b.users === 0) {
    return { controlRate, treatmentRate, absoluteLift, relativeLift, z: 0, pValue: 1, confidenceInterval: [-1, 1] };
  }
  const pooledRate = (a.conversions + b.conversions) / (a.users + b.users);
  const pooledError = Math.sqrt(pooledRate * (1 - pooledRate) * (1 / a.users + 1 / b.users));
  // A zero pooled error means both rates are 0 % or both 100 %: no evidence of a difference.
  const z = pooledError === 0 ? 0 : absoluteLift / pooledError;
  const pValue = Math.min(1, 2 * normalSurvival(Math.abs(z)));
  const unpooledError = Math.sqrt((controlRate * (1 - controlRate)) / a.users + (treatmentRate * (1 - treatmentRate)) / b.users);
  const margin = twoSidedNormalQuantile(confidence) * unpooledError;
  const confidenceInterval: [number, number] = [Math.max(-1, absoluteLift - margin), Math.min(1, absoluteLift + margin)];
  return { controlRate, treatmentRate, absoluteLift, relativeLift, z, pValue, confidenceInterval };
}
