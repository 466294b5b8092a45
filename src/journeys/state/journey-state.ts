import { isPlainObject } from "../../json/plain-object.js";
import { ownValue } from "../../json/own-value.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";

/** The version of `JourneyState` this nudgekit writes and reads. */
export const JOURNEY_STATE_VERSION = 1;
/** Event ids remembered at the latest instant (retries at that instant are recognised): more are not kept. */
export const MAX_SEEN_IDS = 32;

/** A user's current pass through a journey (one entry). */
export interface JourneyRun {
  /** The entry's number for this user (1, 2, …). */
  readonly entry: number;
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
  readonly version: 1;
  readonly journey: string;
  /** Entries so far. */
  readonly entries: number;
  readonly lastExitAt: number | null;
  /** The latest instant processed: an input before it is ignored (reported). */
  readonly clock: number | null;
  /** Ids of events processed at `clock`: a retried call is recognised. */
  readonly seen: readonly string[];
  readonly run: JourneyRun | null;
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

/** A fresh copy of a stored state after checking every field (it came from outside: a store, a client). */
export function readJourneyState(value: unknown, journey: string): JourneyState {
  if (!isPlainObject(value)) throw new JourneyStateError("must be an object (or null for a user new to the journey)");
  if (ownValue(value, "version") !== JOURNEY_STATE_VERSION) throw new JourneyStateError(`version must be ${JOURNEY_STATE_VERSION}`);
  if (ownValue(value, "journey") !== journey) throw new JourneyStateError(`it is the state of journey ${JSON.stringify(ownValue(value, "journey"))}, not ${JSON.stringify(journey)}`);
  const entries = ownValue(value, "entries");
  const lastExitAt = ownValue(value, "lastExitAt") ?? null;
  const clock = ownValue(value, "clock") ?? null;
  const seen = ownValue(value, "seen");
  if (!count(entries)) throw new JourneyStateError("entries must be a count");
  if (lastExitAt !== null && !instant(lastExitAt)) throw new JourneyStateError("lastExitAt must be an instant or null");
  if (clock !== null && !instant(clock)) throw new JourneyStateError("clock must be an instant or null");
  if (!Array.isArray(seen) || seen.length > MAX_SEEN_IDS || !seen.every(text)) throw new JourneyStateError(`seen must be at most ${MAX_SEEN_IDS} ids`);
  const storedRun = ownValue(value, "run") ?? null;
  return { version: JOURNEY_STATE_VERSION, journey, entries, lastExitAt, clock, seen: [...seen], run: storedRun === null ? null : readRun(storedRun, entries) };
}

function readRun(value: unknown, entries: number): JourneyRun {
  if (!isPlainObject(value)) throw new JourneyStateError("run must be an object or null");
  const entry = ownValue(value, "entry");
  const enteredAt = ownValue(value, "enteredAt");
  const node = ownValue(value, "node");
  const since = ownValue(value, "since");
  const wakeAt = ownValue(value, "wakeAt");
  const sent = ownValue(value, "sent");
  const lastMessage = ownValue(value, "lastMessage") ?? null;
  if (!count(entry) || entry < 1 || entry > entries) throw new JourneyStateError("run.entry must be the number of an entry");
  if (!instant(enteredAt) || !instant(since) || !instant(wakeAt)) throw new JourneyStateError("run.enteredAt, run.since and run.wakeAt must be instants");
  if (!text(node)) throw new JourneyStateError("run.node must be a node id");
  if (lastMessage !== null && !text(lastMessage)) throw new JourneyStateError("run.lastMessage must be a message key or null");
  if (!isPlainObject(sent)) throw new JourneyStateError("run.sent must be an object");
  const counts = Object.entries(sent);
  for (const [id, times] of counts) if (!count(times)) throw new JourneyStateError(`run.sent.${id} must be a count`);
  // fromEntries defines own properties (a "__proto__" key stays a key), and keeps the object fast.
  return { entry, enteredAt, node, since, wakeAt, sent: Object.fromEntries(counts) as Record<string, number>, lastMessage };
}
