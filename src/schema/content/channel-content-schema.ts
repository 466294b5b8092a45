/**
 * Content per channel, with per-platform variants: `platforms.ios` (or android, web, mobile_web,
 * desktop) holds fields that replace the channel's for users on that platform (shorter mobile copy).
 */
import { z } from "../../validation/csp-safe-zod.js";
import type { Channel } from "../../channels/channel.js";
import { inAppContentFieldsSchema } from "./in-app-content-schema.js";
import { emailContentFieldsSchema, pushContentFieldsSchema, smsContentFieldsSchema } from "./message-content-schemas.js";

/** Fields that replace the channel's for users on a platform: `{ "ios": { "body": "Shorter copy" } }` (keys written out, so that types keep them). */
function platformsOf<Fields extends z.ZodType>(fields: Fields) {
  return z.strictObject({ ios: fields.optional(), android: fields.optional(), web: fields.optional(), mobile_web: fields.optional(), desktop: fields.optional() }).optional();
}

export const inAppContentSchema = inAppContentFieldsSchema.extend({ platforms: platformsOf(inAppContentFieldsSchema) });
export const pushContentSchema = pushContentFieldsSchema.extend({ platforms: platformsOf(pushContentFieldsSchema) });
export const emailContentSchema = emailContentFieldsSchema.extend({ platforms: platformsOf(emailContentFieldsSchema) });
export const smsContentSchema = smsContentFieldsSchema.extend({ platforms: platformsOf(smsContentFieldsSchema) });

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
