/**
 * The per-user behaviour summary that segments and triggers query: plain JSON, compact, bounded.
 * It is its own serialisation: `JSON.stringify` writes it, `parseAggregates` reads it back.
 */

export const AGGREGATES_VERSION = 1;

export interface BehaviourAggregates {
  /** Format version. */
  readonly v: typeof AGGREGATES_VERSION;
  /** One summary per tracked event name, keys in code-point order. */
  readonly events: Readonly<Record<string, EventAggregate>>;
  /** Ids of the most recent events, to recognise a redelivery. */
  readonly seen?: SeenIds;
}

/**
 * One tracked event. Daily buckets are UTC days, stored most recent first as a number of days
 * before the day of `last`, so the numbers stay small; days older than the retention horizon are
 * dropped, while `n`, `first` and `last` cover every event ever folded.
 */
export interface EventAggregate {
  /** Events ever folded. */
  readonly n: number;
  /** Epoch milliseconds of the earliest and latest event. */
  readonly first: number;
  readonly last: number;
  /** Days before the UTC day of `last`, ascending (0 = that day). */
  readonly ago: readonly number[];
  /** Events on each of those days. */
  readonly c: readonly number[];
  /** Declared numeric properties, per day (aligned with `ago`), keys in code-point order. */
  readonly p?: Readonly<Record<string, PropertyDays>>;
}

/**
 * A numeric property per day, as exact integers of 10^-scale (so sums do not depend on the order in
 * which events arrive). Days without a value have sum 0 and min / max null.
 */
export interface PropertyDays {
  /** Decimal places: a stored 12999 with scale 2 is 129.99. */
  readonly scale: number;
  /** Events with a value on each day; omitted when it equals the event count of every day. */
  readonly k?: readonly number[];
  readonly sum: readonly number[];
  readonly min: readonly (number | null)[];
  readonly max: readonly (number | null)[];
}

/** Event ids remembered for deduplication: times (descending) and ids, aligned. */
export interface SeenIds {
  readonly t: readonly number[];
  readonly id: readonly string[];
}

/** Aggregates with no events. */
export function emptyAggregates(): BehaviourAggregates {
  return { v: AGGREGATES_VERSION, events: {} };
}
