/**
 * IANA time zones ("Europe/Paris", "America/New_York", "UTC") and fixed offsets ("+05:30").
 * A zone is checked once with Intl before any date library sees it: @date-fns/tz caches by zone name
 * in plain objects, where a name like "__proto__" from hostile data would hit Object.prototype.
 */

const ZONE_SHAPE = /^(?:[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+){0,3}|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** Bounded, so a stream of distinct bogus zone names cannot grow memory. */
const MAX_CACHED = 1_000;
const validity = new Map<string, boolean>();

export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  const cached = validity.get(zone);
  if (cached !== undefined) return cached;
  let valid = ZONE_SHAPE.test(zone) && !FORBIDDEN_NAMES.has(zone);
  if (valid && zone[0] !== "+" && zone[0] !== "-") {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      valid = false;
    }
  }
  if (validity.size >= MAX_CACHED) validity.clear();
  validity.set(zone, valid);
  return valid;
}
