import { parseDuration } from "../../time/duration.js";
import { DAY_MS } from "../aggregates/utc-day.js";

export type WindowDays = { ok: true; days: number } | { ok: false; reason: string };

/**
 * A behavioural window as a number of UTC days: any duration ("30d", "2w", "36h", "P45D", ms),
 * rounded up to whole days. A window of N days is today and the N − 1 days before it.
 */
export function parseWindowDays(value: unknown, horizonDays: number): WindowDays {
  const parsed = parseDuration(value);
  if (!parsed.ok) return parsed;
  if (parsed.milliseconds <= 0) return { ok: false, reason: "a window must be longer than 0" };
  const days = Math.ceil(parsed.milliseconds / DAY_MS);
  if (days > horizonDays) {
    return { ok: false, reason: `window ${JSON.stringify(value)} spans ${days} days, longer than the ${horizonDays}-day retention horizon of the aggregates (see horizonDays)` };
  }
  return { ok: true, days };
}
