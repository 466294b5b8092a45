import { powerOfTen } from "../../math/power-of-ten.js";
import { isPlainObject } from "../../json/plain-object.js";
import { instantOf, isoInstant, type Instant } from "../../time/instant.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { AggregatesError } from "./aggregates-error.js";
import type { AggregatePolicy } from "./aggregate-policy-model.js";
import { isCompiledAggregatePolicy } from "./aggregate-policy-model.js";
import { AGGREGATES_VERSION, emptyAggregates, type BehaviourAggregates, type EventAggregate, type PropertyDays, type SeenIds } from "./behaviour-aggregates.js";
import { freezeAggregates } from "./freeze-aggregates.js";
import { isKnownValid, rememberValid } from "./known-valid.js";
import { aggregatesProblems } from "./parse-aggregates.js";
import { utcDay } from "./utc-day.js";

/** An event as folded: `time` is epoch milliseconds or ISO 8601 with an offset. */
export interface BehaviourEvent {
  readonly name: string;
  readonly time: number | string;
  /** Makes the event idempotent: a redelivery with the same id is not counted twice. */
  readonly id?: string | number;
  readonly properties?: Readonly<Record<string, unknown>>;
}

export type FoldRejectionReason = "not-an-object" | "missing-name" | "invalid-time" | "future-time" | "invalid-id";

/** An event that was not folded, and why. `index` is its position in the input. */
export interface FoldRejection {
  readonly index: number;
  readonly reason: FoldRejectionReason;
  readonly message: string;
}

/** A property value that was not recorded (the event itself was). */
export interface IgnoredProperty {
  readonly index: number;
  readonly property: string;
  readonly message: string;
}

export interface FoldReport {
  readonly aggregates: BehaviourAggregates;
  /** Events folded. */
  readonly accepted: number;
  /** Events whose id was already folded (here or earlier). */
  readonly duplicates: number;
  /** Events whose name the policy does not track. */
  readonly untracked: number;
  readonly rejected: readonly FoldRejection[];
  readonly ignoredProperties: readonly IgnoredProperty[];
}

export interface FoldOptions {
  /** When given, events later than now + policy.maxFutureMs are refused (a skewed client clock). */
  readonly now?: Instant;
}

/** Longest accepted id, in UTF-16 code units. */
const MAX_ID_LENGTH = 256;

interface AcceptedEvent {
  readonly name: string;
  readonly time: number;
  readonly id: string | undefined;
  /** Scaled property values, in the policy's declaration order (undefined: no value). */
  readonly values: readonly (number | undefined)[];
  readonly properties: readonly string[];
}

interface PropertyBucket {
  k: number;
  sum: number;
  min: number;
  max: number;
}

interface DayBucket {
  count: number;
  readonly properties: Map<string, PropertyBucket>;
}

/**
 * The aggregates to fold into, validated. Caller-owned aggregates are copied, so that the frozen
 * result shares nothing with (and never freezes) an object the caller may still change.
 */
function validBase(aggregates: BehaviourAggregates | null | undefined): BehaviourAggregates {
  if (aggregates === undefined || aggregates === null) return emptyAggregates();
  if (isKnownValid(aggregates)) return aggregates;
  const problems = aggregatesProblems(aggregates);
  if (problems.length > 0) throw new AggregatesError("aggregates", problems);
  return JSON.parse(JSON.stringify(aggregates)) as BehaviourAggregates;
}

/** An event's aggregate by own key: a tracked event may be named `toString` or `valueOf`. */
function ownEvent(events: Readonly<Record<string, EventAggregate>>, name: string): EventAggregate | undefined {
  return Object.hasOwn(events, name) ? events[name] : undefined;
}

/**
 * `foldEventsWithReport` for a compiled policy (see `foldEvents`): what nudgekit/runtime exports,
 * in a file of its own so that a browser that folds events reaches no validation code.
 *
 * @throws TypeError when `policy` is not a compiled policy (`engine.behaviour`, `compileAggregatePolicy`).
 */
