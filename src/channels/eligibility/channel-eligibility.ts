import type { Channel } from "../channel.js";
import type { ChannelCampaign } from "../policy/channel-policy-model.js";
import type { SessionView } from "../user/channel-user.js";
import { addressRefusal } from "./address-eligibility.js";
import { inAppRefusal } from "./in-app-eligibility.js";
import type { Ineligibility } from "./ineligibility.js";
import { pushRefusal } from "./push-eligibility.js";
import { preferenceRefusal } from "./user-preferences.js";

/**
 * Why this channel cannot carry the campaign's message to this user (any JSON), or undefined when
 * it can. The user's preferences (their `preferences` object) come first.
 */
export function channelRefusal(channel: Channel, user: unknown, session: SessionView, preferences: unknown, campaign: ChannelCampaign, now: number): Ineligibility | undefined {
  const preference = preferenceRefusal(preferences, campaign.category, channel);
  if (preference !== undefined) return preference;
  switch (channel) {
    case "in_app":
      return inAppRefusal(session, campaign);
    case "push":
    case "web_push":
      return pushRefusal(user, channel, now);
    case "email":
    case "sms":
      return addressRefusal(user, channel, campaign.categoryPolicy.legalBasis.includes(channel));
  }
}
