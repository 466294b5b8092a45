import { ownValue } from "../json/own-value.js";
import { isPlainObject } from "../json/plain-object.js";
import { MAX_DURATION_MS } from "../time/duration.js";
import { isInstant } from "../time/instant.js";

/*
 * A user's message history as the engine asks callers to keep it, and as the message-history rule
 * operators (received, opened, clicked, converted, last_…_at) read it: `deliveries` (what was sent)
 * and `engagement` (what the user did with it). The entries are the caller's data: each is read
 * through its own properties only and skipped, never trusted, when malformed. The engine and the
 * operators judge an entry with the same predicates (below), so a rule sees exactly what the
 * engine would.
 */

/** What a user did with a message: opened it (a person, not a privacy proxy), clicked it, or converted because of it. */
export const ENGAGEMENT_KINDS = Object.freeze(["opened", "clicked", "converted"] as const);
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** One engagement with a message (what `applyOutcome` records in `history.engagement`). */
export interface Engagement {
  /** Epoch milliseconds it happened. */
  readonly at: number;
  readonly kind: EngagementKind;
  /** The campaign of the message. */
  readonly campaign: string;
  /** The message's channel, when known. */
  readonly channel?: string;
  /** The message's tags, when known (tag selectors match them). */
  readonly tags?: readonly string[];
  /** The outcome event's id: the same outcome recorded twice counts once. */
  readonly id?: string | number;
}

/**
 * The longest window the message-history operators read: 730 days (`MAX_DURATION_MS`, the bound
 * of every duration of a config). An operator without a window reads this one, so that compacting
 * a history to it (what `applyOutcome` does by default) never changes an answer.
 */
export const MAX_HISTORY_WINDOW_MS = MAX_DURATION_MS;

/** Characters of a campaign, channel, tag or id in a history (longer ones are malformed). */
export const MAX_HISTORY_TEXT = 1_024;

/** A history text: a string of 1 to 1,024 characters. */
export const isHistoryText = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= MAX_HISTORY_TEXT;

const KIND_SET: ReadonlySet<unknown> = new Set(ENGAGEMENT_KINDS);

/** Whether a value is an engagement kind. */
export const isEngagementKind = (value: unknown): value is EngagementKind => KIND_SET.has(value);

/** A delivery the engine reads: a plain object with own `at` (an instant inside the Date range), `channel` and `campaign`. */
export function isDeliveryEntry(entry: unknown): entry is Record<string, unknown> {
  return isPlainObject(entry) && isInstant(ownValue(entry, "at")) && isHistoryText(ownValue(entry, "channel")) && isHistoryText(ownValue(entry, "campaign"));
}

/**
 * An engagement the engine reads: a plain object with own `at` (an instant), `kind` (opened,
 * clicked or converted) and `campaign`, and a `channel` that is a text when present. Tags that are
 * not an array read as none, and a tag that is not a text matches nothing.
 */
export function isEngagementEntry(entry: unknown): entry is Record<string, unknown> {
  if (!isPlainObject(entry) || !isInstant(ownValue(entry, "at")) || !isEngagementKind(ownValue(entry, "kind")) || !isHistoryText(ownValue(entry, "campaign"))) return false;
  const channel = ownValue(entry, "channel");
  return channel === undefined || isHistoryText(channel);
}
