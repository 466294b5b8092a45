import { z } from "../../validation/csp-safe-zod.js";

const segmentId = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters");

/** One segment: a JSON Logic rule on `{ user, now }`, refined by other segments. */
export const segmentDefinitionSchema = z.strictObject({
  id: segmentId,
  name: z.string().max(200).optional(),
  /** JSON Logic on `{ user, now }`; behavioural operators read `user.behaviour`. */
  rule: z.unknown().refine((rule) => rule !== undefined, { message: "is required (use true for everyone)" }),
  /** Members must also be members of every one of these segments. */
  include: z.array(segmentId).max(100).optional(),
  /** Members must be members of none of these segments. */
  exclude: z.array(segmentId).max(100).optional(),
});

export const segmentDefinitionsSchema = z.array(segmentDefinitionSchema).max(10_000);

export type SegmentDefinition = z.input<typeof segmentDefinitionSchema>;
