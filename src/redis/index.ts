/**
 * nudgekit/redis — the Redis-backed cap store, for deciders in several processes sharing one budget,
 * on one Redis server or a Redis Cluster. Bring a client from the `redis` package (an optional peer
 * dependency): nudgekit imports none.
 *
 * @module nudgekit/redis
 */
export { RedisCapStore, type RedisCapStoreOptions, type RedisDurability } from "./redis-cap-store.js";
export { CapStoreUnavailableError } from "../caps/stores/cap-store-unavailable-error.js";
export type { RedisClusterScriptClient, RedisConnectionClient, RedisScriptClient } from "./redis-client.js";
export { historyTtl, TTL_MARGIN_MS } from "./history-ttl.js";
