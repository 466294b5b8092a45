/**
 * Local calendar fields and calendar periods for instants near both ends of the Date range
 * (±8.64e15 ms), where a zone's local wall time lies beyond it (regression: `wallClock` read it with
 * `new Date`, so every field was NaN within about a day of either end, calendar periods were
 * `{ start: NaN, next: NaN }` and calendar caps counted nothing). Every place that turns an instant
 * and a zone into local fields, or local fields back into an instant, is checked against a
 * reference that does not share src's arithmetic (test/support/edge-of-time.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarPeriod } from "../../src/caps/index.js";
import { compileRule } from "../../src/rules/index.js";
import { localDay, localTime } from "../../src/testing/local-day.js";
import { pinnedZoneNames } from "../../src/time-zones/index.js";
import { wallClock, wallTimeOf, zoneClock } from "../../src/time-zones/zone-clock.js";
import { distance, EXTREME_ZONES, instantIn, MAX_EPOCH_MS, offsetOf, PROVIDERS, referenceFields, referencePeriodKey, type Region } from "../support/edge-of-time.js";

const SEED = 20261207;
const region = fc.constantFrom<Region>("end", "start", "middle");
const at = fc.tuple(region, distance(40)).map(([where, by]) => instantIn(where, by));
const provider = fc.constantFrom(...PROVIDERS);
const zone = fc.constantFrom(...EXTREME_ZONES);
const unit = fc.constantFrom("day" as const, "week" as const, "month" as const);
const pad = (value: number, length = 2): string => String(value).padStart(length, "0");

describe("local fields near both ends of the Date range, in zones 12 hours west to 14 hours east, with both providers", () => {
  it("wallClock, localHour, localDayOfWeek, localMinuteOfDay, the rules' local_hour / local_day_of_week and the testing kit's local days are the reference's (property)", () => {
    fc.assert(
      fc.property(provider, zone, at, ([, timeZones], tz, instant) => {
        const clock = zoneClock(timeZones);
        const expected = referenceFields(instant + offsetOf(tz, instant, timeZones));
        const { epochDay: _day, ...fields } = expected;
        expect(wallClock(clock, instant, tz)).toEqual(fields);
        expect(clock.localHour(instant, tz)).toBe(expected.hour);
        expect(clock.localDayOfWeek(instant, tz)).toBe(expected.weekday);
        expect(clock.localMinuteOfDay(instant, tz)).toBe(expected.hour * 60 + expected.minute);
        expect(compileRule({ local_hour: [tz, { var: "at" }] }, { timeZones })({ at: instant })).toBe(expected.hour);
        expect(compileRule({ local_day_of_week: [tz, { var: "at" }] }, { timeZones })({ at: instant })).toBe(expected.weekday);
        expect(localDay(instant, tz, clock)).toBe(`${pad(expected.year, 4)}-${pad(expected.month)}-${pad(expected.day)}`);
        expect(localTime(instant, tz, clock)).toBe(`${pad(expected.hour)}:${pad(expected.minute)}:${pad(expected.second)}`);
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it("local wall time → instant gives the instant back: instantOf(wallTimeOf(wallClock(at))) = at (property)", () => {
    fc.assert(
      fc.property(provider, zone, at, ([, timeZones], tz, instant) => {
        const clock = zoneClock(timeZones);
        const local = wallClock(clock, instant, tz);
        expect(clock.instantOf(wallTimeOf(local.year, local.month, local.day, local.hour, local.minute, local.second, local.millisecond), tz)).toBe(instant);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it("the examples of the review: the day of 8.64e15 − 1 s in Kiritimati and of −8.64e15 + 3 h in −12:00", () => {
    for (const [, timeZones] of PROVIDERS) {
      expect(wallClock(zoneClock(timeZones), MAX_EPOCH_MS - 1000, "Pacific/Kiritimati")).toEqual({ year: 275_760, month: 9, day: 13, hour: 13, minute: 59, second: 59, millisecond: 0, weekday: 6 });
      expect(wallClock(zoneClock(timeZones), -MAX_EPOCH_MS + 3 * 3_600_000, "-12:00")).toEqual({ year: -271_821, month: 4, day: 19, hour: 15, minute: 0, second: 0, millisecond: 0, weekday: 1 });
    }
  });
});

describe("calendar periods are total", () => {
  it("near both ends of the range and in the middle: the local day, week or month containing the instant, bounds past the range included (property)", () => {
    fc.assert(
      fc.property(provider, zone, at, unit, fc.integer({ min: 0, max: 6 }), ([, timeZones], tz, instant, kind, weekStartsOn) => {
        const { start, next } = calendarPeriod(instant, kind, weekStartsOn, tz, timeZones);
        expect(Number.isFinite(start) && Number.isFinite(next)).toBe(true);
        expect(start <= instant && instant < next).toBe(true);
        // The first instant of the instant's period, and the first of the next one (also past the range).
        const keyAt = (moment: number) => referencePeriodKey(kind, weekStartsOn, tz, moment, timeZones);
        const key = keyAt(instant);
        expect(keyAt(start)).toBe(key);
        expect(keyAt(start - 1)).not.toBe(key);
        expect(keyAt(next - 1)).toBe(key);
        expect(keyAt(next)).not.toBe(key);
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it("for every zone of the tz database, anywhere in the Date range: finite bounds around the instant (property)", () => {
    const anywhere = fc.oneof(fc.integer({ min: -MAX_EPOCH_MS, max: MAX_EPOCH_MS }), at);
    fc.assert(
      fc.property(provider, fc.constantFrom(...pinnedZoneNames()), anywhere, unit, ([, timeZones], tz, instant, kind) => {
        const { start, next } = calendarPeriod(instant, kind, 1, tz, timeZones);
        expect(Number.isFinite(start) && Number.isFinite(next), `${tz} ${instant}`).toBe(true);
        expect(start <= instant && instant < next, `${tz} ${instant}: ${start}–${next}`).toBe(true);
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });
});
