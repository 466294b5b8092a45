import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy } from "../policy/compile-cap-policy.js";
import type { CapPolicy } from "../policy/cap-policy-model.js";
import type { DeliveryHistory } from "./delivery.js";

const DAY = 86_400_000;
/** The longest calendar period of each unit, plus a day for what a time zone and its transitions add. */
const CALENDAR_REACH = { day: 2 * DAY, week: 8 * DAY, month: 32 * DAY } as const;

/**
 * The instant from which no rule of the policy counts any delivery of the history, in any time zone
 * (so `compactHistory` at that instant or later keeps nothing); null when a rule counts one for ever:
 * a lifetime cap, or a session cap (a session lasts until the user's next send in another session;
 * a store cannot know when it ends). `-Infinity` for an empty history. What the Redis store's key
 * expiry is computed from.
 *
 * @example
 * const policy = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { rolling: "24h" } }] };
 * historyExpiry({ deliveries: [{ at: 0, channel: "push", campaign: "promo" }] }, policy); // 86400000
 * historyExpiry({ deliveries: [{ at: 0, channel: "in_app", campaign: "tip", session: "s-1" }] }, { caps: [{ id: "1-a-session", scope: { all: true }, limit: 1, window: { session: true } }] }); // null
 */
export function historyExpiry(history: DeliveryHistory, policyInput: CapPolicyInput | CapPolicy): number | null {
  const policy = compileCapPolicy(policyInput);
  let expiry = Number.NEGATIVE_INFINITY;
  for (const delivery of history.deliveries) {
    const { at } = delivery;
    if (at > expiry) expiry = at; // a send dated later is kept until then
    if (delivery.counts === false) continue;
    for (const cooldown of policy.cooldowns) if (cooldown.matches(delivery)) expiry = Math.max(expiry, at + cooldown.milliseconds);
    for (const cap of policy.caps) {
      if (!cap.matches(delivery)) continue;
      const { window } = cap;
      if (window.kind === "lifetime") return null;
      if (window.kind === "session") {
        if (delivery.session !== undefined) return null;
      } else expiry = Math.max(expiry, at + (window.kind === "rolling" ? window.milliseconds : CALENDAR_REACH[window.unit]));
    }
  }
  return expiry;
}
