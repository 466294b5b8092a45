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

/** A reader of a string argument: fixed when known at compile time. */
export function nameReader(args: readonly ArgumentAtCompileTime[], index: number): (values: readonly unknown[]) => string | undefined {
  const arg = args[index];
  if (arg?.known) {
    const fixed = arg.value as string;
    return () => fixed;
  }
  return (values) => {
    const value = values[index];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
}

/** A reader of a window argument in days: fixed when known; undefined when absent (all retained days); null when invalid. */
export function windowReader(
  args: readonly ArgumentAtCompileTime[],
  index: number,
  horizonDays: number,
): (values: readonly unknown[]) => number | undefined | null {
  const arg = args[index];
  if (arg === undefined) return () => undefined;
  if (arg.known) {
    const parsed = parseWindowDays(arg.value, horizonDays);
    const days = parsed.ok ? parsed.days : null;
    return () => days;
  }
  return (values) => {
    const parsed = parseWindowDays(values[index], horizonDays);
    return parsed.ok ? parsed.days : null;
  };
}

/** Argument `index` when it is known at compile time and a valid name; undefined otherwise. */
export function knownName(args: readonly ArgumentAtCompileTime[], index: number): string | undefined {
  const arg = args[index];
  return arg?.known && typeof arg.value === "string" && arg.value !== "" ? arg.value : undefined;
}

/**
 * The window of argument `index` when it is fixed at compile time: `{ days }` for a valid known
 * window, `{ days: undefined }` when the argument is absent; null when it depends on data or is invalid.
 */
export function knownWindow(args: readonly ArgumentAtCompileTime[], index: number, horizonDays: number): { readonly days: number | undefined } | null {
  const arg = args[index];
  if (arg === undefined) return { days: undefined };
  if (!arg.known) return null;
  const parsed = parseWindowDays(arg.value, horizonDays);
  return parsed.ok ? { days: parsed.days } : null;
}
