import type { ArgumentAtCompileTime } from "../../rules/custom-operators.js";
import { parseWindowDays } from "./window-days.js";

/*
 * Arguments of behavioural operators are usually literals: they are checked and parsed once at
 * compile time. An argument computed from data is checked when the rule runs; a bad one gives the
 * operator's "unknown" value (null), never an exception.
 */

/** Checks that argument `index`, when known, is a non-empty string naming `what`. */
export function checkName(args: readonly ArgumentAtCompileTime[], index: number, what: string): string | undefined {
  const arg = args[index];
  if (arg?.known && (typeof arg.value !== "string" || arg.value === "")) return `argument ${index + 1} must be ${what} (a non-empty string), got ${JSON.stringify(arg.value)}`;
  return undefined;
}

/** Checks that argument `index`, when present and known, is a window within the horizon. */
export function checkWindow(args: readonly ArgumentAtCompileTime[], index: number, horizonDays: number): string | undefined {
  const arg = args[index];
  if (arg === undefined || !arg.known) return undefined;
  const parsed = parseWindowDays(arg.value, horizonDays);
  return parsed.ok ? undefined : `argument ${index + 1}: ${parsed.reason}`;
}
