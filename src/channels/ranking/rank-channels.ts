import type { Channel } from "../channel.js";
import type { ChannelStrategy } from "../policy/category-policy.js";
import type { ChannelPolicy } from "../policy/compile-channel-policy.js";
import type { ChannelEngagement, ChannelUser } from "../user/channel-user.js";
import { engagementScore } from "./engagement-score.js";

export interface RankedChannel {
  readonly channel: Channel;
  /** `best-engagement`: the smoothed engagement rate it was ranked by; otherwise null. */
  readonly score: number | null;
  /** The user's history on this channel, as read. */
  readonly engagement: ChannelEngagement;
}

/**
 * Eligible channels, best first. `best-engagement` sorts by smoothed rate, ties (equal rates) in
 * preference order; the other strategies keep preference order. Deterministic.
 */
export function rankChannels(eligible: readonly Channel[], strategy: ChannelStrategy, user: ChannelUser, policy: ChannelPolicy): RankedChannel[] {
  const ranked = eligible.map((channel) => ({
    channel,
    score: strategy === "best-engagement" ? engagementScore(user.engagement[channel], policy.priors[channel]) : null,
    engagement: user.engagement[channel],
  }));
  // Array.prototype.sort is stable, so equal scores keep preference order.
  if (strategy === "best-engagement") ranked.sort((a, b) => (b.score as number) - (a.score as number));
  return ranked;
}
