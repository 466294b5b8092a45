import { compileAggregatePolicy, type AggregatePolicyInput } from "./aggregate-policy.js";
import type { AggregatePolicy } from "./aggregate-policy-model.js";
import type { BehaviourAggregates } from "./behaviour-aggregates.js";
import { foldCompiledEventsWithReport, type FoldOptions, type FoldReport } from "./fold-compiled-events.js";

export type { BehaviourEvent, FoldOptions, FoldRejection, FoldRejectionReason, FoldReport, IgnoredProperty } from "./fold-compiled-events.js";

/**
 * Folds events into a user's behaviour aggregates and returns new aggregates (the input is never
 * changed). The result does not depend on the order of the events, and an event whose id was
 * already folded is not counted again (see docs/segments.md for how long ids are remembered).
 *
 * @throws AggregatesError when the policy or the given aggregates are invalid (never for events:
 *   bad events are reported by `foldEventsWithReport`).
 */
export function foldEvents(
  aggregates: BehaviourAggregates | null | undefined,
  events: Iterable<unknown>,
  policy: AggregatePolicyInput | AggregatePolicy,
  options?: FoldOptions,
): BehaviourAggregates {
  return foldEventsWithReport(aggregates, events, policy, options).aggregates;
}

/** `foldEvents`, also saying which events were refused, duplicated or untracked, and why. */
export function foldEventsWithReport(
  aggregates: BehaviourAggregates | null | undefined,
  events: Iterable<unknown>,
  policyInput: AggregatePolicyInput | AggregatePolicy,
  options: FoldOptions = {},
): FoldReport {
  return foldCompiledEventsWithReport(aggregates, events, compileAggregatePolicy(policyInput), options);
}
