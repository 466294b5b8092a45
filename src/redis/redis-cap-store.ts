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
import type { RedisClusterScriptClient, RedisConnectionClient, RedisScriptClient } from "./redis-client.js";

/**
 * How many replicas must hold a reserve's write before the store grants it (Redis's `WAIT`), so that
 * a failover cannot forget a grant: `RedisCapStoreOptions.durability`.
 *
 * @example
 * const store = new RedisCapStore(cluster, policy, { durability: { replicas: 1, timeoutMs: 100 } });
 * // a grant is returned only once one replica has the write; otherwise CapStoreUnavailableError (do not send)
 */
export interface RedisDurability {
  /** Replicas that must acknowledge the write (WAIT's numreplicas): a positive integer, at most the replicas each master has. */
  readonly replicas: number;
  /** How long to wait for them, in ms (WAIT's timeout): a positive integer (WAIT's 0 would wait for ever). */
  readonly timeoutMs: number;
}

export interface RedisCapStoreOptions {
  /**
   * Prefix of the per-user keys (default "nudgekit:caps:"): a user's key is the prefix and the user
   * id. On a Redis Cluster, keep `{…}` out of it: it would be every key's hash tag, one slot for all.
   */
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
  /**
   * Grant only what enough replicas hold (default: none; the master's reply is enough). After a
   * reserve's write, the store sends `WAIT replicas timeoutMs` on the connection that wrote it; if
   * fewer replicas acknowledge it in time, or the connection fails, the reserve rejects with
   * CapStoreUnavailableError instead of granting (after undoing the write where it can): the caller
   * does not send, so a failover that loses the write loses nothing that was sent. Needs a client
   * with a connection per server: node-redis's `createCluster()` (6.1 or later,
   * `RedisClusterScriptClient`) or `createClient()` (`RedisConnectionClient`), not a pool. Releases
   * do not wait (a lost release only keeps a slot used).
   */
  readonly durability?: RedisDurability;
}

/** The connection a durable write goes through: the client itself, or a cluster's connection to the key's master. */
type WriteConnection = (key: string) => Promise<RedisConnectionClient>;

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
 * On a Redis Cluster it works as it is, with node-redis's `createCluster()`: every command names one
 * key, a user's own, so it goes to the master serving that key's slot. With `durability`, a grant is
 * returned only once replicas hold it, so a failover that promotes one of them keeps it (docs/caps.md,
 * "Redis Cluster").
 *
 * @example
 * const client = createClient({ url, disableOfflineQueue: true }); // from the `redis` package
 * await client.connect();
 * const store = new RedisCapStore(client, policy, { keyPrefix: "myapp:caps:" });
 * const result = await store.reserve("u-1", { channel: "push", campaign: "promo" }, now, "Europe/Paris"); // now: the caller's clock (epoch ms)
 * // { granted: true, reservation: … } or { granted: false, decision: { rule, reason, retryAt, action } }
 *
 * @example
 * const cluster = createCluster({ rootNodes: [{ url: "redis://10.0.0.1:7000" }], defaults: { disableOfflineQueue: true } });
 * await cluster.connect();
 * const store = new RedisCapStore(cluster, policy, { durability: { replicas: 1, timeoutMs: 100 } });
 * await store.reserve("u-1", { channel: "push", campaign: "promo" }, now, "UTC");
 * // granted only once a replica of u-1's master holds it; else CapStoreUnavailableError (do not send)
 */
export class RedisCapStore implements CapStore {
  readonly #client: RedisScriptClient;
  readonly #policy: CapPolicy;
  readonly #prefix: string;
  readonly #maxAttempts: number;
  readonly #skew: number;
  readonly #timeZones: TimeZoneProvider;
  readonly #durability: RedisDurability | undefined;
  readonly #connection: WriteConnection | undefined;

