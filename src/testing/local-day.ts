import { TZDateMini } from "@date-fns/tz/date/mini";
import { isValidTimeZone } from "../rules/time/time-zone.js";
import { isPlainObject } from "../rules/rule-shape.js";

/** The zone the engine reads a user's calendar in: their valid `timeZone`, else the config's. */
export function zoneOf(user: unknown, fallback: string): string {
  const zone = isPlainObject(user) && Object.hasOwn(user, "timeZone") ? user.timeZone : undefined;
  return isValidTimeZone(zone) ? zone : fallback;
}

/** The local calendar date of an instant in a zone, "YYYY-MM-DD" (DST-correct). */
export function localDay(at: number, zone: string): string {
  const date = new TZDateMini(at, zone);
  return `${String(date.getFullYear()).padStart(4, "0")}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** The local wall-clock time of an instant, "HH:MM:SS". */
export function localTime(at: number, zone: string): string {
  const date = new TZDateMini(at, zone);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, "0")).join(":");
}
