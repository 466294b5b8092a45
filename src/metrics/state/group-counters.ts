import { addCredits, type GroupCounters } from "./outcome-state.js";

const COUNT_FIELDS = ["messages", "sent", "delivered", "deliveredOfSent", "convertedDelivered", "bounced", "impressions", "uniqueImpressions", "humanOpens", "machineOpens", "uniqueOpens", "clicks", "uniqueClicks", "dismissed", "unsubscribed", "complaints"] as const;

/** A group with no message counted yet. */
export function emptyGroup(campaign: string | null, variant: string | null, channel: string | null, day: number): GroupCounters {
  const group = { campaign, variant, channel, day, conversions: new Map() } as Partial<Record<(typeof COUNT_FIELDS)[number], number>> & Pick<GroupCounters, "campaign" | "variant" | "channel" | "day" | "conversions">;
  for (const field of COUNT_FIELDS) group[field] = 0;
  return group as GroupCounters;
}

/** Adds the counts of `group` to `target` (`group` does not change). */
export function addGroup(target: GroupCounters, group: GroupCounters): void {
  for (const field of COUNT_FIELDS) target[field] += group[field];
  for (const [index, counters] of group.conversions) {
    let conversion = target.conversions.get(index);
    if (conversion === undefined) target.conversions.set(index, (conversion = { convertedDelivered: 0, credits: new Map() }));
    conversion.convertedDelivered += counters.convertedDelivered;
    addCredits(conversion.credits, counters.credits);
  }
}
