/**
 * nudgekit/experiments — deterministic bucketing (MurmurHash3 over `salt:unitId`, 10,000
 * buckets), holdouts, layers, overrides, sticky assignment, allocation diffs, statistics, bandits,
 * and GrowthBook / Optimizely / Unleash compatible hashing. See docs/bucketing.md.
 *
 * @module nudgekit/experiments
 */
export { assignVariant, type AssignOptions } from "./assignment/assign-variant.js";
export type { Assignment, AssignmentReason } from "./assignment/assignment.js";
export { compileExperiment, compileHoldout, isCompiledExperiment } from "./config/compile-experiment.js";
export { type CompiledExperiment, type CompiledHoldout, type CompiledLayerMembership } from "./config/experiment-model.js";
export { ExperimentConfigError, type ExperimentConfigProblem } from "./config/experiment-config-error.js";
export { experimentSchema, holdoutSchema, type Experiment, type GlobalHoldout, type LayerMembership, type Variant } from "./config/experiment-schema.js";
export { bucketRanges, type BucketRange } from "./allocation/bucket-ranges.js";
export { diffAllocations, type AllocationDiff, type AllocationTransition } from "./allocation/diff-allocations.js";
export { checkLayerExclusivity } from "./layers/check-layer-exclusivity.js";
export { BUCKET_COUNT, bucketOf, bucketShare } from "./hashing/bucket.js";
export { murmur3 } from "./hashing/murmur3.js";
export { HASH_SEPARATOR, createUnitHasher, hashUnit, type HashTrace, type UnitHasher } from "./hashing/unit-hash.js";
export { readStickyEntry, withStickyEntry, type StickyDocument, type StickyEntry } from "./sticky/sticky-document.js";
export { assignVariantWithStore, createMemoryStickyStore, type MemoryStickyStore, type StickyAssignmentStore } from "./sticky/sticky-store.js";
export * as growthbook from "./vendors/growthbook.js";
export * as optimizely from "./vendors/optimizely.js";
export * as unleash from "./vendors/unleash.js";
export * from "./statistics/index.js";
export * from "./bandit/index.js";
