import * as fc from "fast-check";
import type { Experiment } from "../experiments/config/experiment-schema.js";

export interface ExperimentArbitraryOptions {
  /** Experiment ids (default `experiment-<n>`). */
  readonly ids?: fc.Arbitrary<string>;
  /** Put the experiment in this layer, on this slice (default: no layer). */
  readonly layer?: { readonly id: string; readonly range: readonly [number, number]; readonly salt?: string };
  /** Include QA overrides (`forced`) and inactive experiments (default true). */
  readonly extras?: boolean;
}

const VARIANT_IDS = ["control", "a", "b", "c"];

/**
 * Valid experiments (nudgekit/experiments): one to four variants with weights (at least one
 * positive), maybe a control among them, coverage, salt, version, QA overrides and, with
 * `options.layer`, a layer slice. `compileExperiment` accepts every one.
 *
 * @example
 * fc.assert(fc.property(experimentArbitrary(), fc.string(), (experiment, unit) => {
 *   const { variantId } = assignVariant(experiment, unit);
 *   return variantId === null || experiment.variants.some((variant) => variant.id === variantId);
 * }));
 */
export function experimentArbitrary(options: ExperimentArbitraryOptions = {}): fc.Arbitrary<Experiment> {
  const extras = options.extras ?? true;
  return fc
    .record(
      {
        id: options.ids ?? fc.nat({ max: 999 }).map((n) => `experiment-${n}`),
        variants: fc.uniqueArray(fc.constantFrom(...VARIANT_IDS), { minLength: 1, maxLength: 4 }).chain((ids) =>
          fc.tuple(...ids.map((id, index) => fc.option(fc.integer({ min: index === 0 ? 1 : 0, max: 100 }), { nil: undefined }).map((weight) => (weight === undefined ? { id } : { id, weight })))),
        ),
        hasControl: fc.boolean(),
        coverage: fc.option(fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100), { nil: undefined }),
        salt: fc.option(fc.constantFrom("salt-1", "2026-q4"), { nil: undefined }),
        version: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
        active: extras ? fc.option(fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { nil: undefined }) : fc.constant(undefined),
        forced: extras ? fc.option(fc.dictionary(fc.constantFrom("qa-1", "qa-2"), fc.constant(""), { maxKeys: 2 }), { nil: undefined, freq: 4 }) : fc.constant(undefined),
      },
      { requiredKeys: ["id", "variants", "hasControl"] },
    )
    .map(({ id, variants, hasControl, coverage, salt, version, active, forced }) => {
      const experiment: Record<string, unknown> = { id, variants };
      const ids = variants.map((variant) => variant.id);
      if (hasControl && ids.includes("control")) experiment.control = "control";
      if (coverage !== undefined) experiment.coverage = coverage;
      if (salt !== undefined) experiment.salt = salt;
      if (version !== undefined) experiment.version = version;
      if (active !== undefined) experiment.active = active;
      // Forced units point at an existing variant.
      if (forced !== undefined) experiment.forced = Object.fromEntries(Object.keys(forced).map((unit, index) => [unit, ids[index % ids.length]!]));
      if (options.layer !== undefined) experiment.layer = { id: options.layer.id, range: [options.layer.range[0], options.layer.range[1]], ...(options.layer.salt === undefined ? {} : { salt: options.layer.salt }) };
      return experiment as Experiment;
    });
}
