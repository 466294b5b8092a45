import { compileExperiment } from "../config/compile-experiment.js";
import type { CompiledExperiment } from "../config/experiment-model.js";
import type { ExperimentConfigProblem } from "../config/experiment-config-error.js";
import type { Experiment } from "../config/experiment-schema.js";

/**
 * Checks that experiments sharing a layer are mutually exclusive: the same layer salt, and
 * disjoint slices of the layer's hash space. Returns every problem (empty when exclusive); paths
 * point into the array given, e.g. `/2/layer/range`. Each experiment must itself be valid
 * (`ExperimentConfigError` otherwise).
 */
export function checkLayerExclusivity(experiments: ReadonlyArray<Experiment | CompiledExperiment>): ExperimentConfigProblem[] {
  const problems: ExperimentConfigProblem[] = [];
  const byLayer = new Map<string, Array<{ index: number; experiment: CompiledExperiment }>>();
  experiments.forEach((config, index) => {
    const experiment = compileExperiment(config);
    if (experiment.layer === null) return;
    const members = byLayer.get(experiment.layer.id) ?? [];
    members.push({ index, experiment });
    byLayer.set(experiment.layer.id, members);
  });
  for (const [layerId, members] of byLayer) {
    const first = members[0]!;
    for (const member of members.slice(1)) {
      if (member.experiment.layer!.salt !== first.experiment.layer!.salt) {
        problems.push({
          path: `/${member.index}/layer/salt`,
          message: `layer "${layerId}" is hashed with salt "${first.experiment.layer!.salt}" by experiment "${first.experiment.id}" but "${member.experiment.layer!.salt}" here`,
        });
      }
    }
    // Sorted by start, a slice overlaps an earlier one exactly when it starts before the furthest
    // end seen so far. Empty slices own no bucket and cannot overlap.
    const sorted = members
      .filter((member) => member.experiment.layer!.range[1] > member.experiment.layer!.range[0])
      .sort((a, b) => a.experiment.layer!.range[0] - b.experiment.layer!.range[0] || a.index - b.index);
    let furthest: (typeof sorted)[number] | undefined;
    for (const current of sorted) {
      const [start, end] = current.experiment.layer!.range;
      if (furthest !== undefined && start < furthest.experiment.layer!.range[1]) {
        problems.push({
          path: `/${current.index}/layer/range`,
          message: `overlaps experiment "${furthest.experiment.id}" in layer "${layerId}" (buckets ${start}…${Math.min(end, furthest.experiment.layer!.range[1]) - 1})`,
        });
      }
      if (furthest === undefined || end > furthest.experiment.layer!.range[1]) furthest = current;
    }
    const ids = new Set<string>();
    for (const member of members) {
      if (ids.has(member.experiment.id)) problems.push({ path: `/${member.index}/id`, message: `experiment "${member.experiment.id}" appears twice in layer "${layerId}"` });
      ids.add(member.experiment.id);
    }
  }
  return problems;
}
