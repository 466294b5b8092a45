import { compileExperiment, compileHoldout, isCompiledExperiment } from "../config/compile-experiment.js";
import type { CompiledExperiment, CompiledHoldout } from "../config/experiment-model.js";
import type { Experiment, GlobalHoldout } from "../config/experiment-schema.js";
import type { HashTrace } from "../hashing/unit-hash.js";
import { readStickyEntry, withStickyEntry, type StickyDocument } from "../sticky/sticky-document.js";
import { assignByHash, result, settledEarly } from "./assign-compiled-variant.js";
import type { Assignment } from "./assignment.js";

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

function holdoutOf(holdout: GlobalHoldout | CompiledHoldout, key: string): { held: boolean; hash: HashTrace } {
  const compiled = compileHoldout(holdout);
  const hash = compiled.hashUnit(key);
  return { held: hash.bucket < compiled.bucketLimit, hash };
}
