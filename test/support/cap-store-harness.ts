import { expect } from "vitest";
import { CapStoreUnavailableError, type CapCandidate, type CapPolicyInput, type CapReservation, type CapStore, type ReserveResult } from "../../src/caps/index.js";

/**
 * Runs one cap-store scenario (test/support/cap-store-scenarios.ts) against any store, as plain
 * outcomes: what a caller can observe, with nothing store-specific (reservation ids differ).
 */

export interface ReserveCall {
  readonly user?: string;
  readonly candidate: CapCandidate;
  readonly at: number;
  readonly zone?: string;
}

export type Outcome =
  | "granted"
  | "released"
  | "unavailable"
  | "TypeError"
  | { readonly refused: string; readonly reason: string; readonly retryAt: number | null; readonly action: string }
  | { readonly unexpected: string };

export type Step =
  /** A reserve; `as` names the reservation for a later release; `tamper` then changes the caller's candidate and reservation in place. */
  | ({ readonly reserve: ReserveCall; readonly as?: string; readonly tamper?: boolean; readonly expect: Outcome })
  /** Reserves started together (one `Promise.all`); outcomes compared as a multiset. */
  | { readonly concurrently: readonly ReserveCall[]; readonly expect: readonly Outcome[] }
  /** Releases a named reservation, or (an object) a hand-made one. */
  | { readonly release: string | unknown; readonly expect: Outcome }
  /**
   * Redis is killed (SIGKILL) for these calls and restarted afterwards: on Redis each must reject
   * with CapStoreUnavailableError; a MemoryCapStore is never down, so it does not see them (a call
   * that rejected sent nothing).
   */
  | { readonly outage: readonly ReserveCall[] };

export interface Scenario {
  readonly name: string;
  readonly policy: CapPolicyInput;
  /** Stored texts per user before the first step: Redis keys, or a MemoryCapStore's `histories`. */
  readonly stored?: readonly (readonly [string, string])[];
  readonly steps: readonly Step[];
}

/** A store under test, and how time passes for it (Redis: key expiries; memory: nothing to do). */
export interface StoreUnderTest {
  readonly store: CapStore;
  /** Lets `ms` pass for whatever the store expires by itself. */
  elapse(ms: number): Promise<void>;
  /** Redis only: stops and restarts the server. */
  readonly outage?: { down(): Promise<void>; up(): Promise<void> };
}

export function refused(refusedBy: string, reason: "cap" | "cooldown" | "quiet-hours", retryAt: number | null, action: "defer" | "drop" = "defer"): Outcome {
  return { refused: refusedBy, reason, retryAt, action };
}

function describeError(error: unknown): Outcome {
  if (error instanceof CapStoreUnavailableError) return "unavailable";
  if (error instanceof TypeError) return "TypeError";
  return { unexpected: error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error) };
}

/** The delivery a grant must record: the candidate's own fields, at the reserve's `now`. */
function expectedDelivery(call: ReserveCall): Record<string, unknown> {
  const { channel, campaign, tags, placement, session, counts } = call.candidate;
  return { at: call.at, channel, campaign, ...(tags === undefined ? {} : { tags: [...tags] }), ...(placement === undefined ? {} : { placement }), ...(session === undefined ? {} : { session }), ...(counts === false ? { counts: false } : {}) };
}

function outcomeOf(result: ReserveResult, call: ReserveCall): Outcome {
  if (!result.granted) {
    const { rule, reason, retryAt, action } = result.decision;
    return { refused: rule, reason, retryAt, action };
  }
  const { id, ...delivery } = result.reservation.delivery;
  if (typeof id !== "string" || id === "" || result.reservation.userId !== (call.user ?? "u")) return { unexpected: `a reservation without an id or for another user: ${JSON.stringify(result.reservation)}` };
  const wanted = expectedDelivery(call);
  return JSON.stringify(delivery) === JSON.stringify(wanted) ? "granted" : { unexpected: `recorded ${JSON.stringify(delivery)}, not ${JSON.stringify(wanted)}` };
}

