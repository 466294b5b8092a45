/**
 * The experiment model: the JSON IR of an experiment and of a global holdout (what
 * `compileExperiment` / `compileHoldout` validate a config into, and what a prepared config
 * stores), and the link functions, the one place the runnable objects (with their hashers) are built.
 */
import type { BucketRange } from "../allocation/bucket-ranges.js";
import { createUnitHasher, type UnitHasher } from "../hashing/unit-hash.js";

/** An experiment validated once and prepared for fast assignment. Immutable. */
export interface CompiledExperiment {
  readonly kind: "compiled-experiment";
  readonly id: string;
  readonly salt: string;
  readonly active: boolean;
  readonly version: number;
  readonly variantIds: readonly string[];
  readonly weights: readonly number[];
  readonly coverage: number;
  /** Bucket range of each variant, in variant order. */
  readonly ranges: readonly BucketRange[];
  readonly control: string | null;
  readonly forced: ReadonlyMap<string, string>;
  readonly layer: CompiledLayerMembership | null;
  readonly hashUnit: UnitHasher;
}

export interface CompiledLayerMembership {
  readonly id: string;
  readonly salt: string;
  /** This experiment's slice of the layer, in buckets: [start, end). */
  readonly range: BucketRange;
  readonly hashUnit: UnitHasher;
}

export interface CompiledHoldout {
  readonly kind: "compiled-holdout";
  readonly id: string;
  readonly salt: string;
  readonly share: number;
  /** Units whose holdout bucket is below this are held out. */
  readonly bucketLimit: number;
  readonly hashUnit: UnitHasher;
}

/** A validated experiment as JSON: no hashers, no maps. */
export type ExperimentIR = Omit<CompiledExperiment, "kind" | "forced" | "layer" | "hashUnit"> & {
  /** Forced unit id → variant id, as entries (unit ids are arbitrary strings, `__proto__` too). */
  readonly forced: readonly (readonly [string, string])[];
  readonly layer: Omit<CompiledLayerMembership, "hashUnit"> | null;
};

export type HoldoutIR = Omit<CompiledHoldout, "kind" | "hashUnit">;

// Only objects made here carry this (unexported from the package) brand, so a look-alike cannot skip validation.
// A symbol-keyed property is a cheap, inline-cached load on the hot path, unlike a WeakSet lookup.
export const compiledBrand: unique symbol = Symbol("nudgekit.compiled");

/** The runnable experiment of a validated IR. */
export function linkExperiment(ir: ExperimentIR): CompiledExperiment {
  const layer = ir.layer;
  return Object.freeze({
    kind: "compiled-experiment" as const,
    id: ir.id,
    salt: ir.salt,
    active: ir.active,
    version: ir.version,
    variantIds: Object.freeze([...ir.variantIds]),
    weights: Object.freeze([...ir.weights]),
    coverage: ir.coverage,
    ranges: Object.freeze(ir.ranges.map(([start, end]) => Object.freeze([start, end] as const))),
    control: ir.control,
    forced: new Map(ir.forced),
    layer: layer === null ? null : Object.freeze({ id: layer.id, salt: layer.salt, range: Object.freeze([layer.range[0], layer.range[1]] as const), hashUnit: createUnitHasher(layer.salt) }),
    hashUnit: createUnitHasher(ir.salt),
    [compiledBrand]: "experiment",
  });
}

/** The runnable holdout of a validated IR. */
export function linkHoldout(ir: HoldoutIR): CompiledHoldout {
  return Object.freeze({ kind: "compiled-holdout" as const, id: ir.id, salt: ir.salt, share: ir.share, bucketLimit: ir.bucketLimit, hashUnit: createUnitHasher(ir.salt), [compiledBrand]: "holdout" });
}
