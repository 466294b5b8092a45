import type { RenderedContent } from "./content/rendered-content.js";
import type { Delivery } from "../caps/history/delivery.js";
import type { Channel } from "../channels/channel.js";
import type { InAppFormat } from "../channels/surface.js";
import type { Instant } from "../time/instant.js";
import type { Engagement } from "../message-history/history-entries.js";
import type { JourneyAction } from "../journeys/run/journey-step.js";
import type { JourneyState } from "../journeys/state/journey-state.js";

export { ENGAGEMENT_KINDS, type Engagement, type EngagementKind } from "../message-history/history-entries.js";

/** The seven steps of a decision (see DESIGN.md), plus `status` (draft, paused, archived campaigns). */
export const DECISION_STEPS = Object.freeze(["status", "schedule", "trigger", "audience", "experiment", "channel", "caps", "arbitration"] as const);
export type DecisionStep = (typeof DECISION_STEPS)[number];

/** An event as `decide` reads it: `name` picks the campaigns; `properties` reach rules and templates. */
export interface EngineEvent {
  readonly name: string;
  readonly id?: string | number;
  /** When it happened (default: `now`). */
  readonly time?: number | string;
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A control or treatment assignment (or a holdout) that the caller logs to measure the experiment. */
export interface Exposure {
  readonly campaign: string;
  readonly experiment: string;
  /** Null for a user in the global holdout. */
  readonly variant: string | null;
  readonly at: number;
  readonly control: boolean;
  readonly holdout?: boolean;
}

/** A delayed trigger waiting for `engine.due` at `dueAt`. */
export interface PendingTrigger {
  readonly campaign: string;
  readonly triggeredAt: number;
  readonly dueAt: number;
  /** The triggering event, for the content and the cancel check. */
  readonly event: { readonly name: string; readonly properties?: Readonly<Record<string, unknown>> };
}

/**
 * What the caller keeps per user: deliveries, exposures and delayed triggers from the engine's
 * `records` (`applyRecords`), and what the user did with the messages from outcome events
 * (`applyOutcome`). Rules read deliveries and engagement through the message-history operators.
 */
export interface EngineHistory {
  readonly deliveries?: readonly Delivery[];
  readonly exposures?: readonly Exposure[];
  readonly pending?: readonly PendingTrigger[];
  /** Opens, clicks and conversions, oldest first (`applyOutcome` appends and compacts them). */
  readonly engagement?: readonly Engagement[];
  /** The user's state in each journey they have been in (one per journey: `applyRecords` replaces it). */
  readonly journeys?: readonly JourneyState[];
}

/**
 * Which journey message a decision (or a suppression) is: the journey, the user's entry, the message
 * step and how many times the step sent before in this entry. `key` is unique per message: a
 * retried call gives the same key, so deliver each key once.
 */
export interface JourneyMessageRef {
  readonly journey: string;
  readonly entry: number;
  readonly node: string;
  readonly iteration: number;
  readonly key: string;
  /** When the journey reached the step; earlier than the call when `due` was called late. */
  readonly dueAt: number;
  readonly late: boolean;
}

/** Shares per path id of journeys' `bandit` splits, by journey id and split node id (e.g. `banditAllocation(...).shares` from `nudgekit/experiments`). */
export type JourneySplitShares = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;

export interface DecideInput {
  readonly event: EngineEvent;
  /** Attributes, consents, session, timeZone, locale, behaviour (aggregates), engagement, preferences — any JSON. */
  readonly user: unknown;
  readonly history?: EngineHistory;
  readonly now: Instant;
  /** Weights of journeys' `bandit` splits; a split without them goes by its paths' weights. */
  readonly splitShares?: JourneySplitShares;
}

export interface DueInput {
  readonly user: unknown;
  readonly history?: EngineHistory;
  readonly now: Instant;
  /** Weights of journeys' `bandit` splits; a split without them goes by its paths' weights. */
  readonly splitShares?: JourneySplitShares;
}

/** A message to send: on which channel, when, with what content. */
export interface Decision {
  readonly campaignId: string;
  /** Null when the campaign runs no experiment. */
  readonly variantId: string | null;
  readonly channel: Channel;
  /** Epoch ms: `now`, or later when caps, quiet hours or a delay defer it. */
  readonly sendAt: number;
  readonly deferred: boolean;
  /**
   * The campaign's content for the channel (and the user's platform), rendered: the config's shape
   * with text for templates — values HTML-escaped in an email's `html`, URL-encoded in links, as
   * written elsewhere.
   */
  readonly content: RenderedContent;
  readonly priority: number;
  readonly category: string;
  /** In-app only. */
  readonly format?: InAppFormat;
  readonly placement?: string;
  readonly dismissible?: boolean;
  /** A journey's message: which one (its `campaignId` is the journey's id). */
  readonly journey?: JourneyMessageRef;
}

/** Why a campaign sends nothing: the step that said no, and when asking again could help. */
export interface Suppression {
  readonly campaignId: string;
  readonly step: DecisionStep;
  readonly reason: string;
  readonly detail: string;
  /** Epoch ms after which the step could pass; null: it never will; absent: unknown or not time-bound. */
  readonly retryAt?: number | null;
  /** A journey's message that is not sent (the journey goes on without it), or a journey the engine could not step (`invalid-journey-state`: only `journey` is set). */
  readonly journey?: JourneyMessageRef | { readonly journey: string };
}

/** What a journey step did besides its messages (those are decisions or suppressions): entered, branched, waiting, converted, exited, skipped, problem. */
export type JourneyRecordAction = Exclude<JourneyAction, { readonly type: "message" | "ignored" }>;

/** What the caller persists; the engine stores nothing. */
export type EngineRecord =
  | { readonly type: "delivery"; readonly delivery: Delivery }
  | { readonly type: "exposure"; readonly exposure: Exposure }
  | { readonly type: "pending"; readonly pending: PendingTrigger }
  | { readonly type: "pending-resolved"; readonly campaign: string; readonly triggeredAt: number }
  /** The user's new state in a journey: `applyRecords` puts it in `history.journeys` in place of the old one. */
  | { readonly type: "journey-state"; readonly state: JourneyState }
  /** What a journey did for the user (for logs and reports; `applyRecords` keeps nothing of it). */
  | { readonly type: "journey"; readonly action: JourneyRecordAction };

export interface DecideResult {
  readonly decisions: readonly Decision[];
  readonly suppressed: readonly Suppression[];
  readonly records: readonly EngineRecord[];
}

export type StepVerdict = "pass" | "fail" | "pending" | "not-reached";

export interface StepTrace {
  readonly step: DecisionStep;
  readonly verdict: StepVerdict;
  readonly detail: string;
  readonly reason?: string;
  readonly retryAt?: number | null;
}

/** Each step's verdict for one campaign and one user. */
export interface CampaignExplanation {
  readonly campaignId: string;
  readonly outcome: "sent" | "suppressed" | "pending" | "not-triggered";
  readonly steps: readonly StepTrace[];
  readonly decisions: readonly Decision[];
  readonly suppression?: Suppression;
}

/** A user's path through one journey in one call (`engine.explainJourney`). */
export interface JourneyExplanation {
  readonly journeyId: string;
  /** Where the user's runs stood before the call (none: not in the journey; several only in a concurrent journey). */
  readonly before: readonly { readonly entry: number; readonly key: string | null; readonly node: string; readonly since: number; readonly until: number }[];
  /** Each thing the journey did, in order: entered, branched (to which node, `because` what held), message, waiting, converted, exited (and why), skipped, problems. */
  readonly path: readonly JourneyAction[];
  /** Each message step reached, and the decision steps its message went through. */
  readonly messages: readonly {
    readonly message: JourneyMessageRef;
    readonly outcome: "sent" | "suppressed";
    readonly steps: readonly StepTrace[];
    readonly decisions: readonly Decision[];
    readonly suppression?: Suppression;
  }[];
  /** What each of the user's runs waits for after the call, and until when (none: not in the journey). */
  readonly waiting: readonly { readonly entry: number; readonly key: string | null; readonly node: string; readonly since: number; readonly until: number; readonly for: string }[];
  /** The user's state after the call (what the records persist). */
  readonly state: JourneyState | null;
  /** Why the journey could not be stepped (a state it did not write). */
  readonly problem?: string;
}
