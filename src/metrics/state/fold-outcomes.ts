import { truthy } from "../../rules/semantics/truthiness.js";
import type { ConversionRule, MetricsConfig } from "../config/outcome-config-model.js";
import { CONTENT_KEYS, ID_KEYS, readMetricsEvent, TRACKED_RANK, type ReadEvent } from "../events/read-metrics-event.js";
import type { MetricsEvent } from "../events/outcome-vocabulary.js";
import { createUserOutcomes, MAX_PROBLEMS, type OutcomeState, type UserOutcomes } from "./outcome-state.js";

/** The pending events by key that recognise a redelivery of `event` (its key space's map, created when first needed). */
export function keysOf(user: UserOutcomes, event: ReadEvent): Map<string, ReadEvent> {
  if (event.space === ID_KEYS) return (user.idKeys ??= new Map());
  if (event.space === CONTENT_KEYS) return (user.contentKeys ??= new Map());
  return (user.outcomeKeys ??= new Map());
}

/** Forgets the keys of pending events: applied events are recognised by the user's bound from then on. */
export function forgetKeys(user: UserOutcomes): void {
  user.outcomeKeys = null;
  user.idKeys = null;
  user.contentKeys = null;
}

/** Everything the fold keeps of an event, in a fixed order: which of two events with one key is kept. */
const contentOf = (event: ReadEvent): string =>
  JSON.stringify([event.time, event.rank, event.campaign, event.variant, event.channel, event.delivery, event.machine, event.experiment, event.holdout, event.control, event.name, event.definitions, event.revenue, event.currency, event.orderId]);

/**
 * Adds `event` to the user's pending events, unless one with its key is pending: then it is a
 * redelivery (false). Two events with one key but different contents (a producer's bug, or hostile
 * input) keep the one whose content sorts first, so that the fold's result does not depend on the
 * order they came in.
 */
export function keepPending(user: UserOutcomes, event: ReadEvent): boolean {
  const keys = keysOf(user, event);
  const known = keys.get(event.key);
  if (known === undefined) {
    keys.set(event.key, event);
    user.pending.push(event);
    if (event.time < user.pendingFrom) user.pendingFrom = event.time;
    return true;
  }
  if (known !== event && contentOf(event) < contentOf(known)) {
    // The one kept is the key's entry; the other stays in `pending` until settled, skipped (no search: hostile input could make that quadratic).
    keys.set(event.key, event);
    user.pending.push(event);
    user.superseded++;
    if (event.time < user.pendingFrom) user.pendingFrom = event.time;
  }
  return false;
}

/** Whether a pending event of `user` is one to apply (not replaced by another with its key). */
export const isKept = (user: UserOutcomes, event: ReadEvent): boolean => user.superseded === 0 || keysOf(user, event).get(event.key) === event;

/** Throws unless `state` is empty or was folded with `config` (a state's counts mean one config's definitions). */
export function useConfig(state: OutcomeState, config: MetricsConfig): void {
  if (state.config === null) state.config = config;
  else if (state.config !== config && state.config.fingerprint !== config.fingerprint) {
    throw new Error("this metrics state was folded with another config (other conversions, experiments, holdout or attribution): fold each state with one config");
  }
}

/** The conversion rules a tracked event matches (its campaignId, when given, keeps that campaign's only). */
function matchingRules(event: ReadEvent, config: MetricsConfig): number[] | null {
  const rules = config.byEvent.get(event.name as string);
  if (rules === undefined) return null;
  let matched: number[] | null = null;
  let data: unknown;
  for (const rule of rules as readonly ConversionRule[]) {
    if (event.campaign !== null && rule.campaign !== event.campaign) continue;
    if (rule.where !== null) {
      data ??= { event: { name: event.name, time: event.time, properties: event.properties ?? {} } };
      if (!truthy(rule.where(data))) continue;
    }
    (matched ??= []).push(rule.index);
  }
  return matched;
}

/**
 * Folds metrics events into `state` (an accumulator: updated in place and returned) — message
 * outcomes, exposures, and the user's own events that a campaign's conversion definition names. The
 * result does not depend on the order of the events, nor on how they are split between calls; an
 * event with an id (per user) already folded counts once. Events are checked one by one: an invalid
 * one is counted and described in `state.problems`, never thrown. Nothing of the caller's is kept.
 * Attribution happens when the state is settled (`settleOutcomes`) or read (`kpis`, reports).
 *
 * @example
 * const config = compileMetricsConfig({ campaigns: [{ id: "cart", conversions: [{ id: "purchase", event: "purchase", window: "24h" }] }] });
 * const state = foldOutcomes(createOutcomeState(), [
 *   { outcome: "sent", id: "s1", userId: "u1", time: "2026-11-02T10:00:00Z", campaignId: "cart", channel: "push", deliveryId: "d1" },
 *   { outcome: "delivered", id: "s2", userId: "u1", time: "2026-11-02T10:00:01Z", deliveryId: "d1" },
 *   { name: "purchase", id: "e1", userId: "u1", time: "2026-11-02T12:00:00Z", revenue: 2599, currency: "EUR", orderId: "o1" },
 * ], config);
 * kpis(state)[0]?.conversionRate?.rate; // 1
 */
export function foldOutcomes(state: OutcomeState, events: readonly (MetricsEvent | unknown)[], config: MetricsConfig): OutcomeState {
  useConfig(state, config);
  const counts = state.counts;
  const users = state.users;
  for (let index = 0; index < events.length; index++) {
    const event = readMetricsEvent(events[index]);
    if (typeof event === "string") {
      counts.invalid++;
      if (state.problems.length < MAX_PROBLEMS) state.problems.push({ index, message: event });
      continue;
    }
    if (event.rank === TRACKED_RANK) {
      const matched = matchingRules(event, config);
      event.properties = null;
      if (matched === null) {
        counts.ignored++;
        continue;
      }
      event.definitions = matched;
    }
    let user = users.get(event.userId);
    if (user === undefined) users.set(event.userId, (user = createUserOutcomes()));
    if (event.time < user.bound) {
      counts.late++;
      continue;
    }
    if (!keepPending(user, event)) {
      counts.duplicates++;
      continue;
    }
    counts.folded++;
    if (event.time > state.latestTime) state.latestTime = event.time;
  }
  return state;
}
