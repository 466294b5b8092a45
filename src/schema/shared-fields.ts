import { z } from "../validation/csp-safe-zod.js";
import { durationSchema as boundedDuration } from "../time/duration-schema.js";
import { toEpochMilliseconds } from "../time/timestamp.js";

/** Ids of campaigns, variants, layers, placements, tags: printable, bounded, never a prototype key. */
export const identifier = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .refine((id) => id !== "__proto__" && id !== "constructor" && id !== "prototype", { message: "is reserved (it would reach Object.prototype)" });

/** Event names, as tracked by segments' aggregation policy. */
export const eventName = identifier;

/** A positive duration of at most 730 days (MAX_DURATION_MS): "30m", "24h", "7d", "P1DT12H" or milliseconds. */
export const durationSchema = boundedDuration('must be a positive duration such as "30m", "24h", "7d" or "P1DT12H"');

/** An absolute instant: ISO 8601 with an offset (a local time names a different instant in every zone). */
export const instantSchema = z.string().refine((text) => toEpochMilliseconds(text) !== undefined, { message: 'must be an ISO 8601 instant with an offset, e.g. "2026-12-01T09:00:00Z"' });

/** A local wall-clock time "HH:MM". */
export const clockSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time "HH:MM"' });

/** JSON Logic, compiled (and its problems reported with paths) by the engine. */
export const ruleSchema = z.unknown().refine((rule) => rule !== undefined, { message: "is required" });

