/** A configuration problem located by a JSON pointer (rules, experiments, …). */
export interface LocatedProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * The one-line summary an error carries: the first problem, where it is, and how many more there
 * are — e.g. `must not be empty at /id (and 2 more problems)`. `rootLabel` names the path "".
 */
export function summarizeProblems(problems: readonly LocatedProblem[], rootLabel: string, fallback: string): string {
  const first = problems[0] ?? { path: "", message: fallback };
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return `${first.message} at ${first.path === "" ? rootLabel : first.path}${more}`;
}

/**
 * An error that lists every problem of a configuration (a rule, an experiment, segments…), each
 * located by a JSON pointer. `path` is the first problem's; the message summarises them.
 */
export class LocatedProblemsError extends Error {
  readonly path: string;
  readonly problems: readonly LocatedProblem[];

  constructor(message: string, problems: readonly LocatedProblem[]) {
    super(message);
    this.path = problems[0]?.path ?? "";
    this.problems = problems;
  }
}
