/**
 * What happened to a message after the engine decided it, as delivery providers and apps report it.
 * The order is the order outcomes at one instant are applied in: a send before its delivery, a
 * delivery before its open, an open before its click.
 */
export const MESSAGE_OUTCOMES = Object.freeze(["sent", "delivered", "bounced", "impression", "open", "click", "dismissed", "unsubscribed", "complaint"] as const);
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/** The outcomes a conversion window may start at (`anchor` of a conversion definition). */
export const CONVERSION_ANCHORS = Object.freeze(["sent", "delivered", "impression", "open", "click"] as const);
export type ConversionAnchor = (typeof CONVERSION_ANCHORS)[number];

/** Attribution models: which messages a conversion is credited to. */
export const ATTRIBUTION_MODELS = Object.freeze(["last-touch", "first-touch", "all-touch", "linear", "influenced"] as const);
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** Epoch milliseconds, or an ISO 8601 instant with an offset. */
export type OutcomeTime = number | string;

/**
 * A message outcome: `sent`, `delivered`, `bounced`, `impression` (an in-app message shown), `open`
 * (`machine: true` for a privacy-proxy or prefetch open), `click` (`linkId`: the button or link),
 * `dismissed`, `unsubscribed`, `complaint`. Outcomes of one message share its `deliveryId`; without
 * one, an outcome belongs to the user's latest message of its campaign (and channel, when given).
 */
export interface MessageOutcomeEvent {
  readonly outcome: MessageOutcome;
  /** Unique per user: a redelivered event (same id) counts once. */
  readonly id: string | number;
  readonly userId: string | number;
  readonly time: OutcomeTime;
  readonly campaignId?: string;
  /** Null (or absent) for a campaign without an experiment. */
  readonly variantId?: string | null;
  readonly channel?: string;
  readonly deliveryId?: string;
  /** `open` only: opened by a privacy proxy or a prefetch, not a person. */
  readonly machine?: boolean;
  /** `click` only: the button or link clicked. */
  readonly linkId?: string;
}

/**
 * An experiment exposure or a global-holdout exposure, as the engine records them (`exposure`
 * records): the denominators of variant comparisons and holdout lift.
 */
export interface ExposureEvent {
  readonly outcome: "exposure";
  readonly id: string | number;
  readonly userId: string | number;
  readonly time: OutcomeTime;
  readonly campaignId: string;
  /** The experiment's id, or the global holdout's for a held-out user. */
  readonly experimentId: string;
  /** Null for a user in the global holdout. */
  readonly variantId: string | null;
  readonly control?: boolean;
  readonly holdout?: boolean;
}

/**
 * Any event of the user's (the same lines as an event log): a conversion when a campaign's
 * conversion definition names it. `revenue` is in integer minor units (cents) of `currency`;
 * events with the same `orderId` count once; `campaignId` credits the conversion to that campaign,
 * whatever the attribution model says.
 */
export interface TrackedEvent {
  readonly name: string;
  /** Unique per user: a redelivered event counts once (without an id, its content identifies it). */
  readonly id?: string | number;
  readonly userId: string | number;
  readonly time: OutcomeTime;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly revenue?: number;
  /** ISO 4217 code, e.g. "EUR". Required with `revenue`. */
  readonly currency?: string;
  readonly orderId?: string;
  readonly campaignId?: string;
}

/** What `foldOutcomes` reads: message outcomes, exposures, and the user's own events. */
export type MetricsEvent = MessageOutcomeEvent | ExposureEvent | TrackedEvent;
