/**
 * nudgekit/segments — behavioural aggregates folded from events, segment definitions, membership,
 * explanations, entry / exit, time-based change and batch evaluation.
 *
 * @module nudgekit/segments
 */
export { foldEvents, foldEventsWithReport, type BehaviourEvent, type FoldOptions, type FoldRejection, type FoldRejectionReason, type FoldReport, type IgnoredProperty } from "./aggregates/fold-events.js";
export { compileAggregatePolicy, type AggregatePolicyInput } from "./aggregates/aggregate-policy.js";
export { type AggregatePolicy, type TrackedEvent } from "./aggregates/aggregate-policy-model.js";
export { AGGREGATES_VERSION, emptyAggregates, type BehaviourAggregates, type EventAggregate, type PropertyDays, type SeenIds } from "./aggregates/behaviour-aggregates.js";
export { parseAggregates, aggregatesProblems } from "./aggregates/parse-aggregates.js";
export { AggregatesError } from "./aggregates/aggregates-error.js";
export { DAY_MS, utcDay } from "./aggregates/utc-day.js";
export { behaviouralOperators, type BehaviouralOperatorOptions } from "./operators/behavioural-operators.js";
export { BEHAVIOURAL_OPERATOR_NAMES } from "./operators/behavioural-operator-table.js";
export type { RfmModel } from "./operators/rfm-model-schema.js";
export { SegmentConfigError } from "./definitions/segment-config-error.js";
export type { SegmentDefinition } from "./definitions/segment-schema.js";
export type { SegmentSetOptions } from "./definitions/compile-segments.js";
export { SegmentSet } from "./membership/segment-set.js";
export { compileSegments } from "./membership/compile-segment-set.js";
export type { Instant } from "../time/instant.js";
export type { MembershipExplanation, MembershipReason } from "./membership/explain-membership.js";
export type { FailedClause } from "./membership/failed-clauses.js";
export type { NextChangeOptions } from "./membership/next-change-at.js";
export type { SegmentEvaluationOptions } from "./membership/evaluate-membership.js";
export { diffMembership, type MembershipChange } from "./membership/diff-membership.js";
export { evaluateSegments, countSegments, SegmentEvaluation, type MembershipRow, type SegmentCounts } from "./batch/evaluate-segments.js";
