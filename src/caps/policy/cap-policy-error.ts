import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/** Thrown when a cap policy is invalid; lists every problem with its JSON pointer. */
export class CapPolicyError extends LocatedProblemsError {
  constructor(problems: readonly LocatedProblem[]) {
    super(`invalid cap policy: ${summarizeProblems(problems, "the root", "invalid configuration")}`, problems);
    this.name = "CapPolicyError";
  }
}
