import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/**
 * Thrown when an aggregation policy is invalid, or when stored aggregates do not have the shape of
 * this version (`parseAggregates`). Lists every problem with its JSON pointer.
 */
export class AggregatesError extends LocatedProblemsError {
  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid value")}`, problems);
    this.name = "AggregatesError";
  }
}
