import jsonLogic from "json-logic-js";
import type { EventAggregate } from "../../src/segments/aggregates/behaviour-aggregates.js";
import { activeDaysInDays, countInDays, propertyInDays, streakEndingAt, type PropertyTotals } from "../../src/segments/aggregates/day-queries.js";
import { utcDay } from "../../src/segments/aggregates/utc-day.js";
import { parseWindowDays } from "../../src/segments/operators/window-days.js";
import { scoreAtLeast, scoreAtMost } from "../../src/segments/operators/rfm-operators.js";
import { RFM_MODELS } from "./segment-corpus.js";

/*
 * The do-it-yourself baseline: json-logic-js 2.0.5 with the behavioural operators added through
 * add_operation, written the straightforward way over the same day queries nudgekit uses
 * (src/segments/aggregates/day-queries.ts). json-logic-js has no compile step, so every call parses
 * its window (parseWindowDays) and looks the aggregates up again, with plain optional chaining (no
 * own-property checks, no validation: faster than nudgekit's reads, and enough for the valid data of
 * the bench). Segments are evaluated in the same dependency order, and a rule that include / exclude
 * already decided is skipped, exactly as nudgekit does.
 */

const HORIZON_DAYS = 90;

interface Data {
  readonly user?: { readonly behaviour?: { readonly events?: Readonly<Record<string, EventAggregate>> } };
  readonly now: number;
}

const NO_VALUES: PropertyTotals = { count: 0, sum: 0, min: null, max: null };

function aggregateOf(data: Data, event: string): EventAggregate | undefined {
  return data.user?.behaviour?.events?.[event];
}

/** Today and the first day of a window, or null for an invalid window. */
function windowDays(data: Data, window: unknown): { today: number; from: number } | null {
  const parsed = parseWindowDays(window, HORIZON_DAYS);
  if (!parsed.ok) return null;
  const today = utcDay(data.now);
  return { today, from: today - parsed.days + 1 };
}

function eventCount(data: Data, event: string, window?: unknown): number | null {
  const aggregate = aggregateOf(data, event);
  if (window === undefined) return aggregate?.n ?? 0;
  const days = windowDays(data, window);
  if (days === null) return null;
  return aggregate === undefined ? 0 : countInDays(aggregate, days.from, days.today);
}

function propertyStatistic(pick: (totals: PropertyTotals) => number | null) {
  return function (this: Data, event: string, property: string, window?: unknown): number | null {
    const aggregate = aggregateOf(this, event);
    const days = window === undefined ? { from: Number.NEGATIVE_INFINITY, today: Number.POSITIVE_INFINITY } : windowDays(this, window);
    if (days === null) return null;
    return pick(aggregate === undefined ? NO_VALUES : propertyInDays(aggregate, property, days.from, days.today));
  };
}

function daysSince(which: "first" | "last") {
  return function (this: Data, event: string): number | null {
    const aggregate = aggregateOf(this, event);
    return aggregate === undefined ? null : utcDay(this.now) - utcDay(aggregate[which]);
  };
}


jsonLogic.add_operation("event_count", function (this: Data, event: string, window?: unknown) {
  return eventCount(this, event, window);
});
jsonLogic.add_operation("never_did", function (this: Data, event: string, window?: unknown) {
  const count = eventCount(this, event, window);
  return count === null ? null : count === 0;
});
jsonLogic.add_operation("active_days", function (this: Data, event: string, window: unknown) {
  const days = windowDays(this, window);
  if (days === null) return null;
  const aggregate = aggregateOf(this, event);
  return aggregate === undefined ? 0 : activeDaysInDays(aggregate, days.from, days.today);
});
jsonLogic.add_operation("streak_days", function (this: Data, event: string) {
  const aggregate = aggregateOf(this, event);
  return aggregate === undefined ? 0 : streakEndingAt(aggregate, utcDay(this.now));
});
jsonLogic.add_operation("days_since_last", daysSince("last"));
jsonLogic.add_operation("days_since_first", daysSince("first"));
jsonLogic.add_operation("last_seen", function (this: Data, event: string) {
  return aggregateOf(this, event)?.last ?? null;
});
jsonLogic.add_operation("first_seen", function (this: Data, event: string) {
  return aggregateOf(this, event)?.first ?? null;
});
jsonLogic.add_operation("event_sum", propertyStatistic((totals) => totals.sum));
jsonLogic.add_operation("event_avg", propertyStatistic((totals) => (totals.count === 0 ? null : totals.sum / totals.count)));
jsonLogic.add_operation("event_min", propertyStatistic((totals) => totals.min));
jsonLogic.add_operation("event_max", propertyStatistic((totals) => totals.max));
jsonLogic.add_operation("rfm_score", function (this: Data, name: string, dimension = "rfm") {
  const model = RFM_MODELS[name as keyof typeof RFM_MODELS];
  if (model === undefined) return null;
  const days = windowDays(this, model.window);
  if (days === null) return null;
  const aggregate = aggregateOf(this, model.event);
  if (aggregate === undefined) return 0;
  const r = scoreAtMost(days.today - utcDay(aggregate.last), model.recency);
  const f = scoreAtLeast(countInDays(aggregate, days.from, days.today), model.frequency);
  const m = scoreAtLeast(propertyInDays(aggregate, model.property, days.from, days.today).sum, model.monetary);
  return dimension === "r" ? r : dimension === "f" ? f : dimension === "m" ? m : r * 100 + f * 10 + m;
});
// json-logic-js 2.0.5 has no semantic-version comparison: the one a DIY user would add (the
// corpus's versions are plain x.y.z).
jsonLogic.add_operation("version_gte", function (a: unknown, b: unknown) {
  const x = String(a).split(".").map(Number);
  const y = String(b).split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
});

interface BaselineSegment {
  readonly rule: jsonLogic.RulesLogic;
  readonly includes: readonly number[];
  readonly excludes: readonly number[];
}

export interface BaselineSegments {
  readonly segments: readonly BaselineSegment[];
  /** Dependencies first. */
  readonly order: readonly number[];
}

/** Segments with include / exclude resolved to indexes, and their dependency order. */
export function prepareBaseline(segments: readonly { id: string; rule: unknown; include?: readonly string[]; exclude?: readonly string[] }[]): BaselineSegments {
  const index = new Map(segments.map((segment, i) => [segment.id, i]));
  const prepared: BaselineSegment[] = segments.map((segment) => ({
    rule: segment.rule as jsonLogic.RulesLogic,
    includes: (segment.include ?? []).map((id) => index.get(id) as number),
    excludes: (segment.exclude ?? []).map((id) => index.get(id) as number),
  }));
  const order: number[] = [];
  const done = new Set<number>();
  const visit = (i: number): void => {
    if (done.has(i)) return;
    done.add(i);
    const segment = prepared[i] as BaselineSegment;
    [...segment.includes, ...segment.excludes].forEach(visit);
    order.push(i);
  };
  prepared.forEach((_, i) => visit(i));
  return { segments: prepared, order };
}

/** Membership (0 / 1 per segment, by definition index) with json-logic-js. */
export function baselineMemberships(prepared: BaselineSegments, profile: unknown, now: number): Uint8Array {
  const data = { user: profile, now };
  const member = new Uint8Array(prepared.segments.length);
  for (const i of prepared.order) {
    const segment = prepared.segments[i] as BaselineSegment;
    const possible = segment.includes.every((j) => member[j] === 1) && !segment.excludes.some((j) => member[j] === 1);
    member[i] = possible && jsonLogic.truthy(jsonLogic.apply(segment.rule, data)) ? 1 : 0;
  }
  return member;
}
