import { z } from "../../validation/csp-safe-zod.js";
import { LATEST_EVENT_TIME, toEpochMilliseconds } from "../../time/timestamp.js";
import { MESSAGE_OUTCOMES } from "./outcome-vocabulary.js";
import { MAX_OUTCOME_TEXT, MAX_REVENUE } from "./read-metrics-event.js";

const text = z.string().min(1).max(MAX_OUTCOME_TEXT);
const id = z.union([text, z.number().refine(Number.isFinite, { message: "must be finite" })]);
const time = z.union([z.number(), z.string()]).refine((value) => {
  const instant = toEpochMilliseconds(value);
  return instant !== undefined && instant >= 0 && instant <= LATEST_EVENT_TIME;
}, { message: "must be epoch milliseconds or an ISO 8601 instant with an offset, between 1970 and 9999" });

/** A message outcome (see `MessageOutcomeEvent`): needs its deliveryId or its campaignId; `machine` on opens only. */
export const messageOutcomeEventSchema = z
  .looseObject({
    outcome: z.enum(MESSAGE_OUTCOMES),
    id,
    userId: id,
    time,
    campaignId: text.nullish(),
    variantId: text.nullish(),
    channel: text.nullish(),
    deliveryId: text.nullish(),
    machine: z.boolean().nullish(),
    linkId: text.nullish(),
  })
  .refine((event) => event.deliveryId != null || event.campaignId != null, { message: "a message outcome needs its deliveryId or its campaignId" })
  .refine((event) => event.machine !== true || event.outcome === "open", { message: "only an open can be a machine open", path: ["machine"] });

/** An experiment or global-holdout exposure (see `ExposureEvent`). */
export const exposureEventSchema = z
  .looseObject({
    outcome: z.literal("exposure"),
    id,
    userId: id,
    time,
    campaignId: text,
    experimentId: text,
    variantId: text.nullable().optional(),
    control: z.boolean().nullish(),
    holdout: z.boolean().nullish(),
  })
  .refine((event) => (event.holdout === true ? event.variantId == null : event.variantId != null), { message: "a holdout exposure has no variantId; an experiment exposure needs one", path: ["variantId"] });

/** One of the user's events (see `TrackedEvent`): a conversion when a definition names it. */
export const trackedEventSchema = z
  .looseObject({
    outcome: z.undefined().optional(),
    name: text,
    id: id.nullish(),
    userId: id,
    time,
    properties: z.record(z.string(), z.unknown()).optional(),
    revenue: z.number().int().min(-MAX_REVENUE).max(MAX_REVENUE).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    orderId: text.nullish(),
    campaignId: text.nullish(),
  })
  .refine((event) => event.revenue === undefined || event.currency !== undefined, { message: "revenue needs its currency", path: ["currency"] });

/**
 * Every event `foldOutcomes` reads, as a zod schema (for validating at your own boundary and for
 * the JSON Schema). `foldOutcomes` checks the same rules without zod, event by event.
 */
export const metricsEventSchema = z.union([messageOutcomeEventSchema, exposureEventSchema, trackedEventSchema]);
