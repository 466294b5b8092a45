import { isInstant } from "../../time/instant.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import type { CapCandidate, Delivery, DeliveryHistory } from "../history/delivery.js";
import { firstTimeAtOrAfter, ruleTimes, type RuleTimes } from "../history/rule-times.js";
import { firstAtOrAfter, timeOrdered } from "../history/time-ordered.js";
import type { CapPolicy, CompiledCap, CompiledCooldown } from "../policy/cap-policy-model.js";
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

/** What a check at any instant reads: the time-ordered history and, once indexed, its per-rule times. */
interface Ledger {
  readonly deliveries: readonly Delivery[];
  readonly times: RuleTimes | undefined;
}

/** A window's rule: where its counted deliveries start and stop, and when the period ends (calendar). */
function windowBounds(cap: CompiledCap, at: number, zone: string, zones: ZoneClock): { from: number; until: number; next: number | null } {
  const { window } = cap;
  if (window.kind === "rolling") return { from: at - window.milliseconds + 1, until: Number.POSITIVE_INFINITY, next: null };
  if (window.kind === "calendar") {
    const period = calendarPeriod(at, window.unit, window.weekStartsOn, zone, zones.provider);
    return { from: period.start, until: period.next, next: period.next };
  }
  return { from: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY, next: null };
}

// Deliveries dated after `at` count too (see checkCaps): a window runs until its period ends.
function capRefusal(cap: CompiledCap, index: number, ledger: Ledger, at: number, zone: string, zones: ZoneClock): Refusal | undefined {
  const { from, until, next } = windowBounds(cap, at, zone, zones);
  // No window (a provider without an offset for this instant): nothing can be counted, so refuse.
  if (Number.isNaN(from) || Number.isNaN(until)) return { rule: cap.id, reason: "cap", action: "defer", passesAt: null };
  const rolling = cap.window.kind === "rolling" ? cap.window.milliseconds : undefined;
  const times = ledger.times?.caps[index];
  let count: number;
  let oldestToLeave = Number.NaN;
  if (times !== undefined) {
    const start = firstTimeAtOrAfter(times, from);
    count = (until === Number.POSITIVE_INFINITY ? times.length : firstTimeAtOrAfter(times, until)) - start;
    if (count >= cap.limit) oldestToLeave = times[start + count - cap.limit] as number;
  } else {
    const { deliveries } = ledger;
    const start = firstAtOrAfter(deliveries, from);
    const stop = until === Number.POSITIVE_INFINITY ? deliveries.length : firstAtOrAfter(deliveries, until);
    const counts = (delivery: Delivery): boolean => delivery.counts !== false && cap.matches(delivery);
    count = 0;
    for (let i = start; i < stop; i++) if (counts(deliveries[i] as Delivery)) count++;
    if (count >= cap.limit && rolling !== undefined) {
      let seen = 0;
      for (let i = start; i < stop; i++) {
        const delivery = deliveries[i] as Delivery;
        if (counts(delivery) && ++seen === count - cap.limit + 1) {
          oldestToLeave = delivery.at;
          break;
        }
      }
    }
  }
  if (count < cap.limit) return undefined;
  // Rolling: enough of the oldest must leave; the (count − limit + 1)-th oldest leaves at its time + window.
  return { rule: cap.id, reason: "cap", action: "defer", passesAt: rolling !== undefined ? oldestToLeave + rolling : next };
}

/** A session cap counts the candidate's session only, so it reads the deliveries themselves. */
function sessionCapRefusal(cap: CompiledCap, deliveries: readonly Delivery[], candidate: CapCandidate): Refusal | undefined {
  const session = candidate.session;
  if (session === undefined) return undefined; // outside a session, nothing to count
  let count = 0;
  for (let i = 0; i < deliveries.length; i++) {
    const delivery = deliveries[i] as Delivery;
    if (delivery.counts !== false && delivery.session === session && cap.matches(delivery)) count++;
  }
  return count < cap.limit ? undefined : { rule: cap.id, reason: "cap", action: "defer", passesAt: null };
}

