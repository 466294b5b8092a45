/// <reference types="node" />
import { rmSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEventLine, type ReplayEvent, type SkippedLine } from "../../replay/replay-input.js";
import { MinHeap } from "./min-heap.js";
import { readLines, type FileLine } from "./read-lines.js";
import { byTimeThenLine, mergeRuns, writeRun, type RunRecord } from "./sorted-runs.js";

/** How much of a log memory holds while it is put in time order. */
export interface EventOrderLimits {
  /** Longest line kept (bytes): a longer one is skipped without being read into memory. */
  readonly maxLineBytes: number;
  /**
   * A log whose events are each at most this many events away from their place in time order is
   * replayed straight from the file through a window of this many events (no temporary files).
   */
  readonly reorderWindow: number;
  /** A log of at most this many events and bytes is sorted in memory; a longer one in runs of this size on disk. */
  readonly sortBufferEvents: number;
  readonly sortBufferBytes: number;
  /** Where the sorted runs go (a folder of their own inside, removed afterwards). */
  readonly temporaryDirectory: string;
}

export const DEFAULT_EVENT_ORDER_LIMITS: EventOrderLimits = {
  maxLineBytes: 16 << 20,
  reorderWindow: 10_000,
  sortBufferEvents: 100_000,
  sortBufferBytes: 64 << 20,
  temporaryDirectory: tmpdir(),
};

/** How the log is put in time order: all in memory (small logs), through the reorder window (nearly ordered logs), or by an external merge sort. */
export type EventOrder = "in-memory" | "reorder-window" | "external-sort";

export type ReadPhase = "reading" | "sorting";

/** The events of a log, checked once, ready to be replayed in time order (ties by line). */
export interface EventLog {
  /** Valid events (lines skipped are not counted). */
  readonly events: number;
  /** Lines of the file, blank ones included. */
  readonly lines: number;
  readonly order: EventOrder;
  /** Sorted runs written to disk (external sort only, once `batches` has run). */
  readonly runs: number;
  /** The events in time order, in batches. Reads the file again unless the log was small enough to keep. */
  batches(onProgress?: (phase: ReadPhase, bytes: number, total: number) => void): AsyncGenerator<readonly ReplayEvent[]>;
  /** Removes the temporary files (also done when `batches` ends). */
  close(): Promise<void>;
}

function tooLong(line: FileLine, limit: number): SkippedLine {
  return { line: line.line, reason: "line-too-long", message: `line of ${line.bytes.toLocaleString("en-US")} bytes is longer than the limit of ${limit.toLocaleString("en-US")} bytes` };
}

/** The valid events of each batch of lines, parsed (the skipped ones were reported by the scan). */
async function* validEvents(path: string, limits: EventOrderLimits, onBytes: (bytes: number) => void): AsyncGenerator<{ event: ReplayEvent; bytes: number; text: string }[]> {
  for await (const batch of readLines(path, { maxLineBytes: limits.maxLineBytes })) {
    const valid: { event: ReplayEvent; bytes: number; text: string }[] = [];
    for (const line of batch.lines) {
      if (line.text === null) continue;
      const parsed = parseEventLine(line.text, line.line);
      if ("event" in parsed) valid.push({ event: parsed, bytes: line.bytes, text: line.text });
    }
    onBytes(batch.bytesRead);
    yield valid;
  }
}

/**
 * Reads an event log once: reports every line that cannot be replayed (`onSkipped`), counts the
 * valid events and finds how to put them in time order with bounded memory. Small logs are kept
 * from this read; others are read again by `batches()`.
 */
