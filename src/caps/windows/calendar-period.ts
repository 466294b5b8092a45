import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { civilFromDays, daysFromCivil } from "../../time-zones/civil-days.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";

type Period = { readonly start: number; readonly next: number };

const DAY = 86_400_000;

/**
 * The calendar day, week or month containing an instant, in a time zone: its first instant and the
 * first instant of the next one (local midnights; where DST skips midnight, the first instant of
 * that day). Weeks start on `weekStartsOn` (0 = Sunday). Offsets come from `timeZones` (default
 * `intlTimeZones`). Total over the Date range: near its ends a bound may lie past it, and is still a
 * number that compares (the day after the last one starts after 8.64e15).
 *
 * @example
 * calendarPeriod(Date.parse("2026-11-23T12:00:00Z"), "day", 1, "Europe/Paris");
 * // → { start: 1795388400000, next: 1795474800000 } (2026-11-22T23:00Z and 2026-11-23T23:00Z)
 */
export function calendarPeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string, timeZones?: TimeZoneProvider): { readonly start: number; readonly next: number } {
  const zones = zoneClock(timeZoneProviderOption(timeZones));
  // The last few periods computed per provider, zone and kind are kept: checks at nearby instants
  // (and a retryAt search that crosses into the next period) share them.
  let byZone = recentPeriods.get(zones);
  if (byZone === undefined) recentPeriods.set(zones, (byZone = new Map()));
  let byKind = byZone.get(zone);
  if (byKind === undefined) {
    if (byZone.size >= 1_000) byZone.clear();
    byKind = new Map();
    byZone.set(zone, byKind);
  }
  const kind = unit === "week" ? weekStartsOn : unit === "day" ? 7 : 8;
  let kept = byKind.get(kind);
  if (kept !== undefined) {
    for (const period of kept) if (period.start <= at && at < period.next) return period;
  } else {
    kept = [];
    byKind.set(kind, kept);
  }
  const period = computePeriod(at, unit, weekStartsOn, zone, zones);
  if (kept.length >= 4) kept.shift();
  kept.push(period);
  return period;
}

/** Per zone clock (so per provider), per zone, per kind (0–6: weeks starting that day, 7: days, 8: months), the last few periods. */
const recentPeriods = new WeakMap<ZoneClock, Map<string, Map<number, Period[]>>>();

function computePeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string, zones: ZoneClock): Period {
  // Local days since 1970-01-01 (which was a Thursday), without Date: near the ends of the Date
  // range a local day may lie past it, and its bounds must still be numbers that compare.
  const day = Math.floor(zones.wallTime(at, zone) / DAY);
  let first = day;
  let next = day + 1;
  if (unit === "week") {
    first = day - ((((day + 4 - weekStartsOn) % 7) + 7) % 7);
    next = first + 7;
  } else if (unit === "month") {
    const { year, month } = civilFromDays(day);
    first = daysFromCivil(year, month, 1);
    next = daysFromCivil(year, month + 1, 1);
  }
  return Object.freeze({ start: zones.instantOf(first * DAY, zone), next: zones.instantOf(next * DAY, zone) });
}
