/**
 * The channel model: the JSON IR of a channel policy and of a campaign's channel settings (what the
 * compile functions validate a config into, and what a prepared config stores), and the link
 * functions, the one place the runnable objects are built.
 */
import type { Channel } from "../channel.js";
import type { InAppFormat, Platform } from "../surface.js";
import type { BlockedAction, CategoryPolicy, ChannelStrategy } from "./category-policy.js";

export interface EngagementPrior {
  readonly alpha: number;
  readonly beta: number;
}

/** A validated channel policy: every category's rules, surfaces, priors. Immutable. */
export interface ChannelPolicy {
  readonly kind: "channel-policy";
  readonly categories: ReadonlyMap<string, CategoryPolicy>;
  readonly surfaces: Readonly<Record<InAppFormat, ReadonlySet<Platform>>>;
  readonly priors: Readonly<Record<Channel, EngagementPrior>>;
  readonly defaultTimeZone: string;
}

/** A campaign's channel settings, validated against a channel policy. Immutable. */
export interface ChannelCampaign {
  readonly kind: "channel-campaign";
  readonly id: string;
  readonly category: string;
  readonly categoryPolicy: CategoryPolicy;
  /** The campaign's channels in preference order (the category's order when its policy says so). */
  readonly channels: readonly Channel[];
  readonly format: InAppFormat | undefined;
  readonly strategy: ChannelStrategy;
  readonly onBlocked: BlockedAction;
  readonly tags: readonly string[] | undefined;
  readonly placement: string | undefined;
  /** The policy it was validated against. */
  readonly policy: ChannelPolicy;
}

/** A channel policy without its maps and sets: JSON. */
export interface ChannelPolicyIR {
  /** Every category (the built-in ones too), as entries. */
  readonly categories: readonly (readonly [string, CategoryPolicy])[];
  readonly surfaces: Readonly<Record<InAppFormat, readonly Platform[]>>;
  readonly priors: Readonly<Record<Channel, EngagementPrior>>;
  readonly defaultTimeZone: string;
}

/** A campaign's channel settings; its category policy is the policy's category of that name. */
export interface ChannelCampaignIR {
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

/** The runnable policy of a validated IR. */
export function linkChannelPolicy(data: ChannelPolicyIR): ChannelPolicy {
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

/** The campaign's settings against `policy`, which must hold its category (the IR was validated against it). */
export function linkChannelCampaign(data: ChannelCampaignIR, policy: ChannelPolicy): ChannelCampaign {
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
