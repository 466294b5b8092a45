/// <reference types="node" />
import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { parseEventLine, type ReplayEvent, type SkippedLine } from "../../replay/replay-input.js";
import { ExternalSort } from "./external-sort.js";
import { lineTooLong, readLines } from "./read-lines.js";
import type { RunFormat } from "./sorted-runs.js";
import type { TemporaryFolder } from "./temporary-folder.js";

/** How much of the input files memory holds while they are put in order. */
export interface EventOrderLimits {
  /** Longest line kept (bytes): a longer one is skipped without being read into memory. */
  readonly maxLineBytes: number;
  /**
   * A log of at most this many events and bytes is sorted and replayed in memory, in time order;
   * a longer one is sorted by user on disk, in runs of this size, and replayed one user at a time.
   * The same buffer sizes the runs of the users file and of the decisions.
   */
  readonly sortBufferEvents: number;
  readonly sortBufferBytes: number;
  /** Where the sorted runs go (a folder of their own inside, removed afterwards). */
  readonly temporaryDirectory: string;
}

export const DEFAULT_EVENT_ORDER_LIMITS: EventOrderLimits = {
  maxLineBytes: 16 << 20,
  sortBufferEvents: 100_000,
  sortBufferBytes: 64 << 20,
  temporaryDirectory: tmpdir(),
};

/** How the log is replayed: all in memory in time order (small logs), or sorted by user on disk and replayed one user at a time. */
export type EventOrder = "in-memory" | "by-user";

export type ReadPhase = "reading";

/**
 * A valid line of the log as a sorted run stores it: its sort key and its text. The parsed event is
 * kept only while the log may still be replayed in memory; merged runs are parsed again one record
 * at a time, so that the merge holds text, not parsed events.
 */
interface EventLine {
  readonly userId: string;
  readonly time: number;
  readonly line: number;
  readonly text: string;
  readonly event?: ReplayEvent;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Events by user id, then time, then line: the order of a replay one user at a time. */
export const byUserThenTime = (a: Pick<ReplayEvent, "userId" | "time" | "line">, b: Pick<ReplayEvent, "userId" | "time" | "line">): number => compareIds(a.userId, b.userId) || a.time - b.time || (a.line ?? 0) - (b.line ?? 0);
/** Events by time, then line: the order of a replay of the whole log in time order. */
export const byTimeThenLine = (a: ReplayEvent, b: ReplayEvent): number => a.time - b.time || (a.line ?? 0) - (b.line ?? 0);

/** A run line is `time \t line \t "userId" \t text` (the id as JSON: no tab or line break in it). */
const EVENTS_BY_USER: RunFormat<EventLine> = {
  compare: byUserThenTime,
  toLine: (record) => `${record.time}\t${record.line}\t${JSON.stringify(record.userId)}\t${record.text}`,
  fromLine: (text) => {
    const first = text.indexOf("\t");
    const second = text.indexOf("\t", first + 1);
    const third = text.indexOf("\t", second + 1);
    const id = text.slice(second + 1, third);
    return { time: Number(text.slice(0, first)), line: Number(text.slice(first + 1, second)), userId: id.includes("\\") ? (JSON.parse(id) as string) : id.slice(1, -1), text: text.slice(third + 1) };
  },
};

/** The event of a merged record, parsed again from its text. */
function eventOf(record: EventLine): ReplayEvent {
  const event = parseEventLine(record.text, record.line);
  if (!("event" in event)) throw new Error(`a sorted run of the event log is corrupt (line ${record.line}: ${event.message})`);
  return event;
}

/** The events of a log, checked once, ready to be replayed. */
export interface EventLog {
  /** Valid events (lines skipped are not counted). */
  readonly events: number;
  /** Lines of the file, blank ones included. */
  readonly lines: number;
  readonly order: EventOrder;
  /** Sorted runs written to disk (by user only). */
  readonly runs: number;
  /** The earliest and the latest event time (null when there is no event). */
  readonly firstTime: number | null;
  readonly lastTime: number | null;
  /** The events in batches: in time order (`in-memory`), or by user, then time (`by-user`). Then line. */
  batches(): AsyncGenerator<readonly ReplayEvent[]>;
}

/**
 * Reads an event log once: reports every line that cannot be replayed (`onSkipped`), counts the
 * valid events, notes the first and last event time, and keeps the valid lines while they fit in
 * the sort buffer. A longer log is written, as it is read, to runs sorted by user on disk (in
 * `folder`), merged when `batches()` is read: memory holds a bounded part of the log whatever its size.
 */
export async function openEventLog(
  path: string,
  limits: EventOrderLimits,
  folder: TemporaryFolder,
  onSkipped: (skipped: SkippedLine) => void,
  onProgress?: (phase: ReadPhase, bytes: number, total: number) => void,
): Promise<EventLog> {
  const size = (await stat(path)).size;
  const sort = new ExternalSort(EVENTS_BY_USER, folder, "events", { records: limits.sortBufferEvents, bytes: limits.sortBufferBytes });
  let lines = 0;
  let firstTime: number | null = null;
  let lastTime: number | null = null;
  for await (const batch of readLines(path, { maxLineBytes: limits.maxLineBytes })) {
    for (const line of batch.lines) {
      lines = line.line;
      if (line.text === null) {
        onSkipped(lineTooLong(line, limits.maxLineBytes));
        continue;
      }
      const parsed = parseEventLine(line.text, line.line);
      if (!("event" in parsed)) {
        onSkipped(parsed);
        continue;
      }
      if (firstTime === null || parsed.time < firstTime) firstTime = parsed.time;
      if (lastTime === null || parsed.time > lastTime) lastTime = parsed.time;
      if (sort.full) await sort.spill();
      const record = { userId: parsed.userId, time: parsed.time, line: line.line, text: line.text };
      sort.add(sort.runs === 0 ? { ...record, event: parsed } : record, line.bytes);
    }
    onProgress?.("reading", batch.bytesRead, size);
  }

  const inMemory = sort.inMemory;
  if (inMemory !== null) {
    const events = inMemory.map((record) => record.event as ReplayEvent).sort(byTimeThenLine);
    return {
      events: events.length,
      lines,
      order: "in-memory",
      runs: 0,
      firstTime,
      lastTime,
      async *batches() {
        if (events.length > 0) yield events;
      },
    };
  }
  return {
    events: sort.count,
    lines,
    order: "by-user",
    // Counting the last run, written when the merge starts.
    runs: sort.runs + 1,
    firstTime,
    lastTime,
    async *batches() {
      for await (const records of sort.sorted()) yield records.map(eventOf);
    },
  };
}
