import { readFileSync } from "node:fs";

/** Fixed, so every run is the same; the checks' reports give the seed to replay a failure. */
export const SEED = 20261123;

/** The bundled e-commerce example, read fresh each time (checks must not depend on shared objects). */
export function exampleConfig(): Record<string, unknown> & { campaigns: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(new URL("../../examples/ecommerce/campaigns.json", import.meta.url), "utf8")) as Record<string, unknown> & { campaigns: Record<string, unknown>[] };
}

/** A promotional push campaign on `tap`, plus any fields. */
export function pushCampaign(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: id } }, ...fields };
}