function cooldownRefusal(cooldown: CompiledCooldown, index: number, ledger: Ledger, at: number): Refusal | undefined {
  // A message closer than the interval on either side (one reserved for later counts too): the
  // latest of them decides when the interval is kept.
  const interval = cooldown.milliseconds;
  let latest = Number.NEGATIVE_INFINITY;
  const times = ledger.times?.cooldowns[index];
  if (times !== undefined) {
    const last = firstTimeAtOrAfter(times, at + interval) - 1;
    if (last >= 0) latest = times[last] as number;
  } else {
    const { deliveries } = ledger;
    for (let i = firstAtOrAfter(deliveries, at + interval) - 1; i >= 0; i--) {
      const delivery = deliveries[i] as Delivery;
      if (delivery.at <= at - interval) break;
      if (delivery.counts !== false && cooldown.matches(delivery)) {
        latest = delivery.at;
        break;
      }
    }
  }
  return latest > at - interval ? { rule: cooldown.id, reason: "cooldown", action: "defer", passesAt: latest + interval } : undefined;
}

/** Every rule that refuses the candidate at `at`, quiet hours first, then cooldowns, then caps. */
function refusals(policy: CapPolicy, ledger: Ledger, candidate: CapCandidate, at: number, zone: string, zones: ZoneClock): Refusal[] {
  const found: Refusal[] = [];
  if (candidate.ignoreQuietHours !== true) {
    for (const quiet of policy.quietHours) {
      if (quiet.channels.has(candidate.channel) && isQuiet(quiet, at, zone, zones.provider)) {
        found.push({ rule: quiet.id, reason: "quiet-hours", action: quiet.action, passesAt: quietEnd(quiet, at, zone, zones.provider) });
      }
    }
  }
  if (candidate.ignoreCaps !== true) {
    const { cooldowns, caps } = policy;
    for (let index = 0; index < cooldowns.length; index++) {
      const cooldown = cooldowns[index] as CompiledCooldown;
      if (!cooldown.matches(candidate)) continue;
      const refusal = cooldownRefusal(cooldown, index, ledger, at);
      if (refusal !== undefined) found.push(refusal);
    }
    for (let index = 0; index < caps.length; index++) {
      const cap = caps[index] as CompiledCap;
      if (!cap.matches(candidate)) continue;
      const refusal = cap.window.kind === "session" ? sessionCapRefusal(cap, ledger.deliveries, candidate) : capRefusal(cap, index, ledger, at, zone, zones);
      if (refusal !== undefined) found.push(refusal);
    }
  }
  return found;
}

/**
 * `checkCaps` for a compiled policy (see `checkCaps`): what the engine calls, in a file of its own
 * so that a loaded engine reaches no validation code.
 *
 * @throws TypeError for an invalid `now` or time zone.
 */
export function checkCompiledCaps(policy: CapPolicy, history: DeliveryHistory, candidate: CapCandidate, now: number, timeZone: string, zones: ZoneClock = zoneClock()): CapDecision {
  // Inside the Date range (±8.64e15) too; the message is the golden vectors'.
  if (!isInstant(now)) throw new TypeError(`now must be epoch milliseconds, got ${String(now)}`);
  if (!zones.isValid(timeZone)) throw new TypeError(`${JSON.stringify(timeZone)} is not a known IANA time zone or offset${zones.provider.version === undefined ? "" : ` (${zones.provider.name})`}`);
  // No rule: nothing to read in the history (which need not be ordered or indexed then).
  if (policy.caps.length === 0 && policy.cooldowns.length === 0 && policy.quietHours.length === 0) return ALLOWED;
  const deliveries = timeOrdered(Array.isArray(history?.deliveries) ? history.deliveries : []);
  const ledger: Ledger = { deliveries, times: ruleTimes(deliveries, policy) };
  const first = refusals(policy, ledger, candidate, now, timeZone, zones);
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
      // Never, or no later instant found (a period or a quiet end past the Date range is NaN).
      if (refusal.passesAt === null || !(refusal.passesAt > at)) {
        next = Number.NaN;
        break;
      }
      if (refusal.passesAt > next) next = refusal.passesAt;
    }
    // An instant outside the Date range never comes: retryAt stays null.
    if (!isInstant(next)) break;
    at = next;
    pending = refusals(policy, ledger, candidate, at, timeZone, zones);
    if (pending.length === 0) {
      retryAt = at;
      break;
    }
  }
  return { allowed: false, rule: blocking.rule, reason: blocking.reason, retryAt, action: blocking.action };
}
