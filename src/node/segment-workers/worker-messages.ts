import type { SegmentSetOptions } from "../../segments/definitions/compile-segments.js";

/**
 * What every segment worker starts with (its `workerData`). Plain, structured-cloneable data only:
 * each worker compiles its own `SegmentSet`, because compiled rules are closures and cannot cross
 * threads.
 */
export interface SegmentWorkerSetup {
  readonly definitions: unknown;
  readonly segmentOptions: Omit<SegmentSetOptions, "operators">;
  /** Already validated, as epoch ms. */
  readonly now: number;
}

/** Main thread → worker: a chunk of profiles to evaluate. `sequence` pairs it with its result. */
export interface ChunkRequest {
  readonly sequence: number;
  readonly profiles: readonly unknown[];
}

/**
 * Worker → main thread: memberships of a chunk as one flat 0 / 1 array (profile-major, one byte
 * per segment in definition order), transferred rather than copied, and the profiles' user ids.
 */
export interface ChunkResult {
  readonly sequence: number;
  readonly userIds: readonly (string | null)[];
  readonly members: Uint8Array;
}

/** Worker → main thread, once, after the worker has loaded and compiled its segments. */
export interface WorkerReady {
  readonly ready: true;
}
