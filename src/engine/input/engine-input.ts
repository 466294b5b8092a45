import { idText } from "../../json/id-text.js";
import type { Delivery } from "../../caps/history/delivery.js";
import { readTimeZone } from "../../channels/user/channel-user.js";
import { field } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";
import { isInstant } from "../../time/instant.js";
import type { Engagement, EngineHistory, Exposure, PendingTrigger } from "../engine-types.js";
import { isDeliveryEntry, isEngagementEntry } from "../../message-history/history-entries.js";

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= 1_024;

/** The event as rules and templates see it: its name, and its properties when they are an object. */
export interface EventView {
  readonly name: string;
  readonly properties: Readonly<Record<string, unknown>> | undefined;
}

export function readEvent(event: unknown): EventView | null {
  const name = field(event, "name");
  if (!isText(name)) return null;
  const properties = field(event, "properties");
  return { name, properties: isPlainObject(properties) ? properties : undefined };
}

/** The unit experiments hash: the user's id (a string or a finite number). */
export function readUnitId(user: unknown): string | null {
  return idText(field(user, "id"));
}

/** The user's zone when the engine's provider knows it, else the config's. */
export function readZone(user: unknown, fallback: string, zones: ZoneClock): string {
  return readTimeZone(user, zones) ?? fallback;
}

function entries<T>(history: unknown, key: string, valid: (entry: Record<string, unknown>) => boolean): T[] {
  const list = field(history, key);
  if (!Array.isArray(list)) return [];
  const kept: T[] = [];
  for (const entry of list) if (isPlainObject(entry) && valid(entry)) kept.push(entry as T);
  return kept;
}

/**
 * The history the message-history rule operators read (`history` in the rule data): the valid
 * deliveries and engagement, frozen lists that the caller's later changes to its own lists do not
 * reach (the entries are the caller's, read only).
 */
export interface RuleHistory {
  readonly deliveries: readonly Delivery[];
  readonly engagement: readonly Engagement[];
}

/**
 * The history with every malformed entry left out (it is the caller's data: it must not make a
 * decision throw). A time outside the Date range (±8.64e15 ms) is malformed too.
 */
export interface HistoryView {
  readonly deliveries: readonly Delivery[];
  readonly exposures: readonly Exposure[];
  readonly pending: readonly PendingTrigger[];
  readonly engagement: readonly Engagement[];
  /** Journey states by journey id (the last one of a journey listed twice); `journeyStep` checks each before use. */
  readonly journeys: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export function readHistory(history: EngineHistory | unknown): HistoryView {
  return {
    // Own properties only (message-history/history-entries.ts): what the rules' operators read too.
    deliveries: Object.freeze(entries<Delivery>(history, "deliveries", isDeliveryEntry)),
    exposures: entries<Exposure>(history, "exposures", (entry) => isInstant(entry.at) && isText(entry.campaign)),
    pending: entries<PendingTrigger>(history, "pending", (entry) => isInstant(entry.triggeredAt) && isInstant(entry.dueAt) && isText(entry.campaign) && isText(field(entry.event, "name"))),
    engagement: Object.freeze(entries<Engagement>(history, "engagement", isEngagementEntry)),
    journeys: new Map(entries<Record<string, unknown>>(history, "journeys", (entry) => isText(field(entry, "journey"))).map((state) => [field(state, "journey") as string, state])),
  };
}
