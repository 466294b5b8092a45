/** The default hash space: a 32-bit hash value maps to one of 10,000 buckets. */
export const BUCKET_COUNT = 10_000;

const HASH_SPACE = 4_294_967_296; // 2^32

/**
 * floor(value × 10000 / 2^32), computed exactly: value × 10000 < 2^53 and dividing by a power of
 * two is exact, so no unit sits on the wrong side of a boundary through rounding.
 */
export function bucketOf(hashValue: number): number {
  return Math.floor((hashValue * BUCKET_COUNT) / HASH_SPACE);
}

/** The first hash value that falls into `bucket` (bucket = BUCKET_COUNT gives 2^32). */
function firstHashValueOf(bucket: number): number {
  return Math.ceil((bucket * HASH_SPACE) / BUCKET_COUNT);
}

/**
 * The exact share of all 2^32 hash values whose bucket is in [start, end). Buckets hold 429,496
 * or 429,497 values each, so this is not quite (end − start) / 10000.
 */
export function bucketShare(start: number, end: number): number {
  if (end <= start) return 0;
  return (firstHashValueOf(end) - firstHashValueOf(start)) / HASH_SPACE;
}
