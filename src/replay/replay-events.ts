import type { Engine } from "../engine/engine.js";
import type { DecideResult, Decision } from "../engine/engine-types.js";
import type { DecisionPosition } from "./decision-order.js";
import { LATEST_EVENT_TIME, type ReplayEvent } from "./replay-input.js";
import { ReplayRun, type ReplayEngineError } from "./replay-run.js";
import type { ReplaySummary } from "./replay-summary.js";

export interface ReplayOptions {
  /**
   * Called with each decision (e.g. to write decisions.jsonl), in the order `DecisionPosition`
   * describes (time; at one instant, waiting due checks, then events by line; users due at the same
   * instant by the line of their earliest event), with its position in that order.
   */
  readonly onDecision?: (userId: string, at: number, decision: Decision, position: DecisionPosition) => void;
  /**
   * Called with every result of `decide` and `due` (decisions, suppressions and records, the exposures
   * included), the instant of the call and the log's entry `decide` was called for (null for `due`):
   * e.g. to fold `outcomesOfResult(userId, result)` from nudgekit/metrics, the sends and exposures
   * the replay stands for, and the events its conversions name.
   */
  readonly onResult?: (userId: string, at: number, result: DecideResult, entry: ReplayEvent | null) => void;
  /** Called every `progressEvery` events (default 25,000) with the events replayed so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /** Called when the engine throws on an event (that event is then skipped) or on a due check (dropped). */
  readonly onEngineError?: (error: ReplayEngineError) => void;
}

/**
 * Replays events through an engine as a service would run it: in time order (ties by `line`, then in
 * the order of `events`), each user's behaviour aggregates folded and history (deliveries, exposures, delayed
 * triggers) kept from the engine's records, and `engine.due` asked whenever `engine.nextCheckAt`
 * says so, between events too. A user is in an app session for 30 minutes after their latest event
 * (on their profile's `platform`); a redelivered event (same user and id, within the aggregates'
 * dedupe window) is counted in `duplicates` and not decided again. Pure: no I/O, no clock.
 *
 * An event's `line` (from `parseEventLine`) orders events of the same instant and places each
 * decision (`DecisionPosition`); an event without one is numbered by its place in `events`. Give
 * every event a line, or none: positions order the decisions as the replay made them when the lines
 * of events at one instant differ.
 *
 * `nudgekit replay` runs the same replay on files of any size (JSON lines streamed from disk, sorted
 * by user on disk and replayed one user at a time, with bounded memory); this function holds
 * `events` and every user's state in memory. `parseEventLine` turns log lines into events.
 *
 * @param profiles - the user profiles by id; a user without one is `{ id }`.
 * @example
 * import { createEngine } from "nudgekit";
 * import { parseEventLine, replayEvents, type ReplayEvent } from "nudgekit/replay";
 *
 * const engine = createEngine({
 *   campaigns: [{ id: "hi", category: "promotional", channels: ["in_app"], format: "banner", trigger: { event: "app_open" }, content: { in_app: { title: "Hi" } } }],
 * });
 * const lines = ['{"userId":"u1","id":"e1","name":"app_open","time":"2026-11-23T19:00:00Z"}', '{"userId":"u1","id":"e1","name":"app_open","time":"2026-11-23T19:00:00Z"}'];
 * const events = lines.map((line, index) => parseEventLine(line, index + 1)).filter((event): event is ReplayEvent => "event" in event);
 * const summary = replayEvents(engine, events, new Map());
 * summary.toJSON();
 * // { events: 1, duplicates: 1, decisions: 1, reach: { hi: { users: 1, messages: 1 } }, channels: { in_app: 1 }, … }
 */
export function replayEvents(
  engine: Engine,
  events: Iterable<ReplayEvent>,
  profiles: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(),
  options: ReplayOptions = {},
): ReplaySummary {
  // An event without a line is numbered by its place in `events`: decisions' positions then order
  // the events of one instant as the replay does (two events with line 0 would tie).
  const given = [...events].map((entry, index) => (checkEvent(entry, index), entry.line === undefined ? { ...entry, line: index + 1 } : entry));
  // A stable sort: events of the same instant go by line, then keep their order.
  const ordered = given.sort((a, b) => a.time - b.time || (a.line ?? 0) - (b.line ?? 0));
  const run = new ReplayRun(engine, (id) => profiles.get(id), {
    ...(options.onDecision === undefined ? {} : { onDecision: options.onDecision }),
    ...(options.onResult === undefined ? {} : { onResult: options.onResult }),
    ...(options.onEngineError === undefined ? {} : { onEngineError: options.onEngineError }),
  });
  const progressEvery = options.progressEvery ?? 25_000;
  let done = 0;
  for (const event of ordered) {
    run.add(event);
    done++;
    if (done % progressEvery === 0) options.onProgress?.(done, ordered.length);
  }
  return run.finish();
}

/** Events built by hand rather than by `parseEventLine`: refused before any work, with where and why. */
function checkEvent(entry: ReplayEvent, index: number): void {
  const where = `events[${index}]`;
  if (typeof entry !== "object" || entry === null) throw new TypeError(`${where} must be an event { userId, time, event, line? } (see parseEventLine)`);
  if (typeof entry.userId !== "string") throw new TypeError(`${where}.userId must be a string`);
  const time: unknown = entry.time;
  if (typeof time !== "number" || !Number.isInteger(time) || time < 0 || time > LATEST_EVENT_TIME) {
    throw new TypeError(`${where}.time must be epoch milliseconds from 1970-01-01 to 9999-12-31 (parseEventLine checks a line so), got ${String(time)}`);
  }
  if (entry.line !== undefined && !Number.isSafeInteger(entry.line)) throw new TypeError(`${where}.line must be an integer`);
  if (typeof entry.event !== "object" || entry.event === null) throw new TypeError(`${where}.event must be the event object the engine decides on`);
}
