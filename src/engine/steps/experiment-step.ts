import { assignCompiledVariant } from "../../experiments/assignment/assign-compiled-variant.js";
import type { CompiledHoldout } from "../../experiments/config/experiment-model.js";
import type { CompiledCampaign } from "../model/compiled-campaign.js";
import type { Exposure } from "../engine-types.js";
import { passed, refused, type StepResult } from "./step-verdict.js";

export interface ExperimentOutcome {
  readonly result: StepResult;
  /** The variant whose content goes out ("" without an experiment). */
  readonly variantId: string;
  /** What to record when the message goes out (or, for the control, would have). */
  readonly exposure: Omit<Exposure, "at"> | null;
  /** The control: it sends nothing but is recorded if it would have been sent. */
  readonly control: boolean;
}

const reasons: Readonly<Record<string, string>> = {
  inactive: "the experiment is inactive",
  "other-experiment-in-layer": "the user's slot in the layer belongs to another campaign",
  "not-in-coverage": "the user is outside the experiment's coverage",
  "missing-unit-id": "the user has no id to bucket",
};

/** Step 4: the global holdout (critical categories exempt), then the campaign's experiment. */
export function experimentStep(campaign: CompiledCampaign, unitId: string | null, holdout: CompiledHoldout | null): ExperimentOutcome {
  if (holdout !== null && !campaign.holdoutExempt) {
    if (unitId === null) return { result: refused("missing-unit-id", "the user has no id, so the global holdout cannot be applied"), variantId: "", exposure: null, control: false };
    if (holdout.hashUnit(unitId).bucket < holdout.bucketLimit) {
      return { result: refused("holdout", `the user is in the global holdout ${holdout.id}`), variantId: "", exposure: { campaign: campaign.id, experiment: holdout.id, variant: null, control: false, holdout: true }, control: false };
    }
  }
  const experiment = campaign.experiment;
  if (experiment === null) return { result: passed("no experiment"), variantId: "", exposure: null, control: false };
  if (unitId === null) return { result: refused("missing-unit-id", reasons["missing-unit-id"]!), variantId: "", exposure: null, control: false };
  const assignment = assignCompiledVariant(experiment, unitId);
  if (assignment.variantId === null) return { result: refused(assignment.reason, reasons[assignment.reason] ?? assignment.reason), variantId: "", exposure: null, control: false };
  const exposure = { campaign: campaign.id, experiment: experiment.id, variant: assignment.variantId, control: assignment.isControl };
  if (assignment.isControl) return { result: refused("control", `control of experiment ${experiment.id}`), variantId: assignment.variantId, exposure, control: true };
  return { result: passed(`variant ${assignment.variantId} of experiment ${experiment.id} (${assignment.reason})`), variantId: assignment.variantId, exposure, control: false };
}
