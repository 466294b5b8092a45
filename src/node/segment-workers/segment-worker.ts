/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
/**
 * The worker-thread side of `evaluateSegmentsInWorkers`: compiles the segments once, then answers
 * each chunk of profiles with their memberships. Started by `SegmentWorkerPool`, never imported.
 */
import { parentPort, workerData } from "node:worker_threads";
import { userIdOf } from "../../segments/batch/evaluate-segments.js";
import { compileSegments } from "../../segments/membership/compile-segment-set.js";
import type { ChunkRequest, ChunkResult, SegmentWorkerSetup, WorkerReady } from "./worker-messages.js";

if (parentPort === null) throw new Error("segment-worker runs only as a worker thread started by evaluateSegmentsInWorkers");
const port = parentPort;
const setup = workerData as SegmentWorkerSetup;
// Already validated in the calling thread, so this does not throw on the same definitions.
const segments = compileSegments(setup.definitions, setup.segmentOptions);
const width = segments.ids.length;

port.on("message", ({ sequence, profiles }: ChunkRequest) => {
  const members = new Uint8Array(profiles.length * width);
  const userIds = profiles.map((profile, index) => {
    members.set(segments.memberships(profile, setup.now), index * width);
    return userIdOf(profile);
  });
  const result: ChunkResult = { sequence, userIds, members };
  port.postMessage(result, [members.buffer]);
});
// Told once loaded: the pool never terminates a worker still loading its script (on Node 20 that
// can abort the whole process).
const ready: WorkerReady = { ready: true };
port.postMessage(ready);
