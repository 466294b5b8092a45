import type { CapCandidate, DeliveryHistory } from "../history/delivery.js";
import { parseStoredHistory, storedHistoryText } from "../history/stored-history.js";
import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy } from "../policy/compile-cap-policy.js";
import type { CapPolicy } from "../policy/cap-policy-model.js";
import type { CapReservation, CapStore, ReserveResult } from "./cap-store.js";
import { quotedUserId, unreadableHistoryError } from "./cap-store-unavailable-error.js";
import { checkedCandidate, checkedNow, checkedReservation, checkedTimeZone, checkedUserId } from "./reserve-arguments.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { clockSkewOption, reserveStep } from "./reserve-step.js";

export interface MemoryCapStoreOptions {
  /**
   * How far behind the latest writer a decider's clock may be (default 5 minutes): histories are
   * compacted as of this long before `now`, so a reserve with a slightly earlier `now` than the
   * previous one still sees what its rules count.
   */
  readonly maxClockSkewMs?: number;
  /**
   * Histories to start from: `[userId, stored text]` pairs as `snapshot()` gives them (the text is
   * also what the Redis store keeps under a user's key). Each text is read as the Redis store reads
   * a key: one that is unreadable makes every reserve and release of that user reject with
   * CapStoreUnavailableError (and is kept, as it was, in the next snapshot).
   */
  readonly histories?: Iterable<readonly [string, string]>;
  /** Where calendar periods and quiet hours get zone offsets, and which zones exist (default `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
}

/** A user's stored text that could not be read: kept as it was, with the reason. */
interface Unreadable {
  readonly text: string;
  readonly problem: string;
}

/**
 * The embedded cap store: per-user histories in memory, compacted on every reserve. JavaScript
 * runs one reserve at a time, so check-and-record is atomic within the process (several processes
 * need a shared store, such as the Redis one). It decides exactly as the Redis store does (one
 * scenario table and a property test run both).
 *
 * @example
 * const store = new MemoryCapStore({ caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] });
 * const result = await store.reserve("u-1", { channel: "push", campaign: "promo" }, now, "Europe/Paris"); // now: the caller's clock (epoch ms)
 * // { granted: true, reservation: { userId: "u-1", delivery: { id: "r1", at: …, channel: "push", campaign: "promo" } } }
 * const saved = JSON.stringify(store.snapshot()); // and after a restart:
 * const restored = new MemoryCapStore(policy, { histories: JSON.parse(saved) });
 */
export class MemoryCapStore implements CapStore {
  readonly #policy: CapPolicy;
  readonly #histories = new Map<string, DeliveryHistory | Unreadable>();
  readonly #skew: number;
  readonly #timeZones: TimeZoneProvider;
  #sequence = 0;

  constructor(policy: CapPolicyInput | CapPolicy, options: MemoryCapStoreOptions = {}) {
    this.#policy = compileCapPolicy(policy);
    this.#skew = clockSkewOption(options.maxClockSkewMs);
    this.#timeZones = timeZoneProviderOption(options.timeZones);
    if (options.histories !== undefined) {
      for (const entry of options.histories) {
        if (!Array.isArray(entry)) throw new TypeError("histories must hold [userId, stored text] pairs");
        const userId = checkedUserId(entry[0]);
        if (this.#histories.has(userId)) throw new TypeError(`histories holds user ${quotedUserId(userId)} twice`);
        const text: unknown = entry[1];
        const reading = parseStoredHistory(text);
        if (!reading.ok) this.#histories.set(userId, { text: typeof text === "string" ? text : String(text), problem: reading.problem });
        else if (reading.history.deliveries.length > 0) this.#histories.set(userId, reading.history);
      }
    }
  }

  async reserve(userId: string, candidate: CapCandidate, now: number, timeZone: string): Promise<ReserveResult> {
    const user = checkedUserId(userId);
    const checked = checkedCandidate(candidate);
    checkedNow(now);
    checkedTimeZone(timeZone, this.#timeZones);
    const history = this.#history(user);
    // Ids name reservations within a user's history: one a restored history already holds is skipped.
    let id = `r${++this.#sequence}`;
    while (history.deliveries.some((delivery) => delivery.id === id)) id = `r${++this.#sequence}`;
    const step = reserveStep(this.#policy, history, checked, now, timeZone, id, this.#skew, user, this.#timeZones);
    if (!step.granted) return step;
    if (step.next.deliveries.length === 0) this.#histories.delete(user);
    else this.#histories.set(user, step.next);
    return { granted: true, reservation: { userId: user, delivery: step.delivery } };
  }

  async release(reservation: CapReservation): Promise<void> {
    const { userId, id } = checkedReservation(reservation);
    if (!this.#histories.has(userId)) return;
    const history = this.#history(userId);
    const deliveries = history.deliveries.filter((delivery) => delivery.id !== id);
    if (deliveries.length === history.deliveries.length) return;
    if (deliveries.length === 0) this.#histories.delete(userId);
    else this.#histories.set(userId, { deliveries: Object.freeze(deliveries) });
  }

  /**
   * The kept history of a user (frozen; for inspection and tests).
   *
   * @throws CapStoreUnavailableError when the user's restored history was unreadable.
   */
  historyOf(userId: string): DeliveryHistory {
    return this.#history(checkedUserId(userId));
  }

  /**
   * Every kept history as `[userId, stored text]` pairs (JSON-serialisable), to restore with the
   * `histories` option, e.g. across a restart. Unreadable texts are given back as they came.
   */
  snapshot(): [string, string][] {
    return Array.from(this.#histories, ([userId, entry]) => [userId, "text" in entry ? entry.text : storedHistoryText(entry)]);
  }

  #history(userId: string): DeliveryHistory {
    const entry = this.#histories.get(userId);
    if (entry === undefined) return { deliveries: [] };
    if ("problem" in entry) throw unreadableHistoryError(userId, entry.problem);
    return entry;
  }
}
