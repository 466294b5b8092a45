import type { CapDecision } from "../../caps/check/check-compiled-caps.js";
import { instantOf, isoInstant, type Instant } from "../../time/instant.js";
import { CHANNEL_TRAITS, type Channel } from "../channel.js";
import { channelRefusal } from "../eligibility/channel-eligibility.js";
import type { ChannelCampaign } from "../policy/channel-policy-model.js";
import { rankChannels, type RankedChannel } from "../ranking/rank-channels.js";
import { readSession, readTimeZone } from "../user/channel-user.js";
import { field } from "../../json/own-value.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import { CapsGate, type CompiledChannelCaps } from "./caps-gate.js";
import type { ChannelChoice, ChannelRejection, PlannedDelivery } from "./channel-choice.js";


type Refused = Exclude<CapDecision, { allowed: true }>;


/** Whether a refused channel can wait for the exact instant caps name. */
function canWait(channel: Channel, decision: Refused): decision is Refused & { retryAt: number } {
  return CHANNEL_TRAITS[channel].timing === "deferrable" && decision.retryAt !== null && decision.action === "defer";
}

function capsRejection(channel: Channel, decision: Refused, detail: string): ChannelRejection {
  return { channel, reason: decision.reason, detail, rule: decision.rule, retryAt: decision.retryAt };
}

function refusedDetail(channel: Channel, decision: Refused): string {
  const rule = `${decision.reason} rule ${JSON.stringify(decision.rule)}`;
  if (decision.retryAt === null) return `${rule} refuses it for good`;
  if (decision.action === "drop") return `${rule} drops it (until ${isoInstant(decision.retryAt)})`;
  if (CHANNEL_TRAITS[channel].timing === "session") return `${rule} refuses it until ${isoInstant(decision.retryAt)}, and in-app cannot wait past the session`;
  return `${rule} refuses it until ${isoInstant(decision.retryAt)}`;
}

/** The category sends in-app only beside a channel that reaches the user outside the app; `why` says why none is beside it. */
function notAlone(campaign: ChannelCampaign, why: string): ChannelRejection {
  return { channel: "in_app", reason: "in-app-not-alone", detail: `${campaign.category} messages go in-app only beside a channel outside the app, and ${why}` };
}

interface Plan {
  readonly deliveries: PlannedDelivery[];
  readonly rejected: ChannelRejection[];
}

/** first-eligible and best-engagement: the best-ranked channel that may go now; else, as the policy says, the earliest that may go later. */
function planOne(ranked: readonly RankedChannel[], campaign: ChannelCampaign, gate: CapsGate, now: number, counts: boolean): Plan {
  const rejected: ChannelRejection[] = [];
  // Refused channels that could wait, as their rejections (which carry retryAt).
  const waiting: (ChannelRejection & { retryAt: number })[] = [];
  let chosen: PlannedDelivery | undefined;
  let index = 0;
  for (; index < ranked.length && chosen === undefined; index++) {
    const { channel } = ranked[index] as RankedChannel;
    const decision = gate.check(channel, now);
    if (decision.allowed) {
      chosen = { channel, sendAt: now, deferred: false, counts };
    } else if (canWait(channel, decision) && campaign.onBlocked === "defer") {
      chosen = { channel, sendAt: decision.retryAt, deferred: true, counts };
    } else {
      const rejection = capsRejection(channel, decision, refusedDetail(channel, decision));
      rejected.push(rejection);
      if (canWait(channel, decision)) waiting.push({ ...rejection, retryAt: decision.retryAt });
    }
  }
  if (chosen === undefined) {
    // Nothing may go now: wait for the channel that frees up first (ties: the better ranked).
    let first = waiting[0];
    for (const candidate of waiting) if (first !== undefined && candidate.retryAt < first.retryAt) first = candidate;
    if (first !== undefined) {
      chosen = { channel: first.channel, sendAt: first.retryAt, deferred: true, counts };
      const { channel } = first;
      rejected.splice(rejected.findIndex((rejection) => rejection.channel === channel), 1);
    }
  }
  for (; index < ranked.length; index++) {
    const { channel } = ranked[index] as RankedChannel;
    rejected.push({ channel, reason: "lower-ranked", detail: `${chosen?.channel ?? "a better-ranked channel"} carries it` });
  }
  return { deliveries: chosen === undefined ? [] : [chosen], rejected };
}

