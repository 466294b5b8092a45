/**
 * Compiled channel policies and campaign channel settings as plain JSON and back: what
 * `prepareConfig` stores for a browser, and the one place those objects are built.
 */
import type { Channel } from "../channel.js";
import type { InAppFormat, Platform } from "../surface.js";
import type { BlockedAction, CategoryPolicy, ChannelStrategy } from "./category-policy.js";
import type { ChannelCampaign } from "./compile-channel-campaign.js";
import type { ChannelPolicy, EngagementPrior } from "./compile-channel-policy.js";

/** A channel policy without its maps and sets: JSON. */
export interface ChannelPolicyData {
  /** Every category (the built-in ones too), as entries. */
  readonly categories: readonly (readonly [string, CategoryPolicy])[];
  readonly surfaces: Readonly<Record<InAppFormat, readonly Platform[]>>;
  readonly priors: Readonly<Record<Channel, EngagementPrior>>;
  readonly defaultTimeZone: string;
}

/** A campaign's channel settings; its category policy is the policy's category of that name. */
export interface ChannelCampaignData {
  readonly id: string;
  readonly category: string;
  readonly channels: readonly Channel[];
  readonly format?: InAppFormat;
  readonly strategy: ChannelStrategy;
  readonly onBlocked: BlockedAction;
  readonly tags?: readonly string[];
  readonly placement?: string;
}

/** Mark objects built here: the compile functions return them as they are, unvalidated again. */
export const channelPolicyBrand: unique symbol = Symbol("nudgekit.channel-policy");
export const channelCampaignBrand: unique symbol = Symbol("nudgekit.channel-campaign");

export function channelPolicyToData(policy: ChannelPolicy): ChannelPolicyData {
  return {
    categories: [...policy.categories],
    surfaces: Object.fromEntries(Object.entries(policy.surfaces).map(([format, platforms]) => [format, [...platforms]])) as Record<InAppFormat, Platform[]>,
    priors: policy.priors,
    defaultTimeZone: policy.defaultTimeZone,
  };
}

export function channelPolicyFromData(data: ChannelPolicyData): ChannelPolicy {
  // Fresh frozen copies: data read from JSON is neither frozen nor safe to share.
  const freezeCategory = (policy: CategoryPolicy): CategoryPolicy => Object.freeze({ ...policy, channels: Object.freeze([...policy.channels]), legalBasis: Object.freeze([...policy.legalBasis]) });
  const surfaces = {} as Record<InAppFormat, ReadonlySet<Platform>>;
  for (const [format, platforms] of Object.entries(data.surfaces) as [InAppFormat, readonly Platform[]][]) surfaces[format] = new Set(platforms);
  return Object.freeze({
    kind: "channel-policy" as const,
    categories: new Map(data.categories.map(([name, policy]) => [name, freezeCategory(policy)])),
    surfaces: Object.freeze(surfaces),
    priors: Object.freeze(Object.fromEntries(Object.entries(data.priors).map(([channel, prior]) => [channel, Object.freeze({ alpha: prior.alpha, beta: prior.beta })]))) as ChannelPolicy["priors"],
    defaultTimeZone: data.defaultTimeZone,
    [channelPolicyBrand]: true as const,
  });
}

export function channelCampaignToData(campaign: ChannelCampaign): ChannelCampaignData {
  const { id, category, channels, format, strategy, onBlocked, tags, placement } = campaign;
  return { id, category, channels, strategy, onBlocked, ...(format === undefined ? {} : { format }), ...(tags === undefined ? {} : { tags }), ...(placement === undefined ? {} : { placement }) };
}

/** The campaign's settings against `policy`, which must hold its category (the data comes from a compiled campaign). */
export function channelCampaignFromData(data: ChannelCampaignData, policy: ChannelPolicy): ChannelCampaign {
  return Object.freeze({
    kind: "channel-campaign" as const,
    id: data.id,
    category: data.category,
    categoryPolicy: policy.categories.get(data.category) as CategoryPolicy,
    channels: Object.freeze([...data.channels]),
    format: data.format,
    strategy: data.strategy,
    onBlocked: data.onBlocked,
    tags: data.tags === undefined ? undefined : Object.freeze([...data.tags]),
    placement: data.placement,
    policy,
    [channelCampaignBrand]: true as const,
  });
}
