/**
 * What a time zone name may look like before any provider sees it: an IANA name ("Europe/Paris",
 * "America/Argentina/Buenos_Aires", "EST5EDT", "Etc/GMT+5", "UTC") or a fixed offset ("+05:30",
 * "-0800"). Names like "__proto__" are refused here, so no provider or cache keyed by name ever
 * meets one.
 */

const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+){0,3}$/;
const FIXED_OFFSET = /^([+-])([01]\d|2[0-3]):?([0-5]\d)$/;
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const MAX_LENGTH = 64;

/** Whether a value has the shape of an IANA zone name (not whether any provider knows it). */
export function isIanaZoneShape(zone: unknown): zone is string {
  return typeof zone === "string" && zone.length > 0 && zone.length <= MAX_LENGTH && IANA_SHAPE.test(zone) && !FORBIDDEN_NAMES.has(zone);
}

/** The offset of a fixed-offset zone ("+05:30" → 19,800,000 ms), or undefined for anything else. */
export function fixedOffsetOf(zone: string): number | undefined {
  if (zone.length > 6) return undefined;
  const match = FIXED_OFFSET.exec(zone);
  if (match === null) return undefined;
  const [, sign, hours, minutes] = match;
  const magnitude = Number(hours) * 3_600_000 + Number(minutes) * 60_000;
  return sign === "-" && magnitude !== 0 ? -magnitude : magnitude;
}

/** Whether a value is a time zone name of either shape (IANA or fixed offset); a provider still has to know an IANA one. */
export function isTimeZoneShape(zone: unknown): zone is string {
  return isIanaZoneShape(zone) || (typeof zone === "string" && fixedOffsetOf(zone) !== undefined);
}
