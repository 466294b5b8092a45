/**
 * Thrown by the statistics and bandit functions when an input cannot describe real data: a negative
 * count, more conversions than users, NaN or Infinity, a confidence outside (0, 1), fewer than two
 * arms… Valid but degenerate inputs (zero users, zero variance) never throw: they return documented
 * values instead.
 */
export class StatisticsInputError extends RangeError {
  /** Path of the offending input, e.g. `treatment.conversions`, `observed[2]`, `options.confidence`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field} ${problem}`);
    this.name = "StatisticsInputError";
    this.field = field;
  }
}
