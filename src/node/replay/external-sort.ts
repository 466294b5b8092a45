/// <reference types="node" />
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { mergeRuns, writeRun, type RunFormat } from "./sorted-runs.js";
import type { TemporaryFolder } from "./temporary-folder.js";

/** How many records, and how many bytes of their text, a sort holds in memory before it writes a run. */
export interface SortBuffer {
  readonly records: number;
  readonly bytes: number;
}

/**
 * Records put in order with bounded memory: held in memory while they fit in `buffer`, then
 * written to disk in sorted runs (in a subfolder `name` of the replay's temporary folder) and merged
 * back. Add with `add` after `spill` when `full`; read once with `sorted`.
 */
export class ExternalSort<T> {
  #held: T[] = [];
  #heldBytes = 0;
  #count = 0;
  readonly #runs: string[] = [];
  #directory: string | null = null;

  constructor(
    private readonly format: RunFormat<T>,
    private readonly folder: TemporaryFolder,
    private readonly name: string,
    private readonly buffer: SortBuffer,
  ) {}

  /** Records added. */
  get count(): number {
    return this.#count;
  }

  /** Sorted runs written to disk so far. */
  get runs(): number {
    return this.#runs.length;
  }

  /** Whether the buffer is full: `spill()` before the next `add`. */
  get full(): boolean {
    return this.#held.length >= this.buffer.records || this.#heldBytes >= this.buffer.bytes;
  }

  /** The records added, as added, while none went to disk; null once some did. */
  get inMemory(): readonly T[] | null {
    return this.#runs.length === 0 ? this.#held : null;
  }

  add(record: T, bytes: number): void {
    this.#held.push(record);
    this.#heldBytes += bytes;
    this.#count++;
  }

  /** Writes the records held as one sorted run, and empties the buffer. */
  async spill(): Promise<void> {
    if (this.#held.length === 0) return;
    this.#directory ??= await this.folder.subfolder(this.name);
    const file = join(this.#directory, `run-${this.#runs.length}.run`);
    const held = this.#held.sort(this.format.compare);
    this.#held = [];
    this.#heldBytes = 0;
    await writeRun(file, held, this.format);
    this.#runs.push(file);
  }

  /** Every record in order, in batches: sorted in memory if none went to disk, else merged from the runs. */
  async *sorted(): AsyncGenerator<readonly T[]> {
    if (this.#runs.length === 0) {
      const held = this.#held.sort(this.format.compare);
      if (held.length > 0) yield held;
      return;
    }
    await this.spill();
    const directory = this.#directory as string;
    yield* mergeRuns(this.#runs, directory, this.format);
    // Read once: the disk space goes back as soon as the merge is done (the rest of the replay may need it).
    await rm(directory, { recursive: true, force: true });
  }
}
