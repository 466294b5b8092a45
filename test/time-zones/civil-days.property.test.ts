/**
 * Dates ↔ days since the epoch without Date (src/time-zones/civil-days.ts): the same as Date inside
 * its range, and total beyond it, where a zone's local wall time lands near ±8.64e15 ms.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilFromDays, daysFromCivil } from "../../src/time-zones/civil-days.js";
import { wallTimeOf } from "../../src/time-zones/zone-clock.js";

const SEED = 20261207;
const DAY = 86_400_000;
/** Days of the Date range: ±100,000,000 around 1970-01-01. */
const RANGE_DAYS = 100_000_000;

describe("civil dates ↔ days since 1970-01-01", () => {
  it("agree with Date on every day of its range (property), and at both of its ends", () => {
    const days = fc.oneof(fc.integer({ min: -RANGE_DAYS, max: RANGE_DAYS }), fc.constantFrom(-RANGE_DAYS, RANGE_DAYS, 0, -1, 59, 60, -719_468, 11_016, 10_957));
    fc.assert(
      fc.property(days, (day) => {
        const date = new Date(day * DAY);
        expect(civilFromDays(day)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
        expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(day);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
    expect(civilFromDays(RANGE_DAYS)).toEqual({ year: 275_760, month: 9, day: 13 });
    expect(civilFromDays(-RANGE_DAYS)).toEqual({ year: -271_821, month: 4, day: 20 });
  });

  it("are inverse far beyond the Date range too (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -4 * RANGE_DAYS, max: 4 * RANGE_DAYS }), (day) => {
        const { year, month, day: dayOfMonth } = civilFromDays(day);
        expect(month >= 1 && month <= 12 && dayOfMonth >= 1 && dayOfMonth <= 31).toBe(true);
        expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    expect(civilFromDays(RANGE_DAYS + 1)).toEqual({ year: 275_760, month: 9, day: 14 });
    expect(civilFromDays(-RANGE_DAYS - 1)).toEqual({ year: -271_821, month: 4, day: 19 });
  });

  it("roll months and days over as Date.UTC does, and read years 0–99 as themselves (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 200_000 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -400, max: 400 }), (year, month, day) => {
        expect(daysFromCivil(year, month, day) * DAY).toBe(Date.UTC(year, month - 1, day));
      }),
      { seed: SEED, numRuns: 5_000 },
    );
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 1, 28);
    expect(daysFromCivil(50, 2, 28) * DAY).toBe(year50.getTime());
  });
});

describe("wallTimeOf", () => {
  it("is Date.UTC inside the Date range, and a number past it (regression: NaN past the edge)", () => {
    expect(wallTimeOf(2026, 11, 23, 12, 30, 15, 250)).toBe(Date.UTC(2026, 10, 23, 12, 30, 15, 250));
    expect(wallTimeOf(275_760, 9, 13)).toBe(8.64e15);
    // The end of the last day of the range, and midnight before its first: beyond it, still exact.
    expect(wallTimeOf(275_760, 9, 14)).toBe(8.64e15 + DAY);
    expect(wallTimeOf(275_760, 9, 13, 14)).toBe(8.64e15 + 14 * 3_600_000);
    expect(wallTimeOf(-271_821, 4, 19)).toBe(-8.64e15 - DAY);
    expect(wallTimeOf(275_760, 10, 1)).toBeGreaterThan(8.64e15);
  });
});
