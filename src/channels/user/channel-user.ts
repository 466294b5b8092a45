import { field } from "../../json/own-value.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import { zoneClock, type ZoneClock } from "../../time-zones/zone-clock.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
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
  /** The user's device platform: per-platform content sent out of the app (push, email, SMS) follows it; in-app content follows the session's. */
  readonly platform?: Platform;
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

export interface AddressConsent {
  readonly optedIn: boolean;
  readonly verified: boolean;
  /** Email only. */
  readonly bounced: boolean;
}

export interface SessionView {
  readonly active: boolean;
  readonly online: boolean;
  readonly platform: Platform | undefined;
  readonly id: string | undefined;
}

export interface ChannelEngagement {
  readonly sent: number;
  readonly engaged: number;
}

/** A user as channel choice sees it: safe values only (`readChannelUser`; the choice itself reads each part when it needs it). */
export interface ChannelUser {
  readonly session: SessionView;
  readonly push: PushConsent;
  readonly web_push: PushConsent;
  readonly email: AddressConsent;
  readonly sms: AddressConsent;
  /** The raw `preferences` object, read one own property at a time. */
  readonly preferences: unknown;
  readonly engagement: Readonly<Record<Channel, ChannelEngagement>>;
  /** The user's zone when it is a valid one. */
  readonly timeZone: string | undefined;
}

const NO_ENGAGEMENT: ChannelEngagement = Object.freeze({ sent: 0, engaged: 0 });

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

export function readSession(user: unknown): SessionView {
  const session = field(user, "session");
  const platform = field(session, "platform");
  const id = field(session, "id");
  return {
    active: field(session, "active") === true,
    online: field(session, "online") !== false,
    platform: isPlatform(platform) ? platform : undefined,
    id: typeof id === "string" && id.length > 0 && id.length <= 256 ? id : undefined,
  };
}

export function readPushConsent(user: unknown, channel: "push" | "web_push"): PushConsent {
  const consent = field(field(user, "consents"), channel);
  const mutedUntil = field(consent, "mutedUntil");
  const tokens = field(consent, "tokens");
  return {
    optedIn: field(consent, "optedIn") === true,
    muted: field(consent, "muted") === true,
    mutedUntil: mutedUntil === undefined || mutedUntil === null ? undefined : (toEpochMilliseconds(mutedUntil) ?? Number.NaN),
    tokens: Array.isArray(tokens) ? tokens : [],
  };
}

export function readAddressConsent(user: unknown, channel: "email" | "sms"): AddressConsent {
  const consent = field(field(user, "consents"), channel);
  return { optedIn: field(consent, "optedIn") === true, verified: field(consent, "verified") === true, bounced: field(consent, "bounced") === true };
}

export function readEngagement(user: unknown, channel: Channel): ChannelEngagement {
  const entry = field(field(user, "engagement"), channel);
  if (entry === undefined) return NO_ENGAGEMENT;
  const sent = count(field(entry, "sent"));
  // More engagements than sends is a data error: clamp, so a rate never exceeds 1.
  return { sent, engaged: Math.min(count(field(entry, "engaged")), sent) };
}

/** The user's zone when it is an offset or an IANA zone the clock's provider knows. */
export function readTimeZone(user: unknown, zones: ZoneClock = zoneClock()): string | undefined {
  const zone = field(user, "timeZone");
  return zones.isValid(zone) ? zone : undefined;
}

/**
 * Reads a user (any JSON, hostile included) into the safe view channel choice works on. Never throws.
 * `timeZones` (default `intlTimeZones`) decides which `timeZone` values are known.
 *
 * @example
 * readChannelUser({ timeZone: "Mars/Base", consents: { email: { address: "a@b.c", verified: true } } }).timeZone; // → undefined
 */
export function readChannelUser(user: unknown, timeZones?: TimeZoneProvider): ChannelUser {
  const engagement = {} as Record<Channel, ChannelEngagement>;
  for (const channel of CHANNELS) engagement[channel] = readEngagement(user, channel);
  return {
    session: readSession(user),
    push: readPushConsent(user, "push"),
    web_push: readPushConsent(user, "web_push"),
    email: readAddressConsent(user, "email"),
    sms: readAddressConsent(user, "sms"),
    preferences: field(user, "preferences"),
    engagement,
    timeZone: readTimeZone(user, zoneClock(timeZones)),
  };
}
