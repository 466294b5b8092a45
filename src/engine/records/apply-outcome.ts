import type { Delivery } from "../../caps/history/delivery.js";
import { field } from "../../json/own-value.js";
import { isEngagementEntry, isHistoryText, MAX_HISTORY_WINDOW_MS, type Engagement, type EngagementKind } from "../../message-history/history-entries.js";
import type { MessageOutcomeEvent, TrackedEvent } from "../../metrics/events/outcome-vocabulary.js";
import { parseDuration } from "../../time/duration.js";
import { instantOf, isInstant, type Instant } from "../../time/instant.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import type { EngineHistory } from "../engine-types.js";
import { applyRecords, type FullEngineHistory } from "./apply-records.js";

/** How long `applyOutcome` keeps engagement, and how much of it. */
export const ENGAGEMENT_HISTORY_LIMITS = Object.freeze({
  /** Default and longest retention: the longest window of the message-history operators, 730 days. */
  retention: MAX_HISTORY_WINDOW_MS,
  /** Entries kept by default: the newest 1,000. */
  entries: 1_000,
  /** The most entries `maxEntries` may ask for. */
  maxEntries: 100_000,
});

export interface ApplyOutcomeOptions {
  /**
   * The instant the history is compacted at (epoch ms, ISO 8601 with an offset, or a Date); default:
   * the outcome's time. Pass the current time when outcomes may arrive late or dated ahead.
   */
  readonly now?: Instant;
  /**
   * Engagement older than this before `now` is dropped: a duration (`"90d"`, milliseconds) up to
   * 730 days, the default. A shorter one is safe when no rule reads a longer window; an operator
   * without a window reads 730 days.
   */
  readonly retention?: number | string;
  /** The newest entries kept, at most (default 1,000; up to 100,000): the oldest go first. */
  readonly maxEntries?: number;
}

/**
 * The engagement an outcome event stands for, or null: an `open` (by a person: `machine: true` is a
 * privacy proxy or a prefetch) is "opened", a `click` "clicked", a tracked event credited to a
 * campaign (`campaignId`) "converted"; every other outcome (sent, delivered, bounced, impression,
 * dismissed, unsubscribed, complaint) none.
 */
function kindOf(event: unknown): EngagementKind | null {
  const outcome = field(event, "outcome");
  if (outcome === "open") return field(event, "machine") === true ? null : "opened";
  if (outcome === "click") return "clicked";
  return outcome === undefined && isHistoryText(field(event, "name")) ? "converted" : null;
}

/**
 * The message an outcome is about: the delivery with its `deliveryId`, else the latest delivery of
 * its campaign (and channel, when it says one) sent at or before it.
 */
function deliveryOf(deliveries: readonly Delivery[], deliveryId: unknown, campaign: string | undefined, channel: string | undefined, at: number): Delivery | undefined {
  let found: Delivery | undefined;
  if (isHistoryText(deliveryId)) {
    for (const delivery of deliveries) if (field(delivery, "id") === deliveryId) found = delivery;
    return found;
  }
  if (campaign === undefined) return undefined;
  for (const delivery of deliveries) {
    if (delivery.campaign !== campaign || delivery.at > at || (channel !== undefined && delivery.channel !== channel)) continue;
    if (found === undefined || delivery.at >= found.at) found = delivery;
  }
  return found;
}

/** The entry an outcome event adds (read through own properties only), or null when it adds none. */
function engagementOf(event: unknown, deliveries: readonly Delivery[]): Engagement | null {
  const kind = kindOf(event);
  const at = toEpochMilliseconds(field(event, "time"));
  if (kind === null || at === undefined || !isInstant(at)) return null;
  const campaignId = field(event, "campaignId");
  const channelGiven = field(event, "channel");
  const campaign = isHistoryText(campaignId) ? campaignId : undefined;
  const channel = isHistoryText(channelGiven) ? channelGiven : undefined;
  const delivery = deliveryOf(deliveries, kind === "converted" ? undefined : field(event, "deliveryId"), campaign, channel, at);
  const entry: { -readonly [K in keyof Engagement]: Engagement[K] } = { at, kind, campaign: campaign ?? delivery?.campaign ?? "" };
  if (entry.campaign === "") return null; // no campaign to credit
  const messageChannel = channel ?? delivery?.channel;
  if (messageChannel !== undefined) entry.channel = messageChannel;
  const tags = delivery === undefined ? undefined : field(delivery, "tags");
  if (Array.isArray(tags)) entry.tags = Object.freeze(tags.filter(isHistoryText));
  const id = field(event, "id");
  if (isHistoryText(id) || (typeof id === "number" && Number.isFinite(id))) entry.id = id;
  return Object.freeze(entry);
}

