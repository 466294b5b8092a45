import { creditTouches, type Touch } from "../attribution/credit-touches.js";
import type { ConversionRule, MetricsConfig } from "../config/outcome-config-model.js";
import { EXPOSURE_RANK, TRACKED_RANK, rankOf, type ReadEvent } from "../events/read-metrics-event.js";
import {
  BOUNCED_FLAG,
  COMPLAINT_FLAG,
  compareMessageIds,
  DELIVERED_FLAG,
  DISMISSED_FLAG,
  SENT_FLAG,
  UNSUBSCRIBED_FLAG,
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
import { forgetKeys, isKept, keysOf } from "./fold-outcomes.js";

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
  return a.time - b.time || a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.space - b.space);
}

/**
 * Settles one user up to `until`: applies their pending events before it in time order (messages,
 * exposures, conversions credited by the attribution model), then closes the messages and exposures
 * whose windows ended before it into the state's counts. Returns whether anything changed (the
 * user's `bound` then moves to `until`: an event before it would now be late).
 */
export function settleUser(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, until: number): boolean {
  let ready: ReadEvent[] = [];
  if (user.pendingFrom < until) {
    if (user.superseded > 0) {
      user.pending = user.pending.filter((event) => isKept(user, event));
      user.superseded = 0;
    }
    ready = user.pending;
    const later: ReadEvent[] = [];
    let pendingFrom = Number.POSITIVE_INFINITY;
    for (const event of ready) if (event.time >= until && event.time < pendingFrom) pendingFrom = event.time;
    if (pendingFrom !== Number.POSITIVE_INFINITY) {
      ready = [];
      for (const event of user.pending) (event.time < until ? ready : later).push(event);
    }
    user.pending = later;
    user.pendingFrom = pendingFrom;
    if (ready.length > 1) ready.sort(compareEvents);
    // Applied events are recognised by the user's bound from now on, no longer by their keys.
    if (later.length === 0) forgetKeys(user);
    else for (const event of ready) keysOf(user, event).delete(event.key);
    for (const event of ready) apply(state, user, config, event);
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
      closeMessage(state, user, config, message);
      closed = true;
    } else if (closeAt < wakeAt) wakeAt = closeAt;
  }
  if (user.openUnits > 0) {
    for (const unit of (user.units as Map<string, OpenUnit | null>).values()) {
      if (unit === null) continue;
      const closeAt = unit.at + (config.campaigns.get(unit.campaign)?.maxWindowMs ?? 0);
      if (closeAt < until) {
        closeUnit(state, user, config, unit);
        closed = true;
      } else if (closeAt < wakeAt) wakeAt = closeAt;
    }
  }
  if (user.forgetAt < until) forget(user, config, until);
  user.wakeAt = Math.min(wakeAt, user.forgetAt);
  const changed = ready.length > 0 || closed;
  if (changed && until > user.bound) user.bound = until;
  return changed;
}

/** Forgets the closed deliveries and orders that no event from `until` on can be compared with (see retentionMs, orderMemoryMs). */
function forget(user: UserOutcomes, config: MetricsConfig, until: number): void {
  const deliveriesAt = user.closedDeliveries === null ? Number.POSITIVE_INFINITY : forgetBefore(user.closedDeliveries, config.retentionMs, until);
  const ordersAt = user.orders === null ? Number.POSITIVE_INFINITY : forgetBefore(user.orders, config.orderMemoryMs, until);
  if (user.closedDeliveries?.size === 0) user.closedDeliveries = null;
  if (user.orders?.size === 0) user.orders = null;
  user.forgetAt = Math.min(deliveriesAt, ordersAt);
}

/** Deletes the entries remembered `memoryMs` after their time that end before `until`; returns when the first of the others ends. */
function forgetBefore(remembered: Map<string, number>, memoryMs: number, until: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const [key, at] of remembered) {
    const end = at + memoryMs;
    if (end < until) remembered.delete(key);
    else if (end < next) next = end;
  }
  return next;
}

/** Remembers when something of the user is to be forgotten. */
function forgetBy(user: UserOutcomes, at: number): void {
  if (at < user.forgetAt) user.forgetAt = at;
  if (at < user.wakeAt) user.wakeAt = at;
}

/**
 * When nothing can change the message any more: its outcome window is over, and so is the window of
 * each of its campaign's conversion definitions — from the anchor when it came, else from the
 * latest an anchor can come (the end of the outcome window: later outcomes are not counted). The
 * same whether or not the user was settled since: an anchor reached after this could only come
 * from an outcome outside the window.
 */
function closeAtOf(message: OpenMessage, config: MetricsConfig): number {
  const outcomesEnd = message.firstAt + config.outcomeWindowMs;
  const campaign = message.campaign === null ? undefined : config.campaigns.get(message.campaign);
  if (campaign === undefined) return outcomesEnd;
  let closeAt = outcomesEnd;
  for (const rule of campaign.conversions) {
    const anchor = anchorOf(message, rule.anchorRank);
    const end = (Number.isNaN(anchor) ? outcomesEnd : anchor) + rule.windowMs;
    if (end > closeAt) closeAt = end;
  }
  return closeAt;
}

