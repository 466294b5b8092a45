import { creditTouches, type Touch } from "../attribution/credit-touches.js";
import type { ConversionRule, MetricsConfig } from "../config/outcome-config-model.js";
import { EXPOSURE_RANK, TRACKED_RANK, rankOf, type ReadEvent } from "../events/read-metrics-event.js";
import {
  addCredit,
  addCredits,
  type CohortCounters,
  type GroupCounters,
  type OpenMessage,
  type OpenUnit,
  type OutcomeState,
  type UnitKind,
  type UserOutcomes,
} from "./outcome-state.js";
import { emptyGroup } from "./group-counters.js";

const DAY_MS = 86_400_000;
const SENT = rankOf("sent") as number;
const DELIVERED = rankOf("delivered") as number;
const BOUNCED = rankOf("bounced") as number;
const IMPRESSION = rankOf("impression") as number;
const OPEN = rankOf("open") as number;
const CLICK = rankOf("click") as number;
const DISMISSED = rankOf("dismissed") as number;
const UNSUBSCRIBED = rankOf("unsubscribed") as number;
/** Users' counts without a conversion definition (every arm has one, for its size). */
export const USERS_ONLY = -1;

/** Time, then outcome order, then key: the order a user's events are settled in, whatever order they came in. */
export function compareEvents(a: ReadEvent, b: ReadEvent): number {
  return a.time - b.time || a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Settles one user up to `until`: applies their pending events before it in time order (messages,
 * exposures, conversions credited by the attribution model), then closes the messages and exposures
 * whose windows ended before it into the state's counts. Returns whether anything changed (the
 * user's `bound` then moves to `until`: an event before it would now be late).
 */
export function settleUser(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, until: number): boolean {
  let ready: ReadEvent[] = user.pending;
  if (ready.length > 0) {
    const later: ReadEvent[] = [];
    let allReady = true;
    for (const event of ready) if (event.time >= until) allReady = false;
    if (!allReady) {
      ready = [];
      for (const event of user.pending) (event.time < until ? ready : later).push(event);
    }
    user.pending = later;
    if (ready.length > 1) ready.sort(compareEvents);
    for (const event of ready) {
      user.keys.delete(event.key);
      apply(state, user, config, event);
    }
  }
  if (until <= user.wakeAt) {
    // Nothing closes yet: only the messages and exposures opened just now may wake the user earlier.
    if (ready.length > 0 && until > user.bound) user.bound = until;
    return ready.length > 0;
  }
  let closed = false;
  let wakeAt = Number.POSITIVE_INFINITY;
  for (const message of user.messages.values()) {
    const closeAt = closeAtOf(message, config);
    if (closeAt < until) {
      closeMessage(state, user, message);
      closed = true;
    } else if (closeAt < wakeAt) wakeAt = closeAt;
  }
  for (const unit of user.units.values()) {
    const closeAt = unit.at + (config.campaigns.get(unit.campaign)?.maxWindowMs ?? 0);
    if (closeAt < until) {
      closeUnit(state, user, config, unit);
      closed = true;
    } else if (closeAt < wakeAt) wakeAt = closeAt;
  }
  // Forget what no event from `until` on can be compared with (see retentionMs, orderMemoryMs).
  for (const [delivery, firstAt] of user.closedDeliveries) {
    const forgetAt = firstAt + config.retentionMs;
    if (forgetAt < until) user.closedDeliveries.delete(delivery);
    else if (forgetAt < wakeAt) wakeAt = forgetAt;
  }
  for (const [order, at] of user.orders) {
    const forgetAt = at + config.orderMemoryMs;
    if (forgetAt < until) user.orders.delete(order);
    else if (forgetAt < wakeAt) wakeAt = forgetAt;
  }
  user.wakeAt = wakeAt;
  const changed = ready.length > 0 || closed;
  if (changed && until > user.bound) user.bound = until;
  return changed;
}

function closeAtOf(message: OpenMessage, config: MetricsConfig): number {
  const campaign = message.campaign === null ? undefined : config.campaigns.get(message.campaign);
  return message.firstAt + config.outcomeWindowMs + (campaign?.maxWindowMs ?? 0);
}

function apply(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): void {
  if (event.rank === TRACKED_RANK) convert(state, user, config, event);
  else if (event.rank === EXPOSURE_RANK) {
    const campaign = event.campaign as string;
    if (event.holdout) openUnit(user, config, "holdout", campaign, "holdout", campaign, event.time);
    else openUnit(user, config, "experiment", event.experiment as string, event.variant as string, campaign, event.time);
  } else messageOutcome(state, user, config, event);
}

function openUnit(user: UserOutcomes, config: MetricsConfig, kind: UnitKind, id: string, arm: string, campaign: string, at: number): void {
  // One entry per kind and id: a user counts once per experiment (their first exposure), and once per campaign in holdout or treatment.
  const key = JSON.stringify([kind, id]);
  if (user.units.has(key) || user.countedUnits.has(key)) return;
  user.units.set(key, { key, kind, id, arm, campaign, at, conversions: new Map() });
  const closeAt = at + (config.campaigns.get(campaign)?.maxWindowMs ?? 0);
  if (closeAt < user.wakeAt) user.wakeAt = closeAt;
}

/**
 * The message an outcome belongs to: by delivery id, else the user's latest message of its campaign
 * (and channel) whose window holds it. Null: the delivery's message is closed, its window over.
 * An outcome more than `retentionMs` after the first event of its delivery's message starts a new
 * message (nothing reaches the old one that late: it closes now, as settling would have closed it),
 * so that settled states need not remember delivery ids for ever.
 */
function messageOf(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): OpenMessage | null {
  if (event.delivery !== null) {
    const key = `d:${event.delivery}`;
    const known = user.messages.get(key);
    if (known !== undefined) {
      if (event.time - known.firstAt <= config.retentionMs) return known;
      closeMessage(state, user, known);
      user.closedDeliveries.delete(event.delivery);
    } else {
      const closedFirstAt = user.closedDeliveries.get(event.delivery);
      if (closedFirstAt !== undefined) {
        if (event.time - closedFirstAt <= config.retentionMs) return null;
        user.closedDeliveries.delete(event.delivery);
      }
    }
    return newMessage(user, key, event, config.outcomeWindowMs);
  }
  let latest: OpenMessage | null = null;
  for (const message of user.messages.values()) {
    if (message.campaign !== event.campaign || (event.channel !== null && message.channel !== null && message.channel !== event.channel)) continue;
    if (event.time - message.firstAt > config.outcomeWindowMs) continue;
    if (latest === null || message.firstAt > latest.firstAt || (message.firstAt === latest.firstAt && message.key > latest.key)) latest = message;
  }
  return latest ?? newMessage(user, `l:${event.key}`, event, config.outcomeWindowMs);
}

function newMessage(user: UserOutcomes, key: string, event: ReadEvent, outcomeWindowMs: number): OpenMessage {
  const message: OpenMessage = {
    key,
    campaign: event.campaign,
    variant: event.variant,
    channel: event.channel,
    firstAt: event.time,
    anchors: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN],
    sent: false,
    deliveredEvent: false,
    bounced: false,
    impressions: 0,
    humanOpens: 0,
    machineOpens: 0,
    clicks: 0,
    dismissed: false,
    unsubscribed: false,
    complaint: false,
    credits: null,
  };
  user.messages.set(key, message);
  // Its close is at least this far (a campaign learnt later only lengthens it): the user wakes no later.
  const closeAt = event.time + outcomeWindowMs;
  if (closeAt < user.wakeAt) user.wakeAt = closeAt;
  return message;
}

