/**
 * Durations in rules: milliseconds as a number, a compact string ("30d", "12h", "1h30m", "90s",
 * "500ms", "2w") or an ISO 8601 duration ("P30D", "PT12H", "P1DT12H", "P2W"). Months and years are
 * rejected: they have no fixed length, and a rolling window must mean the same span everywhere.
 */

const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  w: 604_800_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
});

const COMPACT = /^(?:\d+(?:\.\d+)?(?:ms|w|d|h|m|s))+$/;
const COMPACT_PART = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g;
const ISO = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const ISO_CALENDAR = /^P(?:\d+(?:\.\d+)?[YW])?(?:\d+(?:\.\d+)?M)/;

/**
 * The longest duration a config accepts: 730 days (two years, "730d", "P730D", "104w2d"), for every
 * duration field of a config (delays, inactivity, re-eligibility, cooldowns, rolling windows, caps,
 * the in-app cooldown). It is far longer than any of them needs (a yearly cap is "365d"; "once" and
 * lifetime caps say "ever"), and it keeps every instant computed
 * from a valid one (now + a delay, a send + an interval) far inside the Date range.
 */
export const MAX_DURATION_MS = 730 * 86_400_000;

/**
 * The text durations `parseDuration` reads, as one ECMA-262 pattern for JSON Schema (editors check
 * a config's durations as you type; the 730-day bound is in the schema's `maximum` for numbers and
 * its description for text). Compact units are lower case; ISO 8601 letters either case.
 */
export const DURATION_TEXT_PATTERN =
  "^\\s*(?:(?:\\d+(?:\\.\\d+)?(?:ms|w|d|h|m|s))+|[Pp](?=.)(?:\\d+(?:\\.\\d+)?[Ww])?(?:\\d+(?:\\.\\d+)?[Dd])?(?:[Tt](?=\\d)(?:\\d+(?:\\.\\d+)?[Hh])?(?:\\d+(?:\\.\\d+)?[Mm])?(?:\\d+(?:\\.\\d+)?[Ss])?)?)\\s*$";

export type DurationParse = { ok: true; milliseconds: number } | { ok: false; reason: string };

export function parseDuration(value: unknown): DurationParse {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0
      ? { ok: true, milliseconds: value }
      : { ok: false, reason: `a duration in milliseconds must be a finite number >= 0, got ${String(value)}` };
  }
  if (typeof value !== "string") return { ok: false, reason: "a duration must be a number of milliseconds or a string such as \"30d\" or \"PT12H\"" };
  const text = value.trim();
  if (text.length > 0 && text.length <= 64) {
    if (COMPACT.test(text)) {
      let total = 0;
      for (const [, amount, unit] of text.matchAll(COMPACT_PART)) total += Number(amount) * (UNIT_MS[unit as string] as number);
      return { ok: true, milliseconds: total };
    }
    const iso = ISO.exec(text.toUpperCase());
    if (iso !== null && text.length > 1 && !text.toUpperCase().endsWith("T")) {
      const [, weeks, days, hours, minutes, seconds] = iso;
      const total =
        Number(weeks ?? 0) * 604_800_000 +
        Number(days ?? 0) * 86_400_000 +
        Number(hours ?? 0) * 3_600_000 +
        Number(minutes ?? 0) * 60_000 +
        Number(seconds ?? 0) * 1_000;
      return { ok: true, milliseconds: total };
    }
    if (/^P/i.test(text) && (/Y/i.test(text) || ISO_CALENDAR.test(text.toUpperCase()))) {
      return { ok: false, reason: `duration ${JSON.stringify(value)} uses months or years, which have no fixed length; use days or weeks` };
    }
  }
  return { ok: false, reason: `${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)} is not a duration (examples: "30d", "12h", "1h30m", "P30D", "PT12H")` };
}

/**
 * A duration a schema already accepted, in milliseconds (NaN if it was not one, which a validated
 * config never gives): what compilers call after validation, instead of each unwrapping
 * `parseDuration` itself.
 */
export function validatedDuration(value: string | number): number {
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.milliseconds : Number.NaN;
}
