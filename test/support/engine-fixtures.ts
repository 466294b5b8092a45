import { readFileSync } from "node:fs";
import type { CampaignInput, EngineConfigInput } from "../../src/schema/index.js";

export const NOW = Date.parse("2026-11-23T12:00:00Z"); // a Monday, 13:00 in Paris
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The bundled e-commerce example config. */
export function exampleConfig(): EngineConfigInput {
  return JSON.parse(readFileSync(new URL("../../examples/ecommerce/campaigns.json", import.meta.url), "utf8")) as EngineConfigInput;
}

/** A campaign with the fields every test needs, sent on push when `event` happens. */
export function campaign(id: string, fields: Partial<CampaignInput> = {}): CampaignInput {
  return {
    id,
    category: "promotional",
    channels: ["push"],
    trigger: { event: "tap" },
    content: { push: { title: `${id} title` } },
    ...fields,
  } as CampaignInput;
}

/** A config around some campaigns. */
export function config(campaigns: CampaignInput[], fields: Partial<EngineConfigInput> = {}): EngineConfigInput {
  return { campaigns, ...fields };
}

/** A user every channel can reach, in an active iOS session. */
export function reachableUser(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "user-1",
    attributes: { first_name: "Ana" },
    timeZone: "Europe/Paris",
    session: { active: true, online: true, platform: "ios", id: "session-1" },
    consents: {
      push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] },
      email: { optedIn: true, verified: true },
      sms: { optedIn: true, verified: true },
    },
    ...fields,
  };
}
