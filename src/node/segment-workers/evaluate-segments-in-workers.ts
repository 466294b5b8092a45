/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
import { availableParallelism } from "node:os";
import { MembershipTally, type MembershipRow, type SegmentCounts } from "../../segments/batch/evaluate-segments.js";
import type { SegmentSetOptions } from "../../segments/definitions/compile-segments.js";
import { instantOf, type Instant } from "../../time/instant.js";
import { compileSegments } from "../../segments/membership/compile-segment-set.js";
import { ProfileChunkReader } from "./profile-chunks.js";
import { SegmentWorkerPool } from "./segment-worker-pool.js";
import type { ChunkResult, SegmentWorkerSetup } from "./worker-messages.js";

export interface WorkerEvaluationOptions {
  /** Worker threads at most (started as needed). Default: available parallelism − 1, at least 1. */
  readonly workers?: number;
  /** Profiles sent to a worker at a time. Default 1000. */
  readonly chunkSize?: number;
  /**
   * Options of the segment set, as for `compileSegments`, without `operators`: custom operators
   * are functions, and functions cannot be sent to another thread.
   */
  readonly segmentOptions?: Omit<SegmentSetOptions, "operators">;
}

/** Chunks in flight per worker: one being evaluated, one queued, so no worker waits for the next. */
const CHUNKS_IN_FLIGHT_PER_WORKER = 2;
const DEFAULT_CHUNK_SIZE = 1000;

/**
 * A batch evaluation spread over worker threads: iterate it once with `for await` to stream
 * `{ userId, segments }` rows in input order. `counts` totals the rows streamed so far (every
 * profile once iteration ends), exactly as `SegmentEvaluation.counts` does.
 *
 * Leaving the loop early (`break`, `return`, a throw) or any failure (a worker crash, an input that
 * throws) stops every worker before the loop exits; failures are rethrown to the loop.
 */
export class WorkerSegmentEvaluation implements AsyncIterable<MembershipRow> {
  readonly #profiles: Iterable<unknown> | AsyncIterable<unknown>;
  readonly #setup: SegmentWorkerSetup;
  readonly #width: number;
  readonly #workers: number;
  readonly #chunkSize: number;
  readonly #tally: MembershipTally;
  #started = false;
  #done = false;

  /** @internal Use `evaluateSegmentsInWorkers`, which validates its arguments first. */
  constructor(profiles: Iterable<unknown> | AsyncIterable<unknown>, segmentIds: readonly string[], setup: SegmentWorkerSetup, workers: number, chunkSize: number) {
    this.#profiles = profiles;
    this.#setup = setup;
    this.#width = segmentIds.length;
    this.#workers = workers;
    this.#chunkSize = chunkSize;
    this.#tally = new MembershipTally(segmentIds);
  }

  /** Members per segment and profiles so far. */
  get counts(): SegmentCounts {
    return this.#tally.snapshot();
  }

  /** True once every profile has been evaluated and streamed. */
  get done(): boolean {
    return this.#done;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MembershipRow> {
    if (this.#started) throw new TypeError("a segment evaluation can be iterated only once");
    this.#started = true;
    const input = new ProfileChunkReader(this.#profiles, this.#chunkSize);
    const pool = new SegmentWorkerPool(this.#setup, this.#workers);
    // Results in input order; bounded, so memory does not grow with the input (backpressure).
    const inFlight: Promise<ChunkResult>[] = [];
    const limit = this.#workers * CHUNKS_IN_FLIGHT_PER_WORKER;
    let failed = false;
    try {
      for (;;) {
        while (inFlight.length < limit) {
          const chunk = await input.next();
          if (chunk === undefined) break;
          inFlight.push(pool.evaluate(chunk.profiles, chunk.offset));
        }
        const next = inFlight.shift();
        if (next === undefined) break;
        const { userIds, members } = await next;
        const width = this.#width;
        for (let index = 0; index < userIds.length; index++) {
          const segments = this.#tally.add(members.subarray(index * width, (index + 1) * width));
          yield { userId: userIds[index] as string | null, segments };
        }
      }
      this.#done = true;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await pool.close();
      // As `for … of` does: an error from the input's return() counts only when nothing else failed.
      try {
        await input.close();
      } catch (error) {
        if (!failed) throw error;
      }
    }
  }
}

/**
 * `evaluateSegments` on worker threads, for large batches: each worker compiles the segment
 * definitions itself and evaluates chunks of profiles; rows come back in input order with the
 * same counts. Node only.
 *
 * Definitions, options and `now` are validated here, in the calling thread, before any thread
 * starts. Workers start when iteration starts and have all exited by the time it ends, early or not.
 *
 * Profiles, definitions and options are sent to the workers by structured clone: they must be
 * plain data (no functions; class instances arrive as plain objects). This is why
 * `segmentOptions.operators` is not accepted: custom operator functions cannot cross threads —
 * use `compileSegments` and `evaluateSegments` in one thread for segments that need them.
 *
 * @throws SegmentConfigError when the definitions (or segment options) are invalid.
 * @throws TypeError when `now` is not a valid instant, `profiles` is not iterable, options contain
 *   `operators` or cannot be cloned; RangeError when `workers` or `chunkSize` is not a positive integer.
 */
export function evaluateSegmentsInWorkers(
  profiles: Iterable<unknown> | AsyncIterable<unknown>,
  definitions: unknown,
  now: Instant,
  options: WorkerEvaluationOptions = {},
): WorkerSegmentEvaluation {
  const segmentOptions = options.segmentOptions ?? {};
  if ((segmentOptions as SegmentSetOptions).operators !== undefined) {
    throw new TypeError("segmentOptions.operators is not supported by evaluateSegmentsInWorkers: custom operator functions cannot be sent to worker threads");
  }
  const segments = compileSegments(definitions, segmentOptions);
  const setup: SegmentWorkerSetup = { definitions, segmentOptions, now: instantOf(now) };
  if (profiles === null || typeof profiles !== "object" || !(Symbol.iterator in profiles || Symbol.asyncIterator in profiles)) {
    throw new TypeError("profiles must be an Iterable or an AsyncIterable");
  }
  const workers = positiveInteger(options.workers, Math.max(1, availableParallelism() - 1), "workers");
  const chunkSize = positiveInteger(options.chunkSize, DEFAULT_CHUNK_SIZE, "chunkSize");
  try {
    structuredClone(setup);
  } catch (error) {
    throw new TypeError("segment definitions and options must be structured-cloneable to reach worker threads", { cause: error });
  }
  return new WorkerSegmentEvaluation(profiles, segments.ids, setup, workers, chunkSize);
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}
