/// <reference types="node" />
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { MinHeap } from "../../replay/min-heap.js";
import { readLines } from "./read-lines.js";

/** How records of one kind are ordered and stored, one line each, in a sorted run on disk. */
export interface RunFormat<T> {
  readonly compare: (a: T, b: T) => number;
  /** One line, without a line break (a run is read back line by line). */
  readonly toLine: (record: T) => string;
  readonly fromLine: (text: string) => T;
}

/** Most runs merged at once (open files and read buffers); more runs are merged in rounds. */
export const MAX_MERGE_FAN_IN = 64;
const READ_CHUNK_BYTES = 256 << 10;
const WRITE_CHUNK_CHARS = 1 << 20;
/** Records handed on per batch by a merge. */
const MERGE_BATCH = 1024;

/** Writes records (already sorted) as a run file, one line each. */
export async function writeRun<T>(file: string, records: Iterable<T> | AsyncIterable<readonly T[]>, format: RunFormat<T>): Promise<void> {
  const handle = await open(file, "w");
  try {
    let text = "";
    const add = async (record: T): Promise<void> => {
      text += `${format.toLine(record)}\n`;
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

/** Reads one run file a batch at a time: `current` is its next record. */
class RunCursor<T> {
  #records: T[] = [];
  /** Before the first record until `next()` is first called. */
  #index = -1;
  readonly #batches: AsyncGenerator<{ readonly lines: readonly { readonly text: string | null }[] }>;

  constructor(
    file: string,
    private readonly format: RunFormat<T>,
  ) {
    // A run line is a line that was read within the limit, plus its key: never over the reader's limit.
    this.#batches = readLines(file, { maxLineBytes: Number.POSITIVE_INFINITY, chunkBytes: READ_CHUNK_BYTES });
  }

  get current(): T {
    return this.#records[this.#index] as T;
  }

  /** Moves to the next record; false at the end of the run. */
  async next(): Promise<boolean> {
    this.#index++;
    while (this.#index >= this.#records.length) {
      const batch = await this.#batches.next();
      if (batch.done === true) return false;
      this.#records = batch.value.lines.map((line) => this.format.fromLine(line.text as string));
      this.#index = 0;
    }
    return true;
  }

  async close(): Promise<void> {
    await this.#batches.return(undefined);
  }
}

/** The records of sorted run files, merged into one sorted stream (at most MAX_MERGE_FAN_IN files). */
async function* mergeFiles<T>(files: readonly string[], format: RunFormat<T>): AsyncGenerator<T[]> {
  const cursors = files.map((file) => new RunCursor(file, format));
  try {
    const heap = new MinHeap<RunCursor<T>>((a, b) => format.compare(a.current, b.current));
    for (const cursor of cursors) {
      if (await cursor.next()) heap.push(cursor);
    }
    let out: T[] = [];
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      out.push(top.current);
      if (await top.next()) heap.replaceTop(top);
      else heap.pop();
      if (out.length >= MERGE_BATCH) {
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
 * The records of sorted run files in one sorted stream, in batches. Past MAX_MERGE_FAN_IN files,
 * groups of them are first merged into longer runs (in `directory`, the merged files removed), so
 * that memory and open files stay bounded. The format must order records totally (no two equal),
 * or equal ones come in no particular order.
 */
export async function* mergeRuns<T>(files: readonly string[], directory: string, format: RunFormat<T>): AsyncGenerator<T[]> {
  let runs = [...files];
  let round = 0;
  while (runs.length > MAX_MERGE_FAN_IN) {
    round++;
    const merged: string[] = [];
    for (let start = 0; start < runs.length; start += MAX_MERGE_FAN_IN) {
      const group = runs.slice(start, start + MAX_MERGE_FAN_IN);
      const file = join(directory, `merge-${round}-${merged.length}.run`);
      await writeRun(file, mergeFiles(group, format), format);
      await Promise.all(group.map((done) => rm(done, { force: true })));
      merged.push(file);
    }
    runs = merged;
  }
  yield* mergeFiles(runs, format);
}
