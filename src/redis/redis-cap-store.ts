import type { CapCandidate, DeliveryHistory } from "../caps/history/delivery.js";
import { parseStoredHistory, storedHistoryText } from "../caps/history/stored-history.js";
import type { CapPolicyInput } from "../caps/policy/cap-policy-schema.js";
import { compileCapPolicy } from "../caps/policy/compile-cap-policy.js";
import type { CapPolicy } from "../caps/policy/cap-policy-model.js";
import type { CapReservation, CapStore, ReserveResult } from "../caps/stores/cap-store.js";
import { CapStoreUnavailableError, quotedUserId, unreadableHistoryError } from "../caps/stores/cap-store-unavailable-error.js";
import { checkedCandidate, checkedNow, checkedReservation, checkedTimeZone, checkedUserId } from "../caps/stores/reserve-arguments.js";
import { clockSkewOption, reserveStep } from "../caps/stores/reserve-step.js";
import { COMPARE_AND_SET_SCRIPT } from "./compare-and-set-script.js";
import { historyTtl } from "./history-ttl.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../time-zones/time-zone-option.js";
import type { RedisScriptClient } from "./redis-client.js";

export interface RedisCapStoreOptions {
  /** Prefix of the per-user keys (default "nudgekit:caps:"). */
  readonly keyPrefix?: string;
  /** Reads and compare-and-set attempts per reserve before giving up under contention (default 200). */
  readonly maxAttempts?: number;
  /**
   * How far behind the latest writer another decider's clock may be (default 5 minutes): histories
   * are compacted as of this long before `now`, so a decider that is a little behind still sees
   * every delivery its rules count; key expiries are this much longer.
   */
  readonly maxClockSkewMs?: number;
  /** Where calendar periods and quiet hours get zone offsets, and which zones exist (default `intlTimeZones`); every decider must use the same. */
  readonly timeZones?: TimeZoneProvider;
}

/** What a read found under a user's key: the raw value (compared by the write) and the history it holds. */
interface Read {
  readonly stored: string | null;
  readonly history: DeliveryHistory;
}

/**
 * A cap store shared by every decider: one key per user holds the user's compacted history as JSON
 * (`storedHistoryText`), expiring when no rule can count it any more (`historyTtl`; never while a
 * lifetime or session cap counts it). A reserve reads the history, checks it with `checkCaps` (time
 * zones and all), and writes the new history with one compare-and-set script; if another decider
 * wrote in between, it reads again. So concurrent reserves never over-grant. It decides exactly as
 * `MemoryCapStore` does; any Redis failure, and a stored value that is not a well-formed history,
 * makes the reserve reject with CapStoreUnavailableError (fail closed).
 *
 * @example
 * const client = createClient({ url, disableOfflineQueue: true }); // from the `redis` package
 * await client.connect();
 * const store = new RedisCapStore(client, policy, { keyPrefix: "myapp:caps:" });
 * const result = await store.reserve("u-1", { channel: "push", campaign: "promo" }, now, "Europe/Paris"); // now: the caller's clock (epoch ms)
 * // { granted: true, reservation: … } or { granted: false, decision: { rule, reason, retryAt, action } }
 */
export class RedisCapStore implements CapStore {
  readonly #client: RedisScriptClient;
  readonly #policy: CapPolicy;
  readonly #prefix: string;
  readonly #maxAttempts: number;
  readonly #skew: number;
  readonly #timeZones: TimeZoneProvider;

  constructor(client: RedisScriptClient, policy: CapPolicyInput | CapPolicy, options: RedisCapStoreOptions = {}) {
    this.#client = client;
    this.#policy = compileCapPolicy(policy);
    this.#prefix = options.keyPrefix ?? "nudgekit:caps:";
    if (typeof this.#prefix !== "string") throw new TypeError("keyPrefix must be a string");
    this.#maxAttempts = options.maxAttempts ?? 200;
    if (!(Number.isInteger(this.#maxAttempts) && this.#maxAttempts >= 1)) throw new RangeError("maxAttempts must be a positive integer");
    this.#skew = clockSkewOption(options.maxClockSkewMs);
    this.#timeZones = timeZoneProviderOption(options.timeZones);
  }

  async reserve(userId: string, candidate: CapCandidate, now: number, timeZone: string): Promise<ReserveResult> {
    const user = checkedUserId(userId);
    const checked = checkedCandidate(candidate);
    checkedNow(now);
    checkedTimeZone(timeZone, this.#timeZones);
    const key = this.#prefix + user;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const { stored, history } = await this.#read(key, user);
      const step = reserveStep(this.#policy, history, checked, now, timeZone, `${now.toString(36)}-${randomId()}`, this.#skew, user, this.#timeZones);
      if (!step.granted) return step;
      if (await this.#compareAndSet(key, user, stored, step.next, now)) return { granted: true, reservation: { userId: user, delivery: step.delivery } };
    }
    throw new CapStoreUnavailableError(`reserve for ${quotedUserId(user)} gave up after ${this.#maxAttempts} attempts: other deciders kept writing`);
  }

  async release(reservation: CapReservation): Promise<void> {
    const { userId, id } = checkedReservation(reservation);
    const key = this.#prefix + userId;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const { stored, history } = await this.#read(key, userId);
      const deliveries = history.deliveries.filter((delivery) => delivery.id !== id);
      if (deliveries.length === history.deliveries.length) return;
      if (await this.#compareAndSet(key, userId, stored, { deliveries }, "keep")) return;
    }
    throw new CapStoreUnavailableError(`release for ${quotedUserId(userId)} gave up after ${this.#maxAttempts} attempts`);
  }

  /** The user's stored history; an unreadable one fails closed rather than counting as empty. */
  async #read(key: string, userId: string): Promise<Read> {
    let stored: unknown;
    try {
      stored = await this.#client.get(key);
    } catch (error) {
      throw new CapStoreUnavailableError(`cap store unavailable (reading the history of ${quotedUserId(userId)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (stored === null) return { stored: null, history: { deliveries: [] } };
    const reading = parseStoredHistory(stored);
    if (!reading.ok) throw unreadableHistoryError(userId, reading.problem);
    return { stored: stored as string, history: reading.history };
  }

  /** Writes `next` if the key still holds `expected`: with the time to live of a history written at `now`, or (a release) the key's own. */
  async #compareAndSet(key: string, userId: string, expected: string | null, next: DeliveryHistory, now: number | "keep"): Promise<boolean> {
    try {
      const value = next.deliveries.length === 0 ? "" : storedHistoryText(next);
      const ttl = now === "keep" ? "keep" : String(historyTtl(this.#policy, next, now, this.#skew));
      // Redis's EVAL, called by bracket so that source checks for calls of JavaScript's eval stay exact.
      return (await this.#client["eval"](COMPARE_AND_SET_SCRIPT, { keys: [key], arguments: [expected ?? "", value, ttl] })) === 1;
    } catch (error) {
      throw new CapStoreUnavailableError(`cap store unavailable (writing the history of ${quotedUserId(userId)}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/**
 * A reservation id unique across deciders (Web Crypto, in Node 20 and browsers). This adapter's only
 * randomness: it names a reservation and never affects a decision.
 */
function randomId(): string {
  return (globalThis as unknown as { crypto: { randomUUID(): string } }).crypto.randomUUID();
}
