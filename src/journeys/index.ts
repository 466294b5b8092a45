/**
 * nudgekit/journeys — multi-step series as pure state machines: a journey definition checked and
 * compiled once (`compileJourney`), and `journeyStep` moving one user through it.
 */
export { compileJourney, type JourneyOptions } from "./definition/compile-journey.js";
export { JourneyConfigError } from "./definition/journey-config-error.js";
export type { CompiledJourney, CompiledNode, EventCondition, JourneyEntry, ScheduledEntry } from "./definition/journey-model.js";
export { journeySchema, type JourneyDefinition, type JourneyInput } from "./definition/journey-schema.js";
export { journeyStep, type JourneyAction, type JourneyExitReason, type JourneyStepInput, type JourneyStepOptions, type JourneyStepResult } from "./run/journey-step.js";
export { JOURNEY_STATE_VERSION, JourneyStateError, type JourneyRun, type JourneyState } from "./state/journey-state.js";
