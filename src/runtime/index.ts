/**
 * nudgekit/runtime — the decision engine without its validation code, for browsers and other
 * runtimes where every kilobyte counts.
 *
 * Validate and compile the config where it is written (a server, a build step) with
 * `prepareConfig` from `nudgekit`, ship the JSON it returns, and load it here with `loadEngine`:
 * the engine decides exactly as `createEngine(config)` does, and this entry carries no zod, no
 * schema and no reference checks (see docs/engine.md, "Prepared configs").
 *
 * @module nudgekit/runtime
 */
export { loadEngine } from "../engine/prepared/load-engine.js";
export type { EngineOptions } from "../engine/engine-options.js";
export { intlTimeZones } from "../time-zones/intl-time-zones.js";
export type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
export { PreparedConfigError } from "../engine/prepared/prepared-config-error.js";
export { PREPARED_FORMAT, PREPARED_VERSION, type PreparedConfig } from "../engine/prepared/prepared-config.js";
export { Engine } from "../engine/engine.js";
/** Engine modules (`nudgekit prepare --module`, emitEngineModule from nudgekit/standalone): the engine of one, checked against this runtime's contract. */
export { engineOfModule, EngineModuleError, ENGINE_MODULE_CONTRACT, ENGINE_MODULE_FORMAT, type EngineModule, type EngineModuleMeta } from "../standalone/engine-module-contract.js";
export { applyRecords, type FullEngineHistory } from "../engine/records/apply-records.js";
export { applyOutcome, ENGAGEMENT_HISTORY_LIMITS, type ApplyOutcomeOptions } from "../engine/records/apply-outcome.js";
/**
 * The behaviour aggregates of nudgekit/segments, folded with the engine's compiled policy
 * (`engine.behaviour`) and no validation code: `foldCompiledEvents(aggregates, events, engine.behaviour, { now })` (nudgekit/segments' `foldEvents` also takes a raw policy, and validates it).
 * A raw policy is refused with a TypeError (nudgekit/segments validates those).
 */
export { foldCompiledEvents, foldCompiledEventsWithReport } from "../segments/aggregates/fold-compiled-events.js";
export type { BehaviourEvent, FoldOptions, FoldRejection, FoldRejectionReason, FoldReport, IgnoredProperty } from "../segments/aggregates/fold-compiled-events.js";
export type { BehaviourAggregates } from "../segments/aggregates/behaviour-aggregates.js";
export type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
// Every input, output and record type of the engine.
export * from "../engine/engine-types.js";
export type { RenderedContent, InAppMessageContent, PushMessageContent, EmailMessageContent, SmsMessageContent, ContentAction, ContentButton, CarouselCard, TourStep, ContentAnchor, SurveyQuestion, SurveyThankYou } from "../engine/content/rendered-content.js";
