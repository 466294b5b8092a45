import type { ZoneClock } from "../../time-zones/zone-clock.js";
import { WEEKDAYS } from "../../schema/weekdays.js";
import type { CompiledSchedule } from "../model/compiled-campaign.js";
import { isoInstant } from "../../time/instant.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

const DAY = 86_400_000;

const clock = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

function inHours(hours: CompiledSchedule["hours"], minute: number): boolean {
  if (hours === null) return true;
  return hours.from < hours.to ? minute >= hours.from && minute < hours.to : minute >= hours.from || minute < hours.to;
}

function allowedAt(schedule: CompiledSchedule, at: number, zone: string, zones: ZoneClock): boolean {
  return (schedule.days === null || schedule.days.has(zones.localDayOfWeek(at, zone))) && inHours(schedule.hours, zones.localMinuteOfDay(at, zone));
}

/** The instant of a local wall-clock time: `minute` after local midnight, `day` local days after `at`'s (DST gaps and overlaps: see ZoneClock#instantOf). */
function localInstant(at: number, day: number, minute: number, zone: string, zones: ZoneClock): number {
  const localMidnight = Math.floor(zones.wallTime(at, zone) / DAY) * DAY + day * DAY;
  return zones.instantOf(localMidnight + minute * 60_000, zone);
}

/**
 * The first instant at or after `from` inside the allowed days and hours. Allowed time is a union
 * of intervals that each open at a local midnight or at `hours.from`, so those instants over the
 * next eight local days are the only candidates.
 */
function nextAllowed(schedule: CompiledSchedule, from: number, zone: string, zones: ZoneClock): number | null {
  if (allowedAt(schedule, from, zone, zones)) return from;
  let best: number | null = null;
  for (let day = 0; day <= 8 && best === null; day++) {
    for (const minute of schedule.hours === null ? [0] : [0, schedule.hours.from]) {
      const at = localInstant(from, day, minute, zone, zones);
      if (at > from && allowedAt(schedule, at, zone, zones) && (best === null || at < best)) best = at;
    }
  }
  return best;
}

/** Step 1: the campaign's active window, days and hours, in the user's zone. */
export function scheduleStep(schedule: CompiledSchedule | null, now: number, zone: string, zones: ZoneClock): StepResult {
  if (schedule === null) return passed("no schedule: always active");
  if (schedule.end !== null && now >= schedule.end) return refused("ended", `the campaign ended at ${isoInstant(schedule.end)}`, null);
  const from = schedule.start !== null && now < schedule.start ? schedule.start : now;
  const next = nextAllowed(schedule, from, zone, zones);
  const retryAt = next === null || (schedule.end !== null && next >= schedule.end) ? null : next;
  if (schedule.start !== null && now < schedule.start) return refused("not-started", `the campaign starts at ${isoInstant(schedule.start)}`, retryAt);
  if (next === now) return passed(schedule.days === null && schedule.hours === null ? "inside the active window" : `inside the allowed days and hours (${zone})`);
  const day = WEEKDAYS[zones.localDayOfWeek(now, zone)];
  const minute = zones.localMinuteOfDay(now, zone);
  const reason = schedule.days !== null && !schedule.days.has(zones.localDayOfWeek(now, zone)) ? "outside-days" : "outside-hours";
  const where = reason === "outside-days" ? `${day} is not one of its days (${[...schedule.days ?? []].map((index) => WEEKDAYS[index]).join(", ")})` : `${clock(minute)} is outside its hours ${clock(schedule.hours!.from)}–${clock(schedule.hours!.to)}`;
  return refused(reason, `${where} in ${zone}`, retryAt);
}
