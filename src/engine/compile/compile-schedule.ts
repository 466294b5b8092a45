import { toEpochMilliseconds } from "../../rules/time/timestamp.js";
import { WEEKDAYS } from "../../schema/weekdays.js";
import type { CampaignSchedule } from "../../schema/campaign-schema.js";
import type { CompiledSchedule } from "./compiled-campaign.js";

const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function compileSchedule(schedule: CampaignSchedule | undefined): CompiledSchedule | null {
  if (schedule === undefined) return null;
  return Object.freeze({
    start: schedule.start === undefined ? null : (toEpochMilliseconds(schedule.start) ?? null),
    end: schedule.end === undefined ? null : (toEpochMilliseconds(schedule.end) ?? null),
    days: schedule.days === undefined ? null : new Set(schedule.days.map((day) => WEEKDAYS.indexOf(day))),
    hours: schedule.hours === undefined ? null : { from: minutes(schedule.hours.from), to: minutes(schedule.hours.to) },
  });
}
