/**
 * Instants in rules and data: epoch milliseconds, or ISO 8601 strings that say their offset.
 *
 * A date-time without an offset ("2026-03-29T02:30:00") means a different instant on every machine,
 * so it is rejected rather than read in the local zone (Date.parse and date-fns parseISO both read
 * it in the local zone, and Date.parse accepts other formats differently per engine). Date-only
 * strings ("2026-03-29") mean UTC midnight, as in ECMAScript. Years beyond 0000–9999 are written
 * with six digits and a sign ("+275760-09-13T00:00:00Z", what `toISOString` writes for them).
 */

// Years of four digits, or of six with a sign as ECMAScript writes them ("+275760", "-000001").
const ISO_INSTANT =
  /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?))?$/;

/** The ECMAScript Date range: ±100,000,000 days around the epoch (what `new Date(ms)` can hold). */
export const MAX_EPOCH_MS = 8.64e15;

/** The latest instant an event may have: 9999-12-31T23:59:59.999Z (four-digit years, like ISO 8601). */
export const LATEST_EVENT_TIME = 253_402_300_799_999;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC reads years 0–99 as 1900–1999; set the year explicitly instead.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

/** Epoch milliseconds of an ISO 8601 string with offset (or a date), or undefined when it is not one. */
export function parseIsoInstant(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  if (y === "-000000") return undefined; // ECMAScript: year zero is +000000
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (h === undefined) return utcMilliseconds(year, month, day, 0, 0, 0, 0);
  if (zulu === undefined && sign === undefined) return undefined; // a local time: ambiguous
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  let offset = 0;
  if (sign !== undefined) {
    const oh = Number(offsetHours);
    const om = offsetMinutes === undefined ? 0 : Number(offsetMinutes);
    if (oh > 23 || om > 59) return undefined;
    offset = (sign === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const instant = utcMilliseconds(year, month, day, hour, minute, second, ms) - offset;
  return Math.abs(instant) <= MAX_EPOCH_MS ? instant : undefined;
}

/** Epoch milliseconds of a timestamp value (number of ms, or ISO string with offset), or undefined. */
export function toEpochMilliseconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS ? value : undefined;
  if (typeof value === "string") return parseIsoInstant(value);
  return undefined;
}
