/**
 * Statistics for reading experiments: sample-ratio checks, two-proportion z-tests, Wilson intervals of
 * rates, Newcombe intervals of their differences and delta-method intervals of relative lifts, Bayesian chance to
 * beat control, sample size and power, Welch's t-test on means, and a guarded winner picker. Pure,
 * deterministic, no dependencies: the distribution functions are implemented here, on src/math's
 * logarithm, exponential and trigonometry (not Math.log, Math.exp…), so a report or a winner gives
 * the same bits in every JavaScript engine.
 */
export { StatisticsInputError } from "./statistics-input-error.js";
export { sampleRatioMismatch, type SampleRatioMismatch, type SampleRatioMismatchOptions } from "./sample-ratio-mismatch.js";
export { conversionLift, type ConversionCounts, type ConversionLift, type ConversionLiftOptions } from "./conversion-lift.js";
export { wilsonInterval, type RateInterval, type RateIntervalOptions } from "./wilson-interval.js";
export { newcombeInterval, type DifferenceInterval } from "./newcombe-interval.js";
export { relativeLiftInterval, type RelativeLiftInterval } from "./relative-lift-interval.js";
export { chanceToBeatControl, type ChanceToBeatControlOptions } from "./chance-to-beat-control.js";
export { power, sampleSize, type EffectOptions, type PowerOptions, type SampleSize, type SampleSizeOptions } from "./sample-size.js";
export { revenueSummary, summaryFromSums, type MeanSummary, type SummedValues } from "./revenue-summary.js";
export { welchTTest, type WelchTTest, type WelchTTestOptions } from "./welch-t-test.js";
export {
  pickWinner,
  type ExperimentResults,
  type VariantResult,
  type VariantVerdict,
  type WinnerDecision,
  type WinnerDecisionKind,
  type WinnerPolicy,
} from "./pick-winner.js";
export * from "./distributions/index.js";