export function foldCompiledEventsWithReport(aggregates: BehaviourAggregates | null | undefined, events: Iterable<unknown>, policy: AggregatePolicy, options: FoldOptions = {}): FoldReport {
  if (!isCompiledAggregatePolicy(policy)) throw new TypeError("the policy must be a compiled aggregation policy (engine.behaviour, or compileAggregatePolicy from nudgekit/segments)");
  const base = validBase(aggregates);
  const now = options.now === undefined ? undefined : instantOf(options.now, "options.now");

  const storedIds = base.seen?.id ?? [];
  let storedIdSet: Set<string> | undefined;
  let lookups = 0;
  // A few lookups scan the stored ids; building a Set of up to maxIds ids only pays off for more.
  const seenBefore = (id: string): boolean => {
    if (storedIds.length <= 32 || ++lookups <= 8) return storedIds.includes(id);
    storedIdSet ??= new Set(storedIds);
    return storedIdSet.has(id);
  };
  const withId = new Map<string, AcceptedEvent>();
  const withoutId: AcceptedEvent[] = [];
  const rejected: FoldRejection[] = [];
  const ignoredProperties: IgnoredProperty[] = [];
  let duplicates = 0;
  let untracked = 0;
  let index = -1;
  for (const event of events) {
    index++;
    if (!isPlainObject(event)) {
      rejected.push({ index, reason: "not-an-object", message: "an event must be an object { name, time, id?, properties? }" });
      continue;
    }
    const name = event.name;
    if (typeof name !== "string" || name === "") {
      rejected.push({ index, reason: "missing-name", message: "an event needs a non-empty string name" });
      continue;
    }
    const tracked = Object.hasOwn(event, "name") ? policy.events.get(name) : undefined;
    if (tracked === undefined) {
      untracked++;
      continue;
    }
    const rawTime = Object.hasOwn(event, "time") ? toEpochMilliseconds(event.time) : undefined;
    // -0 → 0: otherwise `first` / `last` would depend on whether 0 or -0 arrived first (same JSON, different value).
    const time = rawTime === 0 ? 0 : rawTime;
    if (time === undefined) {
      rejected.push({ index, reason: "invalid-time", message: `time ${describe(event.time)} is not epoch milliseconds or an ISO 8601 instant with an offset` });
      continue;
    }
    if (now !== undefined && time > now + policy.maxFutureMs) {
      rejected.push({ index, reason: "future-time", message: `time ${isoInstant(time)} is more than ${policy.maxFutureMs} ms after now` });
      continue;
    }
    const id = readId(Object.hasOwn(event, "id") ? event.id : undefined);
    if (id === null) {
      rejected.push({ index, reason: "invalid-id", message: `id must be a non-empty string of at most ${MAX_ID_LENGTH} characters or a finite number` });
      continue;
    }
    const properties = [...tracked.properties.keys()];
    const rawBag = Object.hasOwn(event, "properties") ? event.properties : undefined;
    const bag = isPlainObject(rawBag) ? rawBag : undefined;
    if (bag === undefined && rawBag !== undefined && rawBag !== null && properties.length > 0) {
      ignoredProperties.push({ index, property: "properties", message: `properties must be an object, got ${describe(rawBag)}: no declared property was recorded` });
    }
    const values = properties.map((property) => {
      const raw = bag !== undefined && Object.hasOwn(bag, property) ? bag[property] : undefined;
      if (raw === undefined || raw === null) return undefined;
      const stored = ownEvent(base.events, name)?.p;
      const decimals = (stored !== undefined && Object.hasOwn(stored, property) ? stored[property]?.scale : undefined) ?? (tracked.properties.get(property) as number);
      const scaled = typeof raw === "number" ? Math.round(raw * powerOfTen(decimals)) : Number.NaN;
      if (!Number.isSafeInteger(scaled)) {
        ignoredProperties.push({ index, property, message: `${describe(raw)} is not a finite number within ±2^53 units of 10^-${decimals}` });
        return undefined;
      }
      return scaled === 0 ? 0 : scaled; // no -0 in stored sums
    });
    const accepted: AcceptedEvent = { name, time, id, values, properties };
    if (id === undefined) {
      withoutId.push(accepted);
      continue;
    }
    if (seenBefore(id)) {
      duplicates++;
      continue;
    }
    const earlier = withId.get(id);
    if (earlier !== undefined) {
      duplicates++;
      // Two different events under one id: keep the same one whatever the order of arrival.
      if (compareEvents(accepted, earlier) < 0) withId.set(id, accepted);
      continue;
    }
    withId.set(id, accepted);
  }

  const batch = [...withoutId, ...withId.values()];
  const byName = new Map<string, AcceptedEvent[]>();
  for (const event of batch) {
    const list = byName.get(event.name);
    if (list === undefined) byName.set(event.name, [event]);
    else list.push(event);
  }
  const merged: Record<string, EventAggregate> = {};
  for (const name of Object.keys(base.events)) if (!byName.has(name)) merged[name] = base.events[name] as EventAggregate;
  for (const [name, list] of byName) merged[name] = mergeEvent(ownEvent(base.events, name), list, policy);
  const events_ = Object.fromEntries(Object.keys(merged).sort(compareCodePoints).map((name) => [name, merged[name] as EventAggregate]));
  const seen = rememberIds(base.seen, withId, events_, policy);
  const result: BehaviourAggregates = seen === undefined ? { v: AGGREGATES_VERSION, events: events_ } : { v: AGGREGATES_VERSION, events: events_, seen };
  return {
    aggregates: rememberValid(freezeAggregates(result)),
    accepted: batch.length,
    duplicates,
    untracked,
    rejected,
    ignoredProperties,
  };
}

