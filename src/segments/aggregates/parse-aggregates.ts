import { childPointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { isPlainObject } from "../../json/plain-object.js";
import { AggregatesError } from "./aggregates-error.js";
import { AGGREGATES_VERSION, type BehaviourAggregates, type EventAggregate } from "./behaviour-aggregates.js";
import { freezeAggregates } from "./freeze-aggregates.js";
import { rememberValid } from "./known-valid.js";
import { RESERVED_NAMES } from "./reserved-names.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";

/**
 * Reads stored aggregates (a parsed JSON value or a JSON string) and checks every field, so
 * corrupted or hostile data is refused with its path instead of silently miscounted.
 *
 * @throws AggregatesError listing every problem.
 */
export function parseAggregates(stored: unknown): BehaviourAggregates {
  let value = stored;
  if (typeof stored === "string") {
    try {
      value = JSON.parse(stored);
    } catch (error) {
      throw new AggregatesError("aggregates", [{ path: "", message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }]);
    }
  }
  const problems = aggregatesProblems(value);
  if (problems.length > 0) throw new AggregatesError("aggregates", problems);
  // A copy of our own (never the caller's object), frozen, so folds need not validate it again.
  const copy = typeof stored === "string" ? value : JSON.parse(JSON.stringify(value));
  return rememberValid(freezeAggregates(copy as BehaviourAggregates));
}

/** Every problem in a value that should be aggregates; empty when it is valid. */
export function aggregatesProblems(value: unknown): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  if (!isPlainObject(value)) return [{ path: "", message: "aggregates must be an object" }];
  for (const key of Object.keys(value)) {
    if (key !== "v" && key !== "events" && key !== "seen") problems.push({ path: childPointer("", key), message: "unknown field" });
  }
  if (value.v !== AGGREGATES_VERSION) {
    // Only primitives are quoted: JSON.stringify throws on a bigint anywhere in a value (aggregatesProblems must only report).
    const v: unknown = value.v;
    const version = typeof v === "object" && v !== null ? (Array.isArray(v) ? "(an array)" : "(an object)") : typeof v === "bigint" ? `${v}n` : String(JSON.stringify(v));
    problems.push({ path: "/v", message: `unsupported aggregates version ${version} (this build reads version ${AGGREGATES_VERSION})` });
  }
  const events = value.events;
  if (!isPlainObject(events)) problems.push({ path: "/events", message: "must be an object" });
  else {
    for (const name of Object.keys(events)) {
      const path = childPointer("/events", name);
      if (RESERVED_NAMES.has(name)) problems.push({ path, message: `event name ${JSON.stringify(name)} is reserved` });
      else checkEventAggregate(events[name], path, problems);
    }
  }
  if (value.seen !== undefined) checkSeen(value.seen, problems);
  return problems;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isInstant(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS;
}

function checkArray(value: unknown, length: number, path: string, problems: LocatedProblem[], element: (item: unknown, index: number) => string | undefined): void {
  if (!Array.isArray(value)) {
    problems.push({ path, message: "must be an array" });
    return;
  }
  if (value.length !== length) problems.push({ path, message: `must have ${length} entries (one per day), has ${value.length}` });
  for (let index = 0; index < value.length; index++) {
    const message = element(value[index], index);
    if (message !== undefined) {
      problems.push({ path: childPointer(path, index), message });
      return; // one bad entry per array is enough to locate the damage
    }
  }
}

/** Checks one event's summary; pushes problems under `path`. */
export function checkEventAggregate(value: unknown, path: string, problems: LocatedProblem[]): value is EventAggregate {
  const before = problems.length;
  if (!isPlainObject(value)) {
    problems.push({ path, message: "must be an object" });
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!["n", "first", "last", "ago", "c", "p"].includes(key)) problems.push({ path: childPointer(path, key), message: "unknown field" });
  }
  const { n, first, last, ago, c, p } = value;
  if (!isCount(n) || n === 0) problems.push({ path: `${path}/n`, message: "must be a positive integer" });
  if (!isInstant(first)) problems.push({ path: `${path}/first`, message: "must be epoch milliseconds" });
  if (!isInstant(last)) problems.push({ path: `${path}/last`, message: "must be epoch milliseconds" });
  else if (isInstant(first) && first > last) problems.push({ path: `${path}/first`, message: "must not be after last" });
  const days = Array.isArray(ago) ? ago.length : 0;
  let previous = -1;
  checkArray(ago, days, `${path}/ago`, problems, (item) => {
    if (!isCount(item) || item <= previous) return "must be integers >= 0 in strictly ascending order";
    previous = item;
    return undefined;
  });
  let total = 0;
  checkArray(c, days, `${path}/c`, problems, (item) => {
    if (!isCount(item) || item === 0) return "must be positive integers";
    total += item;
    return undefined;
  });
  if (isCount(n) && total > n) problems.push({ path: `${path}/n`, message: `must be at least the sum of daily counts (${total})` });
  if (p !== undefined) {
    if (!isPlainObject(p)) problems.push({ path: `${path}/p`, message: "must be an object" });
    else {
      for (const property of Object.keys(p)) {
        const propertyPath = childPointer(`${path}/p`, property);
        if (RESERVED_NAMES.has(property)) problems.push({ path: propertyPath, message: `property name ${JSON.stringify(property)} is reserved` });
        else checkPropertyDays(p[property], days, Array.isArray(c) ? c : [], propertyPath, problems);
      }
    }
  }
  return problems.length === before;
}

