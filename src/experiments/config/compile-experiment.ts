import { bucketRanges } from "../allocation/bucket-ranges.js";
import { BUCKET_COUNT } from "../hashing/bucket.js";
import { compiledBrand, linkExperiment, linkHoldout, type CompiledExperiment, type CompiledHoldout, type ExperimentIR, type HoldoutIR } from "./experiment-model.js";
import { ExperimentConfigError } from "./experiment-config-error.js";
import { experimentSchema, holdoutSchema, type Experiment, type GlobalHoldout } from "./experiment-schema.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";

// Compiling twice the same configuration object is wasted work; configurations are immutable.
const compiledExperiments = new WeakMap<object, CompiledExperiment>();
const compiledHoldouts = new WeakMap<object, CompiledHoldout>();

/** A share in [0, 1] as a whole number of buckets. */
function shareToBuckets(share: number): number {
  return Math.round(share * BUCKET_COUNT);
}

/**
 * Validates an experiment configuration (throws `ExperimentConfigError` listing every problem) and
 * prepares it for `assignVariant`. Already compiled experiments are returned as they are.
 */
export function compileExperiment(config: Experiment | CompiledExperiment | unknown): CompiledExperiment {
  if (isCompiledExperiment(config)) return config;
  if (typeof config === "object" && config !== null) {
    const cached = compiledExperiments.get(config);
    if (cached) return cached;
  }
  const compiled = linkExperiment(experimentIR(config));
  if (typeof config === "object" && config !== null) compiledExperiments.set(config, compiled);
  return compiled;
}

export function isCompiledExperiment(value: unknown): value is CompiledExperiment {
  return typeof value === "object" && value !== null && (value as { [compiledBrand]?: unknown })[compiledBrand] === "experiment";
}

/** Validates and prepares a global holdout (throws `ExperimentConfigError`). */
export function compileHoldout(config: GlobalHoldout | CompiledHoldout | unknown): CompiledHoldout {
  if (typeof config === "object" && config !== null) {
    if ((config as { [compiledBrand]?: unknown })[compiledBrand] === "holdout") return config as CompiledHoldout;
    const cached = compiledHoldouts.get(config);
    if (cached) return cached;
  }
  const compiled = linkHoldout(holdoutIR(config));
  if (typeof config === "object" && config !== null) compiledHoldouts.set(config, compiled);
  return compiled;
}

/** Validates an experiment configuration into its JSON IR (throws `ExperimentConfigError` listing every problem). */
export function experimentIR(config: unknown): ExperimentIR {
  const parsed = experimentSchema.safeParse(config, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new ExperimentConfigError("experiment", zodProblems(parsed.error));
  const experiment = parsed.data;
  const salt = experiment.salt ?? experiment.id;
  const weights = experiment.variants.map((variant) => variant.weight ?? 1);
  const coverage = experiment.coverage ?? 1;
  const layer = experiment.layer;
  return {
    id: experiment.id,
    salt,
    active: experiment.active ?? true,
    version: experiment.version ?? 0,
    variantIds: experiment.variants.map((variant) => variant.id),
    weights,
    coverage,
    ranges: bucketRanges(weights, coverage),
    control: experiment.control ?? null,
    forced: Object.entries(experiment.forced ?? {}),
    layer: layer ? { id: layer.id, salt: layer.salt ?? layer.id, range: [shareToBuckets(layer.range[0]), shareToBuckets(layer.range[1])] } : null,
  };
}

/** Validates a global holdout into its JSON IR (throws `ExperimentConfigError`). */
export function holdoutIR(config: unknown): HoldoutIR {
  const parsed = holdoutSchema.safeParse(config, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new ExperimentConfigError("holdout", zodProblems(parsed.error));
  return { id: parsed.data.id, salt: parsed.data.salt ?? parsed.data.id, share: parsed.data.share, bucketLimit: shareToBuckets(parsed.data.share) };
}
