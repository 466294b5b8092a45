/**
 * nudgekit/replay — replaying an event log through an engine, as `nudgekit replay` does: pure (no
 * I/O, no Node built-ins), so it runs in tests, workers and browsers alike. The command itself
 * (files of any size, sorted by user on disk and replayed one user at a time) is the package's
 * `nudgekit` bin.
 *
 * @module nudgekit/replay
 */
export { replayEvents, type ReplayOptions } from "./replay-events.js";
export type { ReplayEngineError } from "./replay-run.js";
export { ReplaySummary, UserReach } from "./replay-summary.js";
export { JourneyCounts, JourneyReport } from "./journey-report.js";
export { SendTimeEvaluator, type SendTimeEvaluation, type SendTimeEvaluationOptions } from "./send-time-evaluation.js";
export { compareDecisionPositions, type DecisionPosition } from "./decision-order.js";
export {
  parseEventLine,
  parseUserLine,
  parseEventObject,
  LATEST_EVENT_TIME,
  MAX_PROPERTIES_DEPTH,
  type LineWarning,
  type ReplayEvent,
  type SkippedLine,
  type SkipReason,
  type UserLine,
} from "./replay-input.js";
