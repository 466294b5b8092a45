/**
 * Compiled experiments and holdouts as plain JSON and back: what `prepareConfig` stores for a
 * browser, and the one place those objects are built (a loaded experiment is the one compiled).
 */
import { createUnitHasher } from "../hashing/unit-hash.js";
import type { CompiledExperiment, CompiledHoldout, CompiledLayerMembership } from "./compile-experiment.js";

/** A compiled experiment without its hashers: JSON. */
export type ExperimentData = Omit<CompiledExperiment, "kind" | "forced" | "layer" | "hashUnit"> & {
  /** Forced unit id → variant id, as entries (unit ids are arbitrary strings, `__proto__` too). */
  readonly forced: readonly (readonly [string, string])[];
  readonly layer: Omit<CompiledLayerMembership, "hashUnit"> | null;
};

export type HoldoutData = Omit<CompiledHoldout, "kind" | "hashUnit">;

// Only objects made here carry this (unexported from the package) brand, so a look-alike cannot skip validation.
// A symbol-keyed property is a cheap, inline-cached load on the hot path, unlike a WeakSet lookup.
export const compiledBrand: unique symbol = Symbol("nudgekit.compiled");

export function experimentToData(experiment: CompiledExperiment): ExperimentData {
  const { id, salt, active, version, variantIds, weights, coverage, ranges, control, forced, layer } = experiment;
  return { id, salt, active, version, variantIds, weights, coverage, ranges, control, forced: [...forced], layer: layer === null ? null : { id: layer.id, salt: layer.salt, range: layer.range } };
}

export function experimentFromData(data: ExperimentData): CompiledExperiment {
  const layer = data.layer;
  return Object.freeze({
    kind: "compiled-experiment" as const,
    id: data.id,
    salt: data.salt,
    active: data.active,
    version: data.version,
    variantIds: Object.freeze([...data.variantIds]),
    weights: Object.freeze([...data.weights]),
    coverage: data.coverage,
    ranges: Object.freeze(data.ranges.map(([start, end]) => Object.freeze([start, end] as const))),
    control: data.control,
    forced: new Map(data.forced),
    layer: layer === null ? null : Object.freeze({ id: layer.id, salt: layer.salt, range: Object.freeze([layer.range[0], layer.range[1]] as const), hashUnit: createUnitHasher(layer.salt) }),
    hashUnit: createUnitHasher(data.salt),
    [compiledBrand]: "experiment",
  });
}

export function holdoutToData({ id, salt, share, bucketLimit }: CompiledHoldout): HoldoutData {
  return { id, salt, share, bucketLimit };
}

export function holdoutFromData(data: HoldoutData): CompiledHoldout {
  return Object.freeze({ kind: "compiled-holdout" as const, id: data.id, salt: data.salt, share: data.share, bucketLimit: data.bucketLimit, hashUnit: createUnitHasher(data.salt), [compiledBrand]: "holdout" });
}
