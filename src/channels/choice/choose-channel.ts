import { compileCapPolicy } from "../../caps/policy/compile-cap-policy.js";
import type { Instant } from "../../time/instant.js";
import type { ChannelCampaignInput, ChannelPolicyInput } from "../policy/channel-policy-schema.js";
import { compileChannelCampaign } from "../policy/compile-channel-campaign.js";
import type { ChannelCampaign } from "../policy/channel-policy-model.js";
import { compileChannelPolicy } from "../policy/compile-channel-policy.js";
import type { ChannelPolicy } from "../policy/channel-policy-model.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import type { ChannelCaps } from "./caps-gate.js";
import type { ChannelChoice } from "./channel-choice.js";
import { chooseCompiledChannel } from "./choose-compiled-channel.js";

export interface ChooseChannelOptions {
  /** The channel policy an uncompiled campaign is checked against (default: the built-in one). */
  readonly policy?: ChannelPolicyInput | ChannelPolicy;
  /** Ask nudgekit/caps: fall back or defer when a channel is capped or in quiet hours. Without it, nothing is capped. */
  readonly caps?: ChannelCaps;
  /**
   * Where quiet hours and calendar caps get zone offsets, and which zones are known: `intlTimeZones`
   * (the default) or `pinnedTimeZones` from nudgekit/time-zones.
   */
  readonly timeZones?: TimeZoneProvider;
}

/**
 * Picks the channel (or, for `all-eligible`, the channels) for one campaign's message to one user
 * at `now`, and says why every other channel the campaign lists was not used.
 *
 * 1. Eligibility: the user's preferences first, then what each channel needs (a session for in-app,
 *    an opt-in — or a legal basis — a valid token, a verified address).
 * 2. The category's rules: a category that never sends in-app alone sends in-app only beside a
 *    channel that reaches the user outside the app.
 * 3. Ranking by the strategy; then caps and quiet hours (with `options.caps`): fall back to the
 *    next channel or defer to the exact instant, as the policy says. In-app never waits.
 *
 * Never throws on any user data; throws `ChannelConfigError` for an invalid campaign or policy,
 * `CapPolicyError` for an invalid cap policy, and `TypeError` for an invalid `now`.
 */
export function chooseChannel(campaignInput: ChannelCampaignInput | ChannelCampaign, user: unknown, nowInput: Instant, options: ChooseChannelOptions = {}): ChannelChoice {
  const timeZones = timeZoneProviderOption(options.timeZones);
  const campaign = compileChannelCampaign(campaignInput, options.policy === undefined && options.timeZones === undefined ? undefined : compileChannelPolicy(options.policy, { timeZones }));
  const caps = options.caps === undefined ? undefined : { policy: compileCapPolicy(options.caps.policy), history: options.caps.history };
  return chooseCompiledChannel(campaign, user, nowInput, caps, zoneClock(timeZones));
}
