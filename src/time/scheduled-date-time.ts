import { toEpochMilliseconds } from "./timestamp.js";

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/** A schedule's date-time: one instant (it has an offset), or a local wall-clock time (year, month 1–12, day, hour, minute, second) read in each user's zone. */
export type ScheduledDateTime = { readonly kind: "instant"; readonly at: number } | { readonly kind: "local"; readonly parts: readonly [number, number, number, number, number, number] };

/**
 * Reads an ISO 8601 date-time as campaigns' and journeys' schedules take it: with an offset it is
 * one instant; without, a wall-clock time in each user's zone. Null for a date that does not exist.
 *
 * @example
 * parseScheduledDateTime("2027-01-04T09:00Z"); // { kind: "instant", at: 1799053200000 }
 * parseScheduledDateTime("2027-01-04T09:00"); // { kind: "local", parts: [2027, 1, 4, 9, 0, 0] }
 */
export function parseScheduledDateTime(text: string): ScheduledDateTime | null {
  const at = toEpochMilliseconds(text);
  if (at !== undefined) return { kind: "instant", at };
  const match = LOCAL_DATE_TIME.exec(text);
  // The timestamp parser refuses a date-time without an offset; read as UTC it checks the date (no 30 February).
  if (match === null || /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) || toEpochMilliseconds(`${text}Z`) === undefined) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return { kind: "local", parts: [year!, month!, day!, hour!, minute!, Number.isNaN(second) ? 0 : second!] };
}
