/**
 * nudgekit/segments/workers — batch segment evaluation spread over worker threads. Node only:
 * kept behind its own subpath so that nothing else in nudgekit depends on Node built-ins.
 *
 * @module nudgekit/segments/workers
 */
export { evaluateSegmentsInWorkers, WorkerSegmentEvaluation, type WorkerEvaluationOptions } from "./evaluate-segments-in-workers.js";
export type { MembershipRow, SegmentCounts } from "../../segments/batch/evaluate-segments.js";