const canonical = (outcome: Outcome): string => JSON.stringify(outcome);

/** The outcomes of a scenario's steps on one store (outage steps: Redis's own, checked here). */
export async function runScenario(scenario: Scenario, target: StoreUnderTest): Promise<Outcome[]> {
  const { store } = target;
  const named = new Map<string, CapReservation>();
  const outcomes: Outcome[] = [];
  let clock = Number.NEGATIVE_INFINITY;
  const advanceTo = async (at: number): Promise<void> => {
    if (at > clock && clock !== Number.NEGATIVE_INFINITY) await target.elapse(at - clock);
    if (at > clock) clock = at;
  };
  const reserve = async (call: ReserveCall): Promise<{ outcome: Outcome; result?: ReserveResult }> => {
    try {
      const result = await store.reserve(call.user ?? "u", call.candidate, call.at, call.zone ?? "UTC");
      return { outcome: outcomeOf(result, call), result };
    } catch (error) {
      return { outcome: describeError(error) };
    }
  };
  for (const step of scenario.steps) {
    if ("reserve" in step) {
      if (Math.abs(step.reserve.at) <= 8.64e15) await advanceTo(step.reserve.at); // a bad `now` moves no clock
      // A tampering caller changes its own copy (the table is shared by every store).
      const call = step.tamper === true ? { ...step.reserve, candidate: structuredClone(step.reserve.candidate) } : step.reserve;
      const { outcome, result } = await reserve(call);
      if (step.as !== undefined && result?.granted === true) named.set(step.as, result.reservation);
      if (step.tamper === true) tamper(call.candidate, result);
      outcomes.push(outcome);
    } else if ("concurrently" in step) {
      for (const call of step.concurrently) await advanceTo(call.at);
      const results = await Promise.all(step.concurrently.map(reserve));
      outcomes.push(...results.map((result) => result.outcome).sort((a, b) => canonical(a).localeCompare(canonical(b))));
    } else if ("release" in step) {
      const reservation = typeof step.release === "string" ? named.get(step.release) : step.release;
      if (typeof step.release === "string" && reservation === undefined) {
        outcomes.push({ unexpected: `no granted reservation named ${step.release}` });
        continue;
      }
      try {
        await store.release(reservation as CapReservation);
        outcomes.push("released");
      } catch (error) {
        outcomes.push(describeError(error));
      }
    } else {
      if (target.outage === undefined) continue; // never down: the calls are not made
      await target.outage.down();
      for (const call of step.outage) expect((await reserve(call)).outcome, `while Redis is down, reserve at ${call.at}`).toBe("unavailable");
      await target.outage.up();
    }
  }
  return outcomes;
}

/** The expected outcomes, concurrent groups sorted as runScenario sorts them. */
export function expectedOutcomes(scenario: Scenario): Outcome[] {
  return scenario.steps.flatMap((step): Outcome[] => ("concurrently" in step ? [...step.expect].sort((a, b) => canonical(a).localeCompare(canonical(b))) : "outage" in step ? [] : [step.expect]));
}

/** A caller that changes its own objects after a reserve: the candidate's tags, and the reservation it got. */
function tamper(candidate: CapCandidate, result: ReserveResult | undefined): void {
  const attempt = (change: () => void): void => {
    try {
      change();
    } catch {
      // frozen: nothing to change
    }
  };
  if (Array.isArray(candidate.tags)) (candidate.tags as string[]).splice(0, candidate.tags.length, "changed-afterwards");
  if (result?.granted === true) {
    const delivery = result.reservation.delivery as unknown as { tags?: string[]; at: number; channel: string };
    attempt(() => delivery.tags?.splice(0, delivery.tags.length));
    attempt(() => (delivery.at = 0));
    attempt(() => (delivery.channel = "changed-afterwards"));
  }
}
