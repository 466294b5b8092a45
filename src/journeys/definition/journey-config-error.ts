import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/** Thrown by `compileJourney`: every problem of a journey definition, with its JSON pointer (e.g. `/nodes/wait/next`). */
export class JourneyConfigError extends LocatedProblemsError {
  constructor(problems: readonly LocatedProblem[]) {
    super(`invalid journey: ${summarizeProblems(problems, "the root", "invalid journey")}`, problems);
    this.name = "JourneyConfigError";
  }
}
