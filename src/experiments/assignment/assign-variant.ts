import { rangeIndexOf } from "../allocation/bucket-ranges.js";
import { compileExperiment, compileHoldout, isCompiledExperiment, type CompiledExperiment, type CompiledHoldout } from "../config/compile-experiment.js";
import type { Experiment, GlobalHoldout } from "../config/experiment-schema.js";
import type { HashTrace } from "../hashing/unit-hash.js";
import { readStickyEntry, withStickyEntry, type StickyDocument } from "../sticky/sticky-document.js";
import type { Assignment, AssignmentReason } from "./assignment.js";

export interface AssignOptions {
  /** The global holdout, checked after forced units and before everything else. */
  readonly holdout?: GlobalHoldout | CompiledHoldout;
  /**
   * Turns sticky assignment on: the unit's stored document (null when it has none yet). A
   * remembered variant wins over the current weights, coverage and layer; a new assignment comes
   * back as `stickyDocument` to persist.
   */
  readonly sticky?: StickyDocument | null;
}

/** The unit id as hashed text: strings as they are, finite numbers and bigints in decimal. */
function unitKey(unitId: unknown): string | null {
  if (typeof unitId === "string") return unitId;
  if (typeof unitId === "number") return Number.isFinite(unitId) ? String(unitId) : null;
  if (typeof unitId === "bigint") return String(unitId);
  return null;
}

function result(experiment: CompiledExperiment, variantId: string | null, reason: AssignmentReason, hash: HashTrace | null): Assignment {
  return { experimentId: experiment.id, variantId, reason, isControl: variantId !== null && variantId === experiment.control, hash };
}

/**
 * Deterministically assigns a unit to one of the experiment's variants (see docs/bucketing.md).
 *
 * The experiment is validated on first use (`ExperimentConfigError` if invalid) and its compiled
 * form cached; pass `compileExperiment(config)` to validate up front. For a valid experiment this
 * never throws, whatever the unit id and options.
 */
export function assignVariant(experiment: Experiment | CompiledExperiment, unitId: string, options?: AssignOptions): Assignment {
  const compiled = isCompiledExperiment(experiment) ? experiment : compileExperiment(experiment);
  const early = settledEarly(compiled, unitId);
  if ("experimentId" in early) return early;
  const { key, hash } = early;
  if (options === undefined) return assignByHash(compiled, key, hash);

  const holdoutHash = options.holdout === undefined ? undefined : holdoutOf(options.holdout, key);
  if (holdoutHash !== undefined && holdoutHash.held) {
    return { ...result(compiled, null, "holdout", hash), holdoutHash: holdoutHash.hash };
  }
  const withHoldout = (assignment: Assignment): Assignment => (holdoutHash === undefined ? assignment : { ...assignment, holdoutHash: holdoutHash.hash });

  const stickyOn = options.sticky !== undefined;
  if (stickyOn) {
    const entry = readStickyEntry(options.sticky, key, compiled.id);
    if (entry !== null && entry.version === compiled.version && compiled.variantIds.includes(entry.variantId)) {
      return withHoldout(result(compiled, entry.variantId, "sticky", hash));
    }
  }
  const assignment = assignByHash(compiled, key, hash);
  if (stickyOn && assignment.reason === "assigned" && assignment.variantId !== null) {
    const stickyDocument = withStickyEntry(options.sticky, key, compiled.id, { variantId: assignment.variantId, version: compiled.version });
    return withHoldout({ ...assignment, stickyDocument });
  }
  return withHoldout(assignment);
}

/** `assignVariant` without options for a compiled experiment: what the engine calls, so a loaded engine needs no validation code. */
export function assignCompiledVariant(compiled: CompiledExperiment, unitId: string): Assignment {
  const early = settledEarly(compiled, unitId);
  return "experimentId" in early ? early : assignByHash(compiled, early.key, early.hash);
}

/** A missing unit id, a forced unit or an inactive experiment settle the assignment before any option or bucket. */
function settledEarly(compiled: CompiledExperiment, unitId: string): Assignment | { readonly key: string; readonly hash: HashTrace } {
  const key = unitKey(unitId);
  if (key === null) return result(compiled, null, "missing-unit-id", null);
  const hash = compiled.hashUnit(key);
  const forced = compiled.forced.size > 0 ? compiled.forced.get(key) : undefined;
  if (forced !== undefined) return result(compiled, forced, "forced", hash);
  if (!compiled.active) return result(compiled, null, "inactive", hash);
  return { key, hash };
}

function holdoutOf(holdout: GlobalHoldout | CompiledHoldout, key: string): { held: boolean; hash: HashTrace } {
  const compiled = compileHoldout(holdout);
  const hash = compiled.hashUnit(key);
  return { held: hash.bucket < compiled.bucketLimit, hash };
}

/** Layer slot, then coverage and variant ranges. */
function assignByHash(compiled: CompiledExperiment, key: string, hash: HashTrace): Assignment {
  const layer = compiled.layer;
  if (layer !== null) {
    const layerHash = layer.hashUnit(key);
    const inSlice = layerHash.bucket >= layer.range[0] && layerHash.bucket < layer.range[1];
    const assignment = inSlice ? assignByRanges(compiled, hash) : result(compiled, null, "other-experiment-in-layer", hash);
    return { ...assignment, layerHash };
  }
  return assignByRanges(compiled, hash);
}

function assignByRanges(compiled: CompiledExperiment, hash: HashTrace): Assignment {
  const index = rangeIndexOf(compiled.ranges, hash.bucket);
  if (index < 0) return result(compiled, null, "not-in-coverage", hash);
  return result(compiled, compiled.variantIds[index]!, "assigned", hash);
}
