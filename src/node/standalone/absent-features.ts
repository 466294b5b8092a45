import type { CampaignIR, EngineIR } from "../../engine/model/engine-model.js";
import { BEHAVIOURAL_OPERATOR_GROUPS } from "./operator-families.js";
import { containsTemplate } from "./config-features.js";

/**
 * A part of the engine that a config may not use at all, and the files an engine module then
 * carries instead of its own (src/standalone/absent/: what the real files do for a config without
 * it, or a function that is never called for one). Each stand-in is typed after the file it
 * replaces; test/standalone checks that modules without the feature decide as createEngine does.
 */
export interface OptionalFeature {
  readonly name: string;
  /** Whether the config (its validated IR, and the operator names its rules may use) uses it. */
  readonly usedBy: (ir: EngineIR, operators: ReadonlySet<string>) => boolean;
  /** The files replaced when it is not used: [the file, its stand-in], as paths under the module root without extension. */
  readonly replaces: readonly (readonly [string, string])[];
}

/** Every campaign of the IR: the config's own and the journeys' message steps. */
function campaignsOf(ir: EngineIR): readonly CampaignIR[] {
  return [...ir.campaigns, ...ir.journeys.flatMap((journey) => journey.messages.map(([, campaign]) => campaign))];
}

const stand = (module: string, file: string): readonly [string, string] => [module, `standalone/absent/${file}`];

export const OPTIONAL_FEATURES: readonly OptionalFeature[] = Object.freeze([
  {
    name: "journeys",
    usedBy: (ir) => ir.journeys.length > 0,
    replaces: [
      stand("engine/run/journey-run", "journey-run"),
      stand("journeys/run/journey-step", "journey-step"),
      stand("journeys/state/journey-state", "journey-state"),
      stand("journeys/definition/link-journey", "link-journey"),
    ],
  },
  {
    name: "best send time",
    usedBy: (ir) => campaignsOf(ir).some((campaign) => campaign.sendTime !== null),
    replaces: [stand("channels/send-time/best-send-time", "best-send-time")],
  },
  {
    name: "experiments and holdouts",
    usedBy: (ir) => ir.holdout !== null || campaignsOf(ir).some((campaign) => campaign.experiment !== null),
    replaces: [stand("experiments/config/experiment-model", "experiment-model"), stand("experiments/assignment/assign-compiled-variant", "assign-compiled-variant")],
  },
  {
    name: "segments",
    usedBy: (ir) => ir.segments.segments.length > 0,
    replaces: [stand("segments/membership/segment-set", "segment-set"), stand("segments/definitions/segments-model", "segments-model")],
  },
  {
    name: "behavioural operators",
    usedBy: (_, operators) => BEHAVIOURAL_OPERATOR_GROUPS.some((group) => group.names.some((name) => operators.has(name))),
    replaces: [stand("segments/operators/behavioural-operator-table", "behavioural-operator-table"), stand("rules/compiler/operator-table", "operator-table")],
  },
  {
    name: "templates",
    usedBy: (ir) => containsTemplate(ir),
    replaces: [stand("engine/content/render-template", "render-template"), stand("engine/content/template-model", "template-model")],
  },
  {
    name: "behaviour folding",
    usedBy: (ir) => ir.behaviour !== null,
    replaces: [stand("segments/aggregates/aggregate-policy-model", "aggregate-policy-model")],
  },
]);

/**
 * Checks of a config's validation that compiling the IR's rules would repeat (their size, and the
 * suggestion for an unknown operator): the IR was validated when the config was prepared, so every
 * module carries these stand-ins, whatever its config.
 */
export const VALIDATION_STAND_INS: readonly (readonly [string, string])[] = Object.freeze([stand("rules/compiler/measure-rule", "measure-rule"), stand("rules/compiler/operator-suggestion", "operator-suggestion")]);
