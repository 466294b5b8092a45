import type { CapDecision } from "../check/check-caps.js";
import type { CapCandidate, Delivery } from "../history/delivery.js";

/** A granted send: what `release` takes back if the send then fails. */
export interface CapReservation {
  readonly userId: string;
  readonly delivery: Delivery & { readonly id: string };
}

export type ReserveResult =
  | { readonly granted: true; readonly reservation: CapReservation }
  | { readonly granted: false; readonly decision: Exclude<CapDecision, { allowed: true }> };

/**
 * Where deliveries are kept per user, with check-and-record as one atomic step, so that concurrent
 * deciders cannot together exceed a cap.
 */
export interface CapStore {
  /** Checks the candidate against the policy and, when allowed, records it at `now` — atomically. */
  reserve(userId: string, candidate: CapCandidate, now: number, timeZone: string): Promise<ReserveResult>;
  /** Takes back a reservation whose send failed; releasing twice, or an unknown one, does nothing. */
  release(reservation: CapReservation): Promise<void>;
}
