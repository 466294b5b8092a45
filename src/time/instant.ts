import { MAX_EPOCH_MS, toEpochMilliseconds } from "./timestamp.js";
import { utcIsoText } from "./utc-iso-text.js";

/** An instant given by the caller (epoch ms, ISO 8601 with offset, or a Date) as epoch ms. */
export type Instant = number | string | Date;

/** A Date's time value, also for a Date from another realm (a vm context, an iframe), where `instanceof Date` is false; else undefined. */
function dateValue(value: object): number | undefined {
  try {
    // The [[DateValue]] slot is the brand: getTime throws for anything that is not a Date, whatever its prototype says.
    return Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
}

/**
 * `now` as epoch ms: a number or ISO 8601 text inside the Date range, or a valid Date (from any
 * realm).
 *
 * @throws TypeError when `now` is not a valid instant: it is an argument, not data.
 * @example
 * instantOf("2026-11-23T12:00:00Z"); // 1795435200000
 * instantOf(8.64e15 + 1); // throws TypeError: outside the Date range
 */
export function instantOf(now: Instant, what = "now"): number {
  const epoch = typeof now === "object" && now !== null ? toEpochMilliseconds(dateValue(now)) : toEpochMilliseconds(now);
  if (epoch === undefined) throw new TypeError(`${what} must be epoch milliseconds, an ISO 8601 instant with an offset or a valid Date, got ${String(now)}`);
  return epoch;
}

/**
 * Whether a value is an instant: a number of epoch ms inside the Date range (±8.64e15). History
 * and user data with any other time are malformed (and skipped).
 */
export const isInstant = (value: unknown): value is number => typeof value === "number" && value >= -MAX_EPOCH_MS && value <= MAX_EPOCH_MS;

/**
 * The instant `ms` after `at`, or null when it falls outside the Date range: that instant never
 * comes (a delay, a re-eligibility or an inactivity period that would end after the last instant a
 * Date can hold never ends).
 *
 * @example
 * instantAfter(0, 1_000); // 1000
 * instantAfter(8.64e15, 1); // null
 */
export function instantAfter(at: number, ms: number): number | null {
  const later = at + ms;
  return isInstant(later) ? later : null;
}

/**
 * An instant as ISO 8601 in UTC, for the human-readable details of verdicts. Total: a number
 * outside the Date range (or NaN) is written as epoch ms and said to be outside it, never thrown on.
 *
 * @example
 * isoInstant(0); // "1970-01-01T00:00:00.000Z"
 * isoInstant(1e300); // "epoch 1e+300 ms (outside the Date range)"
 */
export const isoInstant = (at: number): string => (isInstant(at) ? utcIsoText(at) : `epoch ${String(at)} ms (outside the Date range)`);
