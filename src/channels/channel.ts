/**
 * The channels a message can go out on, and how they differ — the comparison the rest of this
 * module encodes: where a message shows, whether the user must opt in, and when it can be sent.
 */

export const CHANNELS = Object.freeze(["in_app", "push", "web_push", "email", "sms"] as const);
export type Channel = (typeof CHANNELS)[number];

export interface ChannelTraits {
  /** Where the user sees it. */
  readonly shows: "inside-the-app" | "device-notification" | "browser-notification" | "inbox" | "text-messages";
  /** Whether it reaches a user who is not in the app (the only kind that may carry urgent or regulatory messages alone). */
  readonly reachesOutsideApp: boolean;
  /** Whether the user must have opted in (consented) before anything is sent on it. */
  readonly needsOptIn: boolean;
  /** Whether a legal basis (transactional, regulatory mail) may stand in for the opt-in; a device permission never can. */
  readonly legalBasisReplacesOptIn: boolean;
  /** `session`: now, while the user is in the app, or never; `deferrable`: can be sent later at an exact instant. */
  readonly timing: "session" | "deferrable";
  /** Whether the user keeps it and can find it later (receipts, proof of delivery). */
  readonly archivable: boolean;
}

export const CHANNEL_TRAITS: Readonly<Record<Channel, ChannelTraits>> = Object.freeze({
  in_app: Object.freeze({ shows: "inside-the-app", reachesOutsideApp: false, needsOptIn: false, legalBasisReplacesOptIn: false, timing: "session", archivable: false }),
  push: Object.freeze({ shows: "device-notification", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: false, timing: "deferrable", archivable: false }),
  web_push: Object.freeze({ shows: "browser-notification", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: false, timing: "deferrable", archivable: false }),
  email: Object.freeze({ shows: "inbox", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: true, timing: "deferrable", archivable: true }),
  sms: Object.freeze({ shows: "text-messages", reachesOutsideApp: true, needsOptIn: true, legalBasisReplacesOptIn: true, timing: "deferrable", archivable: true }),
} satisfies Record<Channel, ChannelTraits>);

const CHANNEL_SET: ReadonlySet<string> = new Set(CHANNELS);

export function isChannel(value: unknown): value is Channel {
  return typeof value === "string" && CHANNEL_SET.has(value);
}
