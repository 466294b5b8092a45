import type { Delivery, DeliveryHistory } from "./delivery.js";
import { MAX_EPOCH_MS } from "../../time/timestamp.js";
import { ownValue } from "../../json/own-value.js";

/**
 * What a cap store keeps per user, as text: `{"v":1,"deliveries":[…]}`, each delivery with only the
 * fields of `Delivery`. Both stores read it with `parseStoredHistory` (the Redis store from its keys,
 * `MemoryCapStore` from a snapshot), so the same text means the same thing in both.
 */
export interface StoredHistoryDocument {
  readonly v: 1;
  readonly deliveries: readonly Delivery[];
}

/**
 * The bounds of a stored history. A stored text beyond them is unreadable, and a reserve that would
 * store more fails closed, so every store reads back whatever it writes.
 */
export const STORED_HISTORY_LIMITS = Object.freeze({
  /** Deliveries per user. */
  deliveries: 100_000,
  /** Tags per delivery (a config declares at most 1,000). */
  tags: 1_000,
  /** Characters of one text field (id, channel, campaign, tag, placement, session): the engine's bound on history text. */
  text: 1_024,
  /** Characters of all text fields of one history together. */
  characters: 4_194_304,
  /**
   * Characters of the stored JSON, checked before parsing it. A history within the other bounds
   * always fits: each character takes at most 6 in JSON, each tag 3 more, each delivery at most 128
   * more, so at most 6 × 4,194,304 + 3 × 4,194,304 + 128 × 100,000 + 32 characters, about 50.6 M.
   */
  json: 64 * 1_048_576,
});

const DOCUMENT_FIELDS: ReadonlySet<string> = new Set(["v", "deliveries"]);
const DELIVERY_FIELDS: ReadonlySet<string> = new Set(["id", "at", "channel", "campaign", "tags", "placement", "session", "counts"]);

export type StoredHistoryReading = { readonly ok: true; readonly history: DeliveryHistory } | { readonly ok: false; readonly problem: string };

class Unreadable extends Error {}

/** A key as it may appear in a message: bounded, quoted. */
function quoted(key: string): string {
  return JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Counts the characters of a text field, or says why it is not one. */
class CharacterBudget {
  used = 0;
  text(value: unknown, path: string): string {
    if (typeof value !== "string" || value.length === 0 || value.length > STORED_HISTORY_LIMITS.text) {
      throw new Unreadable(`${path} must be a string of 1 to ${STORED_HISTORY_LIMITS.text} characters`);
    }
    this.used += value.length;
    if (this.used > STORED_HISTORY_LIMITS.characters) throw new Unreadable(`its text fields hold more than ${STORED_HISTORY_LIMITS.characters} characters`);
    return value;
  }
}

/** A stored delivery, rebuilt field by field (frozen, own data only), or Unreadable. */
function readDelivery(value: unknown, path: string, budget: CharacterBudget): Delivery {
  if (!isRecord(value)) throw new Unreadable(`${path} is not an object`);
  for (const key of Object.keys(value)) if (!DELIVERY_FIELDS.has(key)) throw new Unreadable(`${path} has an unknown field ${quoted(key)}`);
  const at = ownValue(value, "at");
  if (typeof at !== "number" || !(Math.abs(at) <= MAX_EPOCH_MS)) throw new Unreadable(`${path}/at must be epoch milliseconds within ±8.64e15`);
  const delivery: { -readonly [K in keyof Delivery]: Delivery[K] } = { at, channel: "", campaign: "" };
  const id = ownValue(value, "id");
  if (id !== undefined) delivery.id = budget.text(id, `${path}/id`);
  delivery.channel = budget.text(ownValue(value, "channel"), `${path}/channel`);
  delivery.campaign = budget.text(ownValue(value, "campaign"), `${path}/campaign`);
  const tags = ownValue(value, "tags");
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > STORED_HISTORY_LIMITS.tags) throw new Unreadable(`${path}/tags must be an array of at most ${STORED_HISTORY_LIMITS.tags} strings`);
    delivery.tags = Object.freeze(tags.map((tag: unknown, index) => budget.text(tag, `${path}/tags/${index}`)));
  }
  const placement = ownValue(value, "placement");
  if (placement !== undefined) delivery.placement = budget.text(placement, `${path}/placement`);
  const session = ownValue(value, "session");
  if (session !== undefined) delivery.session = budget.text(session, `${path}/session`);
  const counts = ownValue(value, "counts");
  if (counts !== undefined && typeof counts !== "boolean") throw new Unreadable(`${path}/counts must be a boolean`);
  if (counts === false) delivery.counts = false;
  return Object.freeze(delivery);
}

