import { z } from "../../validation/csp-safe-zod.js";
import { isTimeZoneShape } from "../../time-zones/zone-name.js";
import { CHANNELS } from "../channel.js";
import { IN_APP_FORMATS, PLATFORMS } from "../surface.js";
import { CHANNEL_STRATEGIES } from "./category-policy.js";

/** Category names: lower case, so none can be `__proto__` or another inherited member's name. */
export const CATEGORY_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

const identifier = z.string().min(1, "must not be empty").max(256, "must be at most 256 characters");
export const categoryName = z.string().regex(CATEGORY_NAME, { message: "must be lower case letters, digits, _ or - (starting with a letter, at most 64)" });
export const channelSchema = z.enum(CHANNELS);
const channelList = z.array(channelSchema).min(1, "must list at least one channel").max(CHANNELS.length * 2);
const strategySchema = z.enum(CHANNEL_STRATEGIES);
const blockedActionSchema = z.enum(["fallback", "defer"]);

/** A Beta(alpha, beta) prior on a channel's engagement rate: alpha / (alpha + beta) is the rate assumed with no history. */
const priorSchema = z.strictObject({
  alpha: z.number().positive("must be positive").max(1_000_000).refine(Number.isFinite, "must be finite"),
  beta: z.number().positive("must be positive").max(1_000_000).refine(Number.isFinite, "must be finite"),
});

/** Changes to a built-in category, or a new category (which must name its `channels`). */
export const categoryPolicySchema = z.strictObject({
  channels: channelList.optional(),
  order: z.enum(["campaign", "category"]).optional(),
  strategy: strategySchema.optional(),
  onBlocked: blockedActionSchema.optional(),
  inAppAlone: z.boolean().optional(),
  legalBasis: z.array(channelSchema).max(CHANNELS.length).optional(),
  ignoreCaps: z.boolean().optional(),
  ignoreQuietHours: z.boolean().optional(),
  countsTowardCaps: z.boolean().optional(),
  proofOfDelivery: z.boolean().optional(),
});

export const channelPolicySchema = z.strictObject({
  /** Per category: fields that replace the built-in defaults, or whole new categories. */
  categories: z.record(categoryName, categoryPolicySchema).optional(),
  /** Per in-app format: the platforms it fits (replaces the default list for that format). */
  surfaces: z.partialRecord(z.enum(IN_APP_FORMATS), z.array(z.enum(PLATFORMS)).min(1, "must list at least one platform").max(PLATFORMS.length * 2)).optional(),
  /** For `best-engagement`: one prior for every channel, or one per channel (default Beta(1, 1)). */
  engagementPrior: z.union([priorSchema, z.partialRecord(channelSchema, priorSchema)]).optional(),
  /**
   * The zone for quiet hours and calendar caps when a user has none, or an unknown one. Default
   * "UTC". The schema checks its form; `compileChannelPolicy` checks that the time-zone provider knows it.
   */
  defaultTimeZone: z.string().refine(isTimeZoneShape, { message: "must be an IANA time zone (e.g. \"Europe/Paris\") or an offset (\"+05:30\")" }).optional(),
});

export const channelCampaignSchema = z.strictObject({
  id: identifier,
  category: categoryName,
  /** The channels the campaign can use, in its order of preference. */
  channels: channelList,
  /** The in-app surface, when `in_app` is listed. */
  format: z.enum(IN_APP_FORMATS).optional(),
  /** Replaces the category's strategy. */
  strategy: strategySchema.optional(),
  /** Replaces the category's `onBlocked`. */
  onBlocked: blockedActionSchema.optional(),
  /** Message types, matched by cap scopes `{ tag }`. */
  tags: z.array(identifier).max(64).optional(),
  /** The in-app slot, matched by cap scopes `{ placement }`. */
  placement: identifier.optional(),
});

export type ChannelPolicyInput = z.input<typeof channelPolicySchema>;
export type CategoryPolicyInput = z.input<typeof categoryPolicySchema>;
export type ChannelCampaignInput = z.input<typeof channelCampaignSchema>;
