import { rangeIndexOf } from "../allocation/bucket-ranges.js";
import type { CompiledExperiment } from "../config/experiment-model.js";
import type { HashTrace } from "../hashing/unit-hash.js";
import type { Assignment, AssignmentReason } from "./assignment.js";

/** The unit id as hashed text: strings as they are, finite numbers and bigints in decimal. */
function unitKey(unitId: unknown): string | null {
  if (typeof unitId === "string") return unitId;
  if (typeof unitId === "number") return Number.isFinite(unitId) ? String(unitId) : null;
  if (typeof unitId === "bigint") return String(unitId);
  return null;
}

export function result(experiment: CompiledExperiment, variantId: string | null, reason: AssignmentReason, hash: HashTrace | null): Assignment {
  return { experimentId: experiment.id, variantId, reason, isControl: variantId !== null && variantId === experiment.control, hash };
}

/**
 * `assignVariant` without options, for a compiled experiment: what the engine calls, in a file of
 * its own so that a loaded engine reaches no validation code.
 */
export function assignCompiledVariant(compiled: CompiledExperiment, unitId: string): Assignment {
  const early = settledEarly(compiled, unitId);
  return "experimentId" in early ? early : assignByHash(compiled, early.key, early.hash);
}

/** A missing unit id, a forced unit or an inactive experiment settle the assignment before any option or bucket. */
export function settledEarly(compiled: CompiledExperiment, unitId: string): Assignment | { readonly key: string; readonly hash: HashTrace } {
  const key = unitKey(unitId);
  if (key === null) return result(compiled, null, "missing-unit-id", null);
  const hash = compiled.hashUnit(key);
  const forced = compiled.forced.size > 0 ? compiled.forced.get(key) : undefined;
  if (forced !== undefined) return result(compiled, forced, "forced", hash);
  if (!compiled.active) return result(compiled, null, "inactive", hash);
  return { key, hash };
}

/** Layer slot, then coverage and variant ranges. */
export function assignByHash(compiled: CompiledExperiment, key: string, hash: HashTrace): Assignment {
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
