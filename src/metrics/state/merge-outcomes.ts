import { addCredits, createOutcomeState, MAX_PROBLEMS, type CohortCounters, type GroupCounters, type OpenMessage, type OpenUnit, type OutcomeState, type ShareCredits, type UserOutcomes } from "./outcome-state.js";
import { addGroup, emptyGroup } from "./group-counters.js";
import { isKept, keepPending } from "./fold-outcomes.js";

function copyCredits(credits: ShareCredits): ShareCredits {
  const copy: ShareCredits = new Map();
  addCredits(copy, credits);
  return copy;
}

function copyMessages(messages: ReadonlyMap<string | OpenMessage, OpenMessage>): Map<string | OpenMessage, OpenMessage> {
  const copy = new Map<string | OpenMessage, OpenMessage>();
  for (const [key, message] of messages) {
    const copied = copyMessage(message);
    copy.set(typeof key === "string" ? key : copied, copied);
  }
  return copy;
}

function copyMessage(message: OpenMessage): OpenMessage {
  const credits = message.credits === null ? null : new Map([...message.credits].map(([index, entry]) => [index, copyCredits(entry)] as const));
  return { ...message, credits };
}

/**
 * A copy of `user` (folded events are never changed once kept: the copies share them). Open, for a
 * report: only what settling it to the end reads and changes — pending events, open messages and
 * exposures, and what recognises redeliveries, repeated orders, closed deliveries and counted
 * exposures only when pending events may meet them.
 */
function copyUser(user: UserOutcomes, open = false): UserOutcomes {
  const whole = !open || user.pending.length > 0;
  const copyMap = <K, V>(map: Map<K, V> | null): Map<K, V> | null => (whole && map !== null ? new Map(map) : null);
  let units: Map<string, OpenUnit | null> | null = null;
  if (user.units !== null && (whole || user.openUnits > 0)) {
    units = new Map();
    for (const [key, unit] of user.units) {
      if (unit !== null) units.set(key, { ...unit, conversions: new Map([...unit.conversions].map(([index, revenue]) => [index, new Map(revenue)] as const)) });
      else if (whole) units.set(key, null);
    }
  }
  return {
    pending: [...user.pending],
    pendingFrom: user.pendingFrom,
    superseded: user.superseded,
    outcomeKeys: copyMap(user.outcomeKeys),
    idKeys: copyMap(user.idKeys),
    contentKeys: copyMap(user.contentKeys),
    bound: user.bound,
    wakeAt: user.wakeAt,
    forgetAt: whole ? user.forgetAt : Number.POSITIVE_INFINITY,
    messages: copyMessages(user.messages),
    closedDeliveries: copyMap(user.closedDeliveries),
    units,
    openUnits: user.openUnits,
    orders: copyMap(user.orders),
  };
}

/** What reports settle (then drop): see copyUser. */
export const copyOpenUser = (user: UserOutcomes): UserOutcomes => copyUser(user, true);

/** Whether settling `user` to the end would change any count. */
export const isOpen = (user: UserOutcomes): boolean => user.pending.length > 0 || user.messages.size > 0 || user.openUnits > 0;

const settled = (user: UserOutcomes): boolean => user.bound !== Number.NEGATIVE_INFINITY;

function addGroupTo(into: Map<string, GroupCounters>, key: string, group: GroupCounters): void {
  let target = into.get(key);
  if (target === undefined) into.set(key, (target = emptyGroup(group.campaign, group.variant, group.channel, group.day)));
  addGroup(target, group);
}

function addCohort(into: Map<string, CohortCounters>, key: string, cohort: CohortCounters): void {
  let target = into.get(key);
  if (target === undefined) into.set(key, (target = { kind: cohort.kind, id: cohort.id, arm: cohort.arm, definition: cohort.definition, users: 0, converters: 0, revenue: new Map() }));
  target.users += cohort.users;
  target.converters += cohort.converters;
  for (const [currency, sums] of cohort.revenue) {
    const known = target.revenue.get(currency);
    if (known === undefined) target.revenue.set(currency, { ...sums });
    else {
      known.sum += sums.sum;
      known.sumOfSquares += sums.sumOfSquares;
    }
  }
}

/** Adds the counts of `from` (unchanged), not its users, into `into`. */
export function addCounts(into: OutcomeState, from: OutcomeState): void {
  for (const [key, group] of from.groups) addGroupTo(into.groups, key, group);
  for (const [key, cohort] of from.cohorts) addCohort(into.cohorts, key, cohort);
  for (const [index, credits] of from.unattributed) {
    const known = into.unattributed.get(index);
    if (known === undefined) into.unattributed.set(index, copyCredits(credits));
    else addCredits(known, credits);
  }
  for (const field of ["folded", "duplicates", "late", "invalid", "ignored"] as const) into.counts[field] += from.counts[field];
  into.outsideWindow += from.outsideWindow;
  into.repeatedOrders += from.repeatedOrders;
  if (from.latestTime > into.latestTime) into.latestTime = from.latestTime;
  for (const problem of from.problems) if (into.problems.length < MAX_PROBLEMS) into.problems.push(problem);
}

/** Adds `from` (unchanged) into `into`. */
function addState(into: OutcomeState, from: OutcomeState): void {
  addCounts(into, from);
  for (const [id, user] of from.users) {
    const known = into.users.get(id);
    if (known === undefined) {
      into.users.set(id, copyUser(user));
      continue;
    }
    if (settled(known) && settled(user)) {
      throw new Error(`user ${JSON.stringify(id)} was settled in both states: split a log between shards by user before settling them`);
    }
    const target = settled(known) ? known : copyUser(user);
    const other = settled(known) ? user : known;
    for (const event of other.pending) {
      if (!isKept(other, event)) continue;
      if (event.time < target.bound) into.counts.late++;
      else if (!keepPending(target, event)) into.counts.duplicates++;
      else continue;
      // Counted once as folded in its own state: now late or a redelivery instead.
      into.counts.folded--;
    }
    into.users.set(id, target);
  }
}

/**
 * A deep copy of a metrics state: fold into it without changing the original.
 *
 * @example
 * const snapshot = cloneOutcomes(state);
 */
export function cloneOutcomes(state: OutcomeState): OutcomeState {
  const copy = createOutcomeState();
  copy.config = state.config;
  addState(copy, state);
  return copy;
}

/**
 * Combines the states of shards of one log (folded with one config) into a new state; neither input
 * changes. Associative and commutative: a batch job can split a log across workers in any way and
 * merge their states in any order. Shards settled with `settleOutcomes` must hold disjoint users
 * (split the log by user); unsettled shards may split it any way, redeliveries across shards count once.
 *
 * @example
 * const total = mergeOutcomes(foldOutcomes(createOutcomeState(), firstHalf, config), foldOutcomes(createOutcomeState(), secondHalf, config));
 */
export function mergeOutcomes(a: OutcomeState, b: OutcomeState): OutcomeState {
  if (a.config !== null && b.config !== null && a.config !== b.config && a.config.fingerprint !== b.config.fingerprint) {
    throw new Error("these metrics states were folded with different configs: they cannot be merged");
  }
  const merged = cloneOutcomes(a);
  merged.config ??= b.config;
  addState(merged, b);
  return merged;
}
