/**
 * nudgekit/metrics — what messages achieved. Fold message outcomes (sent, delivered, opens, clicks…),
 * experiment and holdout exposures and the users' own events into a mergeable state; conversions are
 * credited to messages by an attribution model (last-touch, first-touch, all-touch, linear,
 * influenced); read KPIs with Wilson intervals, experiment reports (Newcombe, delta-method lift,
 * chance to beat control, Welch, sample-ratio check) that feed `pickWinner` and the bandit, and the
 * lift over the global holdout. Pure: no I/O, no clock. See docs/metrics.md.
 *
 * @module nudgekit/metrics
 */
export {
  ATTRIBUTION_MODELS,
  CONVERSION_ANCHORS,
  MESSAGE_OUTCOMES,
  type AttributionModel,
  type ConversionAnchor,
  type ExposureEvent,
  type MessageOutcome,
  type MessageOutcomeEvent,
  type MetricsEvent,
  type OutcomeTime,
  type TrackedEvent,
} from "./events/outcome-vocabulary.js";
export { metricsEventSchema, messageOutcomeEventSchema, exposureEventSchema, trackedEventSchema } from "./events/metrics-event-schema.js";
export { deliveryIdOf, outcomesOfResult, type DecidedMessages, type JourneyPlace } from "./events/engine-outcomes.js";
export {
  attributionSchema,
  conversionDefinitionSchema,
  conversionsSchema,
  metricsConfigSchema,
  type AttributionInput,
  type ConversionDefinition,
  type ConversionDefinitionInput,
  type MetricsConfigInput,
} from "./config/conversion-schema.js";
export { compileMetricsConfig, type MetricsConfigOptions } from "./config/compile-metrics-config.js";
export { MetricsConfigError } from "./config/metrics-config-error.js";
export type { MetricsConfig } from "./config/outcome-config-model.js";
export { createOutcomeState, type OutcomeCounts, type OutcomeProblem, type OutcomeState } from "./state/outcome-state.js";
export { foldOutcomes } from "./state/fold-outcomes.js";
export { settleOutcomes } from "./state/settle-outcomes.js";
export { cloneOutcomes, mergeOutcomes } from "./state/merge-outcomes.js";
export { KPI_DIMENSIONS, kpis, type ConversionKpi, type KpiDimension, type KpiOptions, type KpiRow } from "./reports/kpis.js";
export type { Rate } from "./reports/rate.js";
export { experimentReport, type ArmComparison, type ArmReport, type ExperimentReport, type ExperimentReportOptions } from "./reports/experiment-report.js";
export { holdoutLift, type Estimate, type HoldoutLift, type HoldoutLiftOptions, type LiftGroup } from "./reports/holdout-lift.js";
