import { twoSidedNormalQuantile } from "./distributions/normal-quantile.js";
import { optionalObject, requireConversionCounts, requireOpenUnitInterval } from "./input-checks.js";
import type { ConversionCounts } from "./conversion-lift.js";

export interface RateIntervalOptions {
  /** Confidence level of the interval. Default 0.95. */
  readonly confidence?: number;
}

/** A rate and its confidence interval. */
export interface RateInterval {
  /** conversions / users; 0 when there are no users. */
  readonly rate: number;
  /** The interval's bounds, within [0, 1]: [0, 1] when there are no users (nothing is known). */
  readonly lower: number;
  readonly upper: number;
}

/** The Wilson interval's centre and half-width for x of n at the normal quantile z (n > 0). */
export function wilsonBounds(x: number, n: number, z: number): { lower: number; upper: number } {
  const p = x / n;
  const zz = z * z;
  const denominator = 1 + zz / n;
  const centre = (p + zz / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + zz / (4 * n * n));
  // At 0 and n conversions a bound is exactly 0 or 1; rounding would leave it a hair outside.
  return { lower: x === 0 ? 0 : Math.max(0, centre - half), upper: x === n ? 1 : Math.min(1, centre + half) };
}

/**
 * The Wilson score interval of a conversion rate (without continuity correction): good coverage for
 * small counts and rates near 0 or 1, where the normal (Wald) interval fails, and never outside
 * [0, 1]. What a rate such as CTR or a conversion rate is reported with.
 *
 * @throws StatisticsInputError for counts that are not whole numbers, conversions above users, or a
 * confidence outside (0, 1).
 *
 * @example
 * wilsonInterval({ users: 1_000, conversions: 120 });
 * // { rate: 0.12, lower: 0.1013…, upper: 0.1416… }
 * wilsonInterval({ users: 20, conversions: 0 }, { confidence: 0.9 }); // { rate: 0, lower: 0, upper: 0.1191… }
 */
export function wilsonInterval(counts: ConversionCounts, options?: RateIntervalOptions): RateInterval {
  const { users, conversions } = requireConversionCounts(counts, "counts");
  const confidence = requireOpenUnitInterval(optionalObject(options, "options")["confidence"] ?? 0.95, "options.confidence");
  if (users === 0) return { rate: 0, lower: 0, upper: 1 };
  const z = twoSidedNormalQuantile(confidence);
  return { rate: conversions / users, ...wilsonBounds(conversions, users, z) };
}
