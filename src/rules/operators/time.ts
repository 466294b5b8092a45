import type { Evaluator } from "../evaluation-context.js";
import { parseDuration } from "../../time/duration.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Time relative to the input's `now`, never the clock. Timestamps are epoch milliseconds or ISO 8601
 * strings with an offset. A trailing `now` argument may be omitted: it then defaults to the `now` key
 * of the data the rule is evaluated on (the root data, also inside map/filter/reduce).
 * Invalid timestamps, zones or durations in data give null (numbers) or false (tests).
 *
 * Costs (docs/rules.md, Limits): a duration string from data costs one unit per character (it is
 * trimmed whole), and each local_hour / local_day_of_week ZONE_LOOKUP_COST units: checking a zone
 * name and finding its offset asks the time-zone provider: Intl (the default) takes up to ~70 µs
 * for a name or hour not seen before, the pinned provider unpacks a zone's table on first use. Timestamp strings are read only up to 40 characters (longer ones are rejected by length):
 * constant work, not charged.
 */

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

/** Units charged per local_hour / local_day_of_week, so that 5,000,000 units stay about a second of lookups. */
export const ZONE_LOOKUP_COST = 500;

function checkTimestamp(site: OperationSite, index: number): void {
  const arg = site.args[index];
  if (arg?.known && toEpochMilliseconds(arg.value) === undefined) {
    site.problem(
      `${JSON.stringify(arg.value)} is not a timestamp (epoch milliseconds, or ISO 8601 with an offset such as "2026-03-29T09:00:00Z")`,
      index,
    );
  }
}

function checkTimeZone(site: OperationSite, index: number): void {
  const arg = site.args[index];
  if (arg?.known && !site.zones.isValid(arg.value)) {
    site.problem(`${JSON.stringify(arg.value)} is not a known IANA time zone (e.g. "Europe/Paris") or offset (e.g. "+05:30")${site.zones.provider.version === undefined ? "" : ` in the ${site.zones.provider.name}`}`, index);
  }
}

/** The evaluator of argument `index`, or of the root data's `now` when the argument is omitted. */
function instantArg(site: OperationSite, index: number): Evaluator {
  const arg = site.args[index];
  if (arg !== undefined) {
    checkTimestamp(site, index);
    return arg.evaluate;
  }
  return site.rootNow();
}

function compileElapsed(unitMs: number) {
  return (site: OperationSite): Evaluator => {
    const timestamp = instantArg(site, 0);
    const now = instantArg(site, 1);
    return (data, context) => {
      const then = toEpochMilliseconds(timestamp(data, context));
      const current = toEpochMilliseconds(now(data, context));
      return then === undefined || current === undefined ? null : (current - then) / unitMs;
    };
  };
}

/** `within_last`: [timestamp, duration, now?] — true when now − duration ≤ timestamp ≤ now. */
function compileWithinLast(site: OperationSite): Evaluator {
  const timestamp = instantArg(site, 0);
  const durationArg = site.args[1] as CompiledArgument;
  const now = instantArg(site, 2);
  const path = site.path;
  if (durationArg.known) {
    const parsed = parseDuration(durationArg.value);
    if (!parsed.ok) {
      site.problem(parsed.reason, 1);
      return () => false;
    }
    const span = parsed.milliseconds;
    return (data, context) => {
      const then = toEpochMilliseconds(timestamp(data, context));
      const current = toEpochMilliseconds(now(data, context));
      return then !== undefined && current !== undefined && then <= current && current - then <= span;
    };
  }
  const duration = durationArg.evaluate;
  return (data, context) => {
    const then = toEpochMilliseconds(timestamp(data, context));
    const span = duration(data, context);
    // Parsing trims the whole string first: one unit per character.
    if (typeof span === "string") context.charge(span.length, path);
    const parsed = parseDuration(span);
    const current = toEpochMilliseconds(now(data, context));
    return (
      then !== undefined && current !== undefined && parsed.ok && then <= current && current - then <= parsed.milliseconds
    );
  };
}

/** `before` / `after`: [a, b] — instants compared after parsing, so offsets are honoured. */
function compileOrder(isBefore: boolean) {
  return (site: OperationSite): Evaluator => {
    const a = instantArg(site, 0);
    const b = instantArg(site, 1);
    return (data, context) => {
      const first = toEpochMilliseconds(a(data, context));
      const second = toEpochMilliseconds(b(data, context));
      if (first === undefined || second === undefined) return false;
      return isBefore ? first < second : first > second;
    };
  };
}

/** `local_hour` / `local_day_of_week`: [timeZone, timestamp?] — wall-clock fields in that zone. */
function compileLocalField(field: (zones: ZoneClock, epochMs: number, zone: string) => number) {
  return (site: OperationSite): Evaluator => {
    checkTimeZone(site, 0);
    const zone = (site.args[0] as CompiledArgument).evaluate;
    const instant = instantArg(site, 1);
    const zones = site.zones;
    const path = site.path;
    return (data, context) => {
      context.charge(ZONE_LOOKUP_COST, path);
      const name = zone(data, context);
      const epochMs = toEpochMilliseconds(instant(data, context));
      if (epochMs === undefined || !zones.isValid(name)) return null;
      const value = field(zones, epochMs, name);
      // NaN only from a provider with no offset for this instant: unknown, like an unknown zone.
      return Number.isNaN(value) ? null : value;
    };
  };
}

export const timeOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["days_since", { minArgs: 1, maxArgs: 2, pure: true, compile: compileElapsed(MS_PER_DAY) }],
  ["hours_since", { minArgs: 1, maxArgs: 2, pure: true, compile: compileElapsed(MS_PER_HOUR) }],
  ["minutes_since", { minArgs: 1, maxArgs: 2, pure: true, compile: compileElapsed(MS_PER_MINUTE) }],
  ["within_last", { minArgs: 2, maxArgs: 3, pure: true, compile: compileWithinLast }],
  ["before", { minArgs: 2, maxArgs: 2, pure: true, compile: compileOrder(true) }],
  ["after", { minArgs: 2, maxArgs: 2, pure: true, compile: compileOrder(false) }],
  ["local_hour", { minArgs: 1, maxArgs: 2, pure: true, compile: compileLocalField((zones, at, zone) => zones.localHour(at, zone)) }],
  ["local_day_of_week", { minArgs: 1, maxArgs: 2, pure: true, compile: compileLocalField((zones, at, zone) => zones.localDayOfWeek(at, zone)) }],
]);