export async function openEventLog(
  path: string,
  limits: EventOrderLimits,
  onSkipped: (skipped: SkippedLine) => void,
  onProgress?: (phase: ReadPhase, bytes: number, total: number) => void,
): Promise<EventLog> {
  const size = (await stat(path)).size;
  let events = 0;
  let lines = 0;
  let kept: ReplayEvent[] | null = [];
  let keptBytes = 0;
  // The reorder window, simulated on times only: an event earlier than one the window already let out cannot be placed.
  const window = new MinHeap<number>((a, b) => a - b);
  let released = Number.NEGATIVE_INFINITY;
  let nearlyOrdered = true;
  for await (const batch of readLines(path, { maxLineBytes: limits.maxLineBytes })) {
    for (const line of batch.lines) {
      lines = line.line;
      if (line.text === null) {
        onSkipped(tooLong(line, limits.maxLineBytes));
        continue;
      }
      const parsed = parseEventLine(line.text, line.line);
      if (!("event" in parsed)) {
        onSkipped(parsed);
        continue;
      }
      events++;
      if (kept !== null) {
        kept.push(parsed);
        keptBytes += line.bytes;
        if (kept.length > limits.sortBufferEvents || keptBytes > limits.sortBufferBytes) kept = null;
      }
      if (nearlyOrdered) {
        if (parsed.time < released) nearlyOrdered = false;
        else {
          window.push(parsed.time);
          if (window.size > limits.reorderWindow) released = window.pop() as number;
        }
      }
    }
    onProgress?.("reading", batch.bytesRead, size);
  }

  if (kept !== null) {
    const inMemory = kept.sort(byTimeThenLine);
    return {
      events,
      lines,
      order: "in-memory",
      runs: 0,
      async *batches() {
        if (inMemory.length > 0) yield inMemory;
      },
      close: async () => {},
    };
  }
  if (nearlyOrdered) {
    return {
      events,
      lines,
      order: "reorder-window",
      runs: 0,
      async *batches() {
        // This read goes along with the replay, whose progress (in events) says how far it is.
        const heap = new MinHeap<ReplayEvent>(byTimeThenLine);
        for await (const batch of validEvents(path, limits, () => undefined)) {
          const out: ReplayEvent[] = [];
          for (const { event } of batch) {
            heap.push(event);
            if (heap.size > limits.reorderWindow) out.push(heap.pop() as ReplayEvent);
          }
          if (out.length > 0) yield out;
        }
        const rest: ReplayEvent[] = [];
        for (let event = heap.pop(); event !== undefined; event = heap.pop()) rest.push(event);
        if (rest.length > 0) yield rest;
      },
      close: async () => {},
    };
  }
  return externalSort(path, size, events, lines, limits);
}

/** The log sorted on disk: runs of `sortBufferEvents` sorted in memory and written out, then merged. */
function externalSort(path: string, size: number, events: number, lines: number, limits: EventOrderLimits): EventLog {
  let directory: string | null = null;
  // Removed on exit too (an error, Ctrl-C through process.exit): temporary files must not pile up.
  const removeOnExit = (): void => {
    if (directory !== null) rmSync(directory, { recursive: true, force: true });
  };
  const close = async (): Promise<void> => {
    process.off("exit", removeOnExit);
    if (directory !== null) await rm(directory, { recursive: true, force: true });
    directory = null;
  };
  let runCount = 0;
  return {
    events,
    lines,
    order: "external-sort",
    get runs() {
      return runCount;
    },
    async *batches(progress) {
      try {
        const folder = await mkdtemp(join(limits.temporaryDirectory, "nudgekit-replay-sort-"));
        directory = folder;
        process.on("exit", removeOnExit);
        const runs: string[] = [];
        let chunk: RunRecord[] = [];
        let chunkBytes = 0;
        const flush = async (): Promise<void> => {
          const file = join(folder, `run-${runs.length}.run`);
          await writeRun(file, chunk.sort(byTimeThenLine));
          runs.push(file);
          chunk = [];
          chunkBytes = 0;
        };
        for await (const batch of validEvents(path, limits, (bytes) => progress?.("sorting", bytes, size))) {
          for (const { event, bytes, text } of batch) {
            chunk.push({ time: event.time, line: event.line as number, text });
            chunkBytes += bytes;
            if (chunk.length >= limits.sortBufferEvents || chunkBytes >= limits.sortBufferBytes) await flush();
          }
        }
        if (chunk.length > 0) await flush();
        runCount = runs.length;
        for await (const records of mergeRuns(runs, folder)) {
          const batch: ReplayEvent[] = [];
          for (const record of records) {
            const parsed = parseEventLine(record.text, record.line);
            if ("event" in parsed) batch.push(parsed);
          }
          yield batch;
        }
      } finally {
        await close();
      }
    },
    close,
  };
}
