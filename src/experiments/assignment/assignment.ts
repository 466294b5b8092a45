import type { HashTrace } from "../hashing/unit-hash.js";
import type { StickyDocument } from "../sticky/sticky-document.js";

/**
 * Why a unit got (or did not get) a variant. Checked in this order: forced, inactive, holdout,
 * sticky, other-experiment-in-layer, not-in-coverage, assigned.
 */
export type AssignmentReason =
  /** The unit id is listed in the experiment's `forced` overrides (QA). */
  | "forced"
  /** The experiment is not active. */
  | "inactive"
  /** The unit is in the global holdout: no experiment or campaign reaches it. */
  | "holdout"
  /** The unit's sticky document already gave it a variant that still exists. */
  | "sticky"
  /** The unit's slot in the experiment's layer belongs to another experiment (or to none). */
  | "other-experiment-in-layer"
  /** The unit's bucket is outside the covered share of every variant. */
  | "not-in-coverage"
  /** The unit's bucket is in a variant's range. */
  | "assigned"
  /** The unit id is not a string or a finite number: nothing to hash. */
  | "missing-unit-id";

export interface Assignment {
  readonly experimentId: string;
  /** The variant the unit sees; null when it is not in the experiment. */
  readonly variantId: string | null;
  readonly reason: AssignmentReason;
  /** The variant is the experiment's control (held back, but recorded as an exposure). */
  readonly isControl: boolean;
  /** The experiment hash of the unit (computed whatever the reason, to debug); null without a unit id. */
  readonly hash: HashTrace | null;
  /** The global holdout's hash of the unit, when a holdout was given. */
  readonly holdoutHash?: HashTrace;
  /** The layer's hash of the unit, when the experiment is in a layer and the layer was checked. */
  readonly layerHash?: HashTrace;
  /**
   * With sticky assignment on: the unit's updated document, to persist. Present only when it
   * changed (a new assignment was remembered).
   */
  readonly stickyDocument?: StickyDocument;
}
