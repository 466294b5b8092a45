import {
  optionalObject,
  requireArray,
  requireBetaPrior,
  requireNonNegative,
  requireObject,
  requireString,
} from "../statistics/input-checks.js";
import { StatisticsInputError } from "../statistics/statistics-input-error.js";

/** One arm's evidence so far. Counts may be fractional (e.g. exponentially decayed). */
export interface BanditArm {
  readonly id: string;
  readonly successes: number;
  readonly failures: number;
}

/**
 * The posterior state of a Bernoulli bandit at one point in time. `id` names this version of the
 * state (e.g. a counter or the time it was computed): allocations are seeded with it, so the same
 * snapshot id always gives the same shares. Treat a snapshot as immutable once used.
 */
export interface BanditSnapshot {
  readonly id: string;
  readonly arms: readonly BanditArm[];
}

export interface BanditOptions {
  /** Floor on every arm's share, so that no arm stops learning. Default 0; arms × minimumShare must be ≤ 1. */
  readonly minimumShare?: number;
  /** Monte Carlo draws for P(arm is best). Default 10 000 (standard error ≤ 0.005). */
  readonly draws?: number;
  /** Beta prior added to every arm's counts. Default { alpha: 1, beta: 1 }. */
  readonly prior?: { readonly alpha: number; readonly beta: number };
}

export interface ParsedBanditInput {
  readonly snapshotId: string;
  readonly arms: readonly BanditArm[];
  readonly minimumShare: number;
  readonly draws: number;
  readonly prior: { readonly alpha: number; readonly beta: number };
}

/** Ten million draws take seconds; more is never useful for an allocation. */
const MAX_DRAWS = 10_000_000;

export function parseBanditInput(snapshot: BanditSnapshot, options: BanditOptions | undefined): ParsedBanditInput {
  const state = requireObject(snapshot, "snapshot");
  const snapshotId = requireString(state["id"], "snapshot.id");
  const list = requireArray(state["arms"], "snapshot.arms");
  if (list.length < 2) throw new StatisticsInputError("snapshot.arms", `must have at least 2 arms; got ${list.length}`);
  const seen = new Set<string>();
  const arms = list.map((raw, index): BanditArm => {
    const field = `snapshot.arms[${index}]`;
    const arm = requireObject(raw, field);
    const id = requireString(arm["id"], `${field}.id`);
    if (seen.has(id)) throw new StatisticsInputError(`${field}.id`, `duplicates the id ${JSON.stringify(id)}`);
    seen.add(id);
    return { id, successes: requireNonNegative(arm["successes"], `${field}.successes`), failures: requireNonNegative(arm["failures"], `${field}.failures`) };
  });
  const settings = optionalObject(options, "options");
  const minimumShare = requireNonNegative(settings["minimumShare"] ?? 0, "options.minimumShare");
  if (minimumShare * arms.length > 1) {
    throw new StatisticsInputError("options.minimumShare", `times the number of arms (${arms.length}) must be ≤ 1; got ${minimumShare}`);
  }
  const draws = settings["draws"] ?? 10_000;
  if (typeof draws !== "number" || !Number.isSafeInteger(draws) || draws < 1 || draws > MAX_DRAWS) {
    throw new StatisticsInputError("options.draws", `must be a whole number from 1 to ${MAX_DRAWS}; got ${String(draws)}`);
  }
  return { snapshotId, arms, minimumShare, draws, prior: requireBetaPrior(settings["prior"], "options.prior") };
}
