import { TZDate } from "@date-fns/tz";

/**
 * The calendar day, week or month containing an instant, in a time zone: its first instant and the
 * first instant of the next one (local midnights; where DST skips midnight, the first instant of
 * that day). Weeks start on `weekStartsOn` (0 = Sunday).
 */
export function calendarPeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string): { start: number; next: number } {
  // The last period computed per zone and kind is kept: checks at nearby instants share it.
  const key = `${zone}|${unit}|${weekStartsOn}`;
  const kept = lastPeriods.get(key);
  if (kept !== undefined && kept.start <= at && at < kept.next) return kept;
  const period = computePeriod(at, unit, weekStartsOn, zone);
  if (lastPeriods.size >= 1_000) lastPeriods.clear();
  lastPeriods.set(key, period);
  return period;
}

const lastPeriods = new Map<string, { readonly start: number; readonly next: number }>();

function computePeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string): { start: number; next: number } {
  const start = new TZDate(at, zone);
  if (unit === "month") start.setDate(1);
  if (unit === "week") start.setDate(start.getDate() - ((start.getDay() - weekStartsOn + 7) % 7));
  start.setHours(0, 0, 0, 0);
  const next = new TZDate(start.getTime(), zone);
  if (unit === "day") next.setDate(next.getDate() + 1);
  else if (unit === "week") next.setDate(next.getDate() + 7);
  else next.setMonth(next.getMonth() + 1, 1);
  next.setHours(0, 0, 0, 0);
  return Object.freeze({ start: start.getTime(), next: next.getTime() });
}
