/** The RFM model config of `rfm_score` (validated where options are compiled; the operators read the parsed model). */
import { z } from "../../validation/csp-safe-zod.js";
import { parseDuration } from "../../time/duration.js";

const thresholds = z
  .array(z.number().finite())
  .min(1)
  .max(8, "at most 8 thresholds (9 scores) so that the combined score has one digit per dimension")
  .refine((values) => values.every((value, i) => i === 0 || value > (values[i - 1] as number)), { message: "thresholds must be strictly ascending" });

/** An RFM model: recency, frequency and monetary scores of one event from thresholds. */
export const rfmModelSchema = z.strictObject({
  /** The event scored, e.g. "purchase". */
  event: z.string().min(1),
  /** Its declared numeric property for the monetary score, e.g. "amount". */
  property: z.string().min(1).optional(),
  /** The window of frequency and monetary value, e.g. "90d". */
  window: z.union([z.string(), z.number()]).refine((value) => parseDuration(value).ok, { message: "must be a duration such as \"90d\"" }),
  /** Days since the last event: at most thresholds[i] days earns one more point, e.g. [7, 30, 90, 180] → 5 within a week. */
  recency: thresholds,
  /** Events in the window: at least thresholds[i] earns one more point, e.g. [2, 4, 8, 16]. */
  frequency: thresholds,
  /** Sum of the property in the window: at least thresholds[i] earns one more point. */
  monetary: thresholds.optional(),
});

export type RfmModel = z.input<typeof rfmModelSchema>;
export type ParsedRfmModel = z.output<typeof rfmModelSchema>;
