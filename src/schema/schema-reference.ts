import { z } from "../validation/csp-safe-zod.js";

/**
 * `"$schema"`: where an editor finds the JSON Schema of the file (see docs/engine.md, "Editing
 * configs with their JSON Schema"). Accepted at the top of an engine config and of a campaign, and
 * ignored: it changes nothing the engine decides.
 */
export const schemaReference = z.string().max(2048, "must be at most 2048 characters").optional();
