import { ownValue } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import { LATEST_EVENT_TIME, toEpochMilliseconds } from "../../time/timestamp.js";
import { MESSAGE_OUTCOMES } from "./outcome-vocabulary.js";

/** Longest id, name, campaign, variant, channel, link and order id, in UTF-16 code units. */
export const MAX_OUTCOME_TEXT = 256;
/** Largest revenue of one conversion, in minor units: sums of a whole log stay exact integers. */
export const MAX_REVENUE = 1e12;

/** Outcomes at one instant apply in this order: exposures, then the message outcomes in vocabulary order, then the user's events. */
export const EXPOSURE_RANK = 0;
export const TRACKED_RANK = MESSAGE_OUTCOMES.length + 1;
/** Key spaces (ReadEvent.space): ids of outcomes and of the user's own events are apart, and apart from content keys. */
export const OUTCOME_KEYS = 0;
export const ID_KEYS = 1;
export const CONTENT_KEYS = 2;
const RANKS: ReadonlyMap<string, number> = new Map(MESSAGE_OUTCOMES.map((outcome, index) => [outcome, index + 1]));
export const rankOf = (outcome: string): number | undefined => RANKS.get(outcome);

/**
 * One event as the fold keeps it: checked, copied (nothing of the caller's is kept) and flattened
 * into one shape, so that the fold's hot loop sees one hidden class.
 */
export interface ReadEvent {
  /** EXPOSURE_RANK, a message outcome's rank (1…9), or TRACKED_RANK. */
  readonly rank: number;
  /** Identifies the event within its user and key space: a second event with this key is a redelivery. */
  readonly key: string;
  /** Which ids `key` is one of: OUTCOME_KEYS (message outcomes and exposures), ID_KEYS (the user's events with an id) or CONTENT_KEYS (without one). */
  readonly space: number;
  readonly userId: string;
  readonly time: number;
  readonly campaign: string | null;
  readonly variant: string | null;
  readonly channel: string | null;
  readonly delivery: string | null;
  readonly machine: boolean;
  readonly experiment: string | null;
  readonly holdout: boolean;
  readonly control: boolean;
  /** Tracked events: the name; the indexes of the conversion definitions it matches (set by the fold). */
  readonly name: string | null;
  definitions: readonly number[] | null;
  /** Tracked events: the caller's properties, read by the definitions' `where` while the event is folded, then dropped. */
  properties: Readonly<Record<string, unknown>> | null;
  readonly revenue: number;
  readonly currency: string | null;
  readonly orderId: string | null;
}

function text(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_OUTCOME_TEXT;
}

function optionalText(holder: Record<string, unknown>, key: string): string | null | false {
  const value = ownValue(holder, key);
  if (value === undefined || value === null) return null;
  return text(value) ? value : false;
}

function idText(value: unknown): string | null {
  if (text(value)) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return null;
}

/** An event time: epoch ms or ISO 8601 with an offset, from 1970 to 9999. */
function instant(value: unknown): number | null {
  const time = toEpochMilliseconds(value);
  return time === undefined || time < 0 || time > LATEST_EVENT_TIME ? null : time;
}

/**
 * Checks one metrics event (see `MetricsEvent`) and flattens it, or says what is wrong with it.
 * The fast twin of `metricsEventSchema` (the fold reads millions of events a second; zod would be
 * the whole cost): a property test checks they accept the same events. Never throws.
 */
export function readMetricsEvent(value: unknown): ReadEvent | string {
  if (!isPlainObject(value)) return "an event must be an object";
  const userId = idText(ownValue(value, "userId"));
  if (userId === null) return `userId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters or a finite number`;
  const time = instant(ownValue(value, "time"));
  if (time === null) return "time must be epoch milliseconds or an ISO 8601 instant with an offset, between 1970 and 9999";
  const outcome = ownValue(value, "outcome");
  if (outcome !== undefined) return readOutcome(value, outcome, userId, time);
  return readTracked(value, userId, time);
}

