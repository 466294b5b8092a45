import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/** Thrown by `compileMetricsConfig`: every problem of the config's conversions and attribution, with its JSON pointer (e.g. `/campaigns/2/conversions/0/window`). */
export class MetricsConfigError extends LocatedProblemsError {
  constructor(problems: readonly LocatedProblem[]) {
    super(`invalid metrics config: ${summarizeProblems(problems, "the root", "invalid configuration")}`, problems);
    this.name = "MetricsConfigError";
  }
}
