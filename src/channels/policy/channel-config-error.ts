import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../../validation/located-problems.js";

/** Thrown when a channel policy or a campaign's channel settings are invalid; lists every problem with its JSON pointer. */
export class ChannelConfigError extends LocatedProblemsError {
  constructor(subject: string, problems: readonly LocatedProblem[]) {
    super(`invalid ${subject}: ${summarizeProblems(problems, "the root", "invalid configuration")}`, problems);
    this.name = "ChannelConfigError";
  }
}
