import type { CapCandidate, DeliveryHistory } from "../history/delivery.js";
import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy, type CapPolicy } from "../policy/compile-cap-policy.js";
import type { CapReservation, CapStore, ReserveResult } from "./cap-store.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { clockSkewOption, reserveStep } from "./reserve-step.js";

/**
 * The embedded cap store: per-user histories in memory, compacted on every reserve. JavaScript
 * runs one reserve at a time, so check-and-record is atomic within the process (several processes
 * need a shared store, such as the Redis one).
 */
export class MemoryCapStore implements CapStore {
  readonly #policy: CapPolicy;
  readonly #histories = new Map<string, DeliveryHistory>();
  #sequence = 0;

  readonly #skew: number;
  readonly #timeZones: TimeZoneProvider;

  /**
   * `maxClockSkewMs` (default 5 minutes): histories are compacted as of this long before `now`, so
   * a reserve with a slightly earlier `now` than the previous one still sees what its rules count.
   * `timeZones` (default `intlTimeZones`): where calendar periods and quiet hours get zone offsets.
   */
  constructor(policy: CapPolicyInput | CapPolicy, options: { readonly maxClockSkewMs?: number; readonly timeZones?: TimeZoneProvider } = {}) {
    this.#policy = compileCapPolicy(policy);
    this.#skew = clockSkewOption(options.maxClockSkewMs);
    this.#timeZones = timeZoneProviderOption(options.timeZones);
  }

  async reserve(userId: string, candidate: CapCandidate, now: number, timeZone: string): Promise<ReserveResult> {
    if (typeof userId !== "string" || userId === "") throw new TypeError("userId must be a non-empty string");
    const history = this.#histories.get(userId) ?? { deliveries: [] };
    const step = reserveStep(this.#policy, history, candidate, now, timeZone, `r${++this.#sequence}`, this.#skew, this.#timeZones);
    if (!step.granted) return step;
    const compacted = step.next;
    if (compacted.deliveries.length === 0) this.#histories.delete(userId);
    else this.#histories.set(userId, compacted);
    return { granted: true, reservation: { userId, delivery: step.delivery } };
  }

  async release(reservation: CapReservation): Promise<void> {
    const history = this.#histories.get(reservation.userId);
    if (history === undefined) return;
    const deliveries = history.deliveries.filter((delivery) => delivery.id !== reservation.delivery.id);
    if (deliveries.length === 0) this.#histories.delete(reservation.userId);
    else this.#histories.set(reservation.userId, { deliveries });
  }

  /** The kept history of a user (for inspection and tests). */
  historyOf(userId: string): DeliveryHistory {
    return this.#histories.get(userId) ?? { deliveries: [] };
  }
}
