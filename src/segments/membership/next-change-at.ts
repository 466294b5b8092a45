import { isPlainObject } from "../../json/plain-object.js";
import { DAY_MS, utcDay } from "../aggregates/utc-day.js";
import type { CompiledSegments } from "../definitions/segments-model.js";
import { evaluateMembership, segmentRuleData } from "./evaluate-membership.js";

export interface NextChangeOptions {
  /** Days ahead to look for a change (default 366, at most 3,660). */
  readonly searchDays?: number;
}

const DEFAULT_SEARCH_DAYS = 366;

/** The UTC day of the most recent event in the profile's aggregates, or undefined when there is none. */
function latestEventDay(profile: unknown, path: readonly string[]): number | undefined {
  let behaviour: unknown = { user: profile };
  for (const key of path) behaviour = isPlainObject(behaviour) && Object.hasOwn(behaviour, key) ? behaviour[key] : undefined;
  const events = isPlainObject(behaviour) && Object.hasOwn(behaviour, "events") ? behaviour.events : undefined;
  if (!isPlainObject(events)) return undefined;
  let latest: number | undefined;
  for (const name of Object.keys(events)) {
    const event = events[name];
    const last = isPlainObject(event) ? event.last : undefined;
    if (typeof last === "number" && Number.isFinite(last) && (latest === undefined || last > latest)) latest = last;
  }
  return latest === undefined ? undefined : utcDay(latest);
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
  let windowDays = 0;
  for (const index of indexes) {
    const segment = compiled.segments[index];
    if (segment === undefined) continue;
    behavioural ||= segment.clock.behavioural;
    unbounded ||= segment.clock.unbounded;
    windowDays = Math.max(windowDays, segment.clock.windowDays);
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
  evaluateMembership(compiled, order, segmentRuleData(profile, at, run), now);
  const later = new Uint8Array(compiled.segments.length);
  const latest = latestEventDay(profile, compiled.behaviourPath);
  // After this day every window the segments read is empty, so their behavioural values stop changing.
  const settled = latest === undefined ? Number.NEGATIVE_INFINITY : latest + windowDays + 1;
  const today = utcDay(at);
  for (let day = today + 1; day <= today + searchDays; day++) {
    if (!unbounded && day > settled) return null;
    const midnight = day * DAY_MS;
    evaluateMembership(compiled, order, segmentRuleData(profile, midnight, run), later);
    for (const index of indexes) if (later[index] !== now[index]) return midnight;
  }
  // A search that ended before every window emptied (a short searchDays, a long horizon, events
  // dated after now) has not shown that nothing changes: return its end, as for unbounded rules,
  // rather than null ("never"), which was wrong for such windows.
  return unbounded || settled > today + searchDays ? (today + searchDays + 1) * DAY_MS : null;
}
