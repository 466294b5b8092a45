import seedrandom from "seedrandom";
import type { BanditOptions, BanditSnapshot, ParsedBanditInput } from "./bandit-snapshot.js";
import { requireString } from "../statistics/input-checks.js";
import { parseBanditInput } from "./bandit-snapshot.js";
import { sampleBetaLogit } from "./gamma-sampler.js";
import { applyMinimumShare } from "./share-floor.js";

export interface BanditAllocation {
  /** Traffic share per arm id: sums to 1, every arm ≥ minimumShare. */
  readonly shares: Record<string, number>;
  /** Monte Carlo estimate of P(arm has the highest conversion rate) per arm id, before the floor. */
  readonly probabilityBest: Record<string, number>;
}

/** Seeds and arm ids are arbitrary strings; the NUL separator keeps ("a", "bc") and ("ab", "c") apart. */
export function allocationSeed(experimentId: string, snapshotId: string): string {
  return `${experimentId}\u0000${snapshotId}`;
}

/** Object.fromEntries defines own properties, so an arm id such as "__proto__" is an ordinary key. */
export function byArmId(ids: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(ids.map((id, index) => [id, values[index] as number]));
}

export function allocate(experimentId: string, input: ParsedBanditInput): { shares: number[]; probabilityBest: number[] } {
  const random = seedrandom(allocationSeed(experimentId, input.snapshotId));
  const alphas = input.arms.map((arm) => input.prior.alpha + arm.successes);
  const betas = input.arms.map((arm) => input.prior.beta + arm.failures);
  const wins = input.arms.map(() => 0);
  for (let draw = 0; draw < input.draws; draw++) {
    let bestIndex = 0;
    let bestValue = -Infinity;
    for (let index = 0; index < alphas.length; index++) {
      const value = sampleBetaLogit(alphas[index] as number, betas[index] as number, random);
      // Strictly greater: ties go to the earlier arm.
      if (value > bestValue) {
        bestValue = value;
        bestIndex = index;
      }
    }
    wins[bestIndex] = (wins[bestIndex] as number) + 1;
  }
  const probabilityBest = wins.map((count) => count / input.draws);
  return { shares: applyMinimumShare(probabilityBest, input.minimumShare), probabilityBest };
}

/**
 * Thompson-sampling allocation for a Bernoulli bandit: each arm's share of traffic is the posterior
 * probability that it is the best arm, estimated from `draws` joint draws of the arms' Beta posteriors,
 * then floored at `minimumShare`. Deterministic: the draws come from `seedrandom` seeded with the
 * experiment id and the snapshot id.
 */
export function banditAllocation(experimentId: string, snapshot: BanditSnapshot, options?: BanditOptions): BanditAllocation {
  const experiment = requireString(experimentId, "experimentId");
  const input = parseBanditInput(snapshot, options);
  const { shares, probabilityBest } = allocate(experiment, input);
  const ids = input.arms.map((arm) => arm.id);
  return { shares: byArmId(ids, shares), probabilityBest: byArmId(ids, probabilityBest) };
}
