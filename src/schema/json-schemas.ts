import { z } from "../validation/csp-safe-zod.js";
import { campaignSchema } from "./campaign-schema.js";
import { engineConfigSchema } from "./engine-config-schema.js";

/**
 * JSON Schema (draft 2020-12) of the engine config and of one campaign, for editors and for
 * services in other languages. They describe the input (defaults optional). What JSON Schema cannot
 * say — rules compile, references resolve, layer slices are disjoint — only `createEngine` checks.
 */
export function engineJsonSchemas(): Record<"engine-config" | "campaign", Record<string, unknown>> {
  const options = { io: "input", unrepresentable: "any", target: "draft-2020-12" } as const;
  return {
    "engine-config": { $id: "https://nudgekit.dev/schema/engine-config.schema.json", title: "nudgekit engine config", ...z.toJSONSchema(engineConfigSchema, options) },
    campaign: { $id: "https://nudgekit.dev/schema/campaign.schema.json", title: "nudgekit campaign", ...z.toJSONSchema(campaignSchema, options) },
  };
}
