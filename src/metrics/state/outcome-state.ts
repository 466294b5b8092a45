import type { MetricsConfig } from "../config/outcome-config-model.js";
import type { ReadEvent } from "../events/read-metrics-event.js";

/**
 * Credit of conversions in exact integers: `count` conversions credited a `1/share` part each (1 for
 * every model but `linear`), with their revenue per currency in minor units. Kept apart per share and
 * summed only in reports, so that totals do not depend on the order messages were counted in.
 */
export type ShareCredits = Map<number, { count: number; readonly revenue: Map<string, number> }>;

/** One conversion definition's counts in a group of messages. */
export interface ConversionCounters {
  /** Delivered messages credited at least part of a conversion. */
  convertedDelivered: number;
  readonly credits: ShareCredits;
}

/** The counts of closed messages with one campaign, variant, channel and send day (UTC). */
export interface GroupCounters {
  readonly campaign: string | null;
  readonly variant: string | null;
  readonly channel: string | null;
  /** Days since 1970-01-01 (UTC) of the send (or of the first outcome, without a send). */
  readonly day: number;
  messages: number;
  sent: number;
  delivered: number;
  /** Sent messages with evidence of delivery (the numerator of the delivery rate). */
  deliveredOfSent: number;
  /** Delivered messages credited at least part of a conversion (any definition). */
  convertedDelivered: number;
  bounced: number;
  impressions: number;
  uniqueImpressions: number;
  humanOpens: number;
  machineOpens: number;
  /** Delivered messages opened by a person (or clicked: a click is an open the pixel missed). */
  uniqueOpens: number;
  clicks: number;
  uniqueClicks: number;
  dismissed: number;
  unsubscribed: number;
  complaints: number;
  /** By conversion definition index. */
  readonly conversions: Map<number, ConversionCounters>;
}

/** Per-user totals of one arm of a comparison, for one conversion definition (revenue as exact sums). */
export interface CohortCounters {
  /** "experiment" (an experiment's arms), "holdout" (held out by the global holdout) or "treatment" (sent the campaign, with a global holdout configured). */
  readonly kind: UnitKind;
  /** The experiment id, or the campaign id for holdout and treatment. */
  readonly id: string;
  readonly arm: string;
  readonly definition: number;
  users: number;
  converters: number;
  /** Per currency: the sum of users' revenue, and the sum of its squares (a BigInt: exact whatever the order). */
  readonly revenue: Map<string, { sum: number; sumOfSquares: bigint }>;
}

export type UnitKind = "experiment" | "holdout" | "treatment";

/** OpenMessage.flags: what happened to a message at least once. */
export const SENT_FLAG = 1;
export const DELIVERED_FLAG = 2;
export const BOUNCED_FLAG = 4;
export const DISMISSED_FLAG = 8;
export const UNSUBSCRIBED_FLAG = 16;
export const COMPLAINT_FLAG = 32;

/**
 * A message of one user whose outcomes and conversions may still change. Flat and small (numbers,
 * one flags field, shared strings): the state holds every message whose windows are open.
 */
export interface OpenMessage {
  /** Its delivery id; for a `loose` message (its outcomes found it by campaign and channel), the key of its first outcome. */
  readonly id: string;
  readonly loose: boolean;
  campaign: string | null;
  variant: string | null;
  channel: string | null;
  readonly firstAt: number;
  /**
   * When the first sent, delivered (or evidence of delivery), impression, human open and click came,
   * in ms after `firstAt` (−1: none yet). Offsets, not instants: within 24 days they are small
   * integers, which V8 keeps in the object instead of a separate boxed number each.
   */
  sentAfter: number;
  deliveredAfter: number;
  impressionAfter: number;
  openAfter: number;
  clickAfter: number;
  /** SENT_FLAG | DELIVERED_FLAG (a "delivered" event) | BOUNCED_FLAG | DISMISSED_FLAG | UNSUBSCRIBED_FLAG | COMPLAINT_FLAG. */
  flags: number;
  impressions: number;
  humanOpens: number;
  machineOpens: number;
  clicks: number;
  /** By conversion definition index: the credit received. */
  credits: Map<number, ShareCredits> | null;
}

