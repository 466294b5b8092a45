import { historyExpiry } from "../caps/history/history-expiry.js";
import type { DeliveryHistory } from "../caps/history/delivery.js";
import type { CapPolicyInput } from "../caps/policy/cap-policy-schema.js";
import { compileCapPolicy } from "../caps/policy/compile-cap-policy.js";
import type { CapPolicy } from "../caps/policy/cap-policy-model.js";
import { clockSkewOption } from "../caps/stores/reserve-step.js";

/** Added to every time to live: the time between a decider reading its clock and Redis setting the expiry, and small clock steps. */
export const TTL_MARGIN_MS = 60_000;

/**
 * How long the Redis key of a history written at `now` must live, in ms; 0 for no expiry. Until
 * `historyExpiry` (the instant from which no rule counts any of its deliveries, in any time zone),
 * plus `maxClockSkewMs` (the writer's clock may be ahead of a later reader's) and a minute. No
 * expiry when a lifetime cap or a session cap counts one of its deliveries: `MemoryCapStore` counts
 * those until the user's next send in another session (or for ever), and so must Redis.
 *
 * @example
 * const policy = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { rolling: "24h" } }] };
 * const now = Date.parse("2026-11-23T12:00:00Z");
 * historyTtl(policy, { deliveries: [{ at: now, channel: "push", campaign: "promo" }] }, now); // 86_760_000 (24 h + 5 min + 1 min)
 */
export function historyTtl(policy: CapPolicyInput | CapPolicy, history: DeliveryHistory, now: number, maxClockSkewMs?: number): number {
  const expiry = historyExpiry(history, compileCapPolicy(policy));
  if (expiry === null) return 0;
  return Math.ceil(Math.max(expiry - now, 0) + clockSkewOption(maxClockSkewMs) + TTL_MARGIN_MS);
}
