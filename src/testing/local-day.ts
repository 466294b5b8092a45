import { isPlainObject } from "../json/plain-object.js";
import { wallClock, type ZoneClock } from "../time-zones/zone-clock.js";

/** The zone the engine reads a user's calendar in: their `timeZone` when the provider knows it, else the config's. */
export function zoneOf(user: unknown, fallback: string, zones: ZoneClock): string {
  const zone = isPlainObject(user) && Object.hasOwn(user, "timeZone") ? user.timeZone : undefined;
  return zones.isValid(zone) ? zone : fallback;
}

const pad = (value: number, length = 2): string => String(value).padStart(length, "0");

/** The local calendar date of an instant in a zone, "YYYY-MM-DD" (DST-correct). */
export function localDay(at: number, zone: string, zones: ZoneClock): string {
  const local = wallClock(zones, at, zone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** The local wall-clock time of an instant, "HH:MM:SS". */
export function localTime(at: number, zone: string, zones: ZoneClock): string {
  const local = wallClock(zones, at, zone);
  return `${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
}
