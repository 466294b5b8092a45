import type { EventAggregate } from "../aggregates/behaviour-aggregates.js";
import { activeDaysInDays, countInDays, propertyInDays, streakEndingAt, type PropertyTotals } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";

/*
 * The questions behavioural operators ask of one event's aggregate, as data: a use of an operator
 * with literal arguments becomes a query, and the same query (same kind, event, window, property)
 * asked by several operators — in one segment or in twenty — is answered once per evaluation (see
 * BehaviourReader.answer). `event_count` and `never_did` share counts; `event_sum`, `event_avg`,
 * `event_min`, `event_max` and `rfm_score` share property totals.
 */

/** The kinds of query. */
export const QueryKind = Object.freeze({
  /** Events ever (`n`); needs no `now`. */
  CountEver: 0,
  /** Events in the last `days` days. */
  Count: 1,
  /** Days with the event among the last `days` days. */
  ActiveDays: 2,
  /** Consecutive days with the event ending today (or yesterday). */
  Streak: 3,
  /** Property totals over every retained day; needs no `now`. */
  PropertyEver: 4,
  /** Property totals over the last `days` days. */
  Property: 5,
} as const);
export type QueryKind = (typeof QueryKind)[keyof typeof QueryKind];

export interface BehaviourQuery {
  readonly kind: QueryKind;
  readonly event: string;
  /** Window in days (0 when the kind has none). */
  readonly days: number;
  /** Declared property ("" when the kind has none). */
  readonly property: string;
}

export type QueryAnswer = number | PropertyTotals | null;

const NO_VALUES: PropertyTotals = Object.freeze({ count: 0, sum: 0, min: null, max: null });

/** A stable text for a query (slot sharing). */
export function queryKey(query: BehaviourQuery): string {
  return JSON.stringify([query.kind, query.event, query.days, query.property]);
}

/**
 * The answer to `query` for the event's aggregate (undefined: the user never did it) at `now`
 * (undefined: missing or invalid, which makes every windowed answer null).
 */
export function answerQuery(query: BehaviourQuery, aggregate: EventAggregate | undefined, now: number | undefined): QueryAnswer {
  switch (query.kind) {
    case QueryKind.CountEver:
      return aggregate === undefined ? 0 : aggregate.n;
    case QueryKind.PropertyEver:
      return aggregate === undefined ? NO_VALUES : propertyInDays(aggregate, query.property, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    default:
      break;
  }
  if (now === undefined) return null;
  if (aggregate === undefined) return query.kind === QueryKind.Property ? NO_VALUES : 0;
  const today = utcDay(now);
  switch (query.kind) {
    case QueryKind.Count:
      return countInDays(aggregate, today - query.days + 1, today);
    case QueryKind.ActiveDays:
      return activeDaysInDays(aggregate, today - query.days + 1, today);
    case QueryKind.Streak:
      return streakEndingAt(aggregate, today);
    default:
      return propertyInDays(aggregate, query.property, today - query.days + 1, today);
  }
}
