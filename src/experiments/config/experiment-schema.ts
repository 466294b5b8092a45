import { z } from "../../validation/csp-safe-zod.js";
import { isPlainObject } from "../../json/plain-object.js";

/** Bounds that keep a hostile configuration from costing much to compile or to hold. */
const MAX_ID_LENGTH = 256;
const MAX_SALT_LENGTH = 1024;
const MAX_VARIANTS = 100;
const MAX_FORCED_UNITS = 10_000;

const identifier = z.string().min(1, "must not be empty").max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);
const salt = z.string().min(1, "must not be empty").max(MAX_SALT_LENGTH, `must be at most ${MAX_SALT_LENGTH} characters`);
const share = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

export const variantSchema = z.strictObject({
  id: identifier,
  /** Any non-negative number; weights are normalised over the variants. Default 1. */
  weight: z.number().min(0, "must not be negative").optional(),
});

export const layerMembershipSchema = z
  .strictObject({
    /** Experiments with the same layer id are mutually exclusive. */
    id: identifier,
    /** Defaults to the layer id; every experiment in a layer must use the same one. */
    salt: salt.optional(),
    /** This experiment's slice of the layer's hash space, as shares: [start, end). */
    range: z.tuple([share, share]),
  })
  .refine((layer) => layer.range[0] <= layer.range[1], { message: "range start must not exceed its end", path: ["range"] });

export const experimentSchema = z
  .strictObject({
    id: identifier,
    /** Salt of the unit hash; defaults to the experiment id. Keep it when renaming the experiment. */
    salt: salt.optional(),
    /** An inactive experiment assigns nobody (forced units excepted). Default true. */
    active: z.boolean().optional(),
    variants: z.array(variantSchema).min(1, "needs at least one variant").max(MAX_VARIANTS, `must have at most ${MAX_VARIANTS} variants`),
    /** The variant id that is the control (held back, recorded as an exposure). */
    control: identifier.optional(),
    /** The share of units that enter the experiment. Default 1. */
    coverage: share.optional(),
    layer: layerMembershipSchema.optional(),
    /**
     * Unit id → variant id, for QA. Checked before anything else. Read as own keys (not through
     * z.record, which drops a "__proto__" key silently).
     */
    forced: z.custom<Record<string, string>>(isPlainObject, "must be an object mapping unit ids to variant ids").optional(),
    /** Bump to re-bucket units that sticky assignment would otherwise keep. Default 0. */
    version: z.number().int("must be an integer").min(0, "must not be negative").optional(),
  })
  // Cross-field checks run even when a field failed (`when`), so one pass reports every problem;
  // hence they read the data defensively, as raw input.
  .superRefine(
    (experiment, context) => {
      const variants: unknown[] = experiment.variants;
      const ids = new Set<string>();
      let totalWeight = 0;
      let weightsValid = true; // an invalid weight is reported on its own; no second report for the sum
      variants.forEach((variant, index) => {
        if (!isPlainObject(variant)) return;
        const weight = variant.weight === undefined ? 1 : variant.weight;
        if (typeof weight === "number" && weight >= 0) totalWeight += weight;
        else weightsValid = false;
        if (typeof variant.id !== "string") return;
        if (ids.has(variant.id)) context.addIssue({ code: "custom", message: `duplicate variant id "${variant.id}"`, path: ["variants", index, "id"] });
        ids.add(variant.id);
      });
      if (weightsValid && variants.length > 0 && (!(totalWeight > 0) || !Number.isFinite(totalWeight))) {
        context.addIssue({ code: "custom", message: "weights must add up to a positive, finite number", path: ["variants"] });
      }
      const control: unknown = experiment.control;
      if (typeof control === "string" && control !== "" && !ids.has(control)) {
        context.addIssue({ code: "custom", message: `control "${control}" is not one of the variant ids`, path: ["control"] });
      }
      const forced: unknown = experiment.forced;
      if (!isPlainObject(forced)) return;
      const forcedUnits = Object.keys(forced);
      if (forcedUnits.length > MAX_FORCED_UNITS) {
        context.addIssue({ code: "custom", message: `must force at most ${MAX_FORCED_UNITS} units`, path: ["forced"] });
      }
      for (const unitId of forcedUnits) {
        const variantId: unknown = forced[unitId];
        if (typeof variantId !== "string") context.addIssue({ code: "custom", message: "must be a variant id (a string)", path: ["forced", unitId] });
        else if (!ids.has(variantId)) context.addIssue({ code: "custom", message: `forced variant "${variantId}" is not one of the variant ids`, path: ["forced", unitId] });
      }
    },
    { when: (payload) => isPlainObject(payload.value) && Array.isArray(payload.value.variants) },
  );

/** An experiment as configured (plain JSON). */
export type Experiment = z.input<typeof experimentSchema>;
export type Variant = z.input<typeof variantSchema>;
export type LayerMembership = z.input<typeof layerMembershipSchema>;

export const holdoutSchema = z.strictObject({
  id: identifier,
  /** Defaults to the holdout id; must differ from every experiment's salt to stay independent. */
  salt: salt.optional(),
  /** The share of all units that no campaign reaches. */
  share,
});

/** A global holdout: a share of all units that no experiment or campaign reaches. */
export type GlobalHoldout = z.input<typeof holdoutSchema>;
