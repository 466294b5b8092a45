import type { CapCandidate, DeliveryHistory } from "../history/delivery.js";
import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy } from "../policy/compile-cap-policy.js";
import type { CapPolicy } from "../policy/cap-policy-model.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import { checkCompiledCaps, type CapDecision } from "./check-compiled-caps.js";

export type { CapDecision, CapReason } from "./check-compiled-caps.js";

/** Options of `checkCaps`. */
export interface CheckCapsOptions {
  /** Where zone offsets come from (default: `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
}

/**
 * May the candidate go out at `now`, for a user in `timeZone`? If not, which rule refuses and the
 * exact earliest instant at which it would pass every rule (`retryAt`), or null when never.
 * Deliveries dated after `now` count too (a send scheduled for later, or reserved by a decider whose
 * clock is ahead): a window or a cooldown that will hold them is not allowed to overflow.
 *
 * `options.timeZones` says where calendar periods and quiet hours get zone offsets, and which zones
 * exist: `intlTimeZones` (the default) or `pinnedTimeZones` from nudgekit/time-zones.
 *
 * @throws CapPolicyError for an invalid policy; TypeError for an invalid `now` or time zone.
 *
 * @example
 * const policy = { caps: [{ id: "one-a-day", scope: { all: true }, limit: 1, window: { calendar: "day" } }] };
 * const history = { deliveries: [{ at: Date.parse("2026-11-23T08:00:00Z"), channel: "push", campaign: "a" }] };
 * checkCaps(policy, history, { channel: "push", campaign: "b" }, Date.parse("2026-11-23T12:00:00Z"), "Europe/Paris");
 * // → { allowed: false, rule: "one-a-day", reason: "cap", retryAt: 1795474800000, action: "defer" }
 * //   (retryAt is 2026-11-23T23:00Z: the next midnight in Paris)
 */
export function checkCaps(policyInput: CapPolicyInput | CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string, options: CheckCapsOptions = {}): CapDecision {
  return checkCompiledCaps(compileCapPolicy(policyInput), history, candidate, now, timeZone, zoneClock(timeZoneProviderOption(options.timeZones)));
}
