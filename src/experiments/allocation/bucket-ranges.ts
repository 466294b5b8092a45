import { BUCKET_COUNT } from "../hashing/bucket.js";

/** A half-open range of buckets, [start, end). */
export type BucketRange = readonly [start: number, end: number];

/**
 * Each variant's range of buckets, for weights (any non-negative numbers, normalised) and a
 * coverage share.
 *
 * Variant i owns the slot [S_i, S_i+1) with S_i = round(10000 × (w_0 + … + w_i-1) / Σw); coverage
 * keeps the first floor(coverage × slot width) buckets of every slot. Slots never depend on
 * coverage, so lowering coverage only drops units (never moves one to another variant) and raising
 * it only adds units. Changing weights moves slot boundaries: see `diffAllocations`.
 */
export function bucketRanges(weights: readonly number[], coverage = 1): BucketRange[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const ranges: BucketRange[] = [];
  let cumulative = 0;
  let slotStart = 0;
  for (const weight of weights) {
    cumulative += weight;
    const slotEnd = weights.length === ranges.length + 1 ? BUCKET_COUNT : Math.round((cumulative / total) * BUCKET_COUNT);
    // The epsilon absorbs binary fractions such as 0.29 × 100 = 28.999999999999996.
    const covered = Math.floor(coverage * (slotEnd - slotStart) + 1e-9);
    ranges.push([slotStart, slotStart + covered]);
    slotStart = slotEnd;
  }
  return ranges;
}

/** The index of the range holding `bucket`, or -1. Ranges are few; a scan beats a search. */
export function rangeIndexOf(ranges: readonly BucketRange[], bucket: number): number {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if (bucket >= range[0] && bucket < range[1]) return i;
  }
  return -1;
}
