import { z } from "../../validation/csp-safe-zod.js";
import { durationSchema } from "../../time/duration-schema.js";
import { parseDuration } from "../../time/duration.js";
import { ATTRIBUTION_MODELS, CONVERSION_ANCHORS } from "../events/outcome-vocabulary.js";

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
/** A conversion window: from 1 second to 365 days. */
export const MIN_CONVERSION_WINDOW_MS = SECOND_MS;
export const MAX_CONVERSION_WINDOW_MS = 365 * DAY_MS;

/** Campaign, definition and event ids: bounded, never a prototype key. */
const identifier = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((id) => id !== "__proto__" && id !== "constructor" && id !== "prototype", { message: "is reserved (it would reach Object.prototype)" });

const windowMs = (value: string | number): number => {
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.milliseconds : Number.NaN;
};

/** A conversion window, "1s" to "365d". */
export const conversionWindowSchema = durationSchema('must be a duration from 1 second to 365 days, such as "24h" or "7d"').refine(
  (value) => windowMs(value) >= MIN_CONVERSION_WINDOW_MS && windowMs(value) <= MAX_CONVERSION_WINDOW_MS,
  { message: 'must be a duration from 1 second to 365 days, such as "24h" or "7d"' },
);

/**
 * What counts as a conversion of a campaign: the user does `event` (and `where` holds on
 * `{ event: { name, time, properties } }`) within `window` after the message's `anchor` outcome.
 * `count: "once"` credits a message at most one conversion of this definition; `"every"` credits
 * each one (orders with the same `orderId` count once either way).
 */
export const conversionDefinitionSchema = z.strictObject({
  id: identifier,
  event: identifier,
  /** JSON Logic on `{ event: { name, time, properties } }`. */
  where: z.unknown().optional(),
  window: conversionWindowSchema,
  /** The outcome the window starts at. Default `"sent"`. */
  anchor: z.enum(CONVERSION_ANCHORS).default("sent"),
  /** Default `"once"`. */
  count: z.enum(["once", "every"]).default("once"),
});

/** A campaign's conversion definitions, with distinct ids. */
export const conversionsSchema = z
  .array(conversionDefinitionSchema)
  .max(100)
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.forEach((definition, index) => {
      if (seen.has(definition.id)) context.addIssue({ code: "custom", path: [index, "id"], message: `duplicates the conversion id ${JSON.stringify(definition.id)}` });
      seen.add(definition.id);
    });
  });

/**
 * How conversions are credited to messages, and how long a message's outcomes count. The model
 * chooses among the messages whose conversion window holds the conversion: `last-touch` (default)
 * the latest, `first-touch` the earliest, `all-touch` each of them fully, `linear` each an equal
 * share, `influenced` each of the last `influence.messages` within `influence.window`.
 */
export const attributionSchema = z.strictObject({
  model: z.enum(ATTRIBUTION_MODELS).default("last-touch"),
  /** The `influenced` model: the last `messages` messages within `window` before the conversion. Default 3 within 3 days. */
  influence: z.strictObject({ messages: z.number().int().min(1).max(100), window: durationSchema('must be a positive duration such as "3d"') }).optional(),
  /** Outcomes (deliveries, opens, clicks…) of a message count this long after its first outcome. Default "7d". */
  outcomeWindow: durationSchema('must be a positive duration such as "30d"').optional(),
});

const metricsVariantSchema = z.object({ id: identifier, weight: z.number().min(0).optional() });

/**
 * What nudgekit/metrics reads of a config: the campaigns' conversions and experiments, the global
 * holdout and the attribution settings. An engine config is one (its other keys are ignored here and
 * checked by `createEngine`).
 */
export const metricsConfigSchema = z.object({
  holdout: z.object({ id: identifier }).optional(),
  attribution: attributionSchema.optional(),
  campaigns: z
    .array(
      z.object({
        id: identifier,
        conversions: conversionsSchema.optional(),
        experiment: z.object({ id: identifier.optional(), variants: z.array(metricsVariantSchema).min(1).max(100), control: identifier.optional() }).optional(),
      }),
    )
    .max(20_000),
  /**
   * An engine config's journeys: each goal is a conversion (id "goal") of the journey's messages,
   * which count under the journey's id. Its `where` reads the event alone here (a rule on `user` or
   * `journey` does not hold), and a window past 365 days counts 365.
   */
  journeys: z
    .array(z.object({ id: identifier, goal: z.object({ event: identifier, where: z.unknown().optional(), window: z.union([z.string(), z.number()]) }).optional() }))
    .max(1_000)
    .optional(),
});

export type ConversionDefinitionInput = z.input<typeof conversionDefinitionSchema>;
export type ConversionDefinition = z.output<typeof conversionDefinitionSchema>;
export type AttributionInput = z.input<typeof attributionSchema>;
export type MetricsConfigInput = z.input<typeof metricsConfigSchema>;
