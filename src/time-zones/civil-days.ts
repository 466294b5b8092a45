/**
 * Proleptic Gregorian dates ↔ days since 1970-01-01, by Howard Hinnant's `days_from_civil` and
 * `civil_from_days` (https://howardhinnant.github.io/date_algorithms.html): integer arithmetic only
 * (+ − × and floored division, exact in doubles far beyond the Date range), so the same on every
 * runtime, and total. `Date` is not used because it stops at ±8.64e15 ms: a local wall time a few
 * hours past that edge (an instant near it, plus a zone's offset) is an Invalid Date whose fields
 * are all NaN, and a calendar period computed from NaN contains nothing.
 */

/** Days in a 400-year Gregorian cycle (which is also a whole number of weeks). */
const DAYS_PER_ERA = 146_097;
/** Days from 0000-03-01 (the start of Hinnant's era 0) to 1970-01-01. */
const EPOCH_SHIFT = 719_468;

/** A calendar date: `month` is 1–12, `day` 1–31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Days from 1970-01-01 to a date (negative before it). Months out of 1–12 and days out of the month
 * roll over as in `Date.UTC` (month 13 is January of the next year, day 0 the last day of the
 * month before), but years 0–99 are years 0–99, and nothing is clipped to the Date range.
 *
 * @example
 * daysFromCivil(1970, 1, 1); // → 0
 * daysFromCivil(2026, 11, 23); // → 20780
 * daysFromCivil(275760, 9, 14); // → 100000001 (the first day after the Date range)
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Years start in March, so that February (and its leap day) is the last month of one.
  const marchYear = year + Math.floor((month - 3) / 12);
  const fromMarch = month - 3 - Math.floor((month - 3) / 12) * 12; // 0–11 (March … February)
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400; // 0–399
  // Day of the era of the month's first day (0–146096), then from the epoch.
  return era * DAYS_PER_ERA + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + Math.floor((153 * fromMarch + 2) / 5) - EPOCH_SHIFT + day - 1;
}

/**
 * The date `days` days after 1970-01-01 (before it when negative); `days` is a whole number.
 *
 * @example
 * civilFromDays(0); // → { year: 1970, month: 1, day: 1 }
 * civilFromDays(-100000001); // → { year: -271821, month: 4, day: 19 } (the day before the Date range)
 */
export function civilFromDays(days: number): CivilDate {
  const shifted = days + EPOCH_SHIFT;
  const era = Math.floor(shifted / DAYS_PER_ERA);
  const dayOfEra = shifted - era * DAYS_PER_ERA; // 0–146096
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365); // 0–399
  const dayOfYear = dayOfEra - 365 * yearOfEra - Math.floor(yearOfEra / 4) + Math.floor(yearOfEra / 100); // 0–365, from March 1
  const fromMarch = Math.floor((5 * dayOfYear + 2) / 153); // 0–11
  return { year: yearOfEra + era * 400 + (fromMarch > 9 ? 1 : 0), month: fromMarch < 10 ? fromMarch + 3 : fromMarch - 9, day: dayOfYear - Math.floor((153 * fromMarch + 2) / 5) + 1 };
}