function apply(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): void {
  if (event.rank === TRACKED_RANK) convert(state, user, config, event);
  else if (event.rank === EXPOSURE_RANK) {
    const campaign = event.campaign as string;
    if (event.holdout) openUnit(user, config, "holdout", campaign, "holdout", campaign, event.time);
    else openUnit(user, config, "experiment", event.experiment as string, event.variant as string, campaign, event.time);
  } else messageOutcome(state, user, config, event);
}

/** `e:`, `h:` or `t:` (the kinds' first letters differ) and the id: the config's own, shared, for its experiments and campaigns. */
const unitKey = (config: MetricsConfig, kind: UnitKind, id: string): string => config.unitKeys[kind].get(id) ?? `${kind.charAt(0)}:${id}`;

function openUnit(user: UserOutcomes, config: MetricsConfig, kind: UnitKind, id: string, arm: string, campaign: string, at: number): void {
  // One entry per kind and id: a user counts once per experiment (their first exposure), and once per campaign in holdout or treatment.
  const key = unitKey(config, kind, id);
  const units = (user.units ??= new Map());
  if (units.has(key)) return;
  units.set(key, { key, kind, id, arm, campaign, at, conversions: new Map() });
  user.openUnits++;
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
    const known = user.messages.get(event.delivery);
    if (known !== undefined) {
      if (event.time - known.firstAt <= config.retentionMs) return known;
      closeMessage(state, user, config, known);
      user.closedDeliveries?.delete(event.delivery);
    } else {
      const closedFirstAt = user.closedDeliveries?.get(event.delivery);
      if (closedFirstAt !== undefined) {
        if (event.time - closedFirstAt <= config.retentionMs) return null;
        user.closedDeliveries?.delete(event.delivery);
      }
    }
    return newMessage(state, user, event.delivery, false, event, config);
  }
  let latest: OpenMessage | null = null;
  for (const message of user.messages.values()) {
    if (message.campaign !== event.campaign || (event.channel !== null && message.channel !== null && message.channel !== event.channel)) continue;
    if (event.time - message.firstAt > config.outcomeWindowMs) continue;
    if (latest === null || message.firstAt > latest.firstAt || (message.firstAt === latest.firstAt && compareMessageIds(message, latest) > 0)) latest = message;
  }
  return latest ?? newMessage(state, user, event.key, true, event, config);
}

function newMessage(state: OutcomeState, user: UserOutcomes, id: string, loose: boolean, event: ReadEvent, config: MetricsConfig): OpenMessage {
  const message: OpenMessage = {
    id,
    loose,
    campaign: event.campaign,
    variant: event.variant,
    channel: event.channel,
    firstAt: event.time,
    sentAfter: NONE,
    deliveredAfter: NONE,
    impressionAfter: NONE,
    openAfter: NONE,
    clickAfter: NONE,
    flags: 0,
    impressions: 0,
    humanOpens: 0,
    machineOpens: 0,
    clicks: 0,
    credits: null,
  };
  user.messages.set(loose ? message : id, message);
  // Its close is at least this far (a campaign learnt later only lengthens it): the user wakes no later.
  const closeAt = event.time + config.outcomeWindowMs;
  if (closeAt < user.wakeAt) user.wakeAt = closeAt;
  return message;
}

/** An anchor not reached yet (offsets are ≥ 0: a user's events apply in time order, from the message's first). */
const NONE = -1;

/**
 * `time` as an offset after the message's first event: an int32 when it fits (it does within 24
 * days), which V8 keeps in the object; a double result would be a separate heap number each.
 */
const offsetOf = (message: OpenMessage, time: number): number => {
  const offset = time - message.firstAt;
  return offset <= 0x7fffffff ? offset | 0 : offset;
};

const offsetTime = (message: OpenMessage, offset: number): number => (offset === NONE ? Number.NaN : message.firstAt + offset);