function retentionOf(value: number | string | undefined): number {
  if (value === undefined) return ENGAGEMENT_HISTORY_LIMITS.retention;
  const parsed = parseDuration(value);
  if (!parsed.ok || !(parsed.milliseconds > 0) || parsed.milliseconds > ENGAGEMENT_HISTORY_LIMITS.retention) {
    throw new RangeError(`options.retention must be a duration longer than 0 and at most 730 days (such as "90d"), got ${String(value)}`);
  }
  return parsed.milliseconds;
}

function maxEntriesOf(value: number | undefined): number {
  if (value === undefined) return ENGAGEMENT_HISTORY_LIMITS.entries;
  if (!Number.isInteger(value) || value < 1 || value > ENGAGEMENT_HISTORY_LIMITS.maxEntries) {
    throw new RangeError(`options.maxEntries must be an integer from 1 to ${ENGAGEMENT_HISTORY_LIMITS.maxEntries}, got ${String(value)}`);
  }
  return value;
}

const byTime = (a: Engagement, b: Engagement): number => a.at - b.at;

/**
 * The caller's side of engagement: the user's history after one outcome event, with what the user
 * did with a message appended to `history.engagement`, so that rules can ask "opened / clicked /
 * converted on campaign X in a window" (docs/rules.md, Message history). An `open` by a person is
 * `opened` (`machine: true` opens, privacy proxies and prefetches, count for nothing), a `click` is
 * `clicked`, and a tracked event credited to a campaign (its `campaignId`, e.g. from nudgekit/metrics'
 * attribution or a deep link) is `converted`; other outcomes add nothing. The message's campaign,
 * channel and tags come from the event, else from the delivery it names (`deliveryId` matching a
 * delivery's `id`), else from the campaign's latest delivery sent at or before it (on the event's
 * channel, when it says one). An event without a campaign to credit, or without a valid time, adds
 * nothing. The same outcome twice (same `id` and kind) counts once.
 *
 * The engagement list is then compacted, as caps histories are: entries older than `retention`
 * (730 days: no operator reads further back) before `now` go, entries the engine would skip as
 * malformed go, and only the newest `maxEntries` (1,000) stay, oldest first. Answers of the
 * operators at `now` or later are unchanged by it, as long as no more than `maxEntries` entries
 * fell within the retention (property-tested). Returns a new history; the input is never changed,
 * and other lists are kept as `applyRecords` keeps them. Never throws on the history or the event
 * (they are data); an invalid option is a RangeError, an invalid `now` a TypeError.
 *
 * @example
 * const history = { deliveries: [{ at: Date.parse("2026-11-23T10:00:00Z"), channel: "push", campaign: "cart-push", tags: ["cart"] }] };
 * applyOutcome(history, { outcome: "click", id: "o-1", userId: "u-1", time: "2026-11-23T10:05:00Z", campaignId: "cart-push" }).engagement;
 * // [{ at: 1795428300000, kind: "clicked", campaign: "cart-push", channel: "push", tags: ["cart"], id: "o-1" }]
 * applyOutcome(history, { outcome: "open", id: "o-2", userId: "u-1", time: "2026-11-23T10:05:00Z", campaignId: "cart-push", machine: true }).engagement;
 * // [] (a privacy proxy's open)
 */
export function applyOutcome(history: EngineHistory | undefined, event: MessageOutcomeEvent | TrackedEvent, options: ApplyOutcomeOptions = {}): FullEngineHistory {
  const retention = retentionOf(options.retention);
  const maxEntries = maxEntriesOf(options.maxEntries);
  const lists = applyRecords(history, []);
  const deliveries = lists.deliveries.filter((delivery): delivery is Delivery => isInstant(field(delivery, "at")) && isHistoryText(field(delivery, "campaign")) && isHistoryText(field(delivery, "channel")));
  const entry = engagementOf(event, deliveries);
  const now = options.now === undefined ? (entry?.at ?? toEpochMilliseconds(field(event, "time"))) : instantOf(options.now);
  if (now === undefined && entry === null) return lists;
  const from = (now ?? (entry as Engagement).at) - retention;
  const known = lists.engagement;
  const kept = known.filter((candidate) => isEngagementEntry(candidate) && candidate.at >= from);
  const duplicate = entry !== null && entry.id !== undefined && kept.some((candidate) => field(candidate, "id") === entry.id && candidate.kind === entry.kind);
  const adds = entry !== null && !duplicate && entry.at >= from;
  if (adds) kept.push(entry);
  // Oldest first (stable: entries at one instant keep their order), so the oldest go first.
  let sorted = true;
  for (let index = 1; index < kept.length && sorted; index++) sorted = (kept[index - 1] as Engagement).at <= (kept[index] as Engagement).at;
  if (sorted && !adds && kept.length === known.length && kept.length <= maxEntries) return lists;
  if (!sorted) kept.sort(byTime);
  return { ...lists, engagement: kept.length > maxEntries ? kept.slice(kept.length - maxEntries) : kept };
}
