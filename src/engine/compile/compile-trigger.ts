import type { LocatedProblem } from "../../validation/located-problems.js";
import { validatedDuration } from "../../time/duration.js";
import { parseScheduledDateTime } from "../../time/scheduled-date-time.js";
import type { Trigger } from "../../schema/campaign-schema.js";
import type { TriggerIR } from "../model/engine-model.js";
import type { CompileContext } from "./compile-context.js";
import { validRuleSource } from "./valid-rule-source.js";

function needsTracked(event: string, path: string, what: string, context: CompileContext, problems: LocatedProblem[]): void {
  if (context.trackedEvents === null) problems.push({ path, message: `${what} reads the user's behaviour aggregates: declare "behaviour" with ${JSON.stringify(event)} in its events` });
  else if (!context.trackedEvents.has(event)) problems.push({ path, message: `${what} needs ${JSON.stringify(event)} aggregated: add it to behaviour.events` });
}

export function compileTrigger(trigger: Trigger, path: string, context: CompileContext, problems: LocatedProblem[]): TriggerIR | null {
  if ("event" in trigger) {
    const where = trigger.where === undefined ? null : validRuleSource(trigger.where, `${path}/where`, context.ruleOptions, problems, context.compiledRules);
    const cancelOn = trigger.cancelOn ?? [];
    if (cancelOn.length > 0 && trigger.delay === undefined) problems.push({ path: `${path}/cancelOn`, message: "cancelOn needs a delay (an event cancels a trigger that is still waiting)" });
    cancelOn.forEach((event, index) => needsTracked(event, `${path}/cancelOn/${index}`, "cancelOn", context, problems));
    return { kind: "event", event: trigger.event, where, delayMs: trigger.delay === undefined ? 0 : validatedDuration(trigger.delay), cancelOn };
  }
  if ("segmentEntry" in trigger) {
    if (!context.segmentIds.has(trigger.segmentEntry)) problems.push({ path: `${path}/segmentEntry`, message: `unknown segment ${JSON.stringify(trigger.segmentEntry)}` });
    return { kind: "segment-entry", segment: trigger.segmentEntry };
  }
  if ("inactivity" in trigger) {
    needsTracked(trigger.inactivity.event, `${path}/inactivity/event`, "an inactivity trigger", context, problems);
    return { kind: "inactivity", event: trigger.inactivity.event, forMs: validatedDuration(trigger.inactivity.for) };
  }
  const text = trigger.scheduled.at;
  const scheduled = parseScheduledDateTime(text);
  if (scheduled === null) {
    problems.push({ path: `${path}/scheduled/at`, message: `${JSON.stringify(text)} is not a valid date-time` });
    return null;
  }
  if (scheduled.kind === "instant") return { kind: "scheduled", at: scheduled.at, local: null };
  const [year, month, day, hour, minute, second] = scheduled.parts;
  return { kind: "scheduled", at: null, local: [year, month - 1, day, hour, minute, second] };
}
