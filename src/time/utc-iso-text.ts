const DAY_MS = 86_400_000;

const floor = Math.floor;
const twoDigits = (n: number): string => (n < 10 ? "0" + n : "" + n);

/**
 * Epoch ms inside the Date range (±8.64e15) as ISO 8601 text in UTC, exactly as `Date#toISOString` writes it
 * (years outside 0–9999 as a sign and six digits), from integer arithmetic alone: three times
 * faster than building a Date, and verdict details write several instants per decision. Days to a
 * civil date after Howard Hinnant's `civil_from_days`.
 *
 * @example
 * utcIsoText(0); // "1970-01-01T00:00:00.000Z"
 * utcIsoText(-62198755200000); // "-000001-01-01T00:00:00.000Z"
 */
export function utcIsoText(epochMs: number): string {
  const ms = Math.trunc(epochMs); // a Date's time value (TimeClip) drops the fraction toward zero
  const days = floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const shifted = days + 719_468; // days since 0000-03-01
  const era = floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = floor((dayOfEra - floor(dayOfEra / 1_460) + floor(dayOfEra / 36_524) - floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floor(yearOfEra / 4) - floor(yearOfEra / 100));
  const monthFromMarch = floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = floor(rest / 1_000);
  const millis = rest - seconds * 1_000;
  const yearText = year >= 0 && year <= 9_999 ? String(year).padStart(4, "0") : (year < 0 ? "-" : "+") + String(Math.abs(year)).padStart(6, "0");
  return `${yearText}-${twoDigits(month)}-${twoDigits(day)}T${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(seconds)}.${String(millis).padStart(3, "0")}Z`;
}