function readOutcome(value: Record<string, unknown>, outcome: unknown, userId: string, time: number): ReadEvent | string {
  const id = idText(ownValue(value, "id"));
  if (id === null) return `id must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters or a finite number`;
  const campaign = optionalText(value, "campaignId");
  if (campaign === false) return `campaignId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  const variant = optionalText(value, "variantId");
  if (variant === false) return `variantId must be null or a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  if (outcome === "exposure") {
    if (campaign === null) return "an exposure needs its campaignId";
    const experiment = ownValue(value, "experimentId");
    if (!text(experiment)) return `experimentId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
    const control = ownValue(value, "control") ?? false;
    const holdout = ownValue(value, "holdout") ?? false;
    if (typeof control !== "boolean" || typeof holdout !== "boolean") return "control and holdout must be booleans";
    if (holdout && variant !== null) return "a holdout exposure has no variant (variantId null)";
    if (!holdout && variant === null) return "an experiment exposure needs its variantId";
    return event(EXPOSURE_RANK, id, OUTCOME_KEYS, userId, time, campaign, variant, null, null, false, experiment, holdout, control, null, 0, null, null);
  }
  const rank = typeof outcome === "string" ? RANKS.get(outcome) : undefined;
  if (rank === undefined) return `outcome must be one of ${MESSAGE_OUTCOMES.join(", ")} or exposure`;
  const channel = optionalText(value, "channel");
  if (channel === false) return `channel must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  const delivery = optionalText(value, "deliveryId");
  if (delivery === false) return `deliveryId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  if (campaign === null && delivery === null) return "a message outcome needs its deliveryId or its campaignId";
  const machine = ownValue(value, "machine") ?? false;
  if (typeof machine !== "boolean") return "machine must be a boolean";
  if (machine && outcome !== "open") return "only an open can be a machine open";
  if (optionalText(value, "linkId") === false) return `linkId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  return event(rank, id, OUTCOME_KEYS, userId, time, campaign, variant, channel, delivery, machine, null, false, false, null, 0, null, null);
}

function readTracked(value: Record<string, unknown>, userId: string, time: number): ReadEvent | string {
  const name = ownValue(value, "name");
  if (!text(name)) return `an event needs an outcome (a message outcome or exposure) or a name of at most ${MAX_OUTCOME_TEXT} characters`;
  const rawId = ownValue(value, "id");
  const id = rawId === undefined || rawId === null ? undefined : idText(rawId);
  if (id === null) return `id must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters or a finite number`;
  const properties = ownValue(value, "properties");
  if (properties !== undefined && !isPlainObject(properties)) return "properties must be an object";
  const revenue = ownValue(value, "revenue");
  const currency = ownValue(value, "currency");
  if (revenue !== undefined && !(Number.isSafeInteger(revenue) && Math.abs(revenue as number) <= MAX_REVENUE)) return `revenue must be an integer amount of minor units (cents), at most ${MAX_REVENUE} in size`;
  if (currency !== undefined && !(typeof currency === "string" && /^[A-Z]{3}$/.test(currency))) return 'currency must be an ISO 4217 code such as "EUR"';
  if (revenue !== undefined && currency === undefined) return "revenue needs its currency";
  const orderId = optionalText(value, "orderId");
  if (orderId === false) return `orderId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  const campaign = optionalText(value, "campaignId");
  if (campaign === false) return `campaignId must be a non-empty string of at most ${MAX_OUTCOME_TEXT} characters`;
  // Without an id, the event's name, time, order, revenue and campaign identify it (a redelivery is the same event).
  const key = id === undefined ? `${time}:${JSON.stringify([name, orderId, revenue ?? null, currency ?? null, campaign])}` : id;
  const read = event(TRACKED_RANK, key, id === undefined ? CONTENT_KEYS : ID_KEYS, userId, time, campaign, null, null, null, false, null, false, false, name, (revenue as number | undefined) ?? 0, (currency as string | undefined) ?? null, orderId);
  if (properties !== undefined) read.properties = properties;
  return read;
}

function event(
  rank: number,
  key: string,
  space: number,
  userId: string,
  time: number,
  campaign: string | null,
  variant: string | null,
  channel: string | null,
  delivery: string | null,
  machine: boolean,
  experiment: string | null,
  holdout: boolean,
  control: boolean,
  name: string | null,
  revenue: number,
  currency: string | null,
  orderId: string | null,
): ReadEvent {
  return { rank, key, space, userId, time, campaign, variant, channel, delivery, machine, experiment, holdout, control, name, definitions: null, properties: null, revenue, currency, orderId };
}
