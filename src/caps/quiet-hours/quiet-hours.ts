import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import type { CompiledQuietHours } from "../policy/cap-policy-model.js";

const MINUTE = 60_000;

/**
 * Whether an instant falls in the quiet period, by the local wall clock of `zone` (offsets from
 * `timeZones`, default `intlTimeZones`). True when the provider has no offset for it (NaN): a
 * local time that cannot be known may be night.
 *
 * @example
 * const [quiet] = compileCapPolicy({ quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "08:00" }] }).quietHours;
 * isQuiet(quiet, Date.parse("2026-11-23T06:30:00Z"), "Europe/Paris"); // → true (07:30 in Paris)
 */
export function isQuiet(quiet: CompiledQuietHours, at: number, zone: string, timeZones?: TimeZoneProvider): boolean {
  return quietAt(quiet, at, zone, zoneClock(timeZoneProviderOption(timeZones)));
}

function quietAt(quiet: CompiledQuietHours, at: number, zone: string, zones: ZoneClock): boolean {
  const minute = zones.localMinuteOfDay(at, zone);
  // No local time (a provider without an offset for this instant): it may be night there.
  if (Number.isNaN(minute)) return true;
  return quiet.from < quiet.to ? minute >= quiet.from && minute < quiet.to : minute >= quiet.from || minute < quiet.to;
}

/**
 * The first instant at or after `at` outside the quiet period (exact to the millisecond, across DST
 * changes). While the zone's offset holds, the wall clock runs evenly and the period ends when it
 * reaches `to`. A DST change before then moves the wall clock: the period may end at the change
 * itself (clocks going back to before `from`), or the clock reaches `to` sooner (clocks going
 * forward) or later after it. NaN when the provider has no offset for the zone at `at` (then the
 * local time is unknown, `isQuiet` is true and no end is known).
 *
 * @example
 * const [quiet] = compileCapPolicy({ quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "08:00" }] }).quietHours;
 * new Date(quietEnd(quiet, Date.parse("2026-11-23T06:30:00Z"), "Europe/Paris")).toISOString(); // → "2026-11-23T07:00:00.000Z"
 */
export function quietEnd(quiet: CompiledQuietHours, at: number, zone: string, timeZones?: TimeZoneProvider): number {
  const zones = zoneClock(timeZoneProviderOption(timeZones));
  if (!quietAt(quiet, at, zone, zones)) return at;
  if (Number.isNaN(zones.offset(at, zone))) return Number.NaN; // no local time: no end known
  const end = wallClockReaches(quiet.to, at, zone, zones);
  const change = offsetChange(at, end, zone, zones);
  if (change === undefined) return end;
  if (!quietAt(quiet, change, zone, zones)) return change;
  let after = wallClockReaches(quiet.to, change, zone, zones);
  // Only a second DST change within a day could make this quiet; no zone has one.
  for (let step = 0; quietAt(quiet, after, zone, zones) && step < 1440; step++) after += MINUTE;
  return after;
}

/** The start of the next minute (after `from`) whose local minute of the day is `minute`, if the offset at `from` held. */
function wallClockReaches(minute: number, from: number, zone: string, zones: ZoneClock): number {
  const until = (minute - zones.localMinuteOfDay(from, zone) + 1440) % 1440 || 1440;
  return from - (((from % MINUTE) + MINUTE) % MINUTE) + until * MINUTE;
}

/** The first instant in (from, to] with a different zone offset than `from`'s, if any (bisection: at most one change fits in a day). */
function offsetChange(from: number, to: number, zone: string, zones: ZoneClock): number | undefined {
  const before = zones.offset(from, zone);
  if (zones.offset(to, zone) === before) return undefined;
  let low = from;
  let high = to;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zones.offset(middle, zone) === before) low = middle;
    else high = middle;
  }
  return high;
}
