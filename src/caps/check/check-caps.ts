import type { CapCandidate, DeliveryHistory } from "../history/delivery.js";
import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy, type CapPolicy } from "../policy/compile-cap-policy.js";
import { checkCompiledCaps, type CapDecision } from "./check-compiled-caps.js";

export type { CapDecision, CapReason } from "./check-compiled-caps.js";

/**
 * May the candidate go out at `now`, for a user in `timeZone`? If not, which rule refuses and the
 * exact earliest instant at which it would pass every rule (`retryAt`), or null when never.
 * Deliveries dated after `now` count too (a send scheduled for later, or reserved by a decider whose
 * clock is ahead): a window or a cooldown that will hold them is not allowed to overflow.
 *
 * @throws CapPolicyError for an invalid policy; TypeError for an invalid `now` or time zone.
 */
export function checkCaps(policyInput: CapPolicyInput | CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string): CapDecision {
  return checkCompiledCaps(compileCapPolicy(policyInput), history, candidate, now, timeZone);
}
