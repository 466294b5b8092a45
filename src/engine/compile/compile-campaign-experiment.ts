import { experimentIR } from "../../experiments/config/compile-experiment.js";
import type { ExperimentIR } from "../../experiments/config/experiment-model.js";
import { ExperimentConfigError } from "../../experiments/config/experiment-config-error.js";
import type { Experiment } from "../../experiments/config/experiment-schema.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import type { CompileContext } from "./compile-context.js";
import { prefixProblems } from "./parse-sections.js";

/** The campaign's experiment as nudgekit/experiments sees it (the layer's salt from the config's `layers`). */
export function campaignExperimentConfig(campaign: Campaign, layers: ReadonlyMap<string, string>): Experiment | null {
  const experiment = campaign.experiment;
  if (experiment === undefined) return null;
  const layer = experiment.layer;
  return {
    id: experiment.id ?? campaign.id,
    ...(experiment.salt === undefined ? {} : { salt: experiment.salt }),
    variants: experiment.variants.map((variant) => (variant.weight === undefined ? { id: variant.id } : { id: variant.id, weight: variant.weight })),
    ...(experiment.control === undefined ? {} : { control: experiment.control }),
    ...(experiment.coverage === undefined ? {} : { coverage: experiment.coverage }),
    ...(layer === undefined ? {} : { layer: { id: layer.id, salt: layers.get(layer.id) ?? layer.id, range: layer.range } }),
  };
}

export function compileCampaignExperiment(campaign: Campaign, path: string, context: CompileContext, problems: LocatedProblem[]): ExperimentIR | null {
  const config = campaignExperimentConfig(campaign, context.layers);
  if (config === null) return null;
  const layer = campaign.experiment?.layer;
  if (layer !== undefined && !context.layers.has(layer.id)) {
    problems.push({ path: `${path}/experiment/layer/id`, message: `unknown layer ${JSON.stringify(layer.id)} (declare it in layers)` });
  }
  try {
    return experimentIR(config);
  } catch (error) {
    if (!(error instanceof ExperimentConfigError)) throw error;
    problems.push(...prefixProblems(error.problems, `${path}/experiment`));
    return null;
  }
}
