import { clockMinutes } from "../../time/clock-time.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { WEEKDAYS } from "../../schema/weekdays.js";
import type { CampaignSchedule } from "../../schema/campaign-schema.js";
import type { CampaignIR } from "../model/engine-model.js";

export function compileSchedule(schedule: CampaignSchedule | undefined): CampaignIR["schedule"] {
  if (schedule === undefined) return null;
  return {
    start: schedule.start === undefined ? null : (toEpochMilliseconds(schedule.start) ?? null),
    end: schedule.end === undefined ? null : (toEpochMilliseconds(schedule.end) ?? null),
    days: schedule.days === undefined ? null : schedule.days.map((day) => WEEKDAYS.indexOf(day)),
    hours: schedule.hours === undefined ? null : { from: clockMinutes(schedule.hours.from), to: clockMinutes(schedule.hours.to) },
  };
}
