/**
 * Optimizely-compatible bucketing: the same bucket values as @optimizely/optimizely-sdk (v5+),
 * which hashes the UTF-8 bytes of the bucketing key with MurmurHash3 x86 32, seed 1.
 */
import { murmur3 } from "../hashing/murmur3.js";

const HASH_SEED = 1;
const MAX_HASH_VALUE = 4_294_967_296;
const MAX_TRAFFIC_VALUE = 10_000;

/** An entry of an Optimizely traffic allocation: the entity owns buckets below `endOfRange`. */
export interface TrafficAllocation {
  readonly entityId: string;
  readonly endOfRange: number;
}

/**
 * floor(murmur3(key, 1) / 2^32 × 10000), computed in the SDK's order (ratio first), in
 * [0, 10000). E.g. "ppid1" + "1886780721" → 5254.
 */
export function bucketValue(bucketingKey: string): number {
  const ratio = murmur3(bucketingKey, HASH_SEED) / MAX_HASH_VALUE;
  return Math.floor(ratio * MAX_TRAFFIC_VALUE);
}

/** The key Optimizely hashes: the bucketing id (usually the user id) followed by the entity id. */
export function bucketingKey(bucketingId: string, entityId: string): string {
  return bucketingId + entityId;
}

/** The first allocation whose `endOfRange` is above the bucket value, as the SDK picks; or null. */
export function findBucket(value: number, trafficAllocation: readonly TrafficAllocation[]): string | null {
  for (const allocation of trafficAllocation) {
    if (value < allocation.endOfRange) return allocation.entityId;
  }
  return null;
}
