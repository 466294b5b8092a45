import { summarizeProblems, type LocatedProblem } from "../../rules/problem-summary.js";

/**
 * Thrown when an aggregation policy is invalid, or when stored aggregates do not have the shape of
 * this version (`parseAggregates`). Lists every problem with its JSON pointer.
 */
export class AggregatesError extends Error {
  readonly path: string;
  readonly problems: readonly LocatedProblem[];

  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid value")}`);
    this.name = "AggregatesError";
    this.path = problems[0]?.path ?? "";
    this.problems = problems;
  }
}
