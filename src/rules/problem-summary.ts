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
