import type { BehaviourAggregates } from "./behaviour-aggregates.js";

/**
 * Freezes valid aggregates all the way down, following their known shape (no walk over the
 * elements of the number arrays). Frozen results are what lets a later fold skip validating them.
 */
export function freezeAggregates(aggregates: BehaviourAggregates): BehaviourAggregates {
  for (const name of Object.keys(aggregates.events)) {
    const event = aggregates.events[name];
    if (event === undefined || Object.isFrozen(event)) continue; // reused from frozen aggregates
    Object.freeze(event.ago);
    Object.freeze(event.c);
    if (event.p !== undefined) {
      for (const property of Object.keys(event.p)) {
        const days = event.p[property];
        if (days === undefined) continue;
        if (days.k !== undefined) Object.freeze(days.k);
        Object.freeze(days.sum);
        Object.freeze(days.min);
        Object.freeze(days.max);
        Object.freeze(days);
      }
      Object.freeze(event.p);
    }
    Object.freeze(event);
  }
  Object.freeze(aggregates.events);
  if (aggregates.seen !== undefined) {
    Object.freeze(aggregates.seen.t);
    Object.freeze(aggregates.seen.id);
    Object.freeze(aggregates.seen);
  }
  return Object.freeze(aggregates);
}
