/**
 * nudgekit/channels — which channel carries a message (in-app, push, web push, email, SMS), and why
 * not the others: eligibility from consents, sessions and preferences; policy by message category;
 * first-eligible, best-engagement or all-eligible choice; fallback or deferral under caps and quiet
 * hours (asking nudgekit/caps).
 *
 * @module nudgekit/channels
 */
export { CHANNELS, CHANNEL_TRAITS, isChannel, type Channel, type ChannelTraits } from "./channel.js";
export { DEFAULT_SURFACES, IN_APP_FORMATS, PLATFORMS, isPlatform, type InAppFormat, type Platform } from "./surface.js";
export { CHANNEL_STRATEGIES, DEFAULT_CATEGORY_POLICIES, type BlockedAction, type BuiltInCategory, type CategoryPolicy, type ChannelStrategy } from "./policy/category-policy.js";
export type { CategoryPolicyInput, ChannelCampaignInput, ChannelPolicyInput } from "./policy/channel-policy-schema.js";
export { compileChannelPolicy, type ChannelPolicyOptions } from "./policy/compile-channel-policy.js";
export { type ChannelPolicy, type EngagementPrior } from "./policy/channel-policy-model.js";
export { compileChannelCampaign } from "./policy/compile-channel-campaign.js";
export { type ChannelCampaign } from "./policy/channel-policy-model.js";
export { ChannelConfigError } from "./policy/channel-config-error.js";
export { readChannelUser, type AddressConsent, type ChannelEngagement, type ChannelUser, type ChannelUserInput, type PushConsent, type PushConsentInput, type SessionView } from "./user/channel-user.js";
export type { IneligibleReason } from "./eligibility/ineligibility.js";
export { engagementScore } from "./ranking/engagement-score.js";
export { bestSendTime, HOURS_OF_WEEK, SEND_TIME_STEP_MS, MIN_SEND_WINDOW_MS, MAX_SEND_WINDOW_MS, type BestSendTime, type BestSendTimeOptions } from "./send-time/best-send-time.js";
export type { RankedChannel } from "./ranking/rank-channels.js";
export { chooseChannel, type ChooseChannelOptions } from "./choice/choose-channel.js";
export type { ChannelCaps } from "./choice/caps-gate.js";
export type { ChannelChoice, ChannelRejection, ChannelRejectionReason, PlannedDelivery } from "./choice/channel-choice.js";
