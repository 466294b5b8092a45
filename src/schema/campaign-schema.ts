import { z } from "../validation/csp-safe-zod.js";
import type { BuiltInCategory } from "../channels/policy/category-policy.js";
import { channelCampaignSchema, channelSchema } from "../channels/policy/channel-policy-schema.js";
import { capWindowSchema } from "../caps/policy/cap-policy-schema.js";
import { campaignContentSchema } from "./content/channel-content-schema.js";
import { CAMPAIGN_STATUSES } from "./campaign-statuses.js";
import { clockSchema, durationSchema, eventName, identifier, instantSchema, ruleSchema } from "./shared-fields.js";
import { schemaReference } from "./schema-reference.js";
import { WEEKDAYS } from "./weekdays.js";
import { conversionsSchema } from "../metrics/config/conversion-schema.js";

const share = z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

export { campaignContentSchema };

export { CAMPAIGN_STATUSES, type CampaignStatus } from "./campaign-statuses.js";

/** Sent when an event happens and `where` holds on `{ event, user, session, now, history }`; `delay` waits (until `engine.due`). */
const eventTriggerSchema = z.strictObject({
  event: eventName,
  where: ruleSchema.optional(),
  /** Send this long after the event; `engine.due` sends it then, after checking the campaign again. */
  delay: durationSchema.optional(),
  /** With a delay: any of these events after the trigger cancels it (cart abandonment: `purchase`). */
  cancelOn: z.array(eventName).min(1).max(32).optional(),
});

/** Due (`engine.due`) while the user is in the segment: "entered the segment". */
const segmentEntryTriggerSchema = z.strictObject({ segmentEntry: identifier });

/** Due once the user has not done `event` for `for` (they must have done it at least once). */
const inactivityTriggerSchema = z.strictObject({
  inactivity: z.strictObject({ event: eventName, for: durationSchema }),
});

/** Due at an instant; `at` without an offset is a wall-clock time in each user's zone ("2026-12-24T09:00"). */
const scheduledTriggerSchema = z.strictObject({
  scheduled: z.strictObject({
    at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/, { message: 'must be an ISO 8601 date-time, with an offset (one instant) or without (each user\'s local time)' }),
  }),
});

export const triggerSchema = z.union([eventTriggerSchema, segmentEntryTriggerSchema, inactivityTriggerSchema, scheduledTriggerSchema], {
  error: () => 'must be one of { event, where?, delay?, cancelOn? }, { segmentEntry }, { inactivity: { event, for } } or { scheduled: { at } }',
});

export const audienceSchema = z.strictObject({
  /** The user must be in every one of these segments. */
  include: z.array(identifier).max(100).optional(),
  /** The user must be in none of these segments. */
  exclude: z.array(identifier).max(100).optional(),
  /** More JSON Logic on `{ user, now }` (behavioural operators included). */
  where: ruleSchema.optional(),
});

/** When the campaign may send: absolute start / end, and days and hours in the user's zone. */
export const campaignScheduleSchema = z
  .strictObject({
    start: instantSchema.optional(),
    end: instantSchema.optional(),
    days: z.array(z.enum(WEEKDAYS)).min(1, "must list at least one day").max(7).optional(),
    /** Local hours; `from` after `to` spans midnight. */
    hours: z.strictObject({ from: clockSchema, to: clockSchema }).refine((hours) => hours.from !== hours.to, { message: "from and to must differ" }).optional(),
  })
  .refine((schedule) => schedule.start === undefined || schedule.end === undefined || Date.parse(schedule.start) < Date.parse(schedule.end), {
    message: "start must be before end",
    path: ["end"],
  });

export const campaignVariantSchema = z.strictObject({
  id: identifier,
  weight: z.number().min(0, "must not be negative").optional(),
  /** Per channel, fields that replace the campaign's content for this variant. */
  content: campaignContentSchema.optional(),
});

export const campaignExperimentSchema = z.strictObject({
  /** Defaults to the campaign id. */
  id: identifier.optional(),
  salt: z.string().min(1).max(1024).optional(),
  variants: z.array(campaignVariantSchema).min(1, "needs at least one variant").max(100),
  /** A variant that gets nothing (recorded as an exposure, to measure lift). */
  control: identifier.optional(),
  coverage: share.optional(),
  /** A layer declared in the config's `layers`; campaigns in one layer never reach the same user. */
  layer: z.strictObject({ id: identifier, range: z.tuple([share, share]) }).optional(),
});