/**
 * A value in a report, cut to 60 characters. Never throws: a value nested too deeply for
 * JSON.stringify (a 20,000-level array from a hostile event) or holding a bigint is named by its type.
 */
function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? "an array" : typeof value === "object" && value !== null ? "an object" : typeof value;
  }
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The id as a string, undefined when absent, null when unusable. */
function readId(raw: unknown): string | undefined | null {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "number") return Number.isFinite(raw) ? String(raw) : null;
  if (typeof raw === "string" && raw.length > 0 && raw.length <= MAX_ID_LENGTH) return raw;
  return null;
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A total order on accepted events: name, time, then property values. */
function compareEvents(a: AcceptedEvent, b: AcceptedEvent): number {
  if (a.name !== b.name) return compareCodePoints(a.name, b.name);
  if (a.time !== b.time) return a.time - b.time;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i] ?? Number.NEGATIVE_INFINITY;
    const y = b.values[i] ?? Number.NEGATIVE_INFINITY;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function addValue(bucket: DayBucket, property: string, k: number, sum: number, min: number, max: number): void {
  const existing = bucket.properties.get(property);
  if (existing === undefined) bucket.properties.set(property, { k, sum, min, max });
  else {
    existing.k += k;
    existing.sum += sum;
    if (min < existing.min) existing.min = min;
    if (max > existing.max) existing.max = max;
  }
}