function anchor(message: OpenMessage, rank: number, time: number): void {
  if (Number.isNaN(message.anchors[rank])) message.anchors[rank] = time;
}

function messageOutcome(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): void {
  const message = messageOf(state, user, config, event);
  if (message === null || event.time - message.firstAt > config.outcomeWindowMs) {
    state.outsideWindow++;
    return;
  }
  message.campaign ??= event.campaign;
  message.variant ??= event.variant;
  message.channel ??= event.channel;
  const rank = event.rank;
  if (rank === SENT) {
    message.sent = true;
    anchor(message, SENT, event.time);
    if (config.holdout !== null && message.campaign !== null) openUnit(user, config, "treatment", message.campaign, "treatment", message.campaign, event.time);
  } else if (rank === DELIVERED) {
    message.deliveredEvent = true;
    anchor(message, DELIVERED, event.time);
  } else if (rank === BOUNCED) message.bounced = true;
  else if (rank === IMPRESSION) {
    message.impressions++;
    anchor(message, IMPRESSION, event.time);
  } else if (rank === OPEN) {
    if (event.machine) message.machineOpens++;
    else {
      message.humanOpens++;
      anchor(message, OPEN, event.time);
    }
  } else if (rank === CLICK) {
    message.clicks++;
    anchor(message, CLICK, event.time);
  } else if (rank === DISMISSED) message.dismissed = true;
  else if (rank === UNSUBSCRIBED) message.unsubscribed = true;
  else message.complaint = true;
  // An impression, an open or a click is evidence of delivery: the window of a "delivered" anchor starts at the first evidence.
  if (rank > BOUNCED) anchor(message, DELIVERED, event.time);
}

