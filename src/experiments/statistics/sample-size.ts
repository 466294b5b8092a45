import { normalCdf } from "./distributions/normal-distribution.js";
import { normalQuantile } from "./distributions/normal-quantile.js";
import { requireFinite, requireNonNegative, requireObject, requireOpenUnitInterval } from "./input-checks.js";
import { StatisticsInputError } from "./statistics-input-error.js";

export interface EffectOptions {
  /** Conversion rate of the control, strictly between 0 and 1. */
  readonly baselineRate: number;
  /** Smallest change worth detecting, ≠ 0; negative to detect a drop. */
  readonly minimumDetectableEffect: number;
  /** `"relative"` (default): the treatment rate is baselineRate × (1 + effect); `"absolute"`: baselineRate + effect. */
  readonly effectType?: "relative" | "absolute";
  /** Significance level. Default 0.05. */
  readonly alpha?: number;
  /** Two-sided test (default) or one-sided in the direction of the effect. */
  readonly twoSided?: boolean;
}

export interface SampleSizeOptions extends EffectOptions {
  /** Probability of detecting the effect when it is real. Default 0.8. */
  readonly power?: number;
}

export interface PowerOptions extends EffectOptions {
  /** Users in each of the two arms (need not be whole). */
  readonly perVariant: number;
}

export interface SampleSize {
  /** Users needed in each arm, rounded up. */
  readonly perVariant: number;
  /** perVariant × 2 (control and one treatment). */
  readonly total: number;
  /** The treatment rate the calculation assumed. */
  readonly treatmentRate: number;
  /** treatmentRate − baselineRate. */
  readonly absoluteEffect: number;
}

interface Design {
  readonly difference: number;
  readonly treatmentRate: number;
  /** z of the significance threshold: Φ⁻¹(1 − α/2) two-sided, Φ⁻¹(1 − α) one-sided. */
  readonly criticalZ: number;
  /** √(2 p₀(1 − p₀)): standard deviation of the difference per √n under the null. */
  readonly nullDeviation: number;
  /** √(p₀(1 − p₀) + p₁(1 − p₁)): the same under the alternative. */
  readonly alternativeDeviation: number;
  readonly twoSided: boolean;
}

function readDesign(value: unknown): Design & { readonly options: Readonly<Record<string, unknown>> } {
  const options = requireObject(value, "options");
  const baselineRate = requireOpenUnitInterval(options["baselineRate"], "options.baselineRate");
  const effect = requireFinite(options["minimumDetectableEffect"], "options.minimumDetectableEffect");
  if (effect === 0) throw new StatisticsInputError("options.minimumDetectableEffect", "must not be 0");
  const effectType = options["effectType"] ?? "relative";
  if (effectType !== "relative" && effectType !== "absolute") {
    throw new StatisticsInputError("options.effectType", `must be "relative" or "absolute"; got ${String(effectType)}`);
  }
  const alpha = requireOpenUnitInterval(options["alpha"] ?? 0.05, "options.alpha");
  const twoSided = options["twoSided"] ?? true;
  if (typeof twoSided !== "boolean") throw new StatisticsInputError("options.twoSided", "must be a boolean");
  const treatmentRate = effectType === "relative" ? baselineRate * (1 + effect) : baselineRate + effect;
  if (!(treatmentRate >= 0 && treatmentRate <= 1)) {
    throw new StatisticsInputError("options.minimumDetectableEffect", `gives a treatment rate of ${treatmentRate}, outside [0, 1]`);
  }
  return {
    options,
    difference: treatmentRate - baselineRate,
    treatmentRate,
    criticalZ: normalQuantile(twoSided ? 1 - alpha / 2 : 1 - alpha),
    nullDeviation: Math.sqrt(2 * baselineRate * (1 - baselineRate)),
    alternativeDeviation: Math.sqrt(baselineRate * (1 - baselineRate) + treatmentRate * (1 - treatmentRate)),
    twoSided,
  };
}

/**
 * Users per arm for a two-sided (or one-sided) two-proportion z-test to reach `power` against the
 * minimum detectable effect, with the null variance at the baseline rate and the alternative variance
 * at both rates (the formula of Evan Miller's calculator):
 * n = (z₁₋α/₂ √(2p₀(1−p₀)) + z₁₋β √(p₀(1−p₀) + p₁(1−p₁)))² / (p₁ − p₀)².
 */
export function sampleSize(options: SampleSizeOptions): SampleSize {
  const design = readDesign(options);
  const targetPower = requireOpenUnitInterval(design.options["power"] ?? 0.8, "options.power");
  const root = design.criticalZ * design.nullDeviation + normalQuantile(targetPower) * design.alternativeDeviation;
  // Targets below the power at n = 0 give a negative root: no users are needed to reach them.
  const exact = root <= 0 ? 0 : (root * root) / (design.difference * design.difference);
  // Rounding can leave ceil(exact) a hair short of the target; step up until power() agrees. The steps
  // grow with n (n + 1 is n again beyond 2⁵³) and are bounded, so absurd inputs cannot loop forever.
  let perVariant = Math.ceil(exact - 1e-9 * exact);
  for (let step = 0; step < 16 && powerOf(design, perVariant) < targetPower; step++) perVariant += Math.max(1, Math.ceil(perVariant * 1e-12));
  return { perVariant, total: 2 * perVariant, treatmentRate: design.treatmentRate, absoluteEffect: design.difference };
}

/** alternativeDeviation > 0 always, since 0 < baselineRate < 1. */
function powerOf(design: Design, perVariant: number): number {
  const shift = Math.abs(design.difference) * Math.sqrt(perVariant);
  const offset = design.criticalZ * design.nullDeviation;
  const detected = normalCdf((shift - offset) / design.alternativeDeviation);
  // A two-sided test also rejects in the wrong direction; that tail is tiny but makes power exact.
  return design.twoSided ? Math.min(1, detected + normalCdf((-shift - offset) / design.alternativeDeviation)) : detected;
}

/** Power of the same test with `perVariant` users in each arm: the inverse of `sampleSize`. */
export function power(options: PowerOptions): number {
  const design = readDesign(options);
  return powerOf(design, requireNonNegative(design.options["perVariant"], "options.perVariant"));
}
