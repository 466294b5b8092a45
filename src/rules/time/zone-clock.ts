import { TZDateMini } from "@date-fns/tz/date/mini";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

// Asking Intl for a zone's offset costs microseconds; an offset changes at most once in an hour,
// so offsets are kept per zone and UTC hour (bounded: a stream of zones or hours cannot grow them).
const MAX_ZONES = 1_000;
const MAX_HOURS_PER_ZONE = 4_096;
const offsets = new Map<string, Map<number, number>>();

function offsetAt(at: number, zone: string): number {
  return -new TZDateMini(at, zone).getTimezoneOffset() * MINUTE;
}

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
export function zoneOffset(at: number, zone: string): number {
  const hour = Math.floor(at / HOUR);
  let hours = offsets.get(zone);
  const kept = hours?.get(hour);
  if (kept !== undefined) return kept;
  const offset = offsetAt(hour * HOUR, zone);
  // A change inside this hour (a DST transition): not kept, asked exactly.
  if (offsetAt(hour * HOUR + HOUR - 1, zone) !== offset) return offsetAt(at, zone);
  if (hours === undefined) {
    if (offsets.size >= MAX_ZONES) offsets.clear();
    hours = new Map();
    offsets.set(zone, hours);
  } else if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
  hours.set(hour, offset);
  return offset;
}

/** Minutes after local midnight (0–1439) by the zone's wall clock at an instant. */
export function localMinuteOfDay(at: number, zone: string): number {
  const local = at + zoneOffset(at, zone);
  return Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
}

/** Wall-clock hour (0–23) of an instant in a valid zone. */
export function localHour(at: number, zone: string): number {
  return Math.floor(localMinuteOfDay(at, zone) / 60);
}

/** Day of the week (0 = Sunday … 6 = Saturday) of an instant in a valid zone; the epoch was a Thursday. */
export function localDayOfWeek(at: number, zone: string): number {
  return (((Math.floor((at + zoneOffset(at, zone)) / DAY) + 4) % 7) + 7) % 7;
}