/**
 * Reads a stored history (see `StoredHistoryDocument`) and never throws. Anything that is not one is
 * unreadable, with the reason: text that is not JSON or is longer than the limit, another version, a
 * field of another type (`tags` as a string, `at` as text or outside the Date range), an unknown
 * field (an extra nested value, `__proto__`), or more than the limits allow. A store then fails
 * closed for that user rather than guessing: skipping a delivery could let a message through that a
 * cap forbids.
 *
 * @example
 * parseStoredHistory('{"v":1,"deliveries":[{"at":1795000000000,"channel":"push","campaign":"promo"}]}');
 * // { ok: true, history: { deliveries: [{ at: 1795000000000, channel: "push", campaign: "promo" }] } }
 * parseStoredHistory('{"v":1,"deliveries":[{"at":1795000000000,"channel":"push","campaign":"promo","tags":"marketing"}]}');
 * // { ok: false, problem: "/deliveries/0/tags must be an array of at most 1000 strings" }
 */
export function parseStoredHistory(text: unknown): StoredHistoryReading {
  try {
    if (typeof text !== "string") throw new Unreadable(`it is a ${text === null ? "null" : typeof text}, not text`);
    if (text.length > STORED_HISTORY_LIMITS.json) throw new Unreadable(`it is longer than ${STORED_HISTORY_LIMITS.json} characters`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Unreadable("it is not JSON");
    }
    if (!isRecord(document)) throw new Unreadable("it is not an object");
    for (const key of Object.keys(document)) if (!DOCUMENT_FIELDS.has(key)) throw new Unreadable(`it has an unknown field ${quoted(key)}`);
    if (ownValue(document, "v") !== 1) throw new Unreadable("its version `v` is not 1");
    const deliveries = ownValue(document, "deliveries");
    if (!Array.isArray(deliveries)) throw new Unreadable("/deliveries is not an array");
    if (deliveries.length > STORED_HISTORY_LIMITS.deliveries) throw new Unreadable(`it holds more than ${STORED_HISTORY_LIMITS.deliveries} deliveries`);
    const budget = new CharacterBudget();
    const read: Delivery[] = [];
    for (let index = 0; index < deliveries.length; index++) read.push(readDelivery(deliveries[index], `/deliveries/${index}`, budget));
    return { ok: true, history: { deliveries: Object.freeze(read) } };
  } catch (error) {
    // Unreadable, or anything else reading it threw (e.g. out of memory): unreadable all the same.
    return { ok: false, problem: error instanceof Unreadable ? error.message : `reading it failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * Why a history could not be stored (it is beyond `STORED_HISTORY_LIMITS`), or undefined when it can.
 * Histories built by the stores' reserves hold valid fields; this checks their number and size.
 */
export function storedHistoryProblem(history: DeliveryHistory): string | undefined {
  const { deliveries } = history;
  if (deliveries.length > STORED_HISTORY_LIMITS.deliveries) return `it would hold more than ${STORED_HISTORY_LIMITS.deliveries} deliveries`;
  let characters = 0;
  for (const delivery of deliveries) {
    characters += (delivery.id?.length ?? 0) + delivery.channel.length + delivery.campaign.length + (delivery.placement?.length ?? 0) + (delivery.session?.length ?? 0);
    if (delivery.tags !== undefined) for (const tag of delivery.tags) characters += tag.length;
  }
  return characters > STORED_HISTORY_LIMITS.characters ? `its text fields would hold more than ${STORED_HISTORY_LIMITS.characters} characters` : undefined;
}

/**
 * A history as stored text: only the fields of `Delivery`, in a fixed order (what
 * `parseStoredHistory` reads back to an equal history).
 *
 * @example
 * storedHistoryText({ deliveries: [{ at: 1795000000000, channel: "push", campaign: "promo", counts: true }] });
 * // '{"v":1,"deliveries":[{"at":1795000000000,"channel":"push","campaign":"promo"}]}'
 */
export function storedHistoryText(history: DeliveryHistory): string {
  const deliveries = history.deliveries.map((delivery) => ({
    ...(delivery.id === undefined ? {} : { id: delivery.id }),
    at: delivery.at,
    channel: delivery.channel,
    campaign: delivery.campaign,
    ...(delivery.tags === undefined ? {} : { tags: [...delivery.tags] }),
    ...(delivery.placement === undefined ? {} : { placement: delivery.placement }),
    ...(delivery.session === undefined ? {} : { session: delivery.session }),
    ...(delivery.counts === false ? { counts: false } : {}),
  }));
  const document: StoredHistoryDocument = { v: 1, deliveries };
  return JSON.stringify(document);
}
