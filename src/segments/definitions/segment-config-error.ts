import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/**
 * Thrown when segment definitions (or the options of the behavioural operators) are invalid. Lists
 * every problem with its JSON pointer, e.g. `/2/include/0` for an unknown segment or a cycle.
 */
export class SegmentConfigError extends LocatedProblemsError {
  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid configuration")}`, problems);
    this.name = "SegmentConfigError";
  }
}
