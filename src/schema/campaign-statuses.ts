/** A campaign's life cycle: only `active` campaigns send. Kept apart from the schemas: a loaded engine checks prepared configs against it at run time (without zod). */
export const CAMPAIGN_STATUSES = Object.freeze(["draft", "active", "paused", "archived"] as const);
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
