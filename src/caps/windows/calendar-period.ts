import { TZDate } from "@date-fns/tz";

/**
 * The calendar day, week or month containing an instant, in a time zone: its first instant and the
 * first instant of the next one (local midnights; where DST skips midnight, the first instant of
 * that day). Weeks start on `weekStartsOn` (0 = Sunday).
 */
export function calendarPeriod(at: number, unit: "day" | "week" | "month", weekStartsOn: number, zone: string): { start: number; next: number } {
  const start = new TZDate(at, zone);
  if (unit === "month") start.setDate(1);
  if (unit === "week") start.setDate(start.getDate() - ((start.getDay() - weekStartsOn + 7) % 7));
  start.setHours(0, 0, 0, 0);
  const next = new TZDate(start.getTime(), zone);
  if (unit === "day") next.setDate(next.getDate() + 1);
  else if (unit === "week") next.setDate(next.getDate() + 7);
  else next.setMonth(next.getMonth() + 1, 1);
  next.setHours(0, 0, 0, 0);
  return { start: start.getTime(), next: next.getTime() };
}
