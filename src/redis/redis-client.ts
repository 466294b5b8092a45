/**
 * The two commands the Redis cap store needs, in node-redis's shape (`createClient()` from the
 * `redis` package, v4 or later, satisfies it, and so does a Redis Cluster client, `createCluster()`,
 * which routes each command to the master serving its key). Create the client with
 * `disableOfflineQueue: true` so that commands fail at once while Redis is down (the store then
 * fails closed) instead of waiting for the reconnection.
 */
export interface RedisScriptClient {
  get(key: string): Promise<string | null>;
  /** Redis's EVAL command (runs a Lua script in Redis; nothing is evaluated in JavaScript). */
  readonly eval: (script: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>;
}

/**
 * One connection to one Redis server that can also send a raw command: node-redis's `createClient()`
 * (not a client pool). With `durability` (`RedisCapStoreOptions`), the store sends Redis's `WAIT`
 * with `sendCommand` right after its write, on the same connection: WAIT counts the replicas that
 * have the writes of the connection it is sent on.
 *
 * @example
 * const client = createClient({ url, disableOfflineQueue: true }); // from the `redis` package
 * await client.connect();
 * await client.sendCommand(["WAIT", "1", "100"]); // the number of replicas that have this connection's writes
 */
export interface RedisConnectionClient extends RedisScriptClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A Redis Cluster client that hands out its connection to the master serving a key: node-redis's
 * `createCluster()` (6.1 or later). With `durability` (`RedisCapStoreOptions`), the store writes a user's history
 * and sends `WAIT` on that one connection (a cluster client's own `sendCommand` would send WAIT to
 * every master).
 *
 * @example
 * const cluster = createCluster({ rootNodes: [{ url: "redis://10.0.0.1:7000" }], defaults: { disableOfflineQueue: true } }); // from the `redis` package
 * await cluster.connect();
 * const master = await cluster.getNodeClientForKey("nudgekit:caps:u-1"); // the connection to that key's master
 */
export interface RedisClusterScriptClient extends RedisScriptClient {
  getNodeClientForKey(key: string): Promise<RedisConnectionClient>;
}
