import type { CompiledCampaign } from "./compiled-campaign.js";

/** Arbitration order: higher priority first, then the smaller id (code points), so the order never depends on the config's. */
export function byArbitrationOrder(a: CompiledCampaign, b: CompiledCampaign): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Active event-triggered campaigns by event name: `decide` looks up the event's campaigns and
 * never scans the others, so its cost does not grow with campaigns that do not match.
 */
export function indexByTriggerEvent(campaigns: readonly CompiledCampaign[]): Map<string, readonly CompiledCampaign[]> {
  const index = new Map<string, CompiledCampaign[]>();
  for (const campaign of campaigns) {
    if (campaign.status !== "active" || campaign.trigger.kind !== "event") continue;
    const list = index.get(campaign.trigger.event);
    if (list === undefined) index.set(campaign.trigger.event, [campaign]);
    else list.push(campaign);
  }
  for (const list of index.values()) list.sort(byArbitrationOrder);
  return index;
}
