import type { Channel } from "../../channels/channel.js";
import type { Delivery } from "../../caps/history/delivery.js";
import type { PlannedDelivery } from "../../channels/choice/channel-choice.js";
import type { CompiledCampaign } from "../model/compiled-campaign.js";
import { byArbitrationOrder } from "../model/trigger-index.js";
import { renderContent } from "../content/render-content.js";
import type { Decision, DecisionStep, EngineRecord, JourneyMessageRef, PendingTrigger, Suppression } from "../engine-types.js";
import type { EventView } from "../input/engine-input.js";
import { Arbitration } from "../steps/arbitration.js";
import { audienceStep } from "../steps/audience-step.js";
import { channelStep, type PlannedSendTime } from "../steps/channel-step.js";
import { bestSendTime } from "../../channels/send-time/best-send-time.js";
import { experimentStep, type ExperimentOutcome } from "../steps/experiment-step.js";
import { scheduleStep } from "../steps/schedule-step.js";
import { refused, type StepRefusal, type StepResult } from "../steps/step-verdict.js";
import { instantAfter, isoInstant } from "../../time/instant.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";
import { dueTriggerStep, eventTriggerStep, lastEventAt, reEligibilityStep } from "../steps/trigger-step.js";
import type { RunContext } from "./run-context.js";

/** A campaign considered by one call, how it was triggered, and the event rules and templates see (read once). */
export type Candidate =
  | { readonly mode: "event"; readonly campaign: CompiledCampaign; readonly event: EventView }
  | { readonly mode: "due"; readonly campaign: CompiledCampaign; readonly event: null }
  /**
   * A campaign whose delayed trigger is over: `pending` is its latest due trigger, `resolves` the
   * `triggeredAt` of every due trigger of the campaign (duplicates from concurrent deciders
   * included): they are all resolved, and the campaign is considered once.
   */
  | { readonly mode: "pending"; readonly campaign: CompiledCampaign; readonly pending: PendingTrigger; readonly resolves: readonly number[]; readonly event: EventView | null }
  /** A journey's message step that a journey step reached: sent as its campaign (the journey's id, the step's channels and content). */
  | { readonly mode: "journey"; readonly campaign: CompiledCampaign; readonly message: JourneyMessageRef; readonly event: EventView | null; readonly skipHeld: boolean };

/** Whom a candidate's traces and suppression are about: the campaign, or the journey message (its key). */
export const subjectOf = (candidate: Candidate): string => (candidate.mode === "journey" ? candidate.message.key : candidate.campaign.id);

export interface CallResult {
  readonly decisions: Decision[];
  readonly suppressed: Suppression[];
  readonly records: EngineRecord[];
}

const LATER_STEPS: readonly DecisionStep[] = ["schedule", "trigger", "audience", "experiment", "channel", "caps", "arbitration"];

/** Records a step's verdict; a refusal becomes the candidate's suppression and marks the later steps not reached. */
function verdict(context: RunContext, out: CallResult, candidate: Candidate, step: DecisionStep, result: StepResult): boolean {
  const subject = subjectOf(candidate);
  if (result.pass) {
    context.trace(subject, step, { verdict: "pass", detail: result.detail });
    return true;
  }
  const retry = result.retryAt === undefined ? {} : { retryAt: result.retryAt };
  context.trace(subject, step, { verdict: "fail", detail: result.detail, reason: result.reason, ...retry });
  out.suppressed.push({ campaignId: candidate.campaign.id, step, reason: result.reason, detail: result.detail, ...retry, ...(candidate.mode === "journey" ? { journey: { ...candidate.message } } : {}) });
  notReached(context, subject, step);
  return false;
}

function notReached(context: RunContext, subject: string, after: DecisionStep): void {
  if (context.traces === null) return;
  for (const step of LATER_STEPS.slice(LATER_STEPS.indexOf(after) + 1)) context.trace(subject, step, { verdict: "not-reached", detail: "" });
}

/** A trigger that fired passes only if the campaign may reach the user again; the details join. */
function andReEligible(fired: StepResult, eligible: StepResult): StepResult {
  if (!fired.pass) return fired;
  return eligible.pass ? { pass: true, detail: `${fired.detail}; ${eligible.detail}` } : eligible;
}

/** The instant a new trigger waits for, or a refusal when its delay would end after the Date range (it would never be due). */
function delayedUntil(now: number, delayMs: number): number | StepRefusal {
  return instantAfter(now, delayMs) ?? refused("beyond-time-range", `its delay would end after ${isoInstant(MAX_EPOCH_MS)}, the last instant a Date can hold: it would never be due`, null);
}

