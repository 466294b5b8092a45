import seedrandom from "seedrandom";
import type { BanditOptions, BanditSnapshot } from "./bandit-snapshot.js";
import { requireString } from "../statistics/input-checks.js";
import { parseBanditInput } from "./bandit-snapshot.js";
import { allocate, allocationSeed, byArmId } from "./thompson-sampling.js";

export interface BanditAssignment {
  readonly armId: string;
  /** The allocation the arm was drawn from (shared between calls; frozen). */
  readonly shares: Readonly<Record<string, number>>;
}

interface CachedAllocation {
  readonly armIds: readonly string[];
  /** Running totals of the shares, in arm order. */
  readonly cumulativeShares: readonly number[];
  readonly shares: Readonly<Record<string, number>>;
}

/**
 * Allocations per snapshot object, then per experiment id and options, so that assigning many units
 * against one snapshot runs the Monte Carlo once. Weakly held: a snapshot that is dropped frees its
 * entries. This memo changes no result, only how often the same result is computed.
 */
const allocationCache = new WeakMap<object, Map<string, CachedAllocation>>();

function cachedAllocation(experimentId: string, snapshot: BanditSnapshot, options: BanditOptions | undefined): CachedAllocation {
  const input = parseBanditInput(snapshot, options);
  // The key holds every input of the allocation, counts included, so that a snapshot object changed
  // in place after a first call can never be answered from a stale entry.
  const counts = input.arms.map((arm) => `${arm.id}\u0001${arm.successes}\u0001${arm.failures}`);
  const key = [experimentId, input.snapshotId, input.minimumShare, input.draws, input.prior.alpha, input.prior.beta, ...counts].join("\u0000");
  let perSnapshot = allocationCache.get(snapshot);
  const cached = perSnapshot?.get(key);
  if (cached !== undefined) return cached;
  const { shares } = allocate(experimentId, input);
  const armIds = input.arms.map((arm) => arm.id);
  let total = 0;
  const entry: CachedAllocation = {
    armIds,
    cumulativeShares: shares.map((share) => (total += share)),
    shares: Object.freeze(byArmId(armIds, shares)),
  };
  if (perSnapshot === undefined) {
    perSnapshot = new Map();
    allocationCache.set(snapshot, perSnapshot);
  }
  perSnapshot.set(key, entry);
  return entry;
}

/**
 * Assigns one unit to an arm in proportion to the Thompson-sampling shares of `banditAllocation`.
 * Deterministic per (experiment, unit, snapshot id): a uniform draw from `seedrandom` seeded with all
 * three picks the first arm whose cumulative share exceeds it, in arm order. A new snapshot id
 * reshuffles units; keep assignments sticky elsewhere if a unit must keep its arm.
 */
export function banditAssign(experimentId: string, unitId: string, snapshot: BanditSnapshot, options?: BanditOptions): BanditAssignment {
  const experiment = requireString(experimentId, "experimentId");
  const unit = requireString(unitId, "unitId");
  const allocation = cachedAllocation(experiment, snapshot, options);
  const uniform = seedrandom(`${allocationSeed(experiment, snapshot.id)}\u0000${unit}`)();
  const { armIds, cumulativeShares } = allocation;
  let chosen = -1;
  for (let index = 0; index < armIds.length; index++) {
    if (uniform < (cumulativeShares[index] as number)) {
      chosen = index;
      break;
    }
  }
  if (chosen === -1) {
    // The shares sum to 1 only up to rounding: give a draw above the last total to the last arm that has traffic.
    const previousTotal = (index: number): number => (index === 0 ? 0 : (cumulativeShares[index - 1] as number));
    chosen = armIds.length - 1;
    while (chosen > 0 && (cumulativeShares[chosen] as number) <= previousTotal(chosen)) chosen -= 1;
  }
  return { armId: armIds[chosen] as string, shares: allocation.shares };
}
