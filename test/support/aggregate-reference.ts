import { DAY_MS, type BehaviourAggregates, type EventAggregate, type PropertyDays } from "../../src/segments/index.js";

/*
 * A brute-force reference for foldEvents and the day queries: it keeps every accepted event in a
 * list and answers by scanning it. Written from the documentation (docs/segments.md), not from the
 * implementation: slow and obvious on purpose.
 *
 * It does not decide between two *different* events sent under one id (the implementation keeps
 * "the same one whatever the order", without saying which); callers generate redeliveries as exact
 * copies, and the reference throws if it meets a conflict.
 */

export interface ReferencePolicy {
  readonly events: Readonly<Record<string, { readonly properties?: Readonly<Record<string, { readonly decimals?: number }>> }>>;
  readonly horizonDays?: number;
  readonly dedupe?: { readonly windowDays?: number; readonly maxIds?: number };
}

export interface ReferenceEvent {
  readonly name: string;
  readonly time: number;
  readonly id: string | undefined;
  /** Scaled values (integers of 10^-decimals) of the declared properties that had a usable value. */
  readonly values: Readonly<Record<string, number>>;
}

const day = (time: number): number => Math.floor(time / DAY_MS);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Epoch ms of the time forms the tests generate (ms, or ISO 8601 with Z or ±hh:mm), else undefined. */
function referenceTime(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? value + 0 : undefined;
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function referenceId(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  return typeof value === "string" && value.length >= 1 && value.length <= 256 ? value : null;
}

/** The events foldEvents accepts from `raw` (tracked, valid), one per id, in input order. */
export function acceptedEvents(raw: readonly unknown[], policy: ReferencePolicy): ReferenceEvent[] {
  const accepted: ReferenceEvent[] = [];
  const byId = new Map<string, ReferenceEvent>();
  for (const event of raw) {
    if (!isPlainObject(event) || typeof event.name !== "string" || !Object.hasOwn(policy.events, event.name)) continue;
    const time = referenceTime(event.time);
    const id = referenceId(event.id);
    if (time === undefined || id === null) continue;
    const values: Record<string, number> = {};
    const bag = isPlainObject(event.properties) ? event.properties : {};
    for (const [property, declaration] of Object.entries(policy.events[event.name]?.properties ?? {})) {
      const value = bag[property];
      if (typeof value !== "number") continue;
      const scaled = Math.round(value * 10 ** (declaration.decimals ?? 2));
      if (Number.isSafeInteger(scaled)) values[property] = scaled + 0;
    }
    const kept: ReferenceEvent = { name: event.name, time, id, values };
    if (id !== undefined) {
      const earlier = byId.get(id);
      if (earlier !== undefined) {
        if (JSON.stringify(earlier) !== JSON.stringify(kept)) throw new Error(`the reference does not resolve two different events under id ${id}`);
        continue;
      }
      byId.set(id, kept);
    }
    accepted.push(kept);
  }
  return accepted;
}

/** The events of one name, with the first day still kept in daily buckets (the horizon counted back from its latest day). */
export function eventsOf(accepted: readonly ReferenceEvent[], name: string, horizonDays: number): { events: ReferenceEvent[]; oldestKept: number; firstDay: number; lastDay: number } {
  const events = accepted.filter((event) => event.name === name);
  const lastDay = Math.max(...events.map((event) => day(event.time)));
  const firstDay = Math.min(...events.map((event) => day(event.time)));
  return { events, oldestKept: lastDay - horizonDays + 1, firstDay, lastDay };
}

/** The aggregates docs/segments.md describes for these accepted events. */
export function referenceAggregates(accepted: readonly ReferenceEvent[], policy: ReferencePolicy): BehaviourAggregates {
  const horizonDays = policy.horizonDays ?? 90;
  const names = [...new Set(accepted.map((event) => event.name))].sort();
  const events: Record<string, EventAggregate> = {};
  for (const name of names) {
    const { events: list, oldestKept, lastDay } = eventsOf(accepted, name, horizonDays);
    const kept = list.filter((event) => day(event.time) >= oldestKept);
    const days = [...new Set(kept.map((event) => day(event.time)))].sort((a, b) => b - a);
    const onDay = (d: number) => kept.filter((event) => day(event.time) === d);
    const aggregate: { -readonly [K in keyof EventAggregate]: EventAggregate[K] } = {
      n: list.length,
      first: Math.min(...list.map((event) => event.time)),
      last: Math.max(...list.map((event) => event.time)),
      ago: days.map((d) => lastDay - d),
      c: days.map((d) => onDay(d).length),
    };
    const p: Record<string, PropertyDays> = {};
    const declared = policy.events[name]?.properties ?? {};
    for (const property of Object.keys(declared).sort()) {
      const perDay = days.map((d) => onDay(d).flatMap((event) => (property in event.values ? [event.values[property] as number] : [])));
      if (perDay.every((values) => values.length === 0)) continue;
      const k = perDay.map((values) => values.length);
      const columns = {
        sum: perDay.map((values) => values.reduce((a, b) => a + b, 0)),
        min: perDay.map((values) => (values.length === 0 ? null : Math.min(...values))),
        max: perDay.map((values) => (values.length === 0 ? null : Math.max(...values))),
      };
      const scale = declared[property]?.decimals ?? 2;
      p[property] = k.every((valued, i) => valued === aggregate.c[i]) ? { scale, ...columns } : { scale, k, ...columns };
    }
    if (Object.keys(p).length > 0) aggregate.p = p;
    events[name] = aggregate;
  }
  const windowMs = (policy.dedupe?.windowDays ?? 7) * DAY_MS;
  const maxIds = policy.dedupe?.maxIds ?? 1_000;
  const latest = Math.max(...accepted.map((event) => event.time));
  const remembered = accepted
    .filter((event): event is ReferenceEvent & { id: string } => event.id !== undefined && event.time >= latest - windowMs)
    .sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, maxIds);
  return remembered.length === 0
    ? { v: 1, events }
    : { v: 1, events, seen: { t: remembered.map((event) => event.time), id: remembered.map((event) => event.id) } };
}

