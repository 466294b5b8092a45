import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The first instant after `from` at which the local clock in `zone` shows `minuteOfDay` (on one of
 * `weekdays`, 0 = Sunday, when given). DST-correct: a time that a spring-forward gap skips is read
 * with the offset before the change, one that a fall-back repeats is its earlier instant.
 */
export function nextLocalTime(from: number, minuteOfDay: number, weekdays: readonly number[] | null, zone: string, clock: ZoneClock = zoneClock()): number {
  const today = Math.floor(clock.wallTime(from, zone) / DAY) * DAY;
  for (let day = 0; day <= 8; day++) {
    const wall = today + day * DAY + minuteOfDay * MINUTE;
    const weekday = (((Math.floor(wall / DAY) + 4) % 7) + 7) % 7; // the epoch was a Thursday
    if (weekdays !== null && !weekdays.includes(weekday)) continue;
    const at = clock.instantOf(wall, zone);
    if (at > from) return at;
  }
  return from + 7 * DAY; // unreachable: some day of the next eight matches
}
