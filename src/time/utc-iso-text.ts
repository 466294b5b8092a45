import { civilFromDays } from "../time-zones/civil-days.js";

const DAY_MS = 86_400_000;

const twoDigits = (n: number): string => (n < 10 ? "0" + n : "" + n);

/**
 * Epoch ms inside the Date range (±8.64e15) as ISO 8601 text in UTC, exactly as `Date#toISOString`
 * writes it (years outside 0–9999 as a sign and six digits), from integer arithmetic alone
 * (`civilFromDays`): three times faster than building a Date, and verdict details write several
 * instants per decision.
 *
 * @example
 * utcIsoText(0); // "1970-01-01T00:00:00.000Z"
 * utcIsoText(-62198755200000); // "-000001-01-01T00:00:00.000Z"
 */
export function utcIsoText(epochMs: number): string {
  const ms = Math.trunc(epochMs); // a Date's time value (TimeClip) drops the fraction toward zero
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  const millis = rest - seconds * 1_000;
  const yearText = year >= 0 && year <= 9_999 ? String(year).padStart(4, "0") : (year < 0 ? "-" : "+") + String(Math.abs(year)).padStart(6, "0");
  return `${yearText}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${String(millis).padStart(3, "0")}Z`;
}