/** When the message's window for a conversion anchored at `rank` starts (NaN: it has not). */
export function anchorOf(message: OpenMessage, rank: number): number {
  switch (rank) {
    case SENT:
      return offsetTime(message, message.sentAfter);
    case DELIVERED:
      return offsetTime(message, message.deliveredAfter);
    case IMPRESSION:
      return offsetTime(message, message.impressionAfter);
    case OPEN:
      return offsetTime(message, message.openAfter);
    case CLICK:
      return offsetTime(message, message.clickAfter);
    default:
      return Number.NaN;
  }
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
  const time = event.time;
  if (rank === SENT) {
    message.flags |= SENT_FLAG;
    if (message.sentAfter === NONE) message.sentAfter = offsetOf(message, time);
    // Treatment arms are compared with the holdout for the config's campaigns only (holdoutLift).
    if (config.holdout !== null && message.campaign !== null && config.campaigns.has(message.campaign)) openUnit(user, config, "treatment", message.campaign, "treatment", message.campaign, event.time);
  } else if (rank === DELIVERED) message.flags |= DELIVERED_FLAG;
  else if (rank === BOUNCED) message.flags |= BOUNCED_FLAG;
  else if (rank === IMPRESSION) {
    message.impressions++;
    if (message.impressionAfter === NONE) message.impressionAfter = offsetOf(message, time);
  } else if (rank === OPEN) {
    if (event.machine) message.machineOpens++;
    else {
      message.humanOpens++;
      if (message.openAfter === NONE) message.openAfter = offsetOf(message, time);
    }
  } else if (rank === CLICK) {
    message.clicks++;
    if (message.clickAfter === NONE) message.clickAfter = offsetOf(message, time);
  } else if (rank === DISMISSED) message.flags |= DISMISSED_FLAG;
  else if (rank === UNSUBSCRIBED) message.flags |= UNSUBSCRIBED_FLAG;
  else message.flags |= COMPLAINT_FLAG;
  // A delivered event, an impression, an open or a click is evidence of delivery: the window of a "delivered" anchor starts at the first evidence.
  if ((rank === DELIVERED || rank > BOUNCED) && message.deliveredAfter === NONE) message.deliveredAfter = offsetOf(message, time);
}

function convert(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, event: ReadEvent): void {
  if (event.orderId !== null) {
    const orders = (user.orders ??= new Map());
    const firstAt = orders.get(event.orderId);
    if (firstAt !== undefined && event.time - firstAt <= config.orderMemoryMs) {
      state.repeatedOrders++;
      return;
    }
    orders.set(event.orderId, event.time);
    forgetBy(user, event.time + config.orderMemoryMs);
  }
  const rules = (event.definitions as readonly number[]).map((index) => config.conversions[index] as ConversionRule);
  const revenue = event.currency === null ? null : new Map([[event.currency, event.revenue]]);

  // Exposures: converted within the window after the (first) exposure, whatever the messages.
  if (user.openUnits > 0) for (const unit of (user.units as Map<string, OpenUnit | null>).values()) {
    if (unit === null) continue;
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
    if (rule === undefined || (message.flags & BOUNCED_FLAG) !== 0) continue;
    const start = anchorOf(message, rule.anchorRank);
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
        if (chosen === undefined || message.firstAt > chosen.message.firstAt || (message.firstAt === chosen.message.firstAt && compareMessageIds(message, chosen.message) > 0)) chosen = { message, rule, anchor: message.firstAt };
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
  const day = Math.floor((message.sentAfter === NONE ? message.firstAt : message.firstAt + message.sentAfter) / DAY_MS);
  const key = JSON.stringify([message.campaign, message.variant, message.channel, day]);
  let group = state.groups.get(key);
  if (group === undefined) {
    group = emptyGroup(message.campaign, message.variant, message.channel, day);
    state.groups.set(key, group);
  }
  return group;
}

function closeMessage(state: OutcomeState, user: UserOutcomes, config: MetricsConfig, message: OpenMessage): void {
  user.messages.delete(message.loose ? message : message.id);
  if (!message.loose) {
    (user.closedDeliveries ??= new Map()).set(message.id, message.firstAt);
    forgetBy(user, message.firstAt + config.retentionMs);
  }
  const group = groupOf(state, message);
  const flags = message.flags;
  const bounced = (flags & BOUNCED_FLAG) !== 0;
  const engaged = message.impressions > 0 || message.humanOpens > 0 || message.machineOpens > 0 || message.clicks > 0 || (flags & (DISMISSED_FLAG | UNSUBSCRIBED_FLAG | COMPLAINT_FLAG)) !== 0;
  const delivered = !bounced && ((flags & DELIVERED_FLAG) !== 0 || engaged);
  const count = (flag: boolean): number => (flag ? 1 : 0);
  group.messages++;
  group.sent += count((flags & SENT_FLAG) !== 0);
  group.delivered += count(delivered);
  group.deliveredOfSent += count(delivered && (flags & SENT_FLAG) !== 0);
  group.bounced += count(bounced);
  group.impressions += message.impressions;
  group.uniqueImpressions += count(delivered && message.impressions > 0);
  group.humanOpens += message.humanOpens;
  group.machineOpens += message.machineOpens;
  group.uniqueOpens += count(delivered && (message.humanOpens > 0 || message.clicks > 0));
  group.clicks += message.clicks;
  group.uniqueClicks += count(delivered && message.clicks > 0);
  group.dismissed += count(delivered && (flags & DISMISSED_FLAG) !== 0);
  group.unsubscribed += count(delivered && (flags & UNSUBSCRIBED_FLAG) !== 0);
  group.complaints += count(delivered && (flags & COMPLAINT_FLAG) !== 0);
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
  (user.units as Map<string, OpenUnit | null>).set(unit.key, null);
  user.openUnits--;
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
