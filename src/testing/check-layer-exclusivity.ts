import * as fc from "fast-check";
import { campaignExperimentConfig } from "../engine/compile/compile-campaign-experiment.js";
import { parseSections } from "../engine/compile/parse-sections.js";
import { assignVariant } from "../experiments/assignment/assign-variant.js";
import { compileExperiment } from "../experiments/config/compile-experiment.js";
import type { CompiledExperiment } from "../experiments/config/experiment-model.js";
import { ExperimentConfigError } from "../experiments/config/experiment-config-error.js";
import type { Experiment } from "../experiments/config/experiment-schema.js";
import { checkLayerExclusivity as layerProblems } from "../experiments/layers/check-layer-exclusivity.js";
import type { LocatedProblem } from "../validation/located-problems.js";
import { formatProblems, engineUnderTest } from "./engine-under-test.js";
import { assertReport, replayHint, runParameters, type CheckOptions, type InvariantReport } from "./invariant-report.js";

export interface LayerExclusivityOptions extends CheckOptions {
  /** Unit ids to sample (default: short strings, uuids and `user-<n>`). */
  readonly unitIds?: fc.Arbitrary<string>;
}

/** A unit that gets variants of two campaigns in one layer. */
export interface LayerClash {
  readonly unitId: string;
  readonly layer: string;
  readonly assignments: readonly { readonly campaignId: string; readonly variantId: string }[];
}

export interface LayerExclusivityCounterexample {
  /** Overlapping slices (and salts, duplicate experiment ids), each at its campaign's JSON pointer. */
  readonly problems: readonly LocatedProblem[];
  /** A sampled unit that gets variants of two campaigns in one layer. */
  readonly unit?: LayerClash;
}

export type LayerExclusivityReport = InvariantReport<LayerExclusivityCounterexample>;

const INVARIANT = "layer-exclusivity";

const defaultUnitIds: fc.Arbitrary<string> = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.uuid(), fc.nat().map((n) => `user-${n}`));

interface Layered {
  readonly index: number;
  readonly campaignId: string;
  readonly layer: string;
  readonly experiment: Experiment;
}

/** The campaign experiments in layers, as the engine builds them (the layer's salt from `layers`). */
function layeredExperiments(config: unknown): Layered[] {
  const { sections, campaigns } = parseSections(config);
  const salts = new Map((sections.layers ?? []).map((layer) => [layer.id, layer.salt ?? layer.id]));
  const layered: Layered[] = [];
  campaigns.forEach((campaign, index) => {
    const layer = campaign?.experiment?.layer;
    if (campaign === undefined || layer === undefined) return;
    const experiment = campaignExperimentConfig(campaign, salts);
    if (experiment !== null) layered.push({ index, campaignId: campaign.id, layer: layer.id, experiment });
  });
  return layered;
}

/** nudgekit/experiments' check, its paths moved to the campaigns'; invalid experiments are reported, not thrown. */
function staticProblems(layered: readonly Layered[]): { problems: LocatedProblem[]; compiled: (CompiledExperiment | null)[] } {
  const problems: LocatedProblem[] = [];
  const compiled = layered.map((entry) => {
    try {
      return compileExperiment(entry.experiment);
    } catch (error) {
      if (!(error instanceof ExperimentConfigError)) throw error;
      problems.push(...error.problems.map((problem) => ({ path: `/campaigns/${entry.index}/experiment${problem.path}`, message: problem.message })));
      return null;
    }
  });
  const valid = layered.filter((_, position) => compiled[position] !== null);
  for (const problem of layerProblems(valid.map((entry) => entry.experiment))) {
    const [, position, ...rest] = problem.path.split("/");
    const entry = valid[Number(position)];
    if (entry !== undefined) problems.push({ path: `/campaigns/${entry.index}/experiment/${rest.join("/")}`, message: `campaign ${JSON.stringify(entry.campaignId)}: ${problem.message}` });
  }
  return { problems, compiled };
}

