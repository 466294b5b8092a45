import { civilFromDays, daysFromCivil } from "./civil-days.js";
import { intlTimeZones } from "./intl-time-zones.js";
import type { TimeZoneProvider } from "./time-zone-provider.js";
import { fixedOffsetOf, isIanaZoneShape } from "./zone-name.js";
import { MAX_EPOCH_MS } from "../time/timestamp.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

// Bounds of the per-provider caches: a stream of distinct zone names or hours cannot grow them.
const MAX_ZONES = 1_000;
const MAX_HOURS_PER_ZONE = 4_096;

/** A wall-clock date and time: what a local clock and calendar show. `month` is 1–12, `weekday` 0 (Sunday)–6. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
}

/**
 * All of nudgekit's time-zone arithmetic, on top of one `TimeZoneProvider` (which only says whether
 * a zone exists and what its offset is at an instant): so two providers give different answers only
 * where their offsets differ. A "wall time" is a local date and time written as epoch milliseconds
 * as if it were UTC (`wallTimeOf(year, month, day, hour, …)`, which is `Date.UTC` without its
 * clipping: within a day of either end of the Date range a wall time may lie past it, so nothing
 * here goes through `Date`).
 *
 * Local time → instant resolves DST changes by one rule, the one of RFC 5545, Temporal's
 * `"compatible"` disambiguation and `TZDate`: a wall time that happens twice (clocks going back) is
 * the earlier instant; a wall time that does not happen (clocks going forward) is read with the
 * offset in force before the change, so it lands as far after the change as it was after its start
 * (02:30 on a spring-forward night in New York is 03:30 EDT).
 *
 * Caches (offsets per zone and UTC hour, zone validity) are per clock, so per provider, and
 * bounded. Get the clock of a provider with `zoneClock(provider)`.
 */
export class ZoneClock {
  readonly #offsets = new Map<string, Map<number, number>>();
  readonly #validity = new Map<string, boolean>();

  constructor(readonly provider: TimeZoneProvider) {}

