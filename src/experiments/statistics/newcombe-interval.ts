import { twoSidedNormalQuantile } from "./distributions/normal-quantile.js";
import { optionalObject, requireConversionCounts, requireOpenUnitInterval } from "./input-checks.js";
import type { ConversionCounts } from "./conversion-lift.js";
import { wilsonBounds, type RateIntervalOptions } from "./wilson-interval.js";

/** The difference of two rates and its confidence interval. */
export interface DifferenceInterval {
  /** treatment rate − control rate (a rate is 0 for an arm without users). */
  readonly difference: number;
  /** The interval's bounds, within [−1, 1]: [−1, 1] when an arm has no users. */
  readonly lower: number;
  readonly upper: number;
}

/**
 * Newcombe's hybrid score interval for the difference of two independent conversion rates
 * (treatment − control; method 10 of Newcombe 1998, built from each arm's Wilson interval): good
 * coverage with small counts and rates near 0 or 1, where the Wald interval of `conversionLift`
 * is too narrow. What a variant's absolute lift over its control is reported with.
 *
 * @throws StatisticsInputError for counts that are not whole numbers, conversions above users, or a
 * confidence outside (0, 1).
 *
 * @example
 * newcombeInterval({ users: 1_000, conversions: 120 }, { users: 1_000, conversions: 100 });
 * // { difference: 0.0199… (0.12 − 0.1 in floating point), lower: -0.00749…, upper: 0.04755… }
 */
export function newcombeInterval(treatment: ConversionCounts, control: ConversionCounts, options?: RateIntervalOptions): DifferenceInterval {
  const t = requireConversionCounts(treatment, "treatment");
  const c = requireConversionCounts(control, "control");
  const confidence = requireOpenUnitInterval(optionalObject(options, "options")["confidence"] ?? 0.95, "options.confidence");
  const p1 = t.users === 0 ? 0 : t.conversions / t.users;
  const p2 = c.users === 0 ? 0 : c.conversions / c.users;
  const difference = p1 - p2;
  if (t.users === 0 || c.users === 0) return { difference, lower: -1, upper: 1 };
  const z = twoSidedNormalQuantile(confidence);
  const a = wilsonBounds(t.conversions, t.users, z);
  const b = wilsonBounds(c.conversions, c.users, z);
  const square = (x: number): number => x * x; // not **: src/math's rule, exactly specified operations only
  const lower = difference - Math.sqrt(square(p1 - a.lower) + square(b.upper - p2));
  const upper = difference + Math.sqrt(square(a.upper - p1) + square(p2 - b.lower));
  return { difference, lower: Math.max(-1, lower), upper: Math.min(1, upper) };
}
