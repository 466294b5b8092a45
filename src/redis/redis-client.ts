/**
 * The two commands the Redis cap store needs, in node-redis's shape (`createClient()` from the
 * `redis` package, v4 or later, satisfies it). Create the client with `disableOfflineQueue: true`
 * so that commands fail at once while Redis is down (the store then fails closed) instead of
 * waiting for the reconnection.
 */
export interface RedisScriptClient {
  get(key: string): Promise<string | null>;
  /** Redis's EVAL command (runs a Lua script in Redis; nothing is evaluated in JavaScript). */
  readonly eval: (script: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>;
}