function convert(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): void {
  if (event.orderId !== null) {
    const firstAt = user.orders.get(event.orderId);
    if (firstAt !== undefined && event.time - firstAt <= config.orderMemoryMs) {
      state.repeatedOrders++;
      return;
    }
    user.orders.set(event.orderId, event.time);
    const forgetAt = event.time + config.orderMemoryMs;
    if (forgetAt < user.wakeAt) user.wakeAt = forgetAt;
  }
  const rules = (event.definitions as readonly number[]).map((index) => config.conversions[index] as ConversionRule);
  const revenue = event.currency === null ? null : new Map([[event.currency, event.revenue]]);

  // Exposures: converted within the window after the (first) exposure, whatever the messages.
  for (const unit of user.units.values()) {
    for (const rule of rules) {
      if (rule.campaign !== unit.campaign || event.time - unit.at > rule.windowMs) continue;
      const known = unit.conversions.get(rule.index);
      if (known === undefined) unit.conversions.set(rule.index, new Map(revenue ?? []));
      else if (!rule.once && revenue !== null) for (const [currency, amount] of revenue) known.set(currency, (known.get(currency) ?? 0) + amount);
    }
  }

  // Messages: the touches whose window holds the conversion (one rule per campaign: its first that matches).
  const ruleOf = new Map<string, ConversionRule>();
  for (const rule of rules) if (!ruleOf.has(rule.campaign)) ruleOf.set(rule.campaign, rule);
  const touches: Touch[] = [];
  for (const message of user.messages.values()) {
    const rule = message.campaign === null ? undefined : ruleOf.get(message.campaign);
    if (rule === undefined || message.bounced) continue;
    const start = message.anchors[rule.anchorRank] as number;
    if (!(start <= event.time && event.time - start <= rule.windowMs)) continue;
    if (rule.once && message.credits?.has(rule.index) === true) continue;
    touches.push({ message, rule, anchor: start });
  }
  if (event.campaign !== null) {
    // Named by the event: that campaign's latest touch, else its latest message still open (its
    // close is the same whether or not the user was settled), else the campaign alone.
    const rule = ruleOf.get(event.campaign) as ConversionRule;
    let chosen: Touch | undefined = touches.length > 0 ? creditTouches(touches, event.time, { model: "last-touch", influenceMessages: 1, influenceWindowMs: 0 })[0]?.touch : undefined;
    if (chosen === undefined) {
      for (const message of user.messages.values()) {
        if (message.campaign !== event.campaign || message.firstAt > event.time || event.time > closeAtOf(message, config)) continue;
        if (chosen === undefined || message.firstAt > chosen.message.firstAt || (message.firstAt === chosen.message.firstAt && message.key > chosen.message.key)) chosen = { message, rule, anchor: message.firstAt };
      }
    }
    if (chosen === undefined) {
      let credits = state.unattributed.get(rule.index);
      if (credits === undefined) state.unattributed.set(rule.index, (credits = new Map()));
      addCredit(credits, 1, 1, revenue);
    } else credit(chosen, 1, revenue);
    return;
  }
  for (const { touch, share } of creditTouches(touches, event.time, config)) credit(touch, share, revenue);
}

