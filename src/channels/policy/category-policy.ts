import type { Channel } from "../channel.js";
import type { ChannelStrategy } from "./channel-strategies.js";

export { CHANNEL_STRATEGIES, type ChannelStrategy } from "./channel-strategies.js";

/** When the channel picked is capped or in quiet hours: try the next one, or wait for the exact instant it may go. */
export type BlockedAction = "fallback" | "defer";

/** How messages of one category choose their channels. */
export interface CategoryPolicy {
  /** The channels the category may use, in the category's own preference order. */
  readonly channels: readonly Channel[];
  /** Whose preference order ranks the channels: the campaign's list, or the category's (e.g. in-app first when in session). */
  readonly order: "campaign" | "category";
  readonly strategy: ChannelStrategy;
  readonly onBlocked: BlockedAction;
  /** False: in-app only in addition to a channel that reaches the user outside the app, never alone. */
  readonly inAppAlone: boolean;
  /** Channels on which a legal basis (transactional, regulatory) stands in for the user's opt-in. */
  readonly legalBasis: readonly Channel[];
  /** Sent regardless of frequency caps and cooldowns. */
  readonly ignoreCaps: boolean;
  /** Sent regardless of quiet hours. */
  readonly ignoreQuietHours: boolean;
  /** Whether, once sent, the message counts toward caps and cooldowns. */
  readonly countsTowardCaps: boolean;
  /** Record the delivery as proof (terms and policy changes). */
  readonly proofOfDelivery: boolean;
}

/** A new category's fields other than `channels`, which it must name; the built-in ones below say only how they differ. */
export const NEW_CATEGORY_DEFAULTS: Omit<CategoryPolicy, "channels"> = Object.freeze({
  order: "campaign",
  strategy: "first-eligible",
  onBlocked: "fallback",
  inAppAlone: true,
  legalBasis: Object.freeze([]),
  ignoreCaps: false,
  ignoreQuietHours: false,
  countsTowardCaps: true,
  proofOfDelivery: false,
});

const category = (fields: Partial<CategoryPolicy> & Pick<CategoryPolicy, "channels">): CategoryPolicy =>
  Object.freeze({ ...NEW_CATEGORY_DEFAULTS, ...fields, channels: Object.freeze([...fields.channels]), legalBasis: Object.freeze([...(fields.legalBasis ?? [])]) });

/** Service messages with a legal basis for email, sent whatever the caps and not counted by them. */
const SERVICE = { strategy: "all-eligible", legalBasis: ["email"], ignoreCaps: true, countsTowardCaps: false } as const;

/** Time-critical: every channel that reaches the user outside the app, at once; in-app only in addition. */
const URGENT = category({ ...SERVICE, channels: ["push", "web_push", "sms", "email", "in_app"], inAppAlone: false, ignoreQuietHours: true });

/** Terms and policy changes: email, kept as proof; an in-app notice only in addition. */
const REGULATORY = category({ ...SERVICE, channels: ["email", "in_app"], order: "category", onBlocked: "defer", inAppAlone: false, proofOfDelivery: true });

/** Users who no longer open the app: reach them outside it. */
const REACTIVATION = category({ channels: ["push", "web_push", "email"] });

/** Receipts and confirmations: email to keep, plus an in-app confirmation while in session. */
const TRANSACTIONAL = category({ ...SERVICE, channels: ["email", "in_app"], order: "category", onBlocked: "defer", ignoreQuietHours: true });

/** Onboarding, announcements, upsell, tips, surveys, cross-sell: in-app when in session, otherwise push if the campaign lists it. */
const CONTEXTUAL = category({ channels: ["in_app", "push", "web_push"], order: "category" });

/** Marketing (cart reminders, offers): any channel the campaign lists, in its order. */
const PROMOTIONAL = category({ channels: ["in_app", "push", "web_push", "email", "sms"] });

/** The categories every channel policy knows (a config may declare more in `channels.categories`). */
export type BuiltInCategory =
  | "urgent"
  | "security"
  | "payment_failure"
  | "outage"
  | "regulatory"
  | "legal"
  | "reactivation"
  | "win_back"
  | "transactional"
  | "onboarding"
  | "feature_announcement"
  | "upsell"
  | "tooltip"
  | "survey"
  | "cross_sell"
  | "promotional";

const BUILT_IN_CATEGORY_POLICIES = {
  urgent: URGENT,
  security: URGENT,
  payment_failure: URGENT,
  outage: URGENT,
  regulatory: REGULATORY,
  legal: REGULATORY,
  reactivation: REACTIVATION,
  win_back: REACTIVATION,
  transactional: TRANSACTIONAL,
  onboarding: CONTEXTUAL,
  feature_announcement: CONTEXTUAL,
  upsell: CONTEXTUAL,
  tooltip: CONTEXTUAL,
  survey: CONTEXTUAL,
  cross_sell: CONTEXTUAL,
  promotional: PROMOTIONAL,
} satisfies Record<BuiltInCategory, CategoryPolicy>;

/** The built-in categories and their defaults; a channel policy may change any field or add categories. */
export const DEFAULT_CATEGORY_POLICIES: Readonly<Record<string, CategoryPolicy>> = Object.freeze(BUILT_IN_CATEGORY_POLICIES);
