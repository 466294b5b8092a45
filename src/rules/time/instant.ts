import { toEpochMilliseconds } from "./timestamp.js";

/** An instant given by the caller (epoch ms, ISO 8601 with offset, or a Date) as epoch ms. */
export type Instant = number | string | Date;

/** @throws TypeError when `now` is not a valid instant: it is an argument, not data. */
export function instantOf(now: Instant, what = "now"): number {
  const epoch = now instanceof Date ? toEpochMilliseconds(now.getTime()) : toEpochMilliseconds(now);
  if (epoch === undefined) throw new TypeError(`${what} must be epoch milliseconds, an ISO 8601 instant with an offset or a valid Date, got ${String(now)}`);
  return epoch;
}

/** An instant as ISO 8601 in UTC, for the human-readable details of verdicts. */
export const isoInstant = (at: number): string => new Date(at).toISOString();
