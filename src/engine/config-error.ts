import { LocatedProblemsError, summarizeProblems, type LocatedProblem } from "../validation/located-problems.js";

/**
 * Thrown by `createEngine` for an invalid config. Lists every problem at once — schema, rules,
 * references, layers, templates — each located by a JSON pointer into the config.
 */
export class ConfigError extends LocatedProblemsError {
  constructor(problems: readonly LocatedProblem[]) {
    super(`invalid engine config: ${summarizeProblems(problems, "the config root", "invalid configuration")}`, problems);
    this.name = "ConfigError";
  }
}
