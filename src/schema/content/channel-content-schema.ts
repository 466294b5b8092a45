/**
 * Content per channel, with per-platform variants: `platforms.ios` (or android, web, mobile_web,
 * desktop) holds fields that replace the channel's for users on that platform (shorter mobile copy).
 */
import { z } from "../../validation/csp-safe-zod.js";
import type { Channel } from "../../channels/channel.js";
import { PLATFORMS } from "../../channels/surface.js";
import { inAppContentFieldsSchema } from "./in-app-content-schema.js";
import { emailContentFieldsSchema, pushContentFieldsSchema, smsContentFieldsSchema } from "./message-content-schemas.js";

function withPlatforms<Fields extends z.ZodObject>(fields: Fields) {
  const overrides = z.strictObject(Object.fromEntries(PLATFORMS.map((platform) => [platform, fields.optional()])) as Record<(typeof PLATFORMS)[number], z.ZodOptional<Fields>>);
  return fields.extend({
    /** Fields that replace the channel's for users on a platform: `{ "ios": { "body": "Shorter copy" } }`. */
    platforms: overrides.optional(),
  });
}

export const inAppContentSchema = withPlatforms(inAppContentFieldsSchema);
export const pushContentSchema = withPlatforms(pushContentFieldsSchema);
export const emailContentSchema = withPlatforms(emailContentFieldsSchema);
export const smsContentSchema = withPlatforms(smsContentFieldsSchema);

/** Content per channel: only channels the campaign lists (createEngine checks that). */
export const campaignContentSchema = z.strictObject({
  in_app: inAppContentSchema.optional(),
  push: pushContentSchema.optional(),
  web_push: pushContentSchema.optional(),
  email: emailContentSchema.optional(),
  sms: smsContentSchema.optional(),
});

/** The fields a channel's message needs, one of each inner list (in-app: per format, IN_APP_FORMAT_FIELDS). */
export const CHANNEL_CONTENT_NEEDS: Readonly<Record<Exclude<Channel, "in_app">, readonly (readonly string[])[]>> = Object.freeze({
  // A push with data and no title is a background push.
  push: [["title", "data"]],
  web_push: [["title"]],
  email: [["subject"], ["html", "text"]],
  sms: [["text"]],
});

export type InAppContentInput = z.input<typeof inAppContentSchema>;
export type PushContentInput = z.input<typeof pushContentSchema>;
export type EmailContentInput = z.input<typeof emailContentSchema>;
export type SmsContentInput = z.input<typeof smsContentSchema>;
export type CampaignContentInput = z.input<typeof campaignContentSchema>;
export type CampaignContent = z.output<typeof campaignContentSchema>;
