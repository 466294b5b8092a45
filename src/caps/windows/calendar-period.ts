import { TZDateMini } from "@date-fns/tz/date/mini";

/**
 * The calendar day, week or month containing an instant, in a time zone: its first instant and the
 * first instant of the next one (local midnights; where DST skips midnight, the first instant of
 * that day). Weeks start on `weekStartsOn` (0 = Sunday).
 */
export function calendarPeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string): { start: number; next: number } {
  // The last few periods computed per zone and kind are kept: checks at nearby instants (and a
  // retryAt search that crosses into the next period) share them.
  let byKind = recentPeriods.get(zone);
  if (byKind === undefined) {
    if (recentPeriods.size >= 1_000) recentPeriods.clear();
    byKind = new Map();
    recentPeriods.set(zone, byKind);
  }
  const kind = unit === "week" ? weekStartsOn : unit === "day" ? 7 : 8;
  let kept = byKind.get(kind);
  if (kept !== undefined) {
    for (const period of kept) if (period.start <= at && at < period.next) return period;
  } else {
    kept = [];
    byKind.set(kind, kept);
  }
  const period = computePeriod(at, unit, weekStartsOn, zone);
  if (kept.length >= 4) kept.shift();
  kept.push(period);
  return period;
}

/** Per zone, per kind (0–6: weeks starting that day, 7: days, 8: months), the last few periods. */
const recentPeriods = new Map<string, Map<number, { readonly start: number; readonly next: number }[]>>();

function computePeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string): { start: number; next: number } {
  const start = new TZDateMini(at, zone);
  if (unit === "month") start.setDate(1);
  if (unit === "week") start.setDate(start.getDate() - ((start.getDay() - weekStartsOn + 7) % 7));
  start.setHours(0, 0, 0, 0);
  const next = new TZDateMini(start.getTime(), zone);
  if (unit === "day") next.setDate(next.getDate() + 1);
  else if (unit === "week") next.setDate(next.getDate() + 7);
  else next.setMonth(next.getMonth() + 1, 1);
  next.setHours(0, 0, 0, 0);
  return Object.freeze({ start: start.getTime(), next: next.getTime() });
}
