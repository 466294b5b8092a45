import { isPlainObject } from "../json/plain-object.js";
import { intlTimeZones } from "../time-zones/intl-time-zones.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
import { zoneClock } from "../time-zones/zone-clock.js";
import { LATEST_EVENT_TIME, toEpochMilliseconds } from "../time/timestamp.js";
import { ownValue } from "../json/own-value.js";

/** One event of a log, checked: who, what and when. */
export interface ReplayEvent {
  /** Where it came from (1-based line number), for reports; optional outside files. */
  readonly line?: number;
  readonly userId: string;
  /** Epoch milliseconds (= `event.time`). */
  readonly time: number;
  readonly event: { readonly name: string; readonly id?: string | number; readonly time: number; readonly properties?: Readonly<Record<string, unknown>> };
  /** The line's conversion fields for nudgekit/metrics (`revenue`, `currency`, `orderId`, `campaignId`), as written (the metrics fold checks them); absent when it has none. */
  readonly conversion?: Readonly<Record<"revenue" | "currency" | "orderId" | "campaignId", unknown>>;
}

/** Why a line was skipped (one code per kind of problem, so that a summary can count them). */
export type SkipReason =
  | "not-json"
  | "not-an-object"
  | "invalid-user-id"
  | "invalid-name"
  | "invalid-time"
  | "invalid-id"
  | "invalid-properties"
  | "line-too-long"
  | "engine-error";

/** A line that was skipped, and why. */
export interface SkippedLine {
  readonly line: number;
  readonly reason: SkipReason;
  readonly message: string;
}

/** Something odd in a line that was still used (the line was not skipped). */
export interface LineWarning {
  readonly line: number;
  readonly message: string;
}

/** A parsed user line: the profile, and what in it the engine will not use as written. */
export interface UserLine {
  readonly line: number;
  readonly id: string;
  readonly profile: Record<string, unknown>;
  readonly warnings: readonly LineWarning[];
}

export { LATEST_EVENT_TIME } from "../time/timestamp.js";
/** Deepest nesting of arrays and objects accepted in an event's `properties`. */
export const MAX_PROPERTIES_DEPTH = 64;
/** Longest user id, event name and event id, in UTF-16 code units. */
const MAX_NAME_LENGTH = 256;

/** A value in a message: short, and never a walk of the whole value (which may be huge or 1e5 levels deep). */
function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

/** Whether arrays and objects nest deeper than `limit` in `value` (iterative: no recursion on hostile depth). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== "object" || current === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** One line as a JSON object, or why it is not one. */
function jsonObject(text: string, line: number): { ok: true; value: Record<string, unknown> } | { ok: false; skipped: SkippedLine } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, skipped: { line, reason: "not-json", message: `not JSON: ${error instanceof Error ? error.message : String(error)}` } };
  }
  return isPlainObject(value) ? { ok: true, value } : { ok: false, skipped: { line, reason: "not-an-object", message: "not a JSON object" } };
}

/**
 * Parses one JSON line of an event log, `{ "userId", "name", "time", "id"?, "properties"? }`, into
 * an event, or says why it cannot be replayed. Never throws.
 *
 * @example
 * parseEventLine('{"userId":"u1","name":"app_open","time":"2026-11-23T19:00:00Z"}', 1)
 * // { line: 1, userId: "u1", time: 1795460400000, event: { name: "app_open", time: 1795460400000 } }
 * parseEventLine('{"userId":"u1","name":"app_open","time":-1}', 2)
 * // { line: 2, reason: "invalid-time", message: "time -1 is before 1970-01-01T00:00:00Z" }
 */
export function parseEventLine(text: string, line: number): ReplayEvent | SkippedLine {
  const parsed = jsonObject(text, line);
  if (!parsed.ok) return parsed.skipped;
  return parseEventObject(parsed.value, line);
}

/**
 * Checks one event object of a log, already parsed (see `parseEventLine`). Never throws.
 *
 * @example
 * parseEventObject({ userId: 7, name: "purchase", time: 1000, properties: { amount: 12.5 } }, 3)
 * // { line: 3, userId: "7", time: 1000, event: { name: "purchase", time: 1000, properties: { amount: 12.5 } } }
 * parseEventObject({ userId: "u1", name: "purchase", time: 1000, properties: "cheap" }, 4)
 * // { line: 4, reason: "invalid-properties", message: 'properties must be an object, got "cheap"' }
 */
