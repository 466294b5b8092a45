import type { LocatedProblem } from "../../validation/located-problems.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { CHANNEL_TRAITS } from "../channel.js";
import { ChannelConfigError } from "./channel-config-error.js";
import { duplicateChannelProblem } from "./duplicate-channels.js";
import { channelCampaignBrand, linkChannelCampaign, type ChannelCampaign, type ChannelCampaignIR, type ChannelPolicy } from "./channel-policy-model.js";
import { channelCampaignSchema, type ChannelCampaignInput } from "./channel-policy-schema.js";
import { compileChannelPolicy } from "./compile-channel-policy.js";

const compiledByPolicy = new WeakMap<ChannelPolicy, WeakMap<object, ChannelCampaign>>();

/**
 * Validates a campaign's channel settings once against a channel policy (default: the built-in
 * one): the category must exist, every channel must be one the category allows, listed once, and a
 * category that never sends in-app alone needs a channel that reaches users outside the app.
 * Throws `ChannelConfigError` listing every problem with its JSON pointer.
 */
export function compileChannelCampaign(input: ChannelCampaignInput | ChannelCampaign | unknown, policyInput?: unknown): ChannelCampaign {
  if (typeof input === "object" && input !== null && (input as { [channelCampaignBrand]?: true })[channelCampaignBrand] === true) return input as ChannelCampaign;
  const policy = compileChannelPolicy(policyInput);
  let cache = compiledByPolicy.get(policy);
  if (typeof input === "object" && input !== null) {
    const cached = cache?.get(input);
    if (cached !== undefined) return cached;
  }
  const compiled = linkChannelCampaign(channelCampaignIR(input, policy), policy);
  if (typeof input === "object" && input !== null) {
    if (cache === undefined) compiledByPolicy.set(policy, (cache = new WeakMap()));
    cache.set(input, compiled);
  }
  return compiled;
}

/**
 * Validates a campaign's channel settings against a compiled channel policy into their JSON IR
 * (throws `ChannelConfigError` listing every problem with its JSON pointer).
 */
export function channelCampaignIR(input: unknown, policy: ChannelPolicy): ChannelCampaignIR {
  const parsed = channelCampaignSchema.safeParse(input, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new ChannelConfigError("campaign channels", zodProblems(parsed.error));
  const campaign = parsed.data;
  const problems: LocatedProblem[] = [];
  const categoryPolicy = policy.categories.get(campaign.category);
  if (categoryPolicy === undefined) {
    problems.push({ path: "/category", message: `unknown category ${JSON.stringify(campaign.category)} (known: ${[...policy.categories.keys()].join(", ")})` });
  }
  campaign.channels.forEach((channel, index) => {
    const duplicate = duplicateChannelProblem(campaign.channels, index, "/channels");
    if (duplicate !== undefined) problems.push(duplicate);
    else if (categoryPolicy !== undefined && !categoryPolicy.channels.includes(channel)) {
      problems.push({ path: `/channels/${index}`, message: `${channel} is not a channel of the ${campaign.category} category (it allows ${categoryPolicy.channels.join(", ")})` });
    }
  });
  if (categoryPolicy !== undefined && !categoryPolicy.inAppAlone && !campaign.channels.some((channel) => CHANNEL_TRAITS[channel].reachesOutsideApp)) {
    const outside = categoryPolicy.channels.filter((channel) => CHANNEL_TRAITS[channel].reachesOutsideApp);
    problems.push({ path: "/channels", message: `the ${campaign.category} category never sends in-app alone: list at least one of ${outside.join(", ")}` });
  }
  if (problems.length > 0 || categoryPolicy === undefined) throw new ChannelConfigError("campaign channels", problems);

  const channels = categoryPolicy.order === "category" ? categoryPolicy.channels.filter((channel) => campaign.channels.includes(channel)) : campaign.channels;
  return {
      id: campaign.id,
      category: campaign.category,
      channels,
      strategy: campaign.strategy ?? categoryPolicy.strategy,
      onBlocked: campaign.onBlocked ?? categoryPolicy.onBlocked,
      ...(campaign.format === undefined ? {} : { format: campaign.format }),
      ...(campaign.tags === undefined ? {} : { tags: campaign.tags }),
      ...(campaign.placement === undefined ? {} : { placement: campaign.placement }),
  };
}
