import fc from "fast-check";
import { DAY_MS } from "../../src/segments/index.js";

/*
 * Event streams for the aggregate property tests, valid by construction: ~200 days of events with
 * ids, tracked and untracked names, numeric properties with decimals, negatives, missing and
 * unusable values, times as epoch ms or ISO 8601 (Z or an offset), exact redeliveries, and a few
 * events that must be refused.
 */

/** 2026-01-01T00:00Z: day 0 of the generated streams. */
export const START = Date.UTC(2026, 0, 1);
export const SPAN_DAYS = 200;

export const TRACKED = {
  app_open: {},
  purchase: { properties: { amount: { decimals: 2 }, qty: { decimals: 0 } } },
  rating: { properties: { score: { decimals: 3 } } },
} as const;
export const TRACKED_NAMES = Object.keys(TRACKED) as (keyof typeof TRACKED)[];
export const DECLARED: readonly (readonly [name: keyof typeof TRACKED, property: string, scale: number])[] = [
  ["purchase", "amount", 2],
  ["purchase", "qty", 0],
  ["rating", "score", 3],
];

/** Remembers every id for longer than the generated span: dedupe then covers everything. */
export const FULL_DEDUPE = { windowDays: 3_660, maxIds: 100_000 } as const;

export const policyWith = (horizonDays: number, dedupe: { windowDays: number; maxIds: number } = FULL_DEDUPE) => ({ events: TRACKED, horizonDays, dedupe });

export const horizonArb = fc.constantFrom(1, 7, 30, 90, 365);

export const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -99_999_999, max: 99_999_999 }).map((cents) => cents / 100) },
  { weight: 2, arbitrary: fc.integer({ min: -1_000, max: 1_000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, "12.5", 1e300, -1e300, true, {}) },
);

const bagArb = fc.record({ amount: valueArb, qty: valueArb, score: valueArb, extra: valueArb }, { requiredKeys: [] });

export interface EventSpec {
  readonly name: string;
  readonly day: number;
  readonly ms: number;
  readonly form: "ms" | "iso" | "offset";
  readonly offsetMinutes: number;
  readonly id: "none" | "string" | "number";
  readonly properties: Record<string, unknown> | undefined;
}

export const specArb: fc.Arbitrary<EventSpec> = fc.record({
  name: fc.constantFrom("app_open", "purchase", "purchase", "rating", "page_view", "other"),
  day: fc.integer({ min: 0, max: SPAN_DAYS - 1 }),
  // Often the same instants (ties between ids) and the edges of a UTC day.
  ms: fc.oneof(fc.integer({ min: 0, max: DAY_MS - 1 }), fc.constantFrom(0, 1, 43_200_000, DAY_MS - 1)),
  form: fc.constantFrom("ms", "ms", "iso", "offset"),
  offsetMinutes: fc.integer({ min: -14 * 60, max: 14 * 60 }),
  id: fc.constantFrom("string", "string", "number", "none"),
  properties: fc.option(bagArb, { nil: undefined, freq: 5 }),
});

/** Events crowded on a few instants of the last days: ties between ids, same-day buckets. */
const crowdedSpecArb: fc.Arbitrary<EventSpec> = specArb.chain((spec) =>
  fc.record({ day: fc.integer({ min: SPAN_DAYS - 3, max: SPAN_DAYS - 1 }), ms: fc.constantFrom(0, 43_200_000) }).map(({ day, ms }) => ({ ...spec, day, ms })),
);

/** ISO 8601 of an instant, as seen at a UTC offset ("+05:30", "-08:00"), or with Z. */
export function isoAt(time: number, offsetMinutes: number | undefined): string {
  if (offsetMinutes === undefined) return new Date(time).toISOString();
  const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

export function renderTime(time: number, form: EventSpec["form"], offsetMinutes: number): number | string {
  return form === "ms" ? time : isoAt(time, form === "iso" ? undefined : offsetMinutes);
}

export interface RawEvent {
  name: string;
  time: number | string;
  id?: string | number;
  properties?: Record<string, unknown>;
}

/** The events of the specs; ids are unique per spec ("e7" or 10007). */
export function materialize(specs: readonly EventSpec[]): RawEvent[] {
  return specs.map((spec, index) => {
    const event: RawEvent = { name: spec.name, time: renderTime(START + spec.day * DAY_MS + spec.ms, spec.form, spec.offsetMinutes) };
    if (spec.id === "string") event.id = `e${index}`;
    if (spec.id === "number") event.id = 10_000 + index;
    if (spec.properties !== undefined) event.properties = spec.properties;
    return event;
  });
}

/** The instant of a generated event (its time may be written as ISO 8601). */
export const instantOf = (event: RawEvent): number => (typeof event.time === "number" ? event.time : Date.parse(event.time));

/** An exact copy of an event (same id, instant and values), its time possibly written another way. */
export function redelivery(event: RawEvent, form: EventSpec["form"], offsetMinutes: number): RawEvent {
  return { ...event, time: renderTime(instantOf(event), form, offsetMinutes), ...(event.properties === undefined ? {} : { properties: { ...event.properties } }) };
}

/** Inputs foldEvents must refuse or ignore (never throw on); none changes the aggregates. */
export const refusedArb: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  42,
  "app_open",
  [],
  { time: START },
  { name: "", time: START },
  { name: 7, time: START },
  { name: "purchase", time: "2026-03-29T02:30:00" },
  { name: "purchase", time: Number.NaN },
  { name: "purchase", time: "yesterday" },
  { name: "app_open" },
  { name: "app_open", time: START, id: "" },
  { name: "app_open", time: START, id: Number.POSITIVE_INFINITY },
  { name: "app_open", time: START, id: { nested: 1 } },
  { name: "app_open", time: START, id: "x".repeat(257) },
  { name: "page_view", time: "not even a time" },
);

/** Generated events plus exact redeliveries of some of them (`copies` index into the events). */
export const streamArb = fc
  .record({
    specs: fc.array(fc.oneof({ weight: 3, arbitrary: specArb }, { weight: 1, arbitrary: crowdedSpecArb }), { maxLength: 60 }),
    copies: fc.array(fc.tuple(fc.nat(), fc.constantFrom<EventSpec["form"]>("ms", "iso", "offset"), fc.integer({ min: -600, max: 600 })), { maxLength: 10 }),
  })
  .map(({ specs, copies }) => {
    const events = materialize(specs);
    const again = events.length === 0 ? [] : copies.map(([pick, form, offset]) => redelivery(events[pick % events.length] as RawEvent, form, offset));
    return [...events, ...again];
  });

/** Different events sent under the id of an existing one (a shifted time, or other values). */
export function conflicting(events: readonly RawEvent[], picks: readonly (readonly [number, number])[]): RawEvent[] {
  const withIds = events.filter((event) => event.id !== undefined);
  if (withIds.length === 0) return [];
  return picks.map(([pick, shift]) => {
    const original = withIds[pick % withIds.length] as RawEvent;
    return shift === 0
      ? { ...original, properties: { amount: 1.25, qty: 3, score: -0.5 } }
      : { ...original, time: instantOf(original) + shift * 3_600_000, name: shift > 0 ? original.name : "purchase" };
  });
}