export function parseEventObject(value: Record<string, unknown>, line: number): ReplayEvent | SkippedLine {
  const userId = ownValue(value, "userId");
  if (!((typeof userId === "string" && userId.length > 0 && userId.length <= MAX_NAME_LENGTH) || (typeof userId === "number" && Number.isFinite(userId)))) {
    return { line, reason: "invalid-user-id", message: "userId must be a non-empty string or a number" };
  }
  const name = ownValue(value, "name");
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) return { line, reason: "invalid-name", message: "name must be a non-empty string" };
  const rawTime = ownValue(value, "time");
  const time = toEpochMilliseconds(rawTime);
  if (time === undefined) return { line, reason: "invalid-time", message: `time ${describe(rawTime)} is not epoch ms or an ISO 8601 instant with an offset` };
  // Outside these, an event time is a bug upstream (a negative epoch, seconds read as ms × 1000…), and
  // a delay or window added to it would leave the Date range.
  if (time < 0) return { line, reason: "invalid-time", message: `time ${describe(rawTime)} is before 1970-01-01T00:00:00Z` };
  if (time > LATEST_EVENT_TIME) return { line, reason: "invalid-time", message: `time ${describe(rawTime)} is after 9999-12-31T23:59:59.999Z` };
  const rawId = ownValue(value, "id");
  const id = typeof rawId === "string" || (typeof rawId === "number" && Number.isFinite(rawId)) ? rawId : undefined;
  if (rawId !== undefined && rawId !== null && (id === undefined || (typeof id === "string" && (id.length === 0 || id.length > MAX_NAME_LENGTH)))) {
    return { line, reason: "invalid-id", message: `id must be a non-empty string of at most ${MAX_NAME_LENGTH} characters or a finite number, got ${describe(rawId)}` };
  }
  const rawProperties = ownValue(value, "properties");
  if (rawProperties !== undefined && !isPlainObject(rawProperties)) return { line, reason: "invalid-properties", message: `properties must be an object, got ${describe(rawProperties)}` };
  if (rawProperties !== undefined && nestsDeeperThan(rawProperties, MAX_PROPERTIES_DEPTH)) {
    return { line, reason: "invalid-properties", message: `properties nest deeper than ${MAX_PROPERTIES_DEPTH} levels` };
  }
  const conversion = CONVERSION_FIELDS.some((key) => ownValue(value, key) !== undefined) ? Object.fromEntries(CONVERSION_FIELDS.map((key) => [key, ownValue(value, key)])) : undefined;
  return {
    line,
    userId: String(userId),
    time,
    event: { name, time, ...(id === undefined ? {} : { id }), ...(rawProperties === undefined ? {} : { properties: rawProperties }) },
    ...(conversion === undefined ? {} : { conversion: conversion as NonNullable<ReplayEvent["conversion"]> }),
  };
}

/** What a line may say for nudgekit/metrics beside the event (a purchase's revenue): kept for the replay's metrics, unread by the engine. */
const CONVERSION_FIELDS = ["revenue", "currency", "orderId", "campaignId"] as const;

/**
 * Parses one JSON line of a users file: an object with an `id`. A `timeZone` that is not a known
 * zone is a warning (the engine uses the config's zone instead), not a reason to drop the profile.
 * Zones are checked with `timeZones`, the provider the engine runs with (default the runtime's Intl).
 *
 * @example
 * parseUserLine('{"id":"u1","timeZone":"Mars/Base"}', 3).warnings
 * // [{ line: 3, message: 'timeZone "Mars/Base" is not a known time zone: the config\'s time zone is used' }]
 */
export function parseUserLine(text: string, line: number, timeZones: TimeZoneProvider = intlTimeZones): UserLine | SkippedLine {
  const parsed = jsonObject(text, line);
  if (!parsed.ok) return parsed.skipped;
  const value = parsed.value;
  const id = ownValue(value, "id");
  if (!((typeof id === "string" && id.length > 0) || (typeof id === "number" && Number.isFinite(id)))) return { line, reason: "invalid-user-id", message: "id must be a non-empty string or a number" };
  const warnings: LineWarning[] = [];
  const zone = ownValue(value, "timeZone");
  if (zone !== undefined && !zoneClock(timeZones).isValid(zone)) warnings.push({ line, message: `timeZone ${describe(zone)} is not a known time zone: the config's time zone is used` });
  return { line, id: String(id), profile: value, warnings };
}
