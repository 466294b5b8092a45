import { toEpochMilliseconds } from "../../rules/time/timestamp.js";
import { isValidTimeZone } from "../../rules/time/time-zone.js";
import { CHANNELS, type Channel } from "../channel.js";
import { isPlatform, type Platform } from "../surface.js";

/**
 * What channel choice reads from a user, as JSON. Every field is optional and anything else —
 * a wrong type, an inherited property, a bad date — reads as absent, which never widens what may
 * be sent: consent flags count only when they are the boolean `true`.
 */
export interface ChannelUserInput {
  /** IANA zone for quiet hours and calendar caps (else the policy's `defaultTimeZone`). */
  readonly timeZone?: string;
  readonly session?: {
    /** The user is in the app now. */
    readonly active?: boolean;
    /** False for an app running offline-first: nothing in-app is decided for it. Default true. */
    readonly online?: boolean;
    readonly platform?: Platform;
    /** Counted by session caps. */
    readonly id?: string;
  };
  readonly consents?: {
    readonly push?: PushConsentInput;
    readonly web_push?: PushConsentInput;
    readonly email?: { readonly optedIn?: boolean; readonly verified?: boolean; readonly bounced?: boolean };
    readonly sms?: { readonly optedIn?: boolean; readonly verified?: boolean };
  };
  /** The user's own choices; they win over every campaign setting. */
  readonly preferences?: {
    /** `false`: nothing on this channel. */
    readonly channels?: Partial<Record<Channel, boolean>>;
    /** `false`: nothing of this category; `{ push: false }`: not on that channel. */
    readonly categories?: Readonly<Record<string, boolean | Partial<Record<Channel, boolean>>>>;
  };
  /** Messages sent and engaged with (opened, clicked) per channel, for `best-engagement`. */
  readonly engagement?: Partial<Record<Channel, { readonly sent?: number; readonly engaged?: number }>>;
}

export interface PushConsentInput {
  readonly optedIn?: boolean;
  readonly muted?: boolean;
  /** Snoozed until this instant (epoch ms or ISO 8601 with offset). */
  readonly mutedUntil?: number | string;
  /** push: `ios` / `android` tokens; web_push: `web` subscriptions. */
  readonly tokens?: readonly { readonly platform?: string; readonly valid?: boolean; readonly expiresAt?: number | string }[];
}

export interface PushConsent {
  readonly optedIn: boolean;
  readonly muted: boolean;
  /** Epoch ms; NaN when `mutedUntil` was given but is not an instant (read as muted). */
  readonly mutedUntil: number | undefined;
  readonly tokens: readonly unknown[];
}

export interface ChannelEngagement {
  readonly sent: number;
  readonly engaged: number;
}

/** A user as channel choice sees it: safe values only. */
export interface ChannelUser {
  readonly session: { readonly active: boolean; readonly online: boolean; readonly platform: Platform | undefined; readonly id: string | undefined };
  readonly push: PushConsent;
  readonly web_push: PushConsent;
  readonly email: { readonly optedIn: boolean; readonly verified: boolean; readonly bounced: boolean };
  readonly sms: { readonly optedIn: boolean; readonly verified: boolean };
  /** The raw `preferences` object, read one own property at a time. */
  readonly preferences: unknown;
  readonly engagement: Readonly<Record<Channel, ChannelEngagement>>;
  /** The user's zone when it is a valid one. */
  readonly timeZone: string | undefined;
}

const NO_ENGAGEMENT: ChannelEngagement = Object.freeze({ sent: 0, engaged: 0 });

/** An own property of a plain object (not an array), or undefined: inherited and polluted members read as absent. */
export function field(holder: unknown, key: string): unknown {
  if (typeof holder !== "object" || holder === null || Array.isArray(holder)) return undefined;
  return Object.hasOwn(holder, key) ? (holder as Record<string, unknown>)[key] : undefined;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function pushConsent(value: unknown): PushConsent {
  const mutedUntil = field(value, "mutedUntil");
  const tokens = field(value, "tokens");
  return {
    optedIn: field(value, "optedIn") === true,
    muted: field(value, "muted") === true,
    mutedUntil: mutedUntil === undefined || mutedUntil === null ? undefined : (toEpochMilliseconds(mutedUntil) ?? Number.NaN),
    tokens: Array.isArray(tokens) ? tokens : [],
  };
}

function engagementOf(value: unknown): Record<Channel, ChannelEngagement> {
  const result = {} as Record<Channel, ChannelEngagement>;
  for (const channel of CHANNELS) {
    const entry = field(value, channel);
    const sent = count(field(entry, "sent"));
    // More engagements than sends is a data error: clamp, so a rate never exceeds 1.
    result[channel] = entry === undefined ? NO_ENGAGEMENT : { sent, engaged: Math.min(count(field(entry, "engaged")), sent) };
  }
  return result;
}

/** Reads a user (any JSON, hostile included) into the safe view channel choice works on. Never throws. */
export function readChannelUser(user: unknown): ChannelUser {
  const session = field(user, "session");
  const consents = field(user, "consents");
  const email = field(consents, "email");
  const sms = field(consents, "sms");
  const platform = field(session, "platform");
  const sessionId = field(session, "id");
  const timeZone = field(user, "timeZone");
  return {
    session: {
      active: field(session, "active") === true,
      online: field(session, "online") !== false,
      platform: isPlatform(platform) ? platform : undefined,
      id: typeof sessionId === "string" && sessionId.length > 0 && sessionId.length <= 256 ? sessionId : undefined,
    },
    push: pushConsent(field(consents, "push")),
    web_push: pushConsent(field(consents, "web_push")),
    email: { optedIn: field(email, "optedIn") === true, verified: field(email, "verified") === true, bounced: field(email, "bounced") === true },
    sms: { optedIn: field(sms, "optedIn") === true, verified: field(sms, "verified") === true },
    preferences: field(user, "preferences"),
    engagement: engagementOf(field(user, "engagement")),
    timeZone: isValidTimeZone(timeZone) ? timeZone : undefined,
  };
}
