/** The commands `elapseKeyTime` uses (a node-redis client has them). */
export interface KeyTimeClient {
  keys(pattern: string): Promise<string[]>;
  pTTL(key: string): Promise<number>;
  pExpire(key: string, milliseconds: number): Promise<number>;
  del(key: string): Promise<number>;
}

/**
 * Lets `ms` pass for the expiry of the keys under `prefix`, without waiting: a key whose time to
 * live is shorter is deleted (as Redis would have expired it), the others get `ms` less to live;
 * keys without an expiry stay. Tests move `now` forward and call this with the same amount.
 */
export async function elapseKeyTime(client: KeyTimeClient, prefix: string, ms: number): Promise<void> {
  for (const key of await client.keys(`${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`)) {
    const left = await client.pTTL(key);
    if (left < 0) continue; // -1: no expiry; -2: gone
    if (left <= ms) await client.del(key);
    else await client.pExpire(key, left - ms);
  }
}
