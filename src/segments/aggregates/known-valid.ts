import type { BehaviourAggregates } from "./behaviour-aggregates.js";

// Results of foldEvents and parseAggregates are ours and deep-frozen, so they need no second validation.
const knownValid = new WeakSet<object>();

/** Marks frozen aggregates as already validated; returns them. */
export function rememberValid(aggregates: BehaviourAggregates): BehaviourAggregates {
  knownValid.add(aggregates);
  return aggregates;
}

export function isKnownValid(aggregates: BehaviourAggregates): boolean {
  return knownValid.has(aggregates);
}
