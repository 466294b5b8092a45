/**
 * Instants near both ends of the Date range (±8.64e15 ms) and in the middle, zones with extreme
 * offsets, and a reference for local calendar fields there that does not share src's arithmetic:
 * the Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks), so a wall
 * time beyond the Date range is shifted by whole cycles into it and read with Date.
 */
import fc from "fast-check";
import { intlTimeZones, pinnedTimeZones, type TimeZoneProvider } from "../../src/time-zones/index.js";

export const MAX_EPOCH_MS = 8.64e15;
const DAY = 86_400_000;
const CYCLE_DAYS = 146_097;

/** Fixed offsets at the ends of the offset range, and IANA zones at the ends of the real ones (no DST: one offset near each edge). */
export const EXTREME_ZONES = ["+14:00", "-12:00", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"] as const;

export const PROVIDERS: readonly (readonly [string, TimeZoneProvider])[] = [
  ["intlTimeZones", intlTimeZones],
  ["pinnedTimeZones", pinnedTimeZones],
];

export type Region = "end" | "start" | "middle";
export const MIDDLE = Date.parse("2026-01-01T00:00:00Z");

/** An instant of the region `distance` ms inside it (clamped to the Date range): the edges themselves at distance 0. */
export function instantIn(region: Region, distance: number): number {
  if (region === "end") return MAX_EPOCH_MS - distance;
  if (region === "start") return -MAX_EPOCH_MS + distance;
  return MIDDLE + distance;
}

/** Distances from a region's edge: the edge itself, the first and last few hours and days, and anything within `maxDays`. */
export function distance(maxDays: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, 60_000, 3_600_000, 12 * 3_600_000 - 1, 14 * 3_600_000, DAY - 1, DAY, DAY + 1),
    fc.integer({ min: 0, max: 2 * DAY }),
    fc.integer({ min: 0, max: maxDays * DAY }),
  );
}

/** A zone's offset (ms east of UTC) at an instant, as the provider says (fixed offsets read here); past the Date range, the offset at its end. */
export function offsetOf(zone: string, at: number, provider: TimeZoneProvider): number {
  const fixed = /^([+-])(\d\d):(\d\d)$/.exec(zone);
  if (fixed !== null) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 3_600_000 + Number(fixed[3]) * 60_000);
  return provider.offsetAt(zone, Math.max(-MAX_EPOCH_MS, Math.min(MAX_EPOCH_MS, at)));
}

export interface ReferenceFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
  /** Local days since 1970-01-01. */
  readonly epochDay: number;
}

/** Local calendar fields of a wall time (epoch ms read as UTC), by Date after shifting whole 400-year cycles. */
export function referenceFields(wall: number): ReferenceFields {
  const epochDay = Math.floor(wall / DAY);
  const cycles = Math.floor(epochDay / CYCLE_DAYS);
  const date = new Date(wall - cycles * CYCLE_DAYS * DAY);
  return {
    year: date.getUTCFullYear() + 400 * cycles,
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
    weekday: date.getUTCDay(),
    epochDay,
  };
}

/** Which calendar day, week (starting on `weekStartsOn`) or month an instant falls in, in a zone: equal keys, same period. */
export function referencePeriodKey(unit: "day" | "week" | "month", weekStartsOn: number, zone: string, at: number, provider: TimeZoneProvider): number {
  const local = referenceFields(at + offsetOf(zone, at, provider));
  if (unit === "day") return local.epochDay;
  // 1970-01-01 was a Thursday (4).
  if (unit === "week") return Math.floor((local.epochDay + 4 - weekStartsOn) / 7);
  return local.year * 12 + local.month;
}
