/** One problem in an experiment, holdout or layer configuration, located by a JSON pointer. */
export interface ExperimentConfigProblem {
  /** JSON pointer into the configuration, e.g. `/variants/1/weight`; `""` is the whole object. */
  readonly path: string;
  readonly message: string;
}

/**
 * Thrown when an experiment or holdout configuration is invalid: when it is compiled, or on its
 * first use by `assignVariant`. Lists every problem, not only the first.
 */
export class ExperimentConfigError extends Error {
  readonly path: string;
  readonly problems: readonly ExperimentConfigProblem[];

  constructor(subject: string, problems: readonly ExperimentConfigProblem[]) {
    const first = problems[0] ?? { path: "", message: "invalid configuration" };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    super(`invalid ${subject}: ${first.message} at ${first.path === "" ? "the root" : first.path}${more}`);
    this.name = "ExperimentConfigError";
    this.path = first.path;
    this.problems = problems;
  }
}
