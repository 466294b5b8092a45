import { exp } from "../../math/exp.js";
import { ln } from "../../math/ln.js";
import { twoSidedNormalQuantile } from "./distributions/normal-quantile.js";
import { optionalObject, requireConversionCounts, requireOpenUnitInterval } from "./input-checks.js";
import type { ConversionCounts } from "./conversion-lift.js";
import type { RateIntervalOptions } from "./wilson-interval.js";

/** A relative lift and its confidence interval. */
export interface RelativeLiftInterval {
  /** treatment rate / control rate − 1; null when the control has no conversions (or an arm no users). */
  readonly relativeLift: number | null;
  /** The interval's bounds (−1 or more); null when either arm has no conversions: the log ratio is then unbounded. */
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The relative lift of treatment over control (rate ratio − 1) with its delta-method interval on
 * the log of the ratio: `exp(ln(p₁/p₂) ± z·√((1 − p₁)/c₁ + (1 − p₂)/c₂)) − 1` for c conversions. The
 * interval is asymmetric, as a ratio's should be, and never below −1. What "+20 % conversions" is
 * reported with; `newcombeInterval` gives the absolute difference.
 *
 * @throws StatisticsInputError for counts that are not whole numbers, conversions above users, or a
 * confidence outside (0, 1).
 *
 * @example
 * relativeLiftInterval({ users: 1_000, conversions: 120 }, { users: 1_000, conversions: 100 });
 * // { relativeLift: 0.2 (to rounding), lower: -0.0659…, upper: 0.5416… }
 */
export function relativeLiftInterval(treatment: ConversionCounts, control: ConversionCounts, options?: RateIntervalOptions): RelativeLiftInterval {
  const t = requireConversionCounts(treatment, "treatment");
  const c = requireConversionCounts(control, "control");
  const confidence = requireOpenUnitInterval(optionalObject(options, "options")["confidence"] ?? 0.95, "options.confidence");
  if (t.users === 0 || c.users === 0 || c.conversions === 0) return { relativeLift: null, lower: null, upper: null };
  const p1 = t.conversions / t.users;
  const p2 = c.conversions / c.users;
  const relativeLift = p1 / p2 - 1;
  if (t.conversions === 0) return { relativeLift, lower: null, upper: null };
  const z = twoSidedNormalQuantile(confidence);
  const logRatio = ln(p1 / p2);
  const margin = z * Math.sqrt((1 - p1) / t.conversions + (1 - p2) / c.conversions);
  return { relativeLift, lower: exp(logRatio - margin) - 1, upper: exp(logRatio + margin) - 1 };
}
