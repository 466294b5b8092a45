/// <reference types="node" />
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { MinHeap } from "./min-heap.js";
import { readLines } from "./read-lines.js";

/** One valid line of an event log, as a sorted run on disk stores it: its sort key and its text. */
export interface RunRecord {
  readonly time: number;
  readonly line: number;
  readonly text: string;
}

/** Most runs merged at once (open files and read buffers); more runs are merged in rounds. */
export const MAX_MERGE_FAN_IN = 64;
const READ_CHUNK_BYTES = 256 << 10;
const WRITE_CHUNK_CHARS = 1 << 20;

/** The replay order: time, then line. */
export const byTimeThenLine = (a: { readonly time: number; readonly line?: number }, b: { readonly time: number; readonly line?: number }): number => a.time - b.time || (a.line ?? 0) - (b.line ?? 0);

/** Writes records (already sorted) as a run file: one `time \t line \t text` line each. */
export async function writeRun(file: string, records: Iterable<RunRecord> | AsyncIterable<readonly RunRecord[]>): Promise<void> {
  const handle = await open(file, "w");
  try {
    let text = "";
    const add = async (record: RunRecord): Promise<void> => {
      text += `${record.time}\t${record.line}\t${record.text}\n`;
      if (text.length >= WRITE_CHUNK_CHARS) {
        await handle.write(text);
        text = "";
      }
    };
    if (Symbol.asyncIterator in records) {
      for await (const batch of records) for (const record of batch) await add(record);
    } else {
      for (const record of records) await add(record);
    }
    if (text !== "") await handle.write(text);
  } finally {
    await handle.close();
  }
}

function parseRunLine(text: string): RunRecord {
  const first = text.indexOf("\t");
  const second = text.indexOf("\t", first + 1);
  return { time: Number(text.slice(0, first)), line: Number(text.slice(first + 1, second)), text: text.slice(second + 1) };
}

/** Reads one run file a batch at a time: `current` is its next record. */
class RunCursor {
  #records: RunRecord[] = [];
  /** Before the first record until `next()` is first called. */
  #index = -1;
  readonly #batches: AsyncGenerator<{ readonly lines: readonly { readonly text: string | null }[] }>;

  constructor(file: string) {
    // A run line is a valid event line plus its key: never over the reader's limit.
    this.#batches = readLines(file, { maxLineBytes: Number.POSITIVE_INFINITY, chunkBytes: READ_CHUNK_BYTES });
  }

  get current(): RunRecord {
    return this.#records[this.#index] as RunRecord;
  }

  /** Moves to the next record; false at the end of the run. */
  async next(): Promise<boolean> {
    this.#index++;
    while (this.#index >= this.#records.length) {
      const batch = await this.#batches.next();
      if (batch.done === true) return false;
      this.#records = batch.value.lines.map((line) => parseRunLine(line.text as string));
      this.#index = 0;
    }
    return true;
  }

  async close(): Promise<void> {
    await this.#batches.return(undefined);
  }
}

/** The records of sorted run files, merged into one sorted stream (at most MAX_MERGE_FAN_IN files). */
async function* mergeFiles(files: readonly string[]): AsyncGenerator<RunRecord[]> {
  const cursors = files.map((file) => new RunCursor(file));
  try {
    const heap = new MinHeap<RunCursor>((a, b) => byTimeThenLine(a.current, b.current));
    for (const cursor of cursors) {
      if (await cursor.next()) heap.push(cursor);
    }
    let out: RunRecord[] = [];
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      out.push(top.current);
      if (await top.next()) heap.replaceTop(top);
      else heap.pop();
      if (out.length >= 1024) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(cursors.map((cursor) => cursor.close()));
  }
}

/**
 * The records of sorted run files in one sorted stream. Past MAX_MERGE_FAN_IN files, groups of
 * them are first merged into longer runs (in `directory`), so that memory and open files stay bounded.
 */
export async function* mergeRuns(files: readonly string[], directory: string): AsyncGenerator<RunRecord[]> {
  let runs = [...files];
  let round = 0;
  while (runs.length > MAX_MERGE_FAN_IN) {
    round++;
    const merged: string[] = [];
    for (let start = 0; start < runs.length; start += MAX_MERGE_FAN_IN) {
      const group = runs.slice(start, start + MAX_MERGE_FAN_IN);
      const file = join(directory, `merge-${round}-${merged.length}.run`);
      await writeRun(file, mergeFiles(group));
      await Promise.all(group.map((done) => rm(done, { force: true })));
      merged.push(file);
    }
    runs = merged;
  }
  yield* mergeFiles(runs);
}
