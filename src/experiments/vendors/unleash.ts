/**
 * Unleash-compatible stickiness: the same normalised values as unleash-client (Node), for gradual
 * rollout (`normalizedHash(id, groupId)`) and variants (`normalizedHash(id, groupId, 1000,
 * VARIANT_SEED)`).
 *
 * unleash-client hashes with the `murmurhash3js` package, which takes the low byte of each UTF-16
 * code unit: for ASCII ids that is UTF-8, for other ids it is not, and Unleash's Go, Python, Java
 * and Rust SDKs (UTF-8) disagree with it. `{ encoding: "utf8" }` reproduces those instead.
 */
import { murmur3LowBytes } from "../hashing/murmur3-low-bytes.js";
import { murmur3 } from "../hashing/murmur3.js";

/** The seed Unleash uses for variant stickiness. */
export const VARIANT_SEED = 86028157;

export interface UnleashHashOptions {
  /** "node-sdk" (default): as unleash-client for Node; "utf8": as Unleash's other SDKs. */
  readonly encoding?: "node-sdk" | "utf8";
}

/** (murmur3(`${groupId}:${id}`, seed) mod normalizer) + 1, in 1…normalizer. */
export function normalizedHash(id: string, groupId: string, normalizer = 100, seed = 0, options?: UnleashHashOptions): number {
  const key = `${groupId}:${id}`;
  const value = options?.encoding === "utf8" ? murmur3(key, seed) : murmur3LowBytes(key, seed);
  return (value % normalizer) + 1;
}

/** Gradual-rollout percentage bucket (1…100), as `normalizedStrategyValue`. */
export function normalizedStrategyValue(id: string, groupId: string, options?: UnleashHashOptions): number {
  return normalizedHash(id, groupId, 100, 0, options);
}

/** Variant bucket (1…normalizer), as `normalizedVariantValue`. */
export function normalizedVariantValue(id: string, groupId: string, normalizer: number, options?: UnleashHashOptions): number {
  return normalizedHash(id, groupId, normalizer, VARIANT_SEED, options);
}
