import { compileExperiment } from "../config/compile-experiment.js";
import type { CompiledExperiment } from "../config/experiment-model.js";
import type { Experiment } from "../config/experiment-schema.js";
import { BUCKET_COUNT, bucketShare } from "../hashing/bucket.js";

/** One kind of move between two configurations; null is "not in the experiment". */
export interface AllocationTransition {
  readonly from: string | null;
  readonly to: string | null;
  /** Share of all units that make this move. */
  readonly share: number;
}

/** What changing an experiment's configuration does to its units, as shares of all units. */
export interface AllocationDiff {
  /** In a variant before and in a different variant after. */
  readonly changedVariant: number;
  /** Out before, in a variant after. */
  readonly entered: number;
  /** In a variant before, out after. */
  readonly left: number;
  /** In the same variant before and after. */
  readonly unchanged: number;
  /** Out before and after. */
  readonly stayedOut: number;
  /** Every move with a non-zero share, largest first. */
  readonly transitions: readonly AllocationTransition[];
  /**
   * "exact": computed from the bucket ranges over the whole 2^32 hash space. "independent-hashes":
   * a salt changed (experiment or layer), so the hashes before and after are unrelated and the
   * figures are the expectation for independent hashes (e.g. changing the salt reshuffles everyone).
   */
  readonly model: "exact" | "independent-hashes";
}

type Membership = readonly number[]; // share of units per variant index (experiment hash only)

/** Variant index (or -1) for each bucket. Inactive experiments assign nobody. */
function variantByBucket(experiment: CompiledExperiment): Int32Array {
  const byBucket = new Int32Array(BUCKET_COUNT).fill(-1);
  if (experiment.active) experiment.ranges.forEach(([start, end], index) => byBucket.fill(index, start, end));
  return byBucket;
}

// The exact share of the hash space in each bucket; the same for every diff, so computed once.
let bucketWeightsMemo: readonly number[] | undefined;
function bucketWeights(): readonly number[] {
  bucketWeightsMemo ??= Array.from({ length: BUCKET_COUNT }, (_, bucket) => bucketShare(bucket, bucket + 1));
  return bucketWeightsMemo;
}

function layerShare(experiment: CompiledExperiment): number {
  return experiment.layer === null ? 1 : bucketShare(experiment.layer.range[0], experiment.layer.range[1]);
}

/**
 * The exact share of units that change variant, enter or leave when an experiment's configuration
 * changes from `before` to `after`: computed from the ranges, not by sampling. Forced units (a
 * measure-zero set) and sticky assignment (which keeps assigned units where they were) are not
 * counted; the global holdout is the same on both sides and only scales everything by (1 − share).
 */
export function diffAllocations(before: Experiment | CompiledExperiment, after: Experiment | CompiledExperiment): AllocationDiff {
  const b = compileExperiment(before);
  const a = compileExperiment(after);
  const weights = bucketWeights();
  const beforeByBucket = variantByBucket(b);
  const afterByBucket = variantByBucket(a);

  // Joint distribution over the experiment hash, indexed [before + 1][after + 1] (0 is "out").
  const sameExperimentHash = b.salt === a.salt;
  const joint = Array.from({ length: b.variantIds.length + 1 }, () => new Array<number>(a.variantIds.length + 1).fill(0));
  const marginal = (byBucket: Int32Array, count: number): Membership => {
    const shares = new Array<number>(count).fill(0);
    byBucket.forEach((index, bucket) => {
      if (index >= 0) shares[index]! += weights[bucket]!;
    });
    return shares;
  };
  const beforeShares = marginal(beforeByBucket, b.variantIds.length);
  const afterShares = marginal(afterByBucket, a.variantIds.length);
  if (sameExperimentHash) {
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) joint[beforeByBucket[bucket]! + 1]![afterByBucket[bucket]! + 1]! += weights[bucket]!;
  } else {
    const withOut = (shares: Membership): number[] => [1 - shares.reduce((sum, share) => sum + share, 0), ...shares];
    const beforeAll = withOut(beforeShares);
    const afterAll = withOut(afterShares);
    beforeAll.forEach((p, i) => afterAll.forEach((q, j) => (joint[i]![j] = p * q)));
  }

  // Joint distribution of layer membership: in both, only before, only after.
  const layerBefore = layerShare(b);
  const layerAfter = layerShare(a);
  let inBoth: number;
  let layerExact = true;
  // Without a layer on one side that side's share is 1, so the product is exact.
  if (b.layer === null || a.layer === null) inBoth = layerBefore * layerAfter;
  else if (b.layer.salt === a.layer.salt) inBoth = bucketShare(Math.max(b.layer.range[0], a.layer.range[0]), Math.min(b.layer.range[1], a.layer.range[1]));
  else {
    inBoth = layerBefore * layerAfter;
    layerExact = false;
  }
  const onlyBefore = layerBefore - inBoth;
  const onlyAfter = layerAfter - inBoth;

  const transitions: AllocationTransition[] = [];
  let changedVariant = 0;
  let entered = 0;
  let left = 0;
  let unchanged = 0;
  for (let i = 0; i <= b.variantIds.length; i++) {
    for (let j = 0; j <= a.variantIds.length; j++) {
      let share = inBoth * joint[i]![j]!;
      if (i > 0 && j === 0) share += onlyBefore * beforeShares[i - 1]!;
      if (i === 0 && j > 0) share += onlyAfter * afterShares[j - 1]!;
      if (i === 0 && j === 0) continue; // the rest: computed below as the complement
      const from = i === 0 ? null : b.variantIds[i - 1]!;
      const to = j === 0 ? null : a.variantIds[j - 1]!;
      if (share <= 0) continue;
      transitions.push({ from, to, share });
      if (from === null) entered += share;
      else if (to === null) left += share;
      else if (from === to) unchanged += share;
      else changedVariant += share;
    }
  }
  const stayedOut = Math.max(0, 1 - changedVariant - entered - left - unchanged);
  if (stayedOut > 0) transitions.push({ from: null, to: null, share: stayedOut });
  // Ties by code-point order: localeCompare would order ids by the runtime's locale, and a browser
  // in Sweden must list the same transitions as a server anywhere.
  const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  transitions.sort((x, y) => y.share - x.share || byCodePoint(String(x.from), String(y.from)) || byCodePoint(String(x.to), String(y.to)));
  return { changedVariant, entered, left, unchanged, stayedOut, transitions, model: sameExperimentHash && layerExact ? "exact" : "independent-hashes" };
}