/** Step 2 for each way a campaign can be triggered; false when it stops here (refused, or waiting for its delay). */
function triggerStep(context: RunContext, out: CallResult, candidate: Candidate): boolean {
  const { campaign } = candidate;
  const { trigger } = campaign;
  if (candidate.mode === "journey") {
    const { message } = candidate;
    const late = message.late ? `, due at ${isoInstant(message.dueAt)} (late)` : "";
    return verdict(context, out, candidate, "trigger", { pass: true, detail: `journey ${JSON.stringify(message.journey)} reached its message step ${JSON.stringify(message.node)} (entry ${message.entry}, message ${message.iteration + 1} of the step${late})` });
  }
  const eligible = reEligibilityStep(campaign, context.lastTouch(campaign.id), context.now);
  let result: StepResult;
  let dueAt: number | null = null;
  if (candidate.mode === "event" && trigger.kind === "event") {
    result = andReEligible(eventTriggerStep(trigger.where, trigger.event, context.ruleData(candidate.event)), eligible);
    if (result.pass && trigger.delayMs > 0) {
      const delayed = context.isPending(campaign.id) ? refused("already-pending", "an earlier trigger of this campaign is still waiting for its delay") : delayedUntil(context.now, trigger.delayMs);
      if (typeof delayed === "number") dueAt = delayed;
      else result = delayed;
    }
  } else if (candidate.mode === "pending" && trigger.kind === "event") {
    const { pending, resolves } = candidate;
    const cancelledBy = trigger.cancelOn.find((event) => (lastEventAt(context.user, event) ?? -Infinity) >= pending.triggeredAt);
    const others = resolves.length > 1 ? `; the ${resolves.length - 1} other due trigger(s) of this campaign are resolved with it (it goes out once)` : "";
    const fired: StepResult =
      cancelledBy === undefined
        ? { pass: true, detail: `${pending.event.name} at ${isoInstant(pending.triggeredAt)}, delay over${others}` }
        : { pass: false, reason: "cancelled", detail: `${cancelledBy} happened after the trigger${others}`, retryAt: null };
    result = andReEligible(fired, eligible);
  } else {
    // Re-eligibility first: a campaign that already reached the user need not evaluate its trigger (segments can be costly).
    result = eligible.pass ? andReEligible(dueTriggerStep(trigger, context.user, context.now, context.zone, context.engine.segments, context.engine.zones, context.ruleHistory), eligible) : eligible;
  }
  if (!verdict(context, out, candidate, "trigger", result)) return false;
  if (dueAt !== null && candidate.event !== null) {
    const { event } = candidate;
    const pending: PendingTrigger = { campaign: campaign.id, triggeredAt: context.now, dueAt, event: event.properties === undefined ? { name: event.name } : { name: event.name, properties: event.properties } };
    out.records.push({ type: "pending", pending });
    context.trace(campaign.id, "trigger", { verdict: "pending", detail: `waits until ${isoInstant(dueAt)}; engine.due checks the campaign again then` });
    notReached(context, campaign.id, "trigger");
    return false;
  }
  return true;
}

/** A journey step that skips a held message: caps or quiet hours that defer it refuse it instead (the journey goes on without it). */
function heldBack(candidate: Candidate, caps: StepResult, planned: readonly PlannedDelivery[]): StepResult {
  if (!caps.pass || candidate.mode !== "journey" || !candidate.skipHeld) return caps;
  const deferred = planned.find((delivery) => delivery.deferred);
  if (deferred === undefined) return caps;
  return refused("held", `caps or quiet hours hold it until ${isoInstant(deferred.sendAt)} (${caps.detail}), and the step skips a held message`, null);
}

const REASONS = { user: "the hour of week the user opens and clicks in most", population: "the population's best hour (too little of the user's own engagement yet)", exploration: "an hour tried at random (exploration)", "no-preference": "no hour better than another" };

/**
 * A campaign sent at the best time: the instant, and why, from the user's engagement in the history
 * on `channel` (the one the campaign would go on; engagement without a channel counts for all).
 */
function plannedSendTime(context: RunContext, campaign: CompiledCampaign, channel: Channel | undefined): PlannedSendTime | null {
  const settings = campaign.sendTime;
  if (settings === null) return null;
  const best = bestSendTime(context.history.engagement, context.now, {
    ...(channel === undefined ? {} : { channel }),
    timeZone: context.zone,
    timeZones: context.engine.zones.provider,
    withinMs: settings.withinMs,
    halfLifeMs: settings.halfLifeMs,
    ...(settings.prior === null ? {} : { prior: settings.prior }),
    priorStrength: settings.priorStrength,
    epsilon: settings.epsilon,
    exploration: settings.exploration,
    unitId: context.unitId ?? "",
    seed: campaign.id,
    // Only instants the campaign's schedule allows (its end, days and hours): the schedule step checked now only.
    ...(campaign.schedule === null ? {} : { allowed: (at: number) => scheduleStep(campaign.schedule, at, context.zone, context.engine.zones).pass }),
  });
  return { at: best.at, because: `${isoInstant(best.at)}: ${REASONS[best.reason]}` };
}

interface Qualified {
  readonly candidate: Candidate;
  readonly experiment: ExperimentOutcome;
}

