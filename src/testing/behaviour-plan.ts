import * as fc from "fast-check";
import type { AggregatePolicyInput } from "../segments/aggregates/aggregate-policy.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import { AggregatesError } from "../segments/aggregates/aggregates-error.js";
import type { BehaviourAggregates } from "../segments/aggregates/behaviour-aggregates.js";
import { foldEvents, type BehaviourEvent } from "../segments/aggregates/fold-events.js";
import { fieldsArbitrary } from "./json-values.js";
import { DAY, MINUTE } from "./time-anchors.js";

/*
 * A user's past, as events placed relative to "now". Segments ask for habits ("opened the app on 7
 * days of the last 30", "a purchase in 90 days", "no app_open for 14 days"), which independent
 * random events almost never form; so the past is made of habits (an event every day or two, for
 * some days, ending some days ago) plus a few one-off events.
 */

/** An event some time before "now". */
export interface PastEvent {
  readonly name: string;
  readonly agoMs: number;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface BehaviourPlanOptions {
  readonly events: readonly string[];
  /** Per event, property path → values (e.g. `configVocabulary(config).eventProperties`). */
  readonly eventProperties?: Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;
  /** Days of history to fill (default 90, the aggregates' default horizon). */
  readonly horizonDays?: number;
  /** Events rules count (e.g. `configVocabulary(config).behaviourEvents`): habits of them are three times as likely. */
  readonly favoured?: readonly string[];
}

interface Habit {
  readonly name: string;
  readonly days: number;
  readonly every: number;
  readonly perDay: number;
  readonly endAgoDays: number;
  readonly timeOfDay: number;
  /** One set of properties for all its events: cheap to generate, and enough to meet a condition. */
  readonly properties: Readonly<Record<string, unknown>>;
}

function expandHabit(habit: Habit, horizonDays: number): PastEvent[] {
  const events: PastEvent[] = [];
  for (let day = 0; day < habit.days; day++) {
    const daysAgo = habit.endAgoDays + day * habit.every;
    if (daysAgo >= horizonDays) break;
    for (let k = 0; k < habit.perDay; k++) events.push({ name: habit.name, agoMs: daysAgo * DAY + ((habit.timeOfDay + k * 3 * 3_600_000) % DAY) + MINUTE, properties: habit.properties });
  }
  return events;
}

/** Past events, newest first; empty when `events` is. */
export function behaviourPlanArbitrary(options: BehaviourPlanOptions): fc.Arbitrary<PastEvent[]> {
  const { events } = options;
  if (events.length === 0) return fc.constant([]).map((): PastEvent[] => []);
  const horizonDays = Math.max(1, Math.min(options.horizonDays ?? 90, 3_660));
  const propertiesOf = (name: string): fc.Arbitrary<Record<string, unknown>> => fieldsArbitrary(options.eventProperties?.[name] ?? {});
  // One arbitrary per name (rather than a chain on the name), so that shrinking keeps working.
  // Habits mostly reach up to the last few days: "active on 7 of the last 30 days" needs recent ones.
  const endAgoDays = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: Math.min(3, horizonDays - 1) }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: Math.min(60, horizonDays - 1) }) });
  const favoured = new Set(options.favoured ?? []);
  const habit = fc.oneof(
    ...events.map((name) => ({
      weight: favoured.has(name) ? 3 : 1,
      arbitrary: fc.record({
        name: fc.constant(name),
        days: fc.integer({ min: 1, max: 21 }),
        every: fc.integer({ min: 1, max: 3 }),
        perDay: fc.integer({ min: 1, max: 2 }),
        endAgoDays,
        timeOfDay: fc.integer({ min: 0, max: DAY / MINUTE - 1 }).map((minutes) => minutes * MINUTE),
        properties: propertiesOf(name),
      }),
    })),
  );
  const single = fc.oneof(
    ...events.map((name) =>
      fc.record({ agoMs: fc.integer({ min: 1, max: horizonDays * 1_440 - 1 }).map((minutes) => minutes * MINUTE), properties: propertiesOf(name) }).map((fields): PastEvent => ({ name, ...fields })),
    ),
  );
  return fc
    .tuple(fc.array(habit, { maxLength: 3 }), fc.array(single, { maxLength: 5 }))
    .map(([habits, singles]) => [...habits.flatMap((entry) => expandHabit(entry, horizonDays)), ...singles].sort((a, b) => a.agoMs - b.agoMs));
}

/** The events of a plan as of `now`, with ids (so folding them twice counts them once). */
export function pastEvents(plan: readonly PastEvent[], now: number): BehaviourEvent[] {
  return plan.map((event, index) => ({ id: `past-${index}`, name: event.name, time: now - event.agoMs, ...(event.properties === undefined || Object.keys(event.properties).length === 0 ? {} : { properties: event.properties }) }));
}

/**
 * Folds events into aggregates with the config's policy. Aggregates that are not valid (a user's
 * own data) start over from nothing, as a service would rebuild them.
 */
export function foldInto(aggregates: unknown, events: readonly BehaviourEvent[], policy: AggregatePolicyInput | AggregatePolicy): BehaviourAggregates {
  try {
    return foldEvents((aggregates ?? null) as BehaviourAggregates | null, events, policy);
  } catch (error) {
    if (!(error instanceof AggregatesError)) throw error;
    return foldEvents(null, events, policy);
  }
}

/**
 * A heavy habit of one of `events`: most days of the last weeks, up to today. What segments like
 * "active on 7 of the last 30 days" need, and random pasts rarely give.
 */
export function denseHabitArbitrary(events: readonly string[], options: Omit<BehaviourPlanOptions, "events" | "favoured"> = {}): fc.Arbitrary<PastEvent[]> {
  const horizonDays = Math.max(1, Math.min(options.horizonDays ?? 90, 3_660));
  return fc.oneof(
    ...events.map((name) =>
      fc
        .record({
          name: fc.constant(name),
          days: fc.integer({ min: 7, max: 30 }),
          every: fc.integer({ min: 1, max: 2 }),
          perDay: fc.integer({ min: 1, max: 2 }),
          endAgoDays: fc.integer({ min: 0, max: Math.min(2, horizonDays - 1) }),
          timeOfDay: fc.integer({ min: 0, max: DAY / MINUTE - 1 }).map((minutes) => minutes * MINUTE),
          properties: fieldsArbitrary(options.eventProperties?.[name] ?? {}),
        })
        .map((habit) => expandHabit(habit, horizonDays)),
    ),
  );
}
