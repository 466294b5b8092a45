import type { CompiledRule } from "../../rules/compile-options.js";
import { truthy } from "../../rules/semantics/truthiness.js";
import type { SegmentSet } from "../../segments/membership/segment-set.js";
import type { CompiledCampaign, CompiledTrigger } from "../model/compiled-campaign.js";
import { field } from "../../json/own-value.js";
import { instantAfter, isInstant, isoInstant } from "../../time/instant.js";
import { wallTimeOf, type ZoneClock } from "../../time-zones/zone-clock.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

/** An event trigger: its condition on `{ event, user, session, now, history }`. */
export function eventTriggerStep(where: CompiledRule | null, event: string, data: unknown): StepResult {
  if (where === null) return passed(`${event} happened`);
  return truthy(where(data)) ? passed(`${event} happened and its condition holds`) : refused("condition-false", `${event} happened but the trigger's condition does not hold`);
}

/** Epoch ms of the user's latest `event`, from their behaviour aggregates (absent when it is not an instant inside the Date range). */
export function lastEventAt(user: unknown, event: string): number | undefined {
  const last = field(field(field(field(user, "behaviour"), "events"), event), "last");
  return isInstant(last) ? last : undefined;
}

type ScheduledTrigger = Extract<CompiledTrigger, { kind: "scheduled" }>;
// A local wall-clock time is one instant per zone: computed once per trigger and zone (bounded).
const MAX_ZONES = 1_000;
const instantsByZone = new WeakMap<ScheduledTrigger, Map<string, number>>();

/** When a scheduled trigger fires for a user in `zone` (a wall time in a DST gap or overlap: see ZoneClock#instantOf). */
function scheduledAt(trigger: ScheduledTrigger, zone: string, zones: ZoneClock): number {
  if (trigger.at !== null) return trigger.at;
  let byZone = instantsByZone.get(trigger);
  if (byZone === undefined) instantsByZone.set(trigger, (byZone = new Map()));
  let at = byZone.get(zone);
  if (at === undefined) {
    const [year, month, day, hour, minute, second] = trigger.local!;
    at = zones.instantOf(wallTimeOf(year, month + 1, day, hour, minute, second), zone);
    if (byZone.size >= MAX_ZONES) byZone.clear();
    byZone.set(zone, at);
  }
  return at;
}

/**
 * A trigger with no event (for `due`): scheduled, inactivity or segment entry (its segment sees the
 * user's message `history`, as rules see it). retryAt says when it could hold.
 */
export function dueTriggerStep(trigger: CompiledTrigger, user: unknown, now: number, zone: string, segments: SegmentSet, zones: ZoneClock, history: unknown): StepResult {
  switch (trigger.kind) {
    case "scheduled": {
      const at = scheduledAt(trigger, zone, zones);
      return now >= at ? passed(`scheduled for ${isoInstant(at)}`) : refused("not-yet", `scheduled for ${isoInstant(at)}`, at);
    }
    case "inactivity": {
      const last = lastEventAt(user, trigger.event);
      if (last === undefined) return refused("never-active", `the user has never done ${trigger.event} (inactivity starts from the last one)`);
      const due = instantAfter(last, trigger.forMs);
      if (due === null) return refused("active", `last ${trigger.event} at ${isoInstant(last)}: inactive only after the last instant a Date can hold`, null);
      return now >= due ? passed(`no ${trigger.event} since ${isoInstant(last)}`) : refused("active", `last ${trigger.event} at ${isoInstant(last)}: inactive from ${isoInstant(due)}`, due);
    }
    case "segment-entry": {
      if (segments.isMember(trigger.segment, user, now, { history })) return passed(`in segment ${trigger.segment}`);
      const change = segments.nextChangeAt(trigger.segment, user, now, { history });
      return refused("not-in-segment", `not in segment ${trigger.segment}`, change ?? undefined);
    }
    case "event":
      return refused("event-trigger", `waits for the event ${trigger.event}`);
  }
}

/** The latest send or exposure of each campaign in the history. */
export type LastTouches = ReadonlyMap<string, number>;

/** Re-eligibility: may this campaign reach the user again after its last send (or control exposure)? */
export function reEligibilityStep(campaign: CompiledCampaign, lastTouch: number | undefined, now: number): StepResult {
  const rule = campaign.reEligibility;
  if (lastTouch === undefined || rule.kind === "always") return passed(rule.kind === "always" ? "re-eligible every time" : "never sent to this user");
  if (rule.kind === "once") return refused("not-re-eligible", `sent once already (at ${isoInstant(lastTouch)}); the campaign reaches each user once`, null);
  const again = instantAfter(lastTouch, rule.ms);
  if (again === null) return refused("not-re-eligible", `last sent at ${isoInstant(lastTouch)}: re-eligible only after the last instant a Date can hold`, null);
  return now >= again ? passed(`last sent at ${isoInstant(lastTouch)}: re-eligible since ${isoInstant(again)}`) : refused("not-re-eligible", `last sent at ${isoInstant(lastTouch)}: re-eligible from ${isoInstant(again)}`, again);
}
