import { isPlainObject } from "../../json/plain-object.js";
import { ownValue } from "../../json/own-value.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";

/** The version of `JourneyState` this nudgekit writes (it reads version 1 too: its `run` is `runs`' one run). */
export const JOURNEY_STATE_VERSION = 2;
/** Runs a state holds at most (a concurrent journey's `max` is at most this). */
export const MAX_RUNS = 20;
/** Event ids remembered at the latest instant (retries at that instant are recognised): more are not kept. */
export const MAX_SEEN_IDS = 32;

/** A user's current pass through a journey (one entry). */
export interface JourneyRun {
  /** The entry's number for this user (1, 2, …). */
  readonly entry: number;
  /** A concurrent journey's run key (the entry event's value at the policy's `key`); null otherwise. */
  readonly key: string | null;
  readonly enteredAt: number;
  /** The node the run waits at (a delay or a waitFor). */
  readonly node: string;
  /** When the run reached that node. */
  readonly since: number;
  /** When the delay ends or the wait times out. */
  readonly wakeAt: number;
  /** Messages sent per message node in this run (a node's next message is its iteration). */
  readonly sent: Readonly<Record<string, number>>;
  /** The key of the run's latest message (a conversion's credit), or null. */
  readonly lastMessage: string | null;
}

/**
 * One user's state in one journey: plain, versioned JSON the caller persists between calls of
 * `journeyStep` (start from `null`). Treat it as opaque.
 */
export interface JourneyState {
  readonly version: 2;
  readonly journey: string;
  /** Entries so far. */
  readonly entries: number;
  readonly lastExitAt: number | null;
  /** The latest instant processed: an input before it is ignored (reported). */
  readonly clock: number | null;
  /** Ids of events processed at `clock`: a retried call is recognised. */
  readonly seen: readonly string[];
  /** The runs in progress, oldest entry first: at most one, except in a concurrent journey. */
  readonly runs: readonly JourneyRun[];
  /** A journey entered on a segment: whether the user was in it at the latest input (they enter when they come into it). */
  readonly inEntrySegment?: boolean;
}

/** Thrown by `journeyStep` for a state that is not one it wrote (another journey's, another version's, or changed). */
export class JourneyStateError extends Error {
  constructor(message: string) {
    super(`invalid journey state: ${message}`);
    this.name = "JourneyStateError";
  }
}

const instant = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= MAX_EPOCH_MS;
const count = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const text = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= 1024;

/** A fresh copy of a stored state after checking every field (it came from outside: a store, a client). Reads version 1 (one `run`) as version 2. */
export function readJourneyState(value: unknown, journey: string): JourneyState {
  if (!isPlainObject(value)) throw new JourneyStateError("must be an object (or null for a user new to the journey)");
  const version = ownValue(value, "version");
  if (version !== JOURNEY_STATE_VERSION && version !== 1) throw new JourneyStateError(`version must be ${JOURNEY_STATE_VERSION} (or 1, which is read as ${JOURNEY_STATE_VERSION})`);
  if (ownValue(value, "journey") !== journey) throw new JourneyStateError(`it is the state of journey ${JSON.stringify(ownValue(value, "journey"))}, not ${JSON.stringify(journey)}`);
  const entries = ownValue(value, "entries");
  const lastExitAt = ownValue(value, "lastExitAt") ?? null;
  const clock = ownValue(value, "clock") ?? null;
  const seen = ownValue(value, "seen");
  const inEntrySegment = ownValue(value, "inEntrySegment");
  if (!count(entries)) throw new JourneyStateError("entries must be a count");
  if (lastExitAt !== null && !instant(lastExitAt)) throw new JourneyStateError("lastExitAt must be an instant or null");
  if (clock !== null && !instant(clock)) throw new JourneyStateError("clock must be an instant or null");
  if (!Array.isArray(seen) || seen.length > MAX_SEEN_IDS || !seen.every(text)) throw new JourneyStateError(`seen must be at most ${MAX_SEEN_IDS} ids`);
  if (inEntrySegment !== undefined && typeof inEntrySegment !== "boolean") throw new JourneyStateError("inEntrySegment must be a boolean when present");
  let storedRuns: unknown[];
  if (version === 1) {
    const run = ownValue(value, "run") ?? null;
    storedRuns = run === null ? [] : [{ ...(isPlainObject(run) ? run : { invalid: run }), key: null }];
  } else {
    const runs = ownValue(value, "runs");
    if (!Array.isArray(runs) || runs.length > MAX_RUNS) throw new JourneyStateError(`runs must be a list of at most ${MAX_RUNS} runs`);
    storedRuns = runs;
  }
  const runs: JourneyRun[] = [];
  // Oldest entry first, each entry once (and keys apart): a state this module wrote.
  for (const stored of storedRuns) {
    const run = readRun(stored, entries);
    const previous = runs[runs.length - 1];
    if (previous !== undefined && run.entry <= previous.entry) throw new JourneyStateError("runs must be in entry order, each entry once");
    if (run.key !== null && runs.some((other) => other.key === run.key)) throw new JourneyStateError(`two runs have the key ${JSON.stringify(run.key)}`);
    runs.push(run);
  }
  const state: { -readonly [K in keyof JourneyState]: JourneyState[K] } = { version: JOURNEY_STATE_VERSION, journey, entries, lastExitAt, clock, seen: [...seen], runs };
  // Only a segment entry's state has it (added after, so that every other state keeps one shape).
  if (inEntrySegment !== undefined) state.inEntrySegment = inEntrySegment;
  return state;
}

function readRun(value: unknown, entries: number): JourneyRun {
  if (!isPlainObject(value)) throw new JourneyStateError("a run must be an object");
  const entry = ownValue(value, "entry");
  const key = ownValue(value, "key") ?? null;
  const enteredAt = ownValue(value, "enteredAt");
  const node = ownValue(value, "node");
  const since = ownValue(value, "since");
  const wakeAt = ownValue(value, "wakeAt");
  const sent = ownValue(value, "sent");
  const lastMessage = ownValue(value, "lastMessage") ?? null;
  if (!count(entry) || entry < 1 || entry > entries) throw new JourneyStateError("run.entry must be the number of an entry");
  if (key !== null && !text(key)) throw new JourneyStateError("run.key must be a key or null");
  if (!instant(enteredAt) || !instant(since) || !instant(wakeAt)) throw new JourneyStateError("run.enteredAt, run.since and run.wakeAt must be instants");
  if (!text(node)) throw new JourneyStateError("run.node must be a node id");
  if (lastMessage !== null && !text(lastMessage)) throw new JourneyStateError("run.lastMessage must be a message key or null");
  if (!isPlainObject(sent)) throw new JourneyStateError("run.sent must be an object");
  const counts = Object.entries(sent);
  for (const [id, times] of counts) if (!count(times)) throw new JourneyStateError(`run.sent.${id} must be a count`);
  // fromEntries defines own properties (a "__proto__" key stays a key), and keeps the object fast.
  return { entry, key, enteredAt, node, since, wakeAt, sent: Object.fromEntries(counts) as Record<string, number>, lastMessage };
}