  /** Whether `zone` is a fixed offset ("+05:30") or an IANA name the provider knows. Never throws. */
  isValid(zone: unknown): zone is string {
    if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
    const cached = this.#validity.get(zone);
    if (cached !== undefined) return cached;
    let valid = fixedOffsetOf(zone) !== undefined;
    if (!valid && isIanaZoneShape(zone)) {
      try {
        valid = this.provider.isKnownZone(zone) === true;
      } catch {
        valid = false;
      }
    }
    if (this.#validity.size >= MAX_ZONES) this.#validity.clear();
    this.#validity.set(zone, valid);
    return valid;
  }

  /**
   * The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset), for a valid
   * zone. NaN for a NaN instant; instants beyond the Date range get the offset at its edge.
   */
  offset(at: number, zone: string): number {
    const fixed = fixedOffsetOf(zone);
    if (fixed !== undefined) return fixed;
    if (Number.isNaN(at)) return Number.NaN;
    const clamped = at > MAX_EPOCH_MS ? MAX_EPOCH_MS : at < -MAX_EPOCH_MS ? -MAX_EPOCH_MS : at;
    const hour = Math.floor(clamped / HOUR);
    let hours = this.#offsets.get(zone);
    const kept = hours?.get(hour);
    if (kept !== undefined) return kept;
    const start = Math.max(hour * HOUR, -MAX_EPOCH_MS);
    const offset = this.#ask(zone, start);
    // A change inside this hour (a DST transition): not kept, asked exactly.
    if (this.#ask(zone, Math.min(hour * HOUR + HOUR - 1, MAX_EPOCH_MS)) !== offset) return this.#ask(zone, clamped);
    if (hours === undefined) {
      if (this.#offsets.size >= MAX_ZONES) this.#offsets.clear();
      hours = new Map();
      this.#offsets.set(zone, hours);
    } else if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
    hours.set(hour, offset);
    return offset;
  }

  #ask(zone: string, at: number): number {
    try {
      const offset = this.provider.offsetAt(zone, at);
      return typeof offset === "number" ? offset : Number.NaN;
    } catch {
      return Number.NaN;
    }
  }

  /** The wall time of an instant in a zone (the local date and time, as epoch ms read as UTC). */
  wallTime(at: number, zone: string): number {
    return at + this.offset(at, zone);
  }

  /** Minutes after local midnight (0–1439) by the zone's wall clock at an instant. */
  localMinuteOfDay(at: number, zone: string): number {
    const local = this.wallTime(at, zone);
    return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  }

  /** Wall-clock hour (0–23) of an instant. */
  localHour(at: number, zone: string): number {
    return Math.floor(this.localMinuteOfDay(at, zone) / 60);
  }

  /** Hour of the week (0 = Sunday 00:00–01:00 … 167 = Saturday 23:00–24:00) by the zone's wall clock at an instant. */
  localHourOfWeek(at: number, zone: string): number {
    const local = this.wallTime(at, zone);
    const day = Math.floor(local / DAY);
    return ((((day + 4) % 7) + 7) % 7) * 24 + Math.floor((local - day * DAY) / (60 * MINUTE));
  }

  /** Day of the week (0 = Sunday … 6 = Saturday) of an instant; the epoch was a Thursday. */
  localDayOfWeek(at: number, zone: string): number {
    return (((Math.floor(this.wallTime(at, zone) / DAY) + 4) % 7) + 7) % 7;
  }

  /**
   * The instant a local wall time names in a zone, by the rule in the class comment: the earlier
   * of two in an overlap, the wall time read with the offset before the change in a gap.
   */
  instantOf(wall: number, zone: string): number {
    const fixed = fixedOffsetOf(zone);
    if (fixed !== undefined) return wall - fixed;
    // The offsets a day either side bracket any change near this wall time (no zone changes twice in two days).
    const before = this.offset(wall - DAY, zone);
    const after = this.offset(wall + DAY, zone);
    const early = wall - before;
    if (before === after) return this.offset(early, zone) === before ? early : wall - this.offset(early, zone);
    const late = wall - after;
    const earlyHolds = this.offset(early, zone) === before;
    const lateHolds = this.offset(late, zone) === after;
    if (earlyHolds && lateHolds) return Math.min(early, late);
    if (earlyHolds) return early;
    if (lateHolds) return late;
    return early; // a gap: read with the offset before the change
  }
}

const clocks = new WeakMap<TimeZoneProvider, ZoneClock>();

/** The shared `ZoneClock` of a provider (default: `intlTimeZones`), with its caches. */
export function zoneClock(provider: TimeZoneProvider = intlTimeZones): ZoneClock {
  let clock = clocks.get(provider);
  if (clock === undefined) {
    clock = new ZoneClock(provider);
    clocks.set(provider, clock);
  }
  return clock;
}

/**
 * A wall time from its fields (month 1–12), for any year (Date.UTC reads years 0–99 as 1900–1999).
 * Fields out of range roll over as in Date.UTC, but nothing is clipped to the Date range: a local
 * midnight just past its edge (the end of the last calendar day in a zone east of UTC) is still a
 * number that compares correctly, not NaN.
 */
export function wallTimeOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return daysFromCivil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second * 1000 + millisecond;
}

/**
 * The local date and time of an instant in a zone, for every instant of the Date range in every
 * zone: computed without Date, since near the range's ends the local wall time may lie past it.
 * All fields are NaN only when the provider has no offset (NaN). A function rather than a
 * `ZoneClock` method, so that bundles that never need all the fields (the decide path) leave it out.
 *
 * @example
 * wallClock(zoneClock(), 8.64e15 - 1000, "+14:00");
 * // → { year: 275760, month: 9, day: 13, hour: 13, minute: 59, second: 59, millisecond: 0, weekday: 6 }
 */
export function wallClock(zones: ZoneClock, at: number, zone: string): WallClock {
  const wall = zones.wallTime(at, zone);
  const days = Math.floor(wall / DAY);
  const { year, month, day } = civilFromDays(days);
  const time = wall - days * DAY; // 0 ≤ time < DAY (fractional milliseconds are floored, as days are)
  return {
    year,
    month,
    day,
    hour: Math.floor(time / HOUR),
    minute: Math.floor((time % HOUR) / MINUTE),
    second: Math.floor((time % MINUTE) / 1000),
    millisecond: Math.floor(time % 1000),
    weekday: (((days + 4) % 7) + 7) % 7, // the epoch was a Thursday
  };
}
