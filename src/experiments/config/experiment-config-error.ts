import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/**
 * One problem in an experiment, holdout or layer configuration, located by a JSON pointer into it
 * (e.g. `/variants/1/weight`; `""` is the whole object).
 */
export type ExperimentConfigProblem = LocatedProblem;

/**
 * Thrown when an experiment or holdout configuration is invalid: when it is compiled, or on its
 * first use by `assignVariant`. Lists every problem, not only the first.
 */
export class ExperimentConfigError extends LocatedProblemsError {
  constructor(subject: string, problems: readonly ExperimentConfigProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid configuration")}`, problems);
    this.name = "ExperimentConfigError";
  }
}
