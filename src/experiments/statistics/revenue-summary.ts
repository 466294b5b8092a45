import { requireArray, requireCount, requireFinite, requireNonNegative, requireObject } from "./input-checks.js";
import { StatisticsInputError } from "./statistics-input-error.js";

/** What Welch's t-test needs from one arm. */
export interface MeanSummary {
  readonly users: number;
  readonly mean: number;
  /** Sample variance (divisor users − 1); 0 with fewer than two users. */
  readonly variance: number;
}

/**
 * Mean and sample variance of per-user values (revenue, order count, …), by Welford's one-pass update,
 * which does not lose precision when the mean is large relative to the spread. Empty input gives
 * `{ users: 0, mean: 0, variance: 0 }`.
 */
export function revenueSummary(values: readonly number[]): MeanSummary {
  const list = requireArray(values, "values");
  let mean = 0;
  let squaredDeviations = 0;
  list.forEach((raw, index) => {
    const value = requireFinite(raw, `values[${index}]`);
    const delta = value - mean;
    mean += delta / (index + 1);
    squaredDeviations += delta * (value - mean);
  });
  return { users: list.length, mean, variance: list.length < 2 ? 0 : squaredDeviations / (list.length - 1) };
}

/** Aggregates a warehouse query can return: COUNT, SUM and SUM of squares of the per-user values. */
export interface SummedValues {
  readonly users: number;
  readonly sum: number;
  readonly sumOfSquares: number;
}

/** Relative slack for Σx² ≥ (Σx)²/n before the sums are rejected as inconsistent (they come from floats). */
const SUM_CONSISTENCY_TOLERANCE = 1e-9;

/**
 * The same summary from aggregated sums. Σx² − (Σx)²/n cancels badly when the mean is large compared
 * with the spread, so it is formed as Σx² − mean·Σx and clamped at 0; precision is then limited by the
 * sums themselves (prefer `revenueSummary` or sums of values shifted by a rough mean when that matters).
 * Sums with Σx² noticeably below (Σx)²/n cannot come from real values and throw.
 */
export function summaryFromSums(sums: SummedValues): MeanSummary {
  const input = requireObject(sums, "sums");
  const users = requireCount(input["users"], "sums.users");
  const sum = requireFinite(input["sum"], "sums.sum");
  const sumOfSquares = requireNonNegative(input["sumOfSquares"], "sums.sumOfSquares");
  if (users === 0) {
    if (sum !== 0 || sumOfSquares !== 0) throw new StatisticsInputError("sums", "must have sum and sumOfSquares 0 when users is 0");
    return { users: 0, mean: 0, variance: 0 };
  }
  const mean = sum / users;
  const centered = sumOfSquares - mean * sum;
  if (centered < -SUM_CONSISTENCY_TOLERANCE * sumOfSquares) {
    throw new StatisticsInputError("sums.sumOfSquares", `must be at least sum² / users (${mean * sum}); got ${sumOfSquares}`);
  }
  return { users, mean, variance: users < 2 ? 0 : Math.max(0, centered) / (users - 1) };
}
