import { localMinuteOfDay } from "../windows/zone-clock.js";
import type { CompiledQuietHours } from "../policy/compile-cap-policy.js";

const MINUTE = 60_000;

/** Whether an instant falls in the quiet period, by the local wall clock of `zone`. */
export function isQuiet(quiet: CompiledQuietHours, at: number, zone: string): boolean {
  const minute = localMinuteOfDay(at, zone);
  return quiet.from < quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

/**
 * The first instant at or after `at` outside the quiet period (exact to the millisecond, across DST
 * changes). The wall clock says roughly when `to` comes; a DST change can move that by an hour or so,
 * so the estimate is corrected by stepping, then the boundary is found by bisection.
 */
export function quietEnd(quiet: CompiledQuietHours, at: number, zone: string): number {
  if (!isQuiet(quiet, at, zone)) return at;
  const minute = localMinuteOfDay(at, zone);
  const untilTo = (quiet.to - minute + 1440) % 1440 || 1440;
  let outside = at - (((at % MINUTE) + MINUTE) % MINUTE) + untilTo * MINUTE;
  for (let step = 0; isQuiet(quiet, outside, zone) && step < 300; step++) outside += MINUTE;
  // The last quiet instant before `outside`: at most a DST shift earlier than the estimate.
  let inside = Math.max(at, outside - 3 * 60 * MINUTE);
  while (!isQuiet(quiet, inside, zone) && inside > at) inside = Math.max(at, inside - 60 * MINUTE);
  while (outside - inside > 1) {
    const middle = Math.floor((inside + outside) / 2);
    if (isQuiet(quiet, middle, zone)) inside = middle;
    else outside = middle;
  }
  return outside;
}