/** all-eligible: every eligible channel that may go now; the refused ones wait when the policy defers, or when none may go now. */
function planAll(ranked: readonly RankedChannel[], campaign: ChannelCampaign, gate: CapsGate, now: number, counts: boolean): Plan {
  const deliveries: PlannedDelivery[] = [];
  const rejected: ChannelRejection[] = [];
  const refused: { channel: Channel; decision: Refused }[] = [];
  const send = (channel: Channel, at: number): void => {
    deliveries.push({ channel, sendAt: at, deferred: at !== now, counts });
    gate.plan(channel, at);
  };
  // In-app only in addition: channels outside the app claim shared caps first.
  const order = campaign.categoryPolicy.inAppAlone ? ranked : [...ranked.filter((entry) => entry.channel !== "in_app"), ...ranked.filter((entry) => entry.channel === "in_app")];
  for (const { channel } of order) {
    const decision = gate.check(channel, now);
    if (decision.allowed) send(channel, now);
    else refused.push({ channel, decision });
  }
  const wait = campaign.onBlocked === "defer" || deliveries.length === 0;
  for (const { channel, decision: first } of refused) {
    // Checked again when it may wait: the sends planned since may have moved its retryAt.
    const decision = wait ? gate.check(channel, now) : first;
    if (decision.allowed) send(channel, now);
    else if (wait && canWait(channel, decision)) send(channel, decision.retryAt);
    else {
      const detail = canWait(channel, decision) ? `${refusedDetail(channel, decision)}; it goes now on ${deliveries.map((delivery) => delivery.channel).join(", ")}` : refusedDetail(channel, decision);
      rejected.push(capsRejection(channel, decision, detail));
    }
  }
  return { deliveries, rejected };
}

/**
 * `chooseChannel` for a compiled campaign and cap policy (see `chooseChannel`): what the engine
 * calls, in a file of its own so that a loaded engine reaches no validation code.
 */
export function chooseCompiledChannel(campaign: ChannelCampaign, user: unknown, nowInput: Instant, caps?: CompiledChannelCaps, zones: ZoneClock = zoneClock()): ChannelChoice {
  const now = instantOf(nowInput);
  const { categoryPolicy, policy } = campaign;
  const session = readSession(user);
  const preferences = field(user, "preferences");
  // A policy validated with another provider may name a zone this one does not know: UTC then.
  const timeZone = readTimeZone(user, zones) ?? (zones.isValid(policy.defaultTimeZone) ? policy.defaultTimeZone : "UTC");

  const rejected: ChannelRejection[] = [];
  const eligible: Channel[] = [];
  for (const channel of campaign.channels) {
    const refusal = channelRefusal(channel, user, session, preferences, campaign, now);
    if (refusal !== undefined) rejected.push({ channel, reason: refusal.reason, detail: refusal.detail });
    else eligible.push(channel);
  }
  const single = campaign.strategy !== "all-eligible";
  if (!categoryPolicy.inAppAlone && single && eligible.includes("in_app")) {
    eligible.splice(eligible.indexOf("in_app"), 1);
    rejected.push(notAlone(campaign, `${campaign.strategy} sends one`));
  }

  const ranked = rankChannels(eligible, campaign.strategy, user, policy);
  const gate = new CapsGate(caps, campaign, session.id, timeZone, zones);
  const plan = (single ? planOne : planAll)(ranked, campaign, gate, now, categoryPolicy.countsTowardCaps);
  for (const rejection of plan.rejected) rejected.push(rejection);
  let deliveries = plan.deliveries;
  if (!categoryPolicy.inAppAlone && deliveries.length > 0 && deliveries.every((delivery) => delivery.channel === "in_app")) {
    rejected.push(notAlone(campaign, "none can carry it"));
    deliveries = [];
  }
  // Deliveries in rank order; rejections in the campaign's order.
  if (deliveries.length > 1) {
    const rank = (channel: Channel): number => ranked.findIndex((entry) => entry.channel === channel);
    deliveries.sort((a, b) => rank(a.channel) - rank(b.channel));
  }
  if (rejected.length > 1) rejected.sort((a, b) => campaign.channels.indexOf(a.channel) - campaign.channels.indexOf(b.channel));
  const first = deliveries[0];
  return {
    campaignId: campaign.id,
    category: campaign.category,
    strategy: campaign.strategy,
    channel: first?.channel ?? null,
    sendAt: first?.sendAt ?? null,
    deliveries,
    ranked,
    rejected,
    proofOfDelivery: categoryPolicy.proofOfDelivery && deliveries.length > 0,
    timeZone,
  };
}