function mergeEvent(previous: EventAggregate | undefined, batch: readonly AcceptedEvent[], policy: AggregatePolicy): EventAggregate {
  if (previous !== undefined && batch.length === 1) {
    const appended = appendLatest(previous, batch[0] as AcceptedEvent, policy);
    if (appended !== undefined) return appended;
  }
  let n = previous?.n ?? 0;
  let first = previous?.first ?? Number.POSITIVE_INFINITY;
  let last = previous?.last ?? Number.NEGATIVE_INFINITY;
  for (const event of batch) {
    n++;
    if (event.time < first) first = event.time;
    if (event.time > last) last = event.time;
  }
  const lastDay = utcDay(last);
  const oldestKept = lastDay - policy.horizonDays + 1;
  const days = new Map<number, DayBucket>();
  const bucketOf = (day: number): DayBucket => {
    let bucket = days.get(day);
    if (bucket === undefined) {
      bucket = { count: 0, properties: new Map() };
      days.set(day, bucket);
    }
    return bucket;
  };
  const scales = new Map<string, number>();
  if (previous !== undefined) {
    const previousLastDay = utcDay(previous.last);
    const stored = previous.p === undefined ? [] : Object.keys(previous.p).map((property) => [property, (previous.p as Record<string, PropertyDays>)[property] as PropertyDays] as const);
    for (const [property, values] of stored) scales.set(property, values.scale);
    for (let i = 0; i < previous.ago.length; i++) {
      const day = previousLastDay - (previous.ago[i] as number);
      if (day < oldestKept) break; // ascending `ago`: every later entry is older still
      const bucket = bucketOf(day);
      const count = previous.c[i] as number;
      bucket.count += count;
      for (const [property, values] of stored) {
        const k = values.k === undefined ? count : (values.k[i] as number);
        if (k > 0) addValue(bucket, property, k, values.sum[i] as number, values.min[i] as number, values.max[i] as number);
      }
    }
  }
  const tracked = policy.events.get(batch[0]?.name as string);
  for (const [property, decimals] of tracked?.properties ?? []) if (!scales.has(property)) scales.set(property, decimals);
  for (const event of batch) {
    const day = utcDay(event.time);
    if (day < oldestKept) continue; // older than the horizon: totals and first/last only
    const bucket = bucketOf(day);
    bucket.count++;
    for (let i = 0; i < event.properties.length; i++) {
      const value = event.values[i];
      if (value !== undefined) addValue(bucket, event.properties[i] as string, 1, value, value, value);
    }
  }

  const ordered = [...days.keys()].sort((a, b) => b - a);
  const ago = ordered.map((day) => lastDay - day);
  const c = ordered.map((day) => (days.get(day) as DayBucket).count);
  const p: Record<string, PropertyDays> = {};
  for (const property of [...scales.keys()].sort(compareCodePoints)) {
    const buckets = ordered.map((day) => (days.get(day) as DayBucket).properties.get(property));
    if (buckets.every((bucket) => bucket === undefined)) continue;
    const k = buckets.map((bucket) => bucket?.k ?? 0);
    const sum = buckets.map((bucket) => bucket?.sum ?? 0);
    const min = buckets.map((bucket) => bucket?.min ?? null);
    const max = buckets.map((bucket) => bucket?.max ?? null);
    const scale = scales.get(property) as number;
    p[property] = k.every((valued, i) => valued === c[i]) ? { scale, sum, min, max } : { scale, k, sum, min, max };
  }
  return Object.keys(p).length === 0 ? { n, first, last, ago, c } : { n, first, last, ago, c, p };
}

/**
 * `mergeEvent` of one event no earlier than the aggregate's latest (what a live stream or a replay
 * folds, one event per call): the day arrays are shifted and extended in place of being rebuilt
 * through maps, with exactly the general path's result (a fold property test checks one event at a
 * time against a fold of everything). Undefined when the event is earlier, or the stored arrays are
 * not the ones this path expects: the general path then merges.
 */
function appendLatest(previous: EventAggregate, event: AcceptedEvent, policy: AggregatePolicy): EventAggregate | undefined {
  if (event.time < previous.last || previous.ago.length === 0 || previous.ago[0] !== 0) return undefined;
  const lastDay = utcDay(event.time);
  const shift = lastDay - utcDay(previous.last);
  // Previous days still within the horizon of the new last day (ago ascends: a prefix).
  let kept = 0;
  while (kept < previous.ago.length && (previous.ago[kept] as number) + shift < policy.horizonDays) kept++;
  const fresh = shift > 0 ? 1 : 0; // a new first day, or the event joins day 0
  const length = kept + fresh;
  const ago = new Array<number>(length);
  const c = new Array<number>(length);
  if (fresh === 1) {
    ago[0] = 0;
    c[0] = 1;
  }
  for (let i = 0; i < kept; i++) {
    ago[i + fresh] = (previous.ago[i] as number) + shift;
    c[i + fresh] = (previous.c[i] as number) + (fresh === 0 && i === 0 ? 1 : 0);
  }
  const tracked = policy.events.get(event.name);
  const names = new Set<string>(previous.p === undefined ? [] : Object.keys(previous.p));
  for (const property of tracked?.properties.keys() ?? []) names.add(property);
  const p: Record<string, PropertyDays> = {};
  for (const property of [...names].sort(compareCodePoints)) {
    const stored = previous.p !== undefined && Object.hasOwn(previous.p, property) ? (previous.p[property] as PropertyDays) : undefined;
    const at = event.properties.indexOf(property);
    const value = at < 0 ? undefined : event.values[at];
    const k = new Array<number>(length);
    const sum = new Array<number>(length);
    const min = new Array<number | null>(length);
    const max = new Array<number | null>(length);
    let valued = false;
    for (let i = 0; i < kept; i++) {
      const storedK = stored === undefined ? 0 : stored.k === undefined ? (previous.c[i] as number) : (stored.k[i] as number);
      const j = i + fresh;
      if (storedK > 0) {
        valued = true;
        k[j] = storedK;
        sum[j] = (stored as PropertyDays).sum[i] as number;
        min[j] = (stored as PropertyDays).min[i] as number;
        max[j] = (stored as PropertyDays).max[i] as number;
      } else {
        k[j] = 0;
        sum[j] = 0;
        min[j] = null;
        max[j] = null;
      }
    }
    if (fresh === 1) {
      k[0] = 0;
      sum[0] = 0;
      min[0] = null;
      max[0] = null;
    }
    if (value !== undefined) {
      valued = true;
      const k0 = k[0] as number;
      k[0] = k0 + 1;
      sum[0] = (sum[0] as number) + value;
      min[0] = k0 === 0 || value < (min[0] as number) ? value : min[0] as number;
      max[0] = k0 === 0 || value > (max[0] as number) ? value : max[0] as number;
    }
    if (!valued) continue;
    const scale = stored?.scale ?? (tracked?.properties.get(property) as number);
    p[property] = k.every((count, i) => count === c[i]) ? { scale, sum, min, max } : { scale, k, sum, min, max };
  }
  const first = previous.first;
  return Object.keys(p).length === 0 ? { n: previous.n + 1, first, last: event.time, ago, c } : { n: previous.n + 1, first, last: event.time, ago, c, p };
}