/**
 * Experiments in one layer never overlap: their slices of the layer are disjoint (nudgekit's own
 * `checkLayerExclusivity`, on the experiments the engine builds from the campaigns), and no sampled
 * unit id gets a variant (control included) in two campaigns of the same layer. Works on configs
 * `createEngine` refuses too (it refuses overlapping slices), reporting the overlap by campaign.
 * (For a list of experiments rather than a config, `checkLayerExclusivity` of nudgekit/experiments.)
 *
 * @example
 * const report = checkCampaignLayers(config, { seed: 42 }); // from nudgekit/testing
 * report.ok; // false when two campaigns of one layer can reach the same user
 */
export function checkCampaignLayers(config: unknown, options: LayerExclusivityOptions = {}): LayerExclusivityReport {
  const loaded = engineUnderTest(config, options);
  const configProblems = loaded.ok ? undefined : loaded.problems;
  const layered = layeredExperiments(config);
  const { problems, compiled } = staticProblems(layered);
  const layers = new Map<string, { campaignId: string; experiment: CompiledExperiment }[]>();
  layered.forEach((entry, position) => {
    const experiment = compiled[position];
    if (experiment === null || experiment === undefined) return;
    const members = layers.get(entry.layer) ?? [];
    members.push({ campaignId: entry.campaignId, experiment });
    layers.set(entry.layer, members);
  });
  const shared = [...layers].filter(([, members]) => members.length > 1);

  const clash = (unitId: string): LayerClash | null => {
    for (const [layer, members] of shared) {
      const assignments = members.flatMap(({ campaignId, experiment }) => {
        const variantId = assignVariant(experiment, unitId).variantId;
        return variantId === null ? [] : [{ campaignId, variantId }];
      });
      if (assignments.length > 1) return { unitId, layer, assignments };
    }
    return null;
  };
  const details = shared.length === 0 ? null : fc.check(fc.property(options.unitIds ?? defaultUnitIds, (unitId) => clash(unitId) === null), runParameters(options, 1_000));
  const unitId = details?.counterexample?.[0];
  const unit = unitId === undefined ? null : clash(unitId);
  const runs = details?.numRuns ?? 0;
  const seed = details === null ? {} : { seed: details.seed };
  const refused = configProblems === undefined ? {} : { configProblems };

  if (problems.length === 0 && unit === null) {
    const summary = `${layered.length} campaign experiment${layered.length === 1 ? "" : "s"} in ${new Set(layered.map((entry) => entry.layer)).size} layer(s) own disjoint slices${details === null ? " (no layer holds two, so no unit can get two)" : `, and none of ${runs} sampled unit ids got variants of two campaigns in one layer`}`;
    if (configProblems === undefined) return { invariant: INVARIANT, ok: true, runs, ...seed, message: summary };
    return { invariant: INVARIANT, ok: false, runs, ...seed, ...refused, message: `${summary}, but createEngine refused the config for other reasons:\n${formatProblems(configProblems)}` };
  }
  const lines = ["campaign experiments in one layer overlap:"];
  if (problems.length > 0) lines.push(formatProblems(problems));
  if (unit !== null) {
    lines.push(`  unit ${JSON.stringify(unit.unitId)} gets ${unit.assignments.map((entry) => `${entry.variantId} of ${entry.campaignId}`).join(" and ")} in layer ${JSON.stringify(unit.layer)}`);
    if (details !== null) lines.push(replayHint(details.seed, details.counterexamplePath));
  }
  if (configProblems !== undefined) lines.push(`(createEngine refuses this config: ${configProblems.length} problem${configProblems.length === 1 ? "" : "s"})`);
  return { invariant: INVARIANT, ok: false, runs, ...seed, ...refused, counterexample: { problems, ...(unit === null ? {} : { unit }) }, message: lines.join("\n") };
}

/** `checkCampaignLayers`, throwing an InvariantError with the report's message when layers overlap. */
export function assertCampaignLayers(config: unknown, options: LayerExclusivityOptions = {}): LayerExclusivityReport {
  return assertReport(checkCampaignLayers(config, options));
}
