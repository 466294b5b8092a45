import type { BehaviourAggregates } from "./behaviour-aggregates.js";

/**
 * Freezes the objects of valid aggregates (the aggregates, `events`, each event, `p`, each property,
 * `seen`) but not their arrays, which hold only numbers and strings: freezing a long number array
 * makes V8 box every element, which cost more than the whole fold. The arrays are readonly by type.
 */
export function freezeAggregates(aggregates: BehaviourAggregates): BehaviourAggregates {
  for (const name of Object.keys(aggregates.events)) {
    const event = aggregates.events[name];
    if (event === undefined || Object.isFrozen(event)) continue; // reused from frozen aggregates
    if (event.p !== undefined) {
      for (const property of Object.keys(event.p)) Object.freeze(event.p[property]);
      Object.freeze(event.p);
    }
    Object.freeze(event);
  }
  Object.freeze(aggregates.events);
  if (aggregates.seen !== undefined) Object.freeze(aggregates.seen);
  return Object.freeze(aggregates);
}