export const campaignCapSchema = z.strictObject({
  id: identifier.optional(),
  /** At most this many of this campaign's messages per user in the window. */
  limit: z.number().int().min(1).max(1_000_000),
  window: capWindowSchema,
});

/**
 * When to send: `"now"` (default), or `{ best: … }` — the instant within `within` (1 hour to 7 days,
 * default "24h") at which the user is likeliest to engage (nudgekit/channels' `bestSendTime` on
 * their opens and clicks, `halfLife` default "30d"), shrunk toward `prior` (168 weights by local hour
 * of week, bin 0 Sunday 00:00; default every hour alike) of `priorStrength` pseudo-counts (default
 * 5), exploring a random hour a share `epsilon` of the time (default 0.1). Caps and quiet hours then
 * apply from that instant. Not for in-app messages (they show while the user is in the app).
 */
export const sendTimeSchema = z.union([
  z.literal("now"),
  /** `"best"`: `{ best: {} }`, the user's best time within 24 hours. */
  z.literal("best"),
  z.strictObject({
    best: z.strictObject({
      within: durationSchema.default("24h"),
      halfLife: durationSchema.optional(),
      prior: z.array(z.number().min(0).max(1e9)).length(168).optional(),
      priorStrength: z.number().min(0).max(1e6).optional(),
      epsilon: z.number().min(0).max(1).optional(),
      /** `epsilon` (default) or `thompson`: how unsettled hours get tried (see bestSendTime). */
      exploration: z.enum(["epsilon", "thompson"]).optional(),
    }),
  }),
]);

/** After a send (or a control exposure): `always` eligible again, `once` per user, or again `{ after }` a while. */
export const reEligibilitySchema = z.union([z.literal("always"), z.literal("once"), z.strictObject({ after: durationSchema })]);

/**
 * A campaign: its channel settings as nudgekit/channels validates them (category, channels in order
 * of preference, format, placement, strategy, onBlocked, tags), and what the engine adds.
 */
export const campaignSchema = channelCampaignSchema.extend({
  /** The JSON Schema an editor validates a campaign file with; ignored by the engine. */
  $schema: schemaReference,
  id: identifier,
  name: z.string().max(200).optional(),
  status: z.enum(CAMPAIGN_STATUSES).default("active"),
  /** Higher wins arbitration; ties go to the smaller campaign id. */
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  /** In-app messages can be closed (an easy exit); set false only for what must be acknowledged. */
  dismissible: z.boolean().default(true),
  content: campaignContentSchema.default({}),
  trigger: triggerSchema,
  audience: audienceSchema.optional(),
  schedule: campaignScheduleSchema.optional(),
  experiment: campaignExperimentSchema.optional(),
  caps: z.array(campaignCapSchema).max(16).optional(),
  /** Default: `always` for event triggers, `once` for segment entry, inactivity and scheduled sends. */
  reEligibility: reEligibilitySchema.optional(),
  /** `"now"` (default), or `{ best: { within: "24h" } }`: the user's best time (see `sendTimeSchema`). */
  sendTime: sendTimeSchema.optional(),
  /** What counts as this campaign's conversions (nudgekit/metrics): an event within a window after the message. The engine does not read them. */
  conversions: conversionsSchema.optional(),
});

/**
 * A campaign as written in a config. `Category` is what `category` may be: by default a built-in
 * category or any other name (autocompleted, not checked); `createEngine` narrows it to the built-in
 * categories and those the config's `channels.categories` declares.
 */
export type CampaignInput<Category extends string = BuiltInCategory | (string & {})> = Omit<z.input<typeof campaignSchema>, "category"> & { category: Category };
export type Campaign = z.output<typeof campaignSchema>;
export type Trigger = z.output<typeof triggerSchema>;
export type CampaignExperiment = z.output<typeof campaignExperimentSchema>;
export type CampaignSchedule = z.output<typeof campaignScheduleSchema>;
export type ReEligibility = z.output<typeof reEligibilitySchema>;
