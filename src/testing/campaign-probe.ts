import * as fc from "fast-check";
import type { Engine } from "../engine/engine.js";
import { applyRecords, type FullEngineHistory } from "../engine/records/apply-records.js";
import type { DecideResult, Decision, EngineEvent, Suppression } from "../engine/engine-types.js";
import { parseDuration } from "../time/duration.js";
import { toEpochMilliseconds } from "../time/timestamp.js";
import type { Campaign } from "../schema/campaign-schema.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import { behaviourPlanArbitrary, denseHabitArbitrary, foldInto, pastEvents, type PastEvent } from "./behaviour-plan.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { eventArbitrary } from "./event-arbitrary.js";
import { profileArbitrary } from "./profile-arbitrary.js";
import { collectRuleVocabulary, emptyRuleVocabulary } from "./rule-vocabulary.js";
import { DAY, DEFAULT_ANCHOR, HOUR, instantNear } from "./time-anchors.js";

/*
 * A case aimed at one campaign: a user whose past and fields can meet its conditions, at a time
 * near the instants it names, with the event that triggers it (for event triggers). Running it
 * calls `decide` (then `due` when the trigger waits for a delay) or `due`, and follows a
 * suppression's `retryAt` a few times, as a service does when `nextCheckAt` tells it to.
 */

export interface CampaignProbe {
  readonly campaignId: string;
  readonly user: unknown;
  /** The triggering event, for an event-triggered campaign. */
  readonly event?: EngineEvent;
  readonly now: number;
}

export interface ProbeOutcome {
  /** The campaign's decisions, from the call that sent it (empty when it never was). */
  readonly decisions: readonly Decision[];
  /** Why it was not sent, at the last call that considered it (null when sent, or never considered). */
  readonly suppression: Suppression | null;
  /** The calls made, in order. */
  readonly calls: readonly { readonly call: "decide" | "due"; readonly at: number }[];
}

export interface ProbeContext {
  readonly vocabulary: ConfigVocabulary;
  readonly behaviour: AggregatePolicy | null;
  /** Your own users instead of generated ones (they then keep their own behaviour). */
  readonly users?: fc.Arbitrary<unknown>;
  /** Consents of generated users (default `granted`). */
  readonly consents?: "granted" | "any";
}

/** Times that let the campaign's trigger and schedule pass: after a scheduled send, inside its window. */
function campaignAnchors(campaign: Campaign): number[] {
  const anchors: (number | undefined)[] = [];
  if ("scheduled" in campaign.trigger) {
    const text = campaign.trigger.scheduled.at;
    anchors.push(toEpochMilliseconds(text) ?? toEpochMilliseconds(`${text.length === 16 ? `${text}:00` : text}Z`));
  }
  if (campaign.schedule?.start !== undefined) anchors.push(toEpochMilliseconds(campaign.schedule.start));
  return anchors.filter((at): at is number => at !== undefined);
}

/** Events counted by the segments (and the segments they include), recursively. */
function segmentsEvents(vocabulary: ConfigVocabulary, ids: readonly string[], seen = new Set<string>()): Set<string> {
  const events = new Set<string>();
  for (const id of ids) {
    if (seen.has(id) || !Object.hasOwn(vocabulary.segmentEvents, id)) continue;
    seen.add(id);
    const segment = vocabulary.segmentEvents[id]!;
    for (const event of [...segment.events, ...segmentsEvents(vocabulary, segment.include, seen)]) events.add(event);
  }
  return events;
}

/**
 * What a campaign's audience and segment-entry trigger count (wanted: a past full of them helps)
 * and what its excluded segments count (unwanted: a past without them helps).
 */
function audienceEvents(campaign: Campaign, vocabulary: ConfigVocabulary): { wanted: string[]; unwanted: string[] } {
  const included = [...("segmentEntry" in campaign.trigger ? [campaign.trigger.segmentEntry] : []), ...(campaign.audience?.include ?? [])];
  const wanted = segmentsEvents(vocabulary, included);
  const rules = emptyRuleVocabulary();
  collectRuleVocabulary("event" in campaign.trigger ? campaign.trigger.where : undefined, rules);
  collectRuleVocabulary(campaign.audience?.where, rules);
  for (const event of rules.behaviourEvents) wanted.add(event);
  const unwanted = segmentsEvents(vocabulary, campaign.audience?.exclude ?? []);
  const tracked = new Set(vocabulary.trackedEvents);
  return { wanted: [...wanted].filter((event) => tracked.has(event)), unwanted: [...unwanted].filter((event) => !wanted.has(event)) };
}

/** The inactivity trigger's event done last some while longer than `for` ago, and not since. */
function inactivePast(plan: readonly PastEvent[], event: string, forMs: number, extraMs: number): PastEvent[] {
  return [...plan.filter((entry) => entry.name !== event || entry.agoMs > forMs), { name: event, agoMs: forMs + extraMs }];
}