/* The day queries, by scanning the event list (valid for windows that start inside the horizon). */

const inDays = (events: readonly ReferenceEvent[], fromDay: number, toDay: number) => events.filter((event) => day(event.time) >= fromDay && day(event.time) <= toDay);

export const referenceCount = (events: readonly ReferenceEvent[], fromDay: number, toDay: number): number => inDays(events, fromDay, toDay).length;

export const referenceActiveDays = (events: readonly ReferenceEvent[], fromDay: number, toDay: number): number =>
  new Set(inDays(events, fromDay, toDay).map((event) => day(event.time))).size;

/** Consecutive days ending today (or yesterday, when today has none), counting only days from oldestKept on. */
export function referenceStreak(events: readonly ReferenceEvent[], today: number, oldestKept: number): number {
  const days = new Set(events.map((event) => day(event.time)).filter((d) => d >= oldestKept));
  let end = days.has(today) ? today : days.has(today - 1) ? today - 1 : undefined;
  let streak = 0;
  while (end !== undefined && days.has(end)) {
    streak++;
    end--;
  }
  return streak;
}

export function referenceProperty(events: readonly ReferenceEvent[], property: string, scale: number, fromDay: number, toDay: number) {
  const values = inDays(events, fromDay, toDay).flatMap((event) => (property in event.values ? [event.values[property] as number] : []));
  if (values.length === 0) return { count: 0, sum: 0, min: null, max: null };
  const unit = 10 ** scale;
  return { count: values.length, sum: values.reduce((a, b) => a + b, 0) / unit, min: Math.min(...values) / unit, max: Math.max(...values) / unit };
}
