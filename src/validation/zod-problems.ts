import type { z } from "zod";
import { childPointer } from "../json/json-pointer.js";
import type { LocatedProblem } from "./located-problems.js";

type Issue = z.core.$ZodIssue;

/**
 * A union none of whose forms matched, where exactly one form matched the shape (its problems are
 * all below the union's path): the problems of that form, which is the one the config meant —
 * `{ after: true }` for a re-eligibility is a bad `after`, not a value that is neither "always" nor
 * "once". Otherwise the union's own problem, which names every form.
 */
function meantIssues(issue: Issue): readonly Issue[] {
  if (issue.code !== "invalid_union") return [issue];
  const fitting = issue.errors.filter((issues) => issues.length > 0 && issues.every((inner) => inner.path.length > 0));
  const meant = fitting.length === 1 ? fitting[0] : undefined;
  if (meant === undefined) return [issue];
  return meant.flatMap((inner) => meantIssues({ ...inner, path: [...issue.path, ...inner.path] }));
}

/**
 * zod issues as JSON-pointer problems, in document order. Parse with `EXPECTED_FORM_MESSAGES`
 * (zod-issue-message.ts) so that every message names the expected form.
 */
export function zodProblems(error: z.ZodError): LocatedProblem[] {
  return error.issues.flatMap(meantIssues).map((issue) => ({
    path: issue.path.reduce<string>((pointer, token) => childPointer(pointer, typeof token === "symbol" ? String(token.description) : token), ""),
    message: issue.message,
  }));
}