/** Cases aimed at one campaign: its trigger, a fitting past, times near the instants it names. */
export function probeArbitrary(campaign: Campaign, context: ProbeContext): fc.Arbitrary<CampaignProbe> {
  const { vocabulary, behaviour } = context;
  const own = campaignAnchors(campaign);
  const general = instantNear([...vocabulary.instants, DEFAULT_ANCHOR], 2 * DAY, 10 * DAY);
  const now = own.length === 0 ? general : fc.oneof({ weight: 3, arbitrary: instantNear(own, 0, 5 * DAY) }, { weight: 1, arbitrary: general });
  const trigger = campaign.trigger;
  const inactivity = "inactivity" in trigger ? trigger.inactivity : null;
  const forMs = inactivity === null ? 0 : (() => {
    const parsed = parseDuration(inactivity.for);
    return parsed.ok ? parsed.milliseconds : 0;
  })();
  const pastArbitrary = behaviour === null || context.users !== undefined ? fc.constant([] as PastEvent[]) : behaviourPlanArbitrary({ events: vocabulary.trackedEvents, eventProperties: vocabulary.eventProperties, favoured: vocabulary.behaviourEvents, horizonDays: behaviour.horizonDays });
  const { wanted, unwanted } = audienceEvents(campaign, vocabulary);
  const dense = behaviour === null || context.users !== undefined || wanted.length === 0 ? fc.constant(undefined) : fc.option(denseHabitArbitrary(wanted, { eventProperties: vocabulary.eventProperties, horizonDays: behaviour.horizonDays }), { nil: undefined, freq: 2 });
  const event = "event" in trigger ? eventArbitrary({ names: [trigger.event], vocabulary }).map((value): EngineEvent | undefined => value) : fc.constant(undefined);
  return fc
    .record({ now, user: context.users ?? profileArbitrary({ vocabulary, consents: context.consents ?? "granted" }), past: pastArbitrary, dense, avoid: fc.boolean(), extra: fc.integer({ min: 0, max: 10 * 24 }).map((hours) => hours * HOUR), event })
    .map(({ now: at, user, past, dense: habit, avoid, extra, event: triggering }) => {
      let plan = [...past, ...(habit ?? [])];
      if (avoid && unwanted.length > 0) plan = plan.filter((entry) => !unwanted.includes(entry.name));
      if (inactivity !== null && behaviour !== null && context.users === undefined) plan = inactivePast(plan, inactivity.event, forMs, extra);
      // As a service does: the triggering event is folded into the aggregates before deciding.
      const events = [...pastEvents(plan, at), ...(triggering === undefined ? [] : [{ id: "probe-event", ...triggering, time: at }])];
      const withPast = behaviour === null || context.users !== undefined ? user : { ...(user as object), behaviour: foldInto(null, events, behaviour) };
      return { campaignId: campaign.id, user: withPast, now: at, ...(triggering === undefined ? {} : { event: triggering }) };
    });
}


/** Retries after a suppression's retryAt: enough for outside-hours, not-yet and caps that free up. */
const HOPS = 3;

/** Runs a case from an empty history: `decide` (then `due` after a delay) or `due`, following `retryAt`. */
export function runProbe(engine: Engine, probe: CampaignProbe): ProbeOutcome {
  let history: FullEngineHistory = applyRecords(undefined, []);
  const calls: { call: "decide" | "due"; at: number }[] = [];
  let suppression: Suppression | null = null;
  let now = probe.now;
  const sent = (result: DecideResult): readonly Decision[] => result.decisions.filter((decision) => decision.campaignId === probe.campaignId);
  const suppressedIn = (result: DecideResult): Suppression | null => result.suppressed.find((entry) => entry.campaignId === probe.campaignId) ?? null;

  for (let hop = 0; hop < HOPS; hop++) {
    const call = probe.event === undefined ? "due" : "decide";
    calls.push({ call, at: now });
    const result = probe.event === undefined ? engine.due({ user: probe.user, history, now }) : engine.decide({ event: { ...probe.event, time: now }, user: probe.user, history, now });
    history = applyRecords(history, result.records);
    let decisions = sent(result);
    if (decisions.length > 0) return { decisions, suppression: null, calls };
    suppression = suppressedIn(result) ?? suppression;
    // A delayed trigger: it is decided again when its delay is over.
    const waiting = history.pending.find((entry) => entry.campaign === probe.campaignId);
    if (probe.event !== undefined && waiting !== undefined) {
      calls.push({ call: "due", at: waiting.dueAt });
      const later = engine.due({ user: probe.user, history, now: waiting.dueAt });
      history = applyRecords(history, later.records);
      decisions = sent(later);
      if (decisions.length > 0) return { decisions, suppression: null, calls };
      return { decisions: [], suppression: suppressedIn(later) ?? suppression, calls };
    }
    const retryAt = suppressedIn(result)?.retryAt;
    if (typeof retryAt !== "number" || retryAt <= now) break;
    now = retryAt;
  }
  return { decisions: [], suppression, calls };
}
