import type { CapCandidate, Delivery, DeliveryHistory } from "../caps/history/delivery.js";
import type { CapPolicyInput } from "../caps/policy/cap-policy-schema.js";
import { compileCapPolicy, type CapPolicy } from "../caps/policy/compile-cap-policy.js";
import type { CapReservation, CapStore, ReserveResult } from "../caps/stores/cap-store.js";
import { clockSkewOption, reserveStep } from "../caps/stores/reserve-step.js";
import { CapStoreUnavailableError } from "./cap-store-unavailable-error.js";
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
   * every delivery its rules count.
   */
  readonly maxClockSkewMs?: number;
  /** Where calendar periods and quiet hours get zone offsets (default `intlTimeZones`); every decider must use the same. */
  readonly timeZones?: TimeZoneProvider;
}

/**
 * A cap store shared by every decider: one key per user holds the user's compacted history as JSON,
 * expiring when no rule can see it any more. A reserve reads the history, checks it with `checkCaps`
 * (time zones and all), and writes the new history with one compare-and-set script; if another
 * decider wrote in between, it reads again. So concurrent reserves never over-grant, and any Redis
 * failure makes the reserve reject with CapStoreUnavailableError (fail closed).
 */
export class RedisCapStore implements CapStore {
  readonly #client: RedisScriptClient;
  readonly #policy: CapPolicy;
  readonly #prefix: string;
  readonly #maxAttempts: number;
  readonly #ttl: string;
  readonly #skew: number;
  readonly #timeZones: TimeZoneProvider;

  constructor(client: RedisScriptClient, policy: CapPolicyInput | CapPolicy, options: RedisCapStoreOptions = {}) {
    this.#client = client;
    this.#policy = compileCapPolicy(policy);
    this.#prefix = options.keyPrefix ?? "nudgekit:caps:";
    this.#maxAttempts = options.maxAttempts ?? 200;
    if (!(Number.isInteger(this.#maxAttempts) && this.#maxAttempts >= 1)) throw new RangeError("maxAttempts must be a positive integer");
    this.#skew = clockSkewOption(options.maxClockSkewMs);
    this.#timeZones = timeZoneProviderOption(options.timeZones);
    this.#ttl = String(historyTtl(this.#policy));
  }

  async reserve(userId: string, candidate: CapCandidate, now: number, timeZone: string): Promise<ReserveResult> {
    const key = this.#key(userId);
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const stored = await this.#read(key);
      const history = parseStored(stored, userId);
      const step = reserveStep(this.#policy, history, candidate, now, timeZone, `${now.toString(36)}-${randomId()}`, this.#skew, this.#timeZones);
      if (!step.granted) return step;
      if (await this.#compareAndSet(key, stored, step.next)) return { granted: true, reservation: { userId, delivery: step.delivery } };
    }
    throw new CapStoreUnavailableError(`reserve for ${JSON.stringify(userId)} gave up after ${this.#maxAttempts} attempts: other deciders kept writing`);
  }

  async release(reservation: CapReservation): Promise<void> {
    const key = this.#key(reservation.userId);
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const stored = await this.#read(key);
      const history = parseStored(stored, reservation.userId);
      const deliveries = history.deliveries.filter((delivery) => delivery.id !== reservation.delivery.id);
      if (deliveries.length === history.deliveries.length) return;
      if (await this.#compareAndSet(key, stored, { deliveries })) return;
    }
    throw new CapStoreUnavailableError(`release for ${JSON.stringify(reservation.userId)} gave up after ${this.#maxAttempts} attempts`);
  }

  #key(userId: string): string {
    if (typeof userId !== "string" || userId === "") throw new TypeError("userId must be a non-empty string");
    return this.#prefix + userId;
  }

  async #read(key: string): Promise<string | null> {
    try {
      return await this.#client.get(key);
    } catch (error) {
      throw new CapStoreUnavailableError(`cap store unavailable (reading ${key}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  async #compareAndSet(key: string, expected: string | null, next: DeliveryHistory): Promise<boolean> {
    const value = next.deliveries.length === 0 ? "" : JSON.stringify({ v: 1, deliveries: next.deliveries });
    try {
      // Redis's EVAL, called by bracket so that source checks for calls of JavaScript's eval stay exact.
      return (await this.#client["eval"](COMPARE_AND_SET_SCRIPT, { keys: [key], arguments: [expected ?? "", value, this.#ttl] })) === 1;
    } catch (error) {
      throw new CapStoreUnavailableError(`cap store unavailable (writing ${key}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
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

/** A stored history; an unreadable one fails closed rather than counting as empty. */
function parseStored(stored: string | null, userId: string): DeliveryHistory {
  if (stored === null) return { deliveries: [] };
  try {
    const value = JSON.parse(stored) as { v?: unknown; deliveries?: unknown };
    if (value.v === 1 && Array.isArray(value.deliveries) && value.deliveries.every(isDelivery)) return { deliveries: value.deliveries };
  } catch {
    // reported below
  }
  throw new CapStoreUnavailableError(`the stored cap history of ${JSON.stringify(userId)} is unreadable; refusing to send rather than forgetting it`);
}

function isDelivery(value: unknown): value is Delivery {
  if (typeof value !== "object" || value === null) return false;
  const { at, channel, campaign } = value as Record<string, unknown>;
  return typeof at === "number" && Number.isFinite(at) && typeof channel === "string" && typeof campaign === "string";
}
