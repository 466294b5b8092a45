import type { Channel } from "../channel.js";
import type { ChannelStrategy } from "../policy/category-policy.js";
import type { ChannelPolicy } from "../policy/channel-policy-model.js";
import { readEngagement, type ChannelEngagement } from "../user/channel-user.js";
import { engagementScore } from "./engagement-score.js";

export interface RankedChannel {
  readonly channel: Channel;
  /** `best-engagement`: the smoothed engagement rate it was ranked by; otherwise null. */
  readonly score: number | null;
  /** `best-engagement`: the user's history on this channel, as read; otherwise null. */
  readonly engagement: ChannelEngagement | null;
}

/**
 * Eligible channels, best first. `best-engagement` sorts by smoothed rate, ties (equal rates) in
 * preference order; the other strategies keep preference order. Deterministic.
 */
export function rankChannels(eligible: readonly Channel[], strategy: ChannelStrategy, user: unknown, policy: ChannelPolicy): RankedChannel[] {
  if (strategy !== "best-engagement") return eligible.map((channel) => ({ channel, score: null, engagement: null }));
  const ranked = eligible.map((channel) => {
    const engagement = readEngagement(user, channel);
    return { channel, score: engagementScore(engagement, policy.priors[channel]), engagement };
  });
  // Array.prototype.sort is stable, so equal scores keep preference order.
  ranked.sort((a, b) => b.score - a.score);
  return ranked;
}
