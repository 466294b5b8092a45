/** Push (and Web Push), email and SMS content. */
import { z } from "../../validation/csp-safe-zod.js";
import { buttonsSchema } from "./content-actions.js";
import { dataFieldsSchema, linkTemplate, textTemplate } from "./content-fields.js";

/**
 * A push notification. `nudgekit/delivery` turns it into FCM, APNs and Web Push payloads: buttons
 * become Web Push actions and, for the apps, a `buttons` data field next to `category` (the actions
 * an iOS app registered); `timeSensitive` breaks through Focus (APNs interruption level).
 */
export const pushContentFieldsSchema = z.strictObject({
  title: textTemplate.optional(),
  subtitle: textTemplate.optional(),
  body: textTemplate.optional(),
  /** A large image (https). */
  image: linkTemplate.optional(),
  /** Web Push: the small icon. */
  icon: linkTemplate.optional(),
  /** Where a tap leads. */
  deepLink: linkTemplate.optional(),
  buttons: buttonsSchema(3).optional(),
  sound: textTemplate.optional(),
  /** The app icon's badge count. */
  badge: z.number().int().min(0).max(99_999).optional(),
  /** The iOS notification category (the action buttons the app registered). */
  category: textTemplate.optional(),
  /** Groups notifications (APNs thread-id, Android tag). */
  threadId: textTemplate.optional(),
  /** A newer message with the same key replaces the older one. */
  collapseKey: textTemplate.optional(),
  timeSensitive: z.boolean().optional(),
  /** The app's own fields, sent as data. */
  data: dataFieldsSchema.optional(),
});

/** An email: the subject and at least one body; `html` values are HTML-escaped, the rest is text. */
export const emailContentFieldsSchema = z.strictObject({
  subject: textTemplate.optional(),
  /** The preview text inboxes show after the subject. */
  preheader: textTemplate.optional(),
  html: textTemplate.optional(),
  text: textTemplate.optional(),
  /** The app's own fields (the email service's custom arguments). */
  data: dataFieldsSchema.optional(),
});

/** An SMS: its text (`smsSegments` from nudgekit/delivery counts its GSM-7 or UCS-2 segments). */
export const smsContentFieldsSchema = z.strictObject({ text: textTemplate.optional() });
