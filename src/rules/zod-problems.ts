import type { z } from "zod";
import { childPointer } from "./json-pointer.js";
import type { LocatedProblem } from "./problem-summary.js";

/** zod issues as JSON-pointer problems, in document order. */
export function zodProblems(error: z.ZodError): LocatedProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.reduce<string>((pointer, token) => childPointer(pointer, typeof token === "symbol" ? String(token.description) : token), ""),
    message: issue.message,
  }));
}