function toDelivery(campaign: CompiledCampaign, planned: PlannedDelivery, sessionId: string | undefined): Delivery {
  // Built field by field: optional fields are absent rather than undefined (the caller stores it as JSON).
  const delivery: { -readonly [K in keyof Delivery]: Delivery[K] } = { at: planned.sendAt, channel: planned.channel, campaign: campaign.id };
  // A copy: the caller owns its records (and may change them); the campaign's tags are the engine's.
  if (campaign.tags !== undefined) delivery.tags = [...campaign.tags];
  if (planned.channel === "in_app") {
    if (campaign.placement !== undefined) delivery.placement = campaign.placement;
    if (sessionId !== undefined) delivery.session = sessionId;
  }
  if (!planned.counts) delivery.counts = false;
  return delivery;
}

/**
 * The seven steps for each candidate. Steps 1–4 are per campaign; steps 5–7 run in arbitration
 * order against one working history, so sends planned in this call count toward the caps of the
 * campaigns after them and caps are never exceeded together.
 */
export function evaluateCandidates(context: RunContext, candidates: readonly Candidate[], out: CallResult): void {
  const qualified: Qualified[] = [];
  for (const candidate of candidates) {
    const { campaign } = candidate;
    if (candidate.mode === "pending") for (const triggeredAt of candidate.resolves) out.records.push({ type: "pending-resolved", campaign: campaign.id, triggeredAt });
    if (!verdict(context, out, candidate, "schedule", scheduleStep(campaign.schedule, context.now, context.zone, context.engine.zones))) continue;
    if (!triggerStep(context, out, candidate)) continue;
    if (!verdict(context, out, candidate, "audience", audienceStep(campaign.audience, context.isMember, context.ruleData(candidate.event)))) continue;
    const experiment = experimentStep(campaign, context.unitId, context.engine.holdout);
    // The control and the holdout go on to the channel and caps steps, to record an exposure only when the message would have gone out.
    if (!experiment.result.pass && experiment.exposure === null) {
      verdict(context, out, candidate, "experiment", experiment.result);
      continue;
    }
    qualified.push({ candidate, experiment });
  }
  qualified.sort((a, b) => byArbitrationOrder(a.candidate.campaign, b.candidate.campaign));

  // A new history per planned send: caps index a history array once and trust it not to change.
  let history: { deliveries: readonly Delivery[] } = { deliveries: context.history.deliveries };
  const arbitration = new Arbitration(context.engine.arbitration);
  for (const { candidate, experiment } of qualified) {
    const { campaign } = candidate;
    // At the best time, the best time on the channel it would go on now (a user may read email in the morning and push at night).
    const outcomeNow = channelStep(campaign, context.user, context.now, history, context.engine.zones);
    const planned = plannedSendTime(context, campaign, outcomeNow.choice.deliveries[0]?.channel);
    // Sent now (no best time, or the best time is now): the step already taken is the answer.
    const outcome = planned === null || planned.at <= context.now ? outcomeNow : channelStep(campaign, context.user, context.now, history, context.engine.zones, planned);
    const withheld = !experiment.result.pass;
    if (withheld) {
      // Control or holdout: record the exposure if it would have been sent, and stop at the experiment step.
      const wouldSend = outcome.choice.deliveries.length > 0;
      if (wouldSend) out.records.push({ type: "exposure", exposure: { ...experiment.exposure!, at: context.now } });
      const result = experiment.result as Extract<StepResult, { pass: false }>;
      const because = (outcome.channel.pass ? outcome.caps : outcome.channel).detail;
      const detail = wouldSend ? `${result.detail}: nothing is sent; the exposure is recorded` : `${result.detail}: nothing is sent, and no exposure is recorded, since it would not have gone out (${because})`;
      verdict(context, out, candidate, "experiment", { ...result, detail });
      continue;
    }
    context.trace(subjectOf(candidate), "experiment", { verdict: "pass", detail: experiment.result.detail });
    if (!verdict(context, out, candidate, "channel", outcome.channel)) continue;
    if (!verdict(context, out, candidate, "caps", heldBack(candidate, outcome.caps, outcome.choice.deliveries))) continue;
    if (!verdict(context, out, candidate, "arbitration", arbitration.claim(campaign, outcome.choice.deliveries))) continue;

    const templateData = { user: context.user, event: candidate.event };
    const byChannel = campaign.content.get(experiment.variantId);
    for (const planned of outcome.choice.deliveries) {
      out.decisions.push({
        campaignId: campaign.id,
        variantId: experiment.variantId === "" ? null : experiment.variantId,
        channel: planned.channel,
        sendAt: planned.sendAt,
        deferred: planned.deferred,
        content: renderContent(byChannel?.get(planned.channel), context.platformFor(planned.channel), templateData),
        priority: campaign.priority,
        category: campaign.category,
        ...(planned.channel === "in_app" ? { format: campaign.format!, ...(campaign.placement === undefined ? {} : { placement: campaign.placement }), dismissible: campaign.dismissible } : {}),
        ...(candidate.mode === "journey" ? { journey: { ...candidate.message } } : {}),
      });
      const delivery = toDelivery(campaign, planned, context.sessionId);
      out.records.push({ type: "delivery", delivery });
      history = { deliveries: [...history.deliveries, delivery] };
    }
    if (experiment.exposure !== null) out.records.push({ type: "exposure", exposure: { ...experiment.exposure, at: context.now } });
  }
}