/** The ids to remember: within the dedupe window of the latest event, most recent first, at most maxIds. */
function rememberIds(
  previous: SeenIds | undefined,
  batch: ReadonlyMap<string, AcceptedEvent>,
  events: Readonly<Record<string, EventAggregate>>,
  policy: AggregatePolicy,
): SeenIds | undefined {
  let latest = Number.NEGATIVE_INFINITY;
  for (const name of Object.keys(events)) latest = Math.max(latest, (events[name] as EventAggregate).last);
  const oldest = latest - policy.dedupeWindowMs;
  // Most recent first; ids break ties, so the order is total.
  const added = [...batch].map(([id, event]) => ({ time: event.time, id })).sort((a, b) => b.time - a.time || compareCodePoints(a.id, b.id));
  // The stored ids are already in that order: merge them with the new ones in one pass.
  const storedTimes = previous?.t ?? [];
  const storedIds = previous?.id ?? [];
  const t: number[] = [];
  const id: string[] = [];
  let i = 0;
  let j = 0;
  while (t.length < policy.maxIds) {
    const next = added[j];
    let time: number;
    let key: string;
    if (i < storedTimes.length && (next === undefined || (storedTimes[i] as number) > next.time || ((storedTimes[i] as number) === next.time && (storedIds[i] as string) < next.id))) {
      time = storedTimes[i] as number;
      key = storedIds[i] as string;
      i++;
    } else if (next !== undefined) {
      time = next.time;
      key = next.id;
      j++;
    } else break;
    if (time < oldest) break; // both lists descend: everything after is older still
    t.push(time);
    id.push(key);
  }
  return t.length === 0 ? undefined : { t, id };
}

/**
 * `foldEvents` for a compiled policy (`engine.behaviour`): the aggregates of
 * `foldCompiledEventsWithReport`. What a browser folds with, from nudgekit/runtime, without the
 * validation code `foldEvents` of nudgekit/segments carries for raw policies.
 *
 * @example
 * import { loadEngine, foldCompiledEvents } from "nudgekit/runtime";
 *
 * const engine = loadEngine(prepared);
 * const behaviour = engine.behaviour === null ? null : foldCompiledEvents(stored, [{ id: "e1", name: "purchase", time: "2026-11-23T12:00:00Z" }], engine.behaviour);
 */
export function foldCompiledEvents(aggregates: BehaviourAggregates | null | undefined, events: Iterable<unknown>, policy: AggregatePolicy, options?: FoldOptions): BehaviourAggregates {
  return foldCompiledEventsWithReport(aggregates, events, policy, options).aggregates;
}
