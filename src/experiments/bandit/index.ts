/**
 * Thompson-sampling bandits for Bernoulli rewards (click, convert): allocation shares from posterior
 * snapshots and deterministic per-unit assignment. Randomness comes only from seeded `seedrandom`.
 */
export { banditAllocation, type BanditAllocation } from "./thompson-sampling.js";
export { banditAssign, type BanditAssignment } from "./bandit-assign.js";
export type { BanditArm, BanditOptions, BanditSnapshot } from "./bandit-snapshot.js";
export { sampleBeta, sampleLogGamma, type UniformSource } from "./gamma-sampler.js";
export { StatisticsInputError } from "../statistics/statistics-input-error.js";
