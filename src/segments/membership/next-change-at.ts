import { isPlainObject } from "../../json/plain-object.js";
import { DAY_MS, utcDay } from "../aggregates/utc-day.js";
import type { CompiledSegments } from "../definitions/segments-model.js";
import { evaluateMembership, segmentRuleData, type SegmentEvaluationOptions } from "./evaluate-membership.js";

export interface NextChangeOptions extends SegmentEvaluationOptions {
  /** Days ahead to look for a change (default 366, at most 3,660). */
  readonly searchDays?: number;
}

const DEFAULT_SEARCH_DAYS = 366;

/** The profile's event aggregates (own properties on the behaviour path), or undefined. */
function eventAggregates(profile: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let behaviour: unknown = { user: profile };
  for (const key of path) behaviour = isPlainObject(behaviour) && Object.hasOwn(behaviour, key) ? behaviour[key] : undefined;
  const events = isPlainObject(behaviour) && Object.hasOwn(behaviour, "events") ? behaviour.events : undefined;
  return isPlainObject(events) ? events : undefined;
}

/** The UTC day of the most recent event in the aggregates, or undefined when there is none. */
function latestEventDay(events: Record<string, unknown> | undefined): number | undefined {
  if (events === undefined) return undefined;
  let latest: number | undefined;
  for (const name of Object.keys(events)) {
    const event = events[name];
    const last = isPlainObject(event) ? event.last : undefined;
    if (typeof last === "number" && Number.isFinite(last) && (latest === undefined || last > latest)) latest = last;
  }
  return latest === undefined ? undefined : utcDay(latest);
}

/**
 * Every UTC day on which some event of the aggregates happened (each bucket's day, and the days of
 * `first` and `last`), or undefined when an aggregate is not in the stored form (then every
 * midnight is tried). A behavioural value over windows of these lengths can only change on such a
 * day, the two after it, or a window's length after it.
 */
function eventDays(events: Record<string, unknown> | undefined): number[] | undefined {
  const days: number[] = [];
  if (events === undefined) return days;
  for (const name of Object.keys(events)) {
    const event = events[name];
    if (!isPlainObject(event)) continue; // read as absent by the operators too
    const { first, last, ago } = event;
    if (typeof first !== "number" || typeof last !== "number" || !Number.isFinite(first) || !Number.isFinite(last) || !Array.isArray(ago)) continue;
    const lastDay = utcDay(last);
    days.push(utcDay(first), lastDay);
    for (const back of ago) {
      if (!Number.isInteger(back)) return undefined; // a day between midnights: try them all
      days.push(lastDay - (back as number));
    }
  }
  return days;
}

/**
 * Marks the midnights (as UTC days after `today`, up to `until`) at which a behavioural value
 * reading `windows` can change for these event days: `marks[day - today]` is 1 for those.
 */
function candidateDays(days: readonly number[], windows: readonly number[], today: number, until: number): Uint8Array {
  const marks = new Uint8Array(Math.max(0, until - today) + 1);
  const offsets = [0, 1, 2, ...windows];
  for (const day of days) {
    for (const offset of offsets) {
      const candidate = day + offset;
      if (candidate > today && candidate <= until) marks[candidate - today] = 1;
    }
  }
  return marks;
}

/**
 * The earliest instant after `at` at which membership in any of `indexes` can change with no new
 * event: behavioural values change only at UTC midnight, so midnights are tried in turn. Null when
 * it can never change. When segments keep depending on time (days since, the rules engine's clock
 * operators) and nothing changes within the search, the end of the search is returned: nothing
 * changes before it, so a scheduler re-asks then.
 */
export function nextSegmentChange(compiled: CompiledSegments, indexes: readonly number[], profile: unknown, at: number, options: NextChangeOptions = {}): number | null {
  const searchDays = options.searchDays ?? DEFAULT_SEARCH_DAYS;
  if (!(Number.isInteger(searchDays) && searchDays >= 1 && searchDays <= 3_660)) throw new RangeError(`searchDays must be an integer from 1 to 3660, got ${searchDays}`);
  const wanted = new Set<number>();
  let behavioural = false;
  let unbounded = false;
  // The windows every asked segment reads (null: one computed from data, any length).
  let windows: number[] | null = [];
  for (const index of indexes) {
    const segment = compiled.segments[index];
    if (segment === undefined) continue;
    behavioural ||= segment.clock.behavioural;
    unbounded ||= segment.clock.unbounded;
    const own = segment.clock.windows;
    windows = windows === null || own === null ? null : [...windows, ...own];
  }
  // Every segment the asked ones depend on, found once (not through each one's closure: asking
  // about all segments of a long chain would build O(n²) of them).
  const pending = [...indexes];
  while (pending.length > 0) {
    const at = pending.pop() as number;
    const segment = compiled.segments[at];
    if (segment === undefined || wanted.has(at)) continue;
    wanted.add(at);
    pending.push(...segment.includes, ...segment.excludes);
  }
  if (!behavioural && !unbounded) return null;
  const order = compiled.order.filter((index) => wanted.has(index));
  const now = new Uint8Array(compiled.segments.length);
  // One run: every day below evaluates this profile, whose event aggregates are looked up once.
  const run = {};
  const history = options.history;
  evaluateMembership(compiled, order, segmentRuleData(profile, at, run, history), now);
  const later = new Uint8Array(compiled.segments.length);
  const events = eventAggregates(profile, compiled.behaviourPath);
  const latest = latestEventDay(events);
  // After this day every window the segments read is empty and every streak broken, so their
  // behavioural values stop changing.
  const longest = windows === null ? compiled.horizonDays : Math.max(2, ...windows);
  const settled = latest === undefined ? Number.NEGATIVE_INFINITY : latest + longest + 1;
  const today = utcDay(at);
  const changesAt = (day: number): boolean => {
    evaluateMembership(compiled, order, segmentRuleData(profile, day * DAY_MS, run, history), later);
    for (const index of indexes) if (later[index] !== now[index]) return true;
    return false;
  };
  // Without operators that change every day, only some midnights can change anything: try those.
  const days = unbounded || windows === null ? undefined : eventDays(events);
  const marks = days === undefined ? undefined : candidateDays(days, windows as number[], today, Math.min(today + searchDays, settled));
  for (let day = today + 1; day <= today + searchDays; day++) {
    if (!unbounded && day > settled) return null;
    if (marks?.[day - today] !== 0 && changesAt(day)) return day * DAY_MS;
  }
  // A search that ended before every window emptied (a short searchDays, a long horizon, events
  // dated after now) has not shown that nothing changes: return its end, as for unbounded rules,
  // rather than null ("never"), which was wrong for such windows.
  return unbounded || settled > today + searchDays ? (today + searchDays + 1) * DAY_MS : null;
}
