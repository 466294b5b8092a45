/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
import { Worker } from "node:worker_threads";
import { profileCloneError } from "./profile-clone-error.js";
import type { ChunkRequest, ChunkResult, SegmentWorkerSetup, WorkerReady } from "./worker-messages.js";
import { segmentWorkerScript } from "./worker-script.js";

interface PooledWorker {
  readonly worker: Worker;
  /** Settles once the worker has loaded its script (or has exited / failed). */
  readonly started: Promise<void>;
  /** Chunks sent and not yet answered. */
  outstanding: number;
}

interface PendingChunk {
  readonly resolve: (result: ChunkResult) => void;
  readonly reject: (error: unknown) => void;
  readonly owner: PooledWorker;
}

/**
 * Up to `size` segment workers, started only when every running one is busy (a small input does
 * not pay for threads it cannot use). The first failure of any worker (an uncaught error, an
 * unexpected exit, an unreadable message) fails every chunk in flight and stops them all: a
 * partial evaluation is never silently returned.
 */
export class SegmentWorkerPool {
  readonly #setup: SegmentWorkerSetup;
  readonly #size: number;
  readonly #workers: PooledWorker[] = [];
  readonly #pending = new Map<number, PendingChunk>();
  #nextSequence = 0;
  #failure: { readonly error: unknown } | undefined;
  #closed = false;

  constructor(setup: SegmentWorkerSetup, size: number) {
    this.#setup = setup;
    this.#size = size;
  }

  /**
   * Sends a chunk to the least busy worker. The promise may be awaited late (results are consumed
   * in input order), so it is marked handled here: a failure must not count as unhandled meanwhile.
   *
   * @throws TypeError at once when a profile of the chunk is not structured-cloneable.
   */
  evaluate(profiles: readonly unknown[], offset: number): Promise<ChunkResult> {
    if (this.#closed) return handled(Promise.reject(new Error("the segment worker pool is closed")));
    if (this.#failure !== undefined) return handled(Promise.reject(this.#failure.error));
    const owner = this.#pick();
    const sequence = this.#nextSequence++;
    const result = handled(new Promise<ChunkResult>((resolve, reject) => this.#pending.set(sequence, { resolve, reject, owner })));
    const request: ChunkRequest = { sequence, profiles };
    try {
      owner.worker.postMessage(request);
    } catch (error) {
      this.#pending.delete(sequence);
      throw profileCloneError(profiles, offset, error);
    }
    // Only a worker with work keeps the process alive: an abandoned, idle evaluation must not.
    if (owner.outstanding++ === 0) owner.worker.ref();
    return result;
  }

  /** Stops every worker and waits until they have exited; chunks still in flight are dropped. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectPending(new Error("the segment worker pool was closed"));
    await Promise.all(this.#workers.map((pooled) => stop(pooled)));
  }

  #pick(): PooledWorker {
    const idle = this.#workers.find((pooled) => pooled.outstanding === 0);
    if (idle !== undefined) return idle;
    if (this.#workers.length < this.#size) return this.#start();
    return this.#workers.reduce((least, pooled) => (pooled.outstanding < least.outstanding ? pooled : least));
  }

  #start(): PooledWorker {
    const { script, eval: isCode } = segmentWorkerScript();
    const worker = new Worker(script, { eval: isCode, workerData: this.#setup });
    let started!: () => void;
    const pooled: PooledWorker = { worker, started: new Promise<void>((resolve) => (started = resolve)), outstanding: 0 };
    worker.unref();
    worker.once("exit", () => started());
    worker.once("error", () => started());
    worker.on("message", (message: ChunkResult | WorkerReady) => {
      if ("ready" in message) started();
      else this.#settle(pooled, message);
    });
    worker.on("error", (error) => this.#fail(error));
    worker.on("messageerror", (error) => this.#fail(new Error("a segment worker sent a result that could not be read", { cause: error })));
    worker.on("exit", (code) => {
      if (!this.#closed) this.#fail(new Error(`a segment worker stopped unexpectedly (exit code ${code})`));
    });
    this.#workers.push(pooled);
    return pooled;
  }

  #settle(pooled: PooledWorker, result: ChunkResult): void {
    const pending = this.#pending.get(result.sequence);
    if (pending === undefined) return;
    this.#pending.delete(result.sequence);
    if (--pooled.outstanding === 0) pooled.worker.unref();
    pending.resolve(result);
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined || this.#closed) return;
    this.#failure = { error };
    this.#rejectPending(error);
    for (const pooled of this.#workers) void stop(pooled);
  }

  #rejectPending(error: unknown): void {
    for (const pending of this.#pending.values()) {
      pending.owner.outstanding = 0;
      pending.reject(error);
    }
    this.#pending.clear();
  }
}

/** Most a stop waits for a worker to finish loading before terminating it anyway. */
const START_WAIT_MS = 10_000;

/**
 * Terminates a worker once it has loaded its script: terminating one mid-load can abort the whole
 * process on Node 20 (a native assertion in worker script evaluation).
 */
async function stop(pooled: PooledWorker): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([pooled.started, new Promise<void>((resolve) => (timer = setTimeout(resolve, START_WAIT_MS)))]);
  clearTimeout(timer);
  await pooled.worker.terminate();
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
