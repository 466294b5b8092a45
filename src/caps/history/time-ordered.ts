import type { Delivery } from "./delivery.js";

// Histories are meant to be immutable: each array is put in time order once (most already are:
// recordDelivery and compactHistory keep it), so that checks can find a window by binary search.
// What is kept holds for the array's length then, so an array appended to in place is ordered again.
const ordered = new WeakMap<readonly Delivery[], { length: number; result: readonly Delivery[] }>();

/** Marks an array built in time order. */
export function rememberTimeOrdered(deliveries: readonly Delivery[]): readonly Delivery[] {
  ordered.set(deliveries, { length: deliveries.length, result: deliveries });
  return deliveries;
}

/** The deliveries in time order (the same array when it already is). */
export function timeOrdered(deliveries: readonly Delivery[]): readonly Delivery[] {
  const known = ordered.get(deliveries);
  if (known !== undefined && known.length === deliveries.length) return known.result;
  let sorted = true;
  for (let i = 1; i < deliveries.length && sorted; i++) sorted = !((deliveries[i - 1] as Delivery).at > (deliveries[i] as Delivery).at);
  const result = sorted ? deliveries : [...deliveries].sort((a, b) => a.at - b.at);
  ordered.set(deliveries, { length: deliveries.length, result });
  return result;
}

/** The index of the first delivery at or after `at` (deliveries in time order). */
export function firstAtOrAfter(deliveries: readonly Delivery[], at: number): number {
  let low = 0;
  let high = deliveries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((deliveries[middle] as Delivery).at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