/** A total order of messages that started at one instant: by delivery id, loose messages after. */
export function compareMessageIds(a: OpenMessage, b: OpenMessage): number {
  if (a.loose !== b.loose) return a.loose ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A user's exposure to one arm, collecting conversions for the longest window of its campaign. */
export interface OpenUnit {
  readonly key: string;
  readonly kind: UnitKind;
  readonly id: string;
  readonly arm: string;
  readonly campaign: string;
  readonly at: number;
  /** By conversion definition index: converted, and the revenue per currency. */
  readonly conversions: Map<number, Map<string, number>>;
}

/** One user's part of the state. Its maps are null until their first entry: most users need few of them. */
export interface UserOutcomes {
  /** Events not yet settled (any order; the key maps recognise a redelivery). */
  pending: ReadEvent[];
  /** The earliest time of a pending event (+Infinity: none): settling before it has nothing to apply. */
  pendingFrom: number;
  /** Pending events replaced by another with their key whose content sorts first: skipped (a key's map entry is the one kept). */
  superseded: number;
  /** Pending events by key, one map per key space (ReadEvent.space): message outcomes and exposures, the user's events with an id, without one. */
  outcomeKeys: Map<string, ReadEvent> | null;
  idKeys: Map<string, ReadEvent> | null;
  contentKeys: Map<string, ReadEvent> | null;
  /** Events before this instant are late: the user's state was settled up to it. */
  bound: number;
  /** When the first open message or exposure closes, or something is forgotten (+Infinity: none): settling before it has nothing to do. */
  wakeAt: number;
  /** When the first closed delivery or order is forgotten (+Infinity: none): settling before it need not look at them. */
  forgetAt: number;
  /** By delivery id; a message without one is its own key (a lookup by id never finds it). */
  readonly messages: Map<string | OpenMessage, OpenMessage>;
  /** Delivery ids of closed messages, with their first event's time: their later outcomes are past their window (forgotten after `retentionMs`). */
  closedDeliveries: Map<string, number> | null;
  /** Exposures by unit key (see unitKey): open, or null once counted (a user counts once per experiment arm, whatever the exposures). */
  units: Map<string, OpenUnit | null> | null;
  /** Open units (non-null entries of `units`). */
  openUnits: number;
  /** Order ids converted with, and when (forgotten after `orderMemoryMs`: a repeat within it converts once). */
  orders: Map<string, number> | null;
}

/** What a fold did with its events (nothing is lost: each event is counted in exactly one of these). */
export interface OutcomeCounts {
  /** Kept: a message outcome, an exposure, or an event matching a conversion definition. */
  folded: number;
  /** A redelivery: an event with an id (or content) this user already sent. */
  duplicates: number;
  /** Older than what was already settled for the user (settleOutcomes): not counted. */
  late: number;
  /** Not a valid metrics event (the first problems are in `problems`). */
  invalid: number;
  /** A valid event of the user's that no conversion definition names. */
  ignored: number;
}

/** A problem with one event of one `foldOutcomes` call: its position in that call's list, and what is wrong. */
export interface OutcomeProblem {
  readonly index: number;
  readonly message: string;
}

/** The most problems a state keeps (the count goes on in `counts.invalid`). */
export const MAX_PROBLEMS = 100;

/**
 * The state of a metrics fold: open messages and exposures per user, and the counts of closed
 * ones. Create it with `createOutcomeState`, grow it with `foldOutcomes` (and `settleOutcomes` to
 * bound its memory), combine shards with `mergeOutcomes`, read it with `kpis`, `experimentReport`
 * and `holdoutLift`. Opaque: its fields may change between versions.
 */
export interface OutcomeState {
  readonly version: 1;
  /** The config it was folded with (null until the first fold): settling and reports use it. @internal */
  config: MetricsConfig | null;
  /** @internal */
  readonly users: Map<string, UserOutcomes>;
  /** Closed messages' counts. @internal */
  readonly groups: Map<string, GroupCounters>;
  /** Closed exposures' counts. @internal */
  readonly cohorts: Map<string, CohortCounters>;
  /** Conversions credited by an explicit campaignId to a campaign that sent the user nothing, per definition index. @internal */
  readonly unattributed: Map<number, ShareCredits>;
  readonly counts: OutcomeCounts;
  /** Outcomes of a message after its outcome window (attribution.outcomeWindow): not counted. */
  outsideWindow: number;
  /** Conversions whose orderId the user already converted with. */
  repeatedOrders: number;
  /** The latest time of an event folded (−Infinity before the first): where a stream settles from. */
  latestTime: number;
  readonly problems: OutcomeProblem[];
}

/**
 * An empty metrics state.
 *
 * @example
 * const state = createOutcomeState();
 * state.counts; // { folded: 0, duplicates: 0, late: 0, invalid: 0, ignored: 0 }
 */
export function createOutcomeState(): OutcomeState {
  return {
    version: 1,
    config: null,
    users: new Map(),
    groups: new Map(),
    cohorts: new Map(),
    unattributed: new Map(),
    counts: { folded: 0, duplicates: 0, late: 0, invalid: 0, ignored: 0 },
    outsideWindow: 0,
    repeatedOrders: 0,
    latestTime: Number.NEGATIVE_INFINITY,
    problems: [],
  };
}

export function createUserOutcomes(): UserOutcomes {
  return {
    pending: [],
    pendingFrom: Number.POSITIVE_INFINITY,
    superseded: 0,
    outcomeKeys: null,
    idKeys: null,
    contentKeys: null,
    bound: Number.NEGATIVE_INFINITY,
    wakeAt: Number.POSITIVE_INFINITY,
    forgetAt: Number.POSITIVE_INFINITY,
    messages: new Map(),
    closedDeliveries: null,
    units: null,
    openUnits: 0,
    orders: null,
  };
}

/** Adds `count` credits of `1/share` with their revenue to `credits`. */
export function addCredit(credits: ShareCredits, share: number, count: number, revenue: ReadonlyMap<string, number> | null): void {
  let entry = credits.get(share);
  if (entry === undefined) credits.set(share, (entry = { count: 0, revenue: new Map() }));
  entry.count += count;
  if (revenue !== null) for (const [currency, amount] of revenue) entry.revenue.set(currency, (entry.revenue.get(currency) ?? 0) + amount);
}

export function addCredits(into: ShareCredits, from: ShareCredits): void {
  for (const [share, entry] of from) addCredit(into, share, entry.count, entry.revenue);
}

/** Total credited conversions and revenue, summed in a fixed order (by share). */
export function creditTotals(credits: ShareCredits | undefined): { conversions: number; revenue: Map<string, number> } {
  let conversions = 0;
  const revenue = new Map<string, number>();
  if (credits === undefined) return { conversions, revenue };
  for (const share of [...credits.keys()].sort((a, b) => a - b)) {
    const entry = credits.get(share) as { count: number; revenue: Map<string, number> };
    conversions += entry.count / share;
    for (const currency of [...entry.revenue.keys()].sort()) revenue.set(currency, (revenue.get(currency) ?? 0) + (entry.revenue.get(currency) as number) / share);
  }
  return { conversions, revenue };
}
