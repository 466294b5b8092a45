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

function isLong(value: unknown): value is string {
  return typeof value === "string" && value.length > LONG_STRING;
}

/** Whether `list` holds `text` (a long string), charging each comparison that reads characters. */
function holdsLong(list: readonly unknown[], text: string, context: EvaluationContext, path: string): boolean {
  for (const element of list) {
    if (typeof element === "string" && element.length === text.length) {
      context.charge(text.length, path);
      if (element === text) return true;
    }
  }
  return false;
}

/**
 * `list.indexOf(value) !== -1` (strict equality: NaN is never found), or `list.includes(value)`
 * (SameValueZero) when `sameValueZero`; only the comparisons of a long string are charged here.
 */
export function listHas(list: readonly unknown[], value: unknown, sameValueZero: boolean, context: EvaluationContext, path: string): boolean {
  if (isLong(value)) return holdsLong(list, value, context, path);
  return sameValueZero ? list.includes(value) : list.indexOf(value) !== -1;
}

/** Lists up to this long, built for one evaluation, are scanned rather than hashed (no Set to allocate). */
const SCAN_LIMIT = 16;

/**
 * The members of a list for lookups (SameValueZero, as `includes` and a Set): hashed, its long
 * strings kept apart and scanned (one unit per long string plus their comparisons, see above); a
 * short list read once (`once`) is scanned instead.
 */
export class Members {
  private readonly hashed: Set<unknown> | undefined;
  private readonly long: string[] = [];

  constructor(
    private readonly values: readonly unknown[],
    once = false,
  ) {
    if (once && values.length <= SCAN_LIMIT) return;
    this.hashed = new Set();
    for (const value of values) {
      if (isLong(value)) this.long.push(value);
      else this.hashed.add(value);
    }
  }

  /** The Set itself when the list holds no long string: lookups of short values have nothing to charge. */
  shortOnly(): ReadonlySet<unknown> | undefined {
    return this.long.length === 0 ? this.hashed : undefined;
  }

  has(value: unknown, context: EvaluationContext, path: string): boolean {
    if (this.hashed === undefined) return listHas(this.values, value, true, context, path);
    if (!isLong(value)) return this.hashed.has(value);
    context.charge(this.long.length, path);
    return holdsLong(this.long, value, context, path);
  }
}