  constructor(client: RedisScriptClient, policy: CapPolicyInput | CapPolicy, options: RedisCapStoreOptions = {}) {
    this.#client = client;
    this.#policy = compileCapPolicy(policy);
    this.#prefix = options.keyPrefix ?? "nudgekit:caps:";
    if (typeof this.#prefix !== "string") throw new TypeError("keyPrefix must be a string");
    this.#maxAttempts = options.maxAttempts ?? 200;
    if (!(Number.isInteger(this.#maxAttempts) && this.#maxAttempts >= 1)) throw new RangeError("maxAttempts must be a positive integer");
    this.#skew = clockSkewOption(options.maxClockSkewMs);
    this.#timeZones = timeZoneProviderOption(options.timeZones);
    this.#durability = durabilityOption(options.durability);
    this.#connection = this.#durability === undefined ? undefined : writeConnection(client);
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
      const reservation = { userId: user, delivery: step.delivery };
      if (this.#connection === undefined) {
        if ((await this.#compareAndSet(this.#client, key, user, stored, step.next, now)) === true) return { granted: true, reservation };
        continue;
      }
      const connection = await this.#writeConnection(key, user);
      // false: another decider wrote in between; "moved": the slot has another master now. Either
      // way nothing was written: read again (through the cluster client, which follows the move).
      if ((await this.#compareAndSet(connection, key, user, stored, step.next, now, true)) !== true) continue;
      await this.#confirmReplicated(connection, reservation);
      return { granted: true, reservation };
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
      if ((await this.#compareAndSet(this.#client, key, userId, stored, { deliveries }, "keep")) === true) return;
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

  /**
   * Writes `next` if the key still holds `expected`: with the time to live of a history written at
   * `now`, or (a release) the key's own. On one master's connection (`pinned`), a MOVED reply (the
   * slot moved; nothing was written) is "moved": the next read, through the cluster client, follows it.
   */
  async #compareAndSet(target: RedisScriptClient, key: string, userId: string, expected: string | null, next: DeliveryHistory, now: number | "keep", pinned = false): Promise<boolean | "moved"> {
    try {
      const value = next.deliveries.length === 0 ? "" : storedHistoryText(next);
      const ttl = now === "keep" ? "keep" : String(historyTtl(this.#policy, next, now, this.#skew));
      // Redis's EVAL, called by bracket so that source checks for calls of JavaScript's eval stay exact.
      return (await target["eval"](COMPARE_AND_SET_SCRIPT, { keys: [key], arguments: [expected ?? "", value, ttl] })) === 1;
    } catch (error) {
      if (pinned && error instanceof Error && error.message.startsWith("MOVED ")) return "moved";
      throw new CapStoreUnavailableError(`cap store unavailable (writing the history of ${quotedUserId(userId)}): ${errorText(error)}`, { cause: error });
    }
  }

  /** The connection a durable write and its WAIT go through (a cluster's: to the key's master, as the cluster knows it now). */
  async #writeConnection(key: string, userId: string): Promise<RedisConnectionClient> {
    try {
      return await (this.#connection as WriteConnection)(key);
    } catch (error) {
      throw new CapStoreUnavailableError(`cap store unavailable (connecting to the master of ${quotedUserId(userId)}): ${errorText(error)}`, { cause: error });
    }
  }

  /**
   * Returns once `durability.replicas` replicas hold everything `connection` wrote (WAIT); otherwise
   * undoes the reservation where it can and rejects: the caller must not send what a failover could
   * forget. An undo that fails leaves the reservation counted: at worst a send less, never one more.
   */
  async #confirmReplicated(connection: RedisConnectionClient, reservation: CapReservation): Promise<void> {
    const { replicas, timeoutMs } = this.#durability as RedisDurability;
    let acknowledged: unknown;
    let failure: unknown;
    try {
      acknowledged = await connection.sendCommand(["WAIT", String(replicas), String(timeoutMs)]);
      if (typeof acknowledged === "number" && acknowledged >= replicas) return;
    } catch (error) {
      failure = error;
    }
    try {
      await this.release(reservation);
    } catch {
      // unreachable or contended: the reservation stays counted (a send less, never one more)
    }
    const who = quotedUserId(reservation.userId);
    if (failure !== undefined) {
      throw new CapStoreUnavailableError(`cap store unavailable (waiting for ${replicas} replica(s) to hold the reservation of ${who}; not granted, do not send): ${errorText(failure)}`, { cause: failure });
    }
    const count = typeof acknowledged === "number" ? String(acknowledged) : `an unexpected reply (${typeof acknowledged}) instead of a count of`;
    throw new CapStoreUnavailableError(`cap store unavailable: ${count} replica(s) of ${replicas} acknowledged the reservation of ${who} within ${timeoutMs} ms; not granted, do not send`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `durability` checked: absent, or positive integer replicas and timeout. */
function durabilityOption(durability: RedisDurability | undefined): RedisDurability | undefined {
  if (durability === undefined) return undefined;
  if (typeof durability !== "object" || durability === null) throw new TypeError("durability must be an object: { replicas, timeoutMs }");
  const { replicas, timeoutMs } = durability;
  if (!(Number.isSafeInteger(replicas) && replicas >= 1)) throw new RangeError("durability.replicas must be a positive integer");
  if (!(Number.isSafeInteger(timeoutMs) && timeoutMs >= 1)) throw new RangeError("durability.timeoutMs must be a positive integer (WAIT's 0 would wait for ever)");
  return { replicas, timeoutMs };
}

/**
 * Where a durable write goes, so that its WAIT is sent on the same connection: a cluster client's
 * connection to the key's master (`getNodeClientForKey`; checked first, since a cluster client's
 * `sendCommand` takes a key first), or a single connection's own `sendCommand`.
 */
function writeConnection(client: RedisScriptClient): WriteConnection {
  const cluster = client as Partial<RedisClusterScriptClient> & { nodeClient?: unknown };
  if (typeof cluster.getNodeClientForKey === "function") return (key) => (cluster as RedisClusterScriptClient).getNodeClientForKey(key);
  if (typeof cluster.nodeClient === "function") throw new TypeError("durability on a Redis Cluster needs the cluster client's getNodeClientForKey (node-redis 6.1 or later)");
  // A pool (createClientPool) sends each command on any idle connection: WAIT on one that wrote nothing answers at once.
  if (typeof (client as { execute?: unknown }).execute === "function") throw new TypeError("durability needs one connection per server, and a pool sends WAIT on any connection (its answer would not be about the write): use node-redis's createClient() or createCluster()");
  const connection = client as Partial<RedisConnectionClient>;
  if (typeof connection.sendCommand === "function") return async () => connection as RedisConnectionClient;
  throw new TypeError("durability needs a client that can send WAIT on the connection it writes on: node-redis's createCluster() (getNodeClientForKey) or createClient() (sendCommand)");
}

/**
 * A reservation id unique across deciders (Web Crypto, in Node 20 and browsers). This adapter's only
 * randomness: it names a reservation and never affects a decision.
 */
function randomId(): string {
  return (globalThis as unknown as { crypto: { randomUUID(): string } }).crypto.randomUUID();
}
