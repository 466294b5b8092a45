import { checkCaps, type CapDecision } from "../check/check-caps.js";
import { compactHistory } from "../history/compact-history.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../history/delivery.js";
import { recordDelivery } from "../history/record-delivery.js";
import { storedHistoryProblem } from "../history/stored-history.js";
import type { CapPolicy } from "../policy/cap-policy-model.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { CapStoreUnavailableError, quotedUserId } from "./cap-store-unavailable-error.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";

/** Default of stores' `maxClockSkewMs`: how far behind the latest writer a decider's clock may be. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 300_000;

/** A store's `maxClockSkewMs` option, checked. */
export function clockSkewOption(value: number | undefined): number {
  const skew = value ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (!(Number.isFinite(skew) && skew >= 0 && skew <= MAX_EPOCH_MS)) throw new RangeError("maxClockSkewMs must be a finite number from 0 to 8.64e15");
  return skew;
}

export type ReserveStep =
  | { readonly granted: false; readonly decision: Exclude<CapDecision, { allowed: true }> }
  | { readonly granted: true; readonly delivery: Delivery & { readonly id: string }; readonly next: DeliveryHistory };

/**
 * What every store does inside its atomic step, on checked arguments (see reserve-arguments.ts):
 * check the candidate against the history and, when allowed, the delivery to record (named `id`,
 * frozen: it is both stored and handed to the caller) and the new history, compacted as of
 * `now − skew` so that a decider whose clock is a little behind still sees everything its rules count.
 *
 * A `retryAt` beyond the Date range is null (never). A history that cannot be checked, or that would
 * grow beyond the stored-history limits, is a CapStoreUnavailableError: the store fails closed.
 */
export function reserveStep(policy: CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string, id: string, skew: number, userId: string, timeZones: TimeZoneProvider): ReserveStep {
  let decision: CapDecision;
  let next: DeliveryHistory | undefined;
  let delivery: (Delivery & { readonly id: string }) | undefined;
  try {
    decision = checkCaps(policy, history, candidate, now, timeZone, { timeZones });
    if (decision.allowed) {
      delivery = Object.freeze({
        id,
        at: now,
        channel: candidate.channel,
        campaign: candidate.campaign,
        ...(candidate.tags === undefined ? {} : { tags: candidate.tags }),
        ...(candidate.placement === undefined ? {} : { placement: candidate.placement }),
        ...(candidate.session === undefined ? {} : { session: candidate.session }),
        ...(candidate.counts === false ? { counts: false } : {}),
      });
      const compacted = compactHistory(recordDelivery(history, delivery), policy, now - skew, timeZone, candidate.session, { timeZones });
      next = Object.freeze({ deliveries: Object.freeze(compacted.deliveries) });
    }
  } catch (error) {
    // The arguments were checked, so what threw is the stored history (e.g. a date library refusing
    // an instant): refuse to send rather than let anything but the store's error out.
    throw new CapStoreUnavailableError(`the cap history of ${quotedUserId(userId)} cannot be checked; refusing to send: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!decision.allowed) {
    const { retryAt } = decision;
    return { granted: false, decision: retryAt !== null && !(Math.abs(retryAt) <= MAX_EPOCH_MS) ? { ...decision, retryAt: null } : decision };
  }
  const problem = storedHistoryProblem(next!);
  if (problem !== undefined) throw new CapStoreUnavailableError(`the cap history of ${quotedUserId(userId)} cannot grow: ${problem}; refusing to send`);
  return { granted: true, delivery: delivery!, next: next! };
}
