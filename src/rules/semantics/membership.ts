import type { EvaluationContext } from "../evaluation-context.js";

/*
 * Membership tests (`in` on an array; any_in, all_in, none_in) with their string work charged to
 * the evaluation budget. Strings of at most LONG_STRING characters compare in about the time of
 * any other value, so they are looked up natively (indexOf, includes, a Set) at no extra charge.
 * A longer string is compared one by one with the list's strings of the same length, each
 * comparison charged its length. Hashing would not bound that work: V8 hashes a string longer than
 * 16,383 characters by its length alone, so long strings of one length all collide in a Set.
 */

/** Longest string whose comparisons are not charged (one unit per list element covers them). */
export const LONG_STRING = 64;

/** Whether `strings` holds `text` (a long string), charging each comparison that reads characters. */
function holdsLongString(strings: readonly unknown[], text: string, context: EvaluationContext, path: string): boolean {
  const length = text.length;
  for (let i = 0; i < strings.length; i++) {
    const element = strings[i];
    if (typeof element === "string" && element.length === length) {
      context.charge(length, path);
      if (element === text) return true;
    }
  }
  return false;
}

/**
 * `array.indexOf(value) !== -1` (strict equality, NaN never found), charging one unit per element
 * and the comparisons of a long string.
 */
export function includesStrictly(array: readonly unknown[], value: unknown, context: EvaluationContext, path: string): boolean {
  context.charge(array.length, path);
  if (typeof value === "string" && value.length > LONG_STRING) return holdsLongString(array, value, context, path);
  return array.indexOf(value) !== -1;
}

/**
 * `array.includes(value)` (SameValueZero: NaN is found) for a short list whose elements the
 * caller has already charged; only the comparisons of a long string are charged here.
 */
export function includesSameValue(array: readonly unknown[], value: unknown, context: EvaluationContext, path: string): boolean {
  if (typeof value === "string" && value.length > LONG_STRING) return holdsLongString(array, value, context, path);
  return array.includes(value);
}

/**
 * The members of a list, hashed once for many lookups (SameValueZero, as a Set). Long strings are
 * kept apart and scanned (see above).
 */
export class Members {
  private readonly hashed = new Set<unknown>();
  private readonly long: string[] = [];

  constructor(values: readonly unknown[]) {
    for (const value of values) {
      if (typeof value === "string" && value.length > LONG_STRING) this.long.push(value);
      else this.hashed.add(value);
    }
  }

  has(value: unknown, context: EvaluationContext, path: string): boolean {
    if (typeof value === "string" && value.length > LONG_STRING) {
      context.charge(this.long.length, path);
      return holdsLongString(this.long, value, context, path);
    }
    return this.hashed.has(value);
  }
}

/**
 * The members of a known list for `in`, or undefined when a Set would not give indexOf's answers:
 * objects (compared by identity with a fresh copy of the list in json-logic-js) and NaN (never
 * found by indexOf).
 */
export function membersOf(values: readonly unknown[]): Members | undefined {
  for (const value of values) {
    if ((typeof value === "object" && value !== null) || Number.isNaN(value)) return undefined;
  }
  return new Members(values);
}
