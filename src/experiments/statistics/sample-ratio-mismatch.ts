import { chiSquareSurvival } from "./distributions/chi-square-distribution.js";
import { optionalObject, requireArray, requireCount, requireOpenUnitInterval, requirePositive } from "./input-checks.js";
import { StatisticsInputError } from "./statistics-input-error.js";

export interface SampleRatioMismatchOptions {
  /** Flag a mismatch when the p-value is below this. Default 0.001: SRM checks run often, so be strict. */
  readonly threshold?: number;
}

export interface SampleRatioMismatch {
  /** Pearson's χ² = Σ (observed − expected)² / expected. */
  readonly chiSquare: number;
  /** Arms − 1. */
  readonly degreesOfFreedom: number;
  /** P(χ² ≥ chiSquare) under the intended split; 1 when no units were observed. */
  readonly pValue: number;
  /** `pValue < threshold`. */
  readonly isMismatch: boolean;
  /** Expected count per arm: total × weight / Σ weights. */
  readonly expected: number[];
}

/**
 * Sample ratio mismatch (SRM) check: are the observed units per arm consistent with the intended
 * allocation weights? Pearson's chi-square goodness-of-fit test with arms − 1 degrees of freedom.
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  expectedWeights: readonly number[],
  options?: SampleRatioMismatchOptions,
): SampleRatioMismatch {
  const counts = requireArray(observed, "observed").map((value, index) => requireCount(value, `observed[${index}]`));
  const weights = requireArray(expectedWeights, "expectedWeights").map((value, index) => requirePositive(value, `expectedWeights[${index}]`));
  const threshold = requireOpenUnitInterval(optionalObject(options, "options")["threshold"] ?? 0.001, "options.threshold");
  if (counts.length < 2) throw new StatisticsInputError("observed", `must have at least 2 arms; got ${counts.length}`);
  if (weights.length !== counts.length) {
    throw new StatisticsInputError("expectedWeights", `must have one weight per observed arm (${counts.length}); got ${weights.length}`);
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const expected = weights.map((weight) => (total * weight) / weightSum);
  const degreesOfFreedom = counts.length - 1;
  if (total === 0) return { chiSquare: 0, degreesOfFreedom, pValue: 1, isMismatch: false, expected };
  let chiSquare = 0;
  counts.forEach((count, index) => {
    const expectedCount = expected[index] as number;
    chiSquare += ((count - expectedCount) * (count - expectedCount)) / expectedCount;
  });
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, isMismatch: pValue < threshold, expected };
}
