import { isValidTimeZone } from "../../rules/time/time-zone.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../history/delivery.js";
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

function counted(delivery: Delivery, at: number): boolean {
  return delivery.counts !== false && delivery.at <= at;
}

function capRefusal(cap: CompiledCap, deliveries: readonly Delivery[], candidate: CapCandidate, at: number, zone: string): Refusal | undefined {
  const { window, matches } = cap;
  if (window.kind === "session" && candidate.session === undefined) return undefined; // outside a session, nothing to count
  // The window's first instant (inclusive) and, for calendar windows, when the period ends.
  let from = Number.NEGATIVE_INFINITY;
  let next: number | null = null;
  if (window.kind === "rolling") from = at - window.milliseconds + 1;
  else if (window.kind === "calendar") {
    const period = calendarPeriod(at, window.unit, window.weekStartsOn, zone);
    from = period.start;
    next = period.next;
  }
  const inWindow = (delivery: Delivery): boolean =>
    counted(delivery, at) && delivery.at >= from && (window.kind !== "session" || delivery.session === candidate.session) && matches(delivery);
  // Count first, without allocating: most checks pass.
  let count = 0;
  for (let i = 0; i < deliveries.length; i++) if (inWindow(deliveries[i] as Delivery)) count++;
  if (count < cap.limit) return undefined;
  let passesAt: number | null = null;
  if (window.kind === "rolling") {
    // Enough of the oldest must leave: the (count − limit + 1)-th oldest leaves at its time + window.
    const times = deliveries.filter(inWindow).map((delivery) => delivery.at).sort((a, b) => a - b);
    passesAt = (times[count - cap.limit] as number) + window.milliseconds;
  } else if (window.kind === "calendar") passesAt = next;
  return { rule: cap.id, reason: "cap", action: "defer", passesAt };
}

function cooldownRefusal(cooldown: CompiledCooldown, deliveries: readonly Delivery[], at: number): Refusal | undefined {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < deliveries.length; i++) {
    const delivery = deliveries[i] as Delivery;
    if (delivery.at > last && counted(delivery, at) && cooldown.matches(delivery)) last = delivery.at;
  }
  const passesAt = last + cooldown.milliseconds;
  return at < passesAt ? { rule: cooldown.id, reason: "cooldown", action: "defer", passesAt } : undefined;
}

/** Every rule that refuses the candidate at `at`, quiet hours first, then cooldowns, then caps. */
function refusals(policy: CapPolicy, deliveries: readonly Delivery[], candidate: CapCandidate, at: number, zone: string): Refusal[] {
  const found: Refusal[] = [];
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
      const refusal = cooldownRefusal(cooldown, deliveries, at);
      if (refusal !== undefined) found.push(refusal);
    }
    for (const cap of policy.caps) {
      if (!cap.matches(candidate)) continue;
      const refusal = capRefusal(cap, deliveries, candidate, at, zone);
      if (refusal !== undefined) found.push(refusal);
    }
  }
  return found;
}

/**
 * May the candidate go out at `now`, for a user in `timeZone`? If not, which rule refuses and the
 * exact earliest instant at which it would pass every rule (`retryAt`), or null when never.
 *
 * @throws CapPolicyError for an invalid policy; TypeError for an invalid `now` or time zone.
 */
export function checkCaps(policyInput: CapPolicyInput | CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string): CapDecision {
  const policy = compileCapPolicy(policyInput);
  if (!Number.isFinite(now)) throw new TypeError(`now must be epoch milliseconds, got ${String(now)}`);
  if (!isValidTimeZone(timeZone)) throw new TypeError(`${JSON.stringify(timeZone)} is not a known IANA time zone or offset`);
  const deliveries = Array.isArray(history?.deliveries) ? history.deliveries : [];
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
