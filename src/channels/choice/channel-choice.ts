import type { CapReason } from "../../caps/check/check-compiled-caps.js";
import type { Channel } from "../channel.js";
import type { IneligibleReason } from "../eligibility/ineligibility.js";
import type { ChannelStrategy } from "../policy/category-policy.js";
import type { RankedChannel } from "../ranking/rank-channels.js";

/** One send the choice plans. */
export interface PlannedDelivery {
  readonly channel: Channel;
  /** Epoch ms: now, or the exact instant caps and quiet hours allow. */
  readonly sendAt: number;
  /** Whether caps or quiet hours moved it later than now. */
  readonly deferred: boolean;
  /** Record it with `counts: false` when false (it does not count toward caps). */
  readonly counts: boolean;
}

export type ChannelRejectionReason =
  | IneligibleReason
  /** The category sends in-app only in addition to a channel that reaches users outside the app. */
  | "in-app-not-alone"
  /** From nudgekit/caps: a frequency cap, a cooldown or quiet hours. */
  | CapReason
  /** Eligible, but a channel ranked above it carries the message. */
  | "lower-ranked";

export interface ChannelRejection {
  readonly channel: Channel;
  readonly reason: ChannelRejectionReason;
  readonly detail: string;
  /** For caps reasons: the refusing rule's id. */
  readonly rule?: string;
  /** For caps reasons: when the channel could carry it (null: never). */
  readonly retryAt?: number | null;
}

/** Which channel, when, and why not the others. */
export interface ChannelChoice {
  readonly campaignId: string;
  readonly category: string;
  readonly strategy: ChannelStrategy;
  /** The channel chosen (the first of `deliveries`), or null when none can carry the message. */
  readonly channel: Channel | null;
  /** When to send on it, or null. */
  readonly sendAt: number | null;
  /** Every planned send: one, or several for `all-eligible`. */
  readonly deliveries: readonly PlannedDelivery[];
  /** The eligible channels, best first (before caps). */
  readonly ranked: readonly RankedChannel[];
  /** Every channel the campaign lists that carries nothing, with the reason, in the campaign's order. */
  readonly rejected: readonly ChannelRejection[];
  /** Whether the deliveries must be recorded as proof (regulatory messages). */
  readonly proofOfDelivery: boolean;
  /** The zone quiet hours and calendar caps were read in. */
  readonly timeZone: string;
}
