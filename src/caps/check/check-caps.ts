import { isValidTimeZone } from "../../rules/time/time-zone.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../history/delivery.js";
import { firstAtOrAfter, timeOrdered } from "../history/time-ordered.js";
import { compileCapPolicy, type CapPolicy, type CompiledCap, type CompiledCooldown } from "../policy/compile-cap-policy.js";
import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { isQuiet, quietEnd } from "../quiet-hours/quiet-hours.js";
import { calendarPeriod } from "../windows/calendar-period.js";

export type CapReason = "cap" | "cooldown" | "quiet-hours";

export type CapDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** The id of the first rule that refuses (quiet hours, then cooldowns, then caps, in policy order). */
      readonly rule: string;
      readonly reason: CapReason;
      /** The earliest instant at which the candidate passes every rule, or null when it never will (lifetime or session cap). */
      readonly retryAt: number | null;
      /** For quiet hours: whether the policy defers the message to retryAt or drops it. */
      readonly action: "defer" | "drop";
    };

const ALLOWED: CapDecision = Object.freeze({ allowed: true });
/** More rounds than any policy needs: each round moves past at least one rule's boundary. */
const MAX_ROUNDS = 10_000;

interface Refusal {
  readonly rule: string;
  readonly reason: CapReason;
  readonly action: "defer" | "drop";
  /** The earliest instant ≥ the checked one at which this rule passes, or null. */
  readonly passesAt: number | null;
}

/** The history in time order: deliveries after the checked instant count too (see checkCaps). */
interface Visible {
  readonly deliveries: readonly Delivery[];
  readonly end: number;
}

function capRefusal(cap: CompiledCap, visible: Visible, candidate: CapCandidate, at: number, zone: string): Refusal | undefined {
  const { window, matches } = cap;
  if (window.kind === "session" && candidate.session === undefined) return undefined; // outside a session, nothing to count
  const { deliveries, end } = visible;
  // The window's first instant (inclusive) and, for calendar windows, when the period ends.
  let start = 0;
  let stop = end;
  let next: number | null = null;
  if (window.kind === "rolling") start = firstAtOrAfter(deliveries, at - window.milliseconds + 1);
  else if (window.kind === "calendar") {
    const period = calendarPeriod(at, window.unit, window.weekStartsOn, zone);
    start = firstAtOrAfter(deliveries, period.start);
    stop = firstAtOrAfter(deliveries, period.next);
    next = period.next;
  }
  const session = window.kind === "session" ? candidate.session : undefined;
  const counts = (delivery: Delivery): boolean => delivery.counts !== false && (session === undefined || delivery.session === session) && matches(delivery);
  // Count first, without allocating: most checks pass.
  let count = 0;
  for (let i = start; i < stop; i++) if (counts(deliveries[i] as Delivery)) count++;
  if (count < cap.limit) return undefined;
  let passesAt: number | null = null;
  if (window.kind === "rolling") {
    // Enough of the oldest must leave: the (count − limit + 1)-th oldest leaves at its time + window.
    let seen = 0;
    for (let i = start; i < stop; i++) {
      const delivery = deliveries[i] as Delivery;
      if (counts(delivery) && ++seen === count - cap.limit + 1) {
        passesAt = delivery.at + window.milliseconds;
        break;
      }
    }
  } else if (window.kind === "calendar") passesAt = next;
  return { rule: cap.id, reason: "cap", action: "defer", passesAt };
}

function cooldownRefusal(cooldown: CompiledCooldown, visible: Visible, at: number): Refusal | undefined {
  const { deliveries } = visible;
  // A message closer than the interval on either side (one already reserved for later counts too):
  // the latest of them decides when the interval is kept.
  let latest = Number.NEGATIVE_INFINITY;
  const stop = firstAtOrAfter(deliveries, at + cooldown.milliseconds);
  for (let i = stop - 1; i >= 0; i--) {
    const delivery = deliveries[i] as Delivery;
    if (delivery.at <= at - cooldown.milliseconds) break;
    if (delivery.counts !== false && cooldown.matches(delivery)) {
      latest = delivery.at;
      break;
    }
  }
  return latest === Number.NEGATIVE_INFINITY ? undefined : { rule: cooldown.id, reason: "cooldown", action: "defer", passesAt: latest + cooldown.milliseconds };
}

/** Every rule that refuses the candidate at `at`, quiet hours first, then cooldowns, then caps. */
function refusals(policy: CapPolicy, deliveries: readonly Delivery[], candidate: CapCandidate, at: number, zone: string): Refusal[] {
  const found: Refusal[] = [];
  const visible: Visible = { deliveries, end: deliveries.length };
  if (candidate.ignoreQuietHours !== true) {
    for (const quiet of policy.quietHours) {
      if (quiet.channels.has(candidate.channel) && isQuiet(quiet, at, zone)) {
        found.push({ rule: quiet.id, reason: "quiet-hours", action: quiet.action, passesAt: quietEnd(quiet, at, zone) });
      }
    }
  }
  if (candidate.ignoreCaps !== true) {
    for (const cooldown of policy.cooldowns) {
      if (!cooldown.matches(candidate)) continue;
      const refusal = cooldownRefusal(cooldown, visible, at);
      if (refusal !== undefined) found.push(refusal);
    }
    for (const cap of policy.caps) {
      if (!cap.matches(candidate)) continue;
      const refusal = capRefusal(cap, visible, candidate, at, zone);
      if (refusal !== undefined) found.push(refusal);
    }
  }
  return found;
}

/**
 * May the candidate go out at `now`, for a user in `timeZone`? If not, which rule refuses and the
 * exact earliest instant at which it would pass every rule (`retryAt`), or null when never.
 * Deliveries dated after `now` count too (a send scheduled for later, or reserved by a decider whose
 * clock is ahead): a window or a cooldown that will hold them is not allowed to overflow.
 *
 * @throws CapPolicyError for an invalid policy; TypeError for an invalid `now` or time zone.
 */
export function checkCaps(policyInput: CapPolicyInput | CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string): CapDecision {
  const policy = compileCapPolicy(policyInput);
  if (!Number.isFinite(now)) throw new TypeError(`now must be epoch milliseconds, got ${String(now)}`);
  if (!isValidTimeZone(timeZone)) throw new TypeError(`${JSON.stringify(timeZone)} is not a known IANA time zone or offset`);
  const deliveries = timeOrdered(Array.isArray(history?.deliveries) ? history.deliveries : []);
  const first = refusals(policy, deliveries, candidate, now, timeZone);
  const blocking = first[0];
  if (blocking === undefined) return ALLOWED;
  // Move to the latest instant at which every refusing rule passes, and check again there (another
  // rule — quiet hours, a calendar period — may refuse at that instant), until none refuses.
  let at = now;
  let pending = first;
  let retryAt: number | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let next = at;
    for (const refusal of pending) {
      if (refusal.passesAt === null) {
        next = Number.NaN;
        break;
      }
      if (refusal.passesAt > next) next = refusal.passesAt;
    }
    if (Number.isNaN(next)) break;
    at = next;
    pending = refusals(policy, deliveries, candidate, at, timeZone);
    if (pending.length === 0) {
      retryAt = at;
      break;
    }
  }
  return { allowed: false, rule: blocking.rule, reason: blocking.reason, retryAt, action: blocking.action };
}
