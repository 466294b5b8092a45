import { summarizeProblems, type LocatedProblem } from "../../rules/problem-summary.js";

/**
 * Thrown when segment definitions (or the options of the behavioural operators) are invalid. Lists
 * every problem with its JSON pointer, e.g. `/2/include/0` for an unknown segment or a cycle.
 */
export class SegmentConfigError extends Error {
  readonly path: string;
  readonly problems: readonly LocatedProblem[];

  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid configuration")}`);
    this.name = "SegmentConfigError";
    this.path = problems[0]?.path ?? "";
    this.problems = problems;
  }
}
