import type { CapPolicy } from "../policy/cap-policy-model.js";
import type { Delivery } from "./delivery.js";

/**
 * For each cap and cooldown of a policy, the times of the deliveries it counts (counted, in its
 * scope), ascending: repeated checks of one history (several candidates for one user) are then a
 * few binary searches per rule however long it is. Session caps depend on the candidate's session
 * and are not indexed (empty).
 */
export interface RuleTimes {
  readonly caps: readonly Float64Array[];
  readonly cooldowns: readonly Float64Array[];
}

// Per history array and policy: "seen" after a first check, the times from the second. A history
// checked once (a store's reserve) is cheaper to scan than to index. Histories are meant to be
// immutable, but a caller that appends to its array in place must not get answers from before the
// append: what is kept is valid only for the length it was built at.
const SEEN = Symbol("seen once");
const built = new WeakMap<readonly Delivery[], { length: number; byPolicy: WeakMap<CapPolicy, RuleTimes | typeof SEEN> }>();

function timesOf(deliveries: readonly Delivery[], matches: (delivery: Delivery) => boolean): Float64Array {
  let count = 0;
  for (let i = 0; i < deliveries.length; i++) {
    const delivery = deliveries[i] as Delivery;
    if (delivery.counts !== false && matches(delivery)) count++;
  }
  const times = new Float64Array(count);
  let next = 0;
  for (let i = 0; i < deliveries.length && next < count; i++) {
    const delivery = deliveries[i] as Delivery;
    if (delivery.counts !== false && matches(delivery)) times[next++] = delivery.at;
  }
  return times;
}

/** The rule times of time-ordered deliveries under a compiled policy; undefined on a first check. */
export function ruleTimes(deliveries: readonly Delivery[], policy: CapPolicy): RuleTimes | undefined {
  let entry = built.get(deliveries);
  if (entry !== undefined && entry.length !== deliveries.length) entry = undefined;
  const byPolicy = entry?.byPolicy ?? new WeakMap<CapPolicy, RuleTimes | typeof SEEN>();
  if (entry === undefined) built.set(deliveries, { length: deliveries.length, byPolicy });
  const known = byPolicy.get(policy);
  if (known !== undefined && known !== SEEN) return known;
  if (known === undefined) {
    byPolicy.set(policy, SEEN);
    return undefined;
  }
  const times: RuleTimes = {
    caps: policy.caps.map((cap) => (cap.window.kind === "session" ? new Float64Array(0) : timesOf(deliveries, cap.matches))),
    cooldowns: policy.cooldowns.map((cooldown) => timesOf(deliveries, cooldown.matches)),
  };
  byPolicy.set(policy, times);
  return times;
}

/** The index of the first time at or after `at` in ascending times. */
export function firstTimeAtOrAfter(times: ArrayLike<number>, at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) < at) low = middle + 1;
    else high = middle;
  }
  return low;
}
