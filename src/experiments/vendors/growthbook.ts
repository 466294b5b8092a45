/**
 * GrowthBook-compatible bucketing: the same outputs as @growthbook/growthbook's JavaScript SDK
 * (`hash`, `getBucketRanges`, `chooseVariation`, `inNamespace`, `getEqualWeights`), so that
 * experiments can move from GrowthBook to nudgekit without reshuffling users. Unlike the SDK these
 * never log; invalid coverage or weights fall back exactly as the SDK does.
 */
import { fnv1a32 } from "../hashing/fnv1a32.js";

/** A variation's range of hash values, [start, end), as shares in [0, 1]. */
export type VariationRange = [start: number, end: number];

/** GrowthBook's namespace: [namespace id, start, end). */
export type Namespace = [id: string, start: number, end: number];

/**
 * A unit's position in [0, 1): version 2 is `fnv1a32(String(fnv1a32(seed + value))) % 10000 / 10000`;
 * version 1 (biased, legacy) is `fnv1a32(value + seed) % 1000 / 1000`; other versions give null.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

export function getEqualWeights(n: number): number[] {
  if (n <= 0) return [];
  return new Array<number>(n).fill(1 / n);
}

export function inRange(n: number, range: VariationRange): boolean {
  return n >= range[0] && n < range[1];
}

/** Whether a unit (by its hash attribute value) falls in a namespace's slice. */
export function inNamespace(hashValue: string, namespace: Namespace): boolean {
  const n = hash(`__${namespace[0]}`, hashValue, 1);
  if (n === null) return false;
  return n >= namespace[1] && n < namespace[2];
}

/** The index of the range holding `n`, or -1. */
export function chooseVariation(n: number, ranges: readonly VariationRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(n, ranges[i]!)) return i;
  }
  return -1;
}

/**
 * Ranges for `numVariations` variations: variation i starts at the sum of earlier weights and
 * covers `coverage × weight` of it. Coverage is clamped to [0, 1]; weights that are missing, of the
 * wrong length, or not summing to 1 ± 0.01 are replaced by equal weights (as the SDK does).
 */
export function getBucketRanges(numVariations: number, coverage: number | undefined, weights?: readonly number[]): VariationRange[] {
  let cover = coverage === undefined ? 1 : coverage;
  if (cover < 0) cover = 0;
  else if (cover > 1) cover = 1;
  const equal = getEqualWeights(numVariations);
  let chosen: readonly number[] = weights || equal;
  if (chosen.length !== numVariations) chosen = equal;
  const totalWeight = chosen.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight < 0.99 || totalWeight > 1.01) chosen = equal;
  let cumulative = 0;
  return chosen.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + cover * weight];
  });
}
