import { checkCaps, type CapDecision } from "../check/check-caps.js";
import { compactHistory } from "../history/compact-history.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../history/delivery.js";
import { recordDelivery } from "../history/record-delivery.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import type { CapPolicy } from "../policy/compile-cap-policy.js";

/** Default of stores' `maxClockSkewMs`: how far behind the latest writer a decider's clock may be. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;

/** A store's `maxClockSkewMs` option, checked. */
export function clockSkewOption(value: number | undefined): number {
  const skew = value ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (!(Number.isFinite(skew) && skew >= 0)) throw new RangeError("maxClockSkewMs must be a finite number >= 0");
  return skew;
}

export type ReserveStep =
  | { readonly granted: false; readonly decision: Exclude<CapDecision, { allowed: true }> }
  | { readonly granted: true; readonly delivery: Delivery & { readonly id: string }; readonly next: DeliveryHistory };

/**
 * What every store does inside its atomic step: check the candidate against the history and, when
 * allowed, the delivery to record (named `id`) and the new history, compacted as of `now − skew` so
 * that a decider whose clock is a little behind still sees everything its rules count.
 */
export function reserveStep(policy: CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string, id: string, skew: number, timeZones: TimeZoneProvider): ReserveStep {
  const decision = checkCaps(policy, history, candidate, now, timeZone, { timeZones });
  if (!decision.allowed) return { granted: false, decision };
  const delivery = {
    id,
    at: now,
    channel: candidate.channel,
    campaign: candidate.campaign,
    ...(candidate.tags === undefined ? {} : { tags: candidate.tags }),
    ...(candidate.placement === undefined ? {} : { placement: candidate.placement }),
    ...(candidate.session === undefined ? {} : { session: candidate.session }),
    ...(candidate.counts === false ? { counts: false } : {}),
  };
  return { granted: true, delivery, next: compactHistory(recordDelivery(history, delivery), policy, now - skew, timeZone, candidate.session, { timeZones }) };
}