function credit(touch: Touch, share: number, revenue: ReadonlyMap<string, number> | null): void {
  const message = touch.message;
  message.credits ??= new Map();
  let credits = message.credits.get(touch.rule.index);
  if (credits === undefined) message.credits.set(touch.rule.index, (credits = new Map()));
  addCredit(credits, share, 1, revenue);
}

function groupOf(state: OutcomeState, message: OpenMessage): GroupCounters {
  const sentAt = message.anchors[SENT] as number;
  const day = Math.floor((Number.isNaN(sentAt) ? message.firstAt : sentAt) / DAY_MS);
  const key = JSON.stringify([message.campaign, message.variant, message.channel, day]);
  let group = state.groups.get(key);
  if (group === undefined) {
    group = emptyGroup(message.campaign, message.variant, message.channel, day);
    state.groups.set(key, group);
  }
  return group;
}

function closeMessage(state: OutcomeState, user: UserOutcomes, message: OpenMessage): void {
  user.messages.delete(message.key);
  if (message.key.startsWith("d:")) user.closedDeliveries.set(message.key.slice(2), message.firstAt);
  const group = groupOf(state, message);
  const engaged = message.impressions > 0 || message.humanOpens > 0 || message.machineOpens > 0 || message.clicks > 0 || message.dismissed || message.unsubscribed || message.complaint;
  const delivered = !message.bounced && (message.deliveredEvent || engaged);
  const count = (flag: boolean): number => (flag ? 1 : 0);
  group.messages++;
  group.sent += count(message.sent);
  group.delivered += count(delivered);
  group.deliveredOfSent += count(delivered && message.sent);
  group.bounced += count(message.bounced);
  group.impressions += message.impressions;
  group.uniqueImpressions += count(delivered && message.impressions > 0);
  group.humanOpens += message.humanOpens;
  group.machineOpens += message.machineOpens;
  group.uniqueOpens += count(delivered && (message.humanOpens > 0 || message.clicks > 0));
  group.clicks += message.clicks;
  group.uniqueClicks += count(delivered && message.clicks > 0);
  group.dismissed += count(delivered && message.dismissed);
  group.unsubscribed += count(delivered && message.unsubscribed);
  group.complaints += count(delivered && message.complaint);
  if (message.credits !== null) {
    group.convertedDelivered += count(delivered);
    for (const [index, credits] of message.credits) {
      let counters = group.conversions.get(index);
      if (counters === undefined) group.conversions.set(index, (counters = { convertedDelivered: 0, credits: new Map() }));
      counters.convertedDelivered += count(delivered);
      addCredits(counters.credits, credits);
    }
  }
}

function cohortOf(state: OutcomeState, unit: OpenUnit, definition: number): CohortCounters {
  const key = JSON.stringify([unit.kind, unit.id, unit.arm, definition]);
  let cohort = state.cohorts.get(key);
  if (cohort === undefined) {
    cohort = { kind: unit.kind, id: unit.id, arm: unit.arm, definition, users: 0, converters: 0, revenue: new Map() };
    state.cohorts.set(key, cohort);
  }
  return cohort;
}

function closeUnit(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, unit: OpenUnit): void {
  user.units.delete(unit.key);
  user.countedUnits.add(unit.key);
  cohortOf(state, unit, USERS_ONLY).users++;
  for (const rule of config.campaigns.get(unit.campaign)?.conversions ?? []) {
    const cohort = cohortOf(state, unit, rule.index);
    cohort.users++;
    const revenue = unit.conversions.get(rule.index);
    if (revenue === undefined) continue;
    cohort.converters++;
    for (const [currency, amount] of revenue) {
      let sums = cohort.revenue.get(currency);
      if (sums === undefined) cohort.revenue.set(currency, (sums = { sum: 0, sumOfSquares: 0n }));
      sums.sum += amount;
      sums.sumOfSquares += BigInt(amount) * BigInt(amount);
    }
  }
}
