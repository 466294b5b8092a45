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

/** A message of one user whose outcomes and conversions may still change. */
export interface OpenMessage {
  readonly key: string;
  campaign: string | null;
  variant: string | null;
  channel: string | null;
  readonly firstAt: number;
  /** Times of the first sent, delivered, impression, (human) open and click, by rank (NaN: none yet). */
  readonly anchors: number[];
  sent: boolean;
  deliveredEvent: boolean;
  bounced: boolean;
  impressions: number;
  humanOpens: number;
  machineOpens: number;
  clicks: number;
  dismissed: boolean;
  unsubscribed: boolean;
  complaint: boolean;
  /** By conversion definition index: the credit received. */
  credits: Map<number, ShareCredits> | null;
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

/** One user's part of the state. */
export interface UserOutcomes {
  /** Events not yet settled (any order; `keys` recognises a redelivery). */
  pending: ReadEvent[];
  readonly keys: Set<string>;
  /** Events before this instant are late: the user's state was settled up to it. */
  bound: number;
  /** When the first open message or exposure closes (+Infinity: none): settling before it has nothing to close. */
  wakeAt: number;
  readonly messages: Map<string, OpenMessage>;
  /** Delivery ids of closed messages, with their first event's time: their later outcomes are past their window (forgotten after `retentionMs`). */
  readonly closedDeliveries: Map<string, number>;
  readonly units: Map<string, OpenUnit>;
  /** Units already counted (a user counts once per experiment arm, whatever the exposures). */
  readonly countedUnits: Set<string>;
  /** Order ids converted with, and when (forgotten after `orderMemoryMs`: a repeat within it converts once). */
  readonly orders: Map<string, number>;
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
    keys: new Set(),
    bound: Number.NEGATIVE_INFINITY,
    wakeAt: Number.POSITIVE_INFINITY,
    messages: new Map(),
    closedDeliveries: new Map(),
    units: new Map(),
    countedUnits: new Set(),
    orders: new Map(),
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
