import { localMinuteOfDay, zoneOffset } from "../../rules/time/zone-clock.js";
import type { CompiledQuietHours } from "../policy/compile-cap-policy.js";

const MINUTE = 60_000;

/** Whether an instant falls in the quiet period, by the local wall clock of `zone`. */
export function isQuiet(quiet: CompiledQuietHours, at: number, zone: string): boolean {
  const minute = localMinuteOfDay(at, zone);
  return quiet.from < quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

/**
 * The first instant at or after `at` outside the quiet period (exact to the millisecond, across DST
 * changes). While the zone's offset holds, the wall clock runs evenly and the period ends when it
 * reaches `to`. A DST change before then moves the wall clock: the period may end at the change
 * itself (clocks going back to before `from`), or the clock reaches `to` sooner (clocks going
 * forward) or later after it.
 */
export function quietEnd(quiet: CompiledQuietHours, at: number, zone: string): number {
  if (!isQuiet(quiet, at, zone)) return at;
  const end = wallClockReaches(quiet.to, at, zone);
  const change = offsetChange(at, end, zone);
  if (change === undefined) return end;
  if (!isQuiet(quiet, change, zone)) return change;
  let after = wallClockReaches(quiet.to, change, zone);
  // Only a second DST change within a day could make this quiet; no zone has one.
  for (let step = 0; isQuiet(quiet, after, zone) && step < 1440; step++) after += MINUTE;
  return after;
}

/** The start of the next minute (after `from`) whose local minute of the day is `minute`, if the offset at `from` held. */
function wallClockReaches(minute: number, from: number, zone: string): number {
  const until = (minute - localMinuteOfDay(from, zone) + 1440) % 1440 || 1440;
  return from - (((from % MINUTE) + MINUTE) % MINUTE) + until * MINUTE;
}

/** The first instant in (from, to] with a different zone offset than `from`'s, if any (bisection: at most one change fits in a day). */
function offsetChange(from: number, to: number, zone: string): number | undefined {
  const before = zoneOffset(from, zone);
  if (zoneOffset(to, zone) === before) return undefined;
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffset(middle, zone) === before) low = middle;
    else high = middle;
  }
  return high;
}
