import type { EngagementPrior } from "../policy/channel-policy-model.js";
import type { ChannelEngagement } from "../user/channel-user.js";

/**
 * A channel's engagement rate for one user: the mean of the Beta posterior, (engaged + alpha) /
 * (sent + alpha + beta). With no history it is the prior's rate, never 0/0; each send moves it
 * toward the user's own rate.
 */
export function engagementScore(engagement: ChannelEngagement, prior: EngagementPrior): number {
  return (engagement.engaged + prior.alpha) / (engagement.sent + prior.alpha + prior.beta);
}