function checkPropertyDays(value: unknown, days: number, counts: readonly unknown[], path: string, problems: LocatedProblem[]): void {
  if (!isPlainObject(value)) {
    problems.push({ path, message: "must be an object" });
    return;
  }
  for (const key of Object.keys(value)) {
    if (!["scale", "k", "sum", "min", "max"].includes(key)) problems.push({ path: childPointer(path, key), message: "unknown field" });
  }
  const { scale, k, sum, min, max } = value;
  if (!(Number.isInteger(scale) && (scale as number) >= 0 && (scale as number) <= 6)) problems.push({ path: `${path}/scale`, message: "must be an integer from 0 to 6" });
  const valued = (index: number): number => (Array.isArray(k) ? (k[index] as number) : (counts[index] as number));
  if (k !== undefined) {
    checkArray(k, days, `${path}/k`, problems, (item, index) =>
      isCount(item) && item <= (counts[index] as number) ? undefined : "must be integers from 0 to the day's event count",
    );
  }
  // Finite integers, not only safe ones: each value is within ±2^53 units, but a day's sum of several
  // may exceed it (documented as no longer exact), and foldEvents must be able to read back what it wrote.
  checkArray(sum, days, `${path}/sum`, problems, (item) => (Number.isInteger(item) ? undefined : "must be integers"));
  const extreme = (item: unknown, index: number): string | undefined => {
    if (valued(index) === 0) return item === null ? undefined : "must be null on a day without values";
    return Number.isSafeInteger(item) ? undefined : "must be safe integers";
  };
  checkArray(min, days, `${path}/min`, problems, extreme);
  checkArray(max, days, `${path}/max`, problems, extreme);
}

function checkSeen(value: unknown, problems: LocatedProblem[]): void {
  if (!isPlainObject(value)) {
    problems.push({ path: "/seen", message: "must be an object" });
    return;
  }
  // Unknown fields are refused here too (parseAggregates would otherwise keep them, and a bigint one would throw when copied).
  for (const key of Object.keys(value)) if (key !== "t" && key !== "id") problems.push({ path: childPointer("/seen", key), message: "unknown field" });
  const { t, id } = value;
  const length = Array.isArray(t) ? t.length : 0;
  // Descending: foldEvents merges the stored ids with new ones in one pass and stops at the first one
  // outside the dedupe window, so unordered ids would be silently forgotten.
  let previous = Number.POSITIVE_INFINITY;
  checkArray(t, length, "/seen/t", problems, (item) => {
    if (!isInstant(item) || item > previous) return "must be epoch milliseconds in descending order";
    previous = item;
    return undefined;
  });
  checkArray(id, length, "/seen/id", problems, (item) => (typeof item === "string" ? undefined : "must be strings"));
}
