import type { Delivery } from "../../caps/history/delivery.js";
import type { Engagement, EngineHistory, EngineRecord, Exposure, PendingTrigger } from "../engine-types.js";
import type { JourneyState } from "../../journeys/state/journey-state.js";

/** A user's history with every list present. */
export interface FullEngineHistory {
  readonly deliveries: readonly Delivery[];
  readonly exposures: readonly Exposure[];
  readonly pending: readonly PendingTrigger[];
  /** Opens, clicks and conversions: kept as they are by `applyRecords`, appended and compacted by `applyOutcome`. */
  readonly engagement: readonly Engagement[];
  /** The user's state per journey: a `journey-state` record replaces the journey's one. */
  readonly journeys: readonly JourneyState[];
}

/** A list of the caller's history, read as the engine reads it: an own array, or none (a malformed list is no list). */
export function listIn<T>(history: unknown, key: keyof FullEngineHistory): readonly T[] | undefined {
  if (typeof history !== "object" || history === null || !Object.hasOwn(history, key)) return undefined;
  const list = (history as Record<string, unknown>)[key];
  return Array.isArray(list) ? (list as T[]) : undefined;
}

const pendingKey = (campaign: string, triggeredAt: number): string => `${triggeredAt} ${campaign}`;

/**
 * The caller's side of the contract: the user's history after an engine call's `records` — new
 * deliveries, exposures and delayed triggers appended, resolved delayed triggers removed, each
 * journey's state replaced by its new one (`journey` records are for logs: nothing kept) (engagement,
 * which outcome events bring, is kept as it is: see `applyOutcome`). Returns a
 * new history (the input is never changed; caps index history arrays and trust them not to change).
 * Linear in the history and the records: a `due` over thousands of delayed triggers resolves them all.
 * A list that is not an array (the caller's data, malformed) is read as empty, as the engine reads it.
 *
 * @example
 * const history = applyRecords(undefined, engine.decide({ event, user, now }).records);
 * applyRecords(history, engine.due({ user, history, now: later }).records);
 */
export function applyRecords(history: EngineHistory | undefined, records: readonly EngineRecord[]): FullEngineHistory {
  const deliveries = listIn<Delivery>(history, "deliveries");
  const exposures = listIn<Exposure>(history, "exposures");
  const known = listIn<PendingTrigger>(history, "pending");
  const newDeliveries: Delivery[] = [];
  const newExposures: Exposure[] = [];
  // Records apply in order: a resolution removes the delayed triggers recorded before it, not those after.
  let pending: (PendingTrigger | undefined)[] | undefined;
  let positions: Map<string, number[]> | undefined;
  let journeys: Map<unknown, JourneyState> | undefined;
  for (const record of records) {
    if (record.type === "delivery") newDeliveries.push(record.delivery);
    else if (record.type === "exposure") newExposures.push(record.exposure);
    else if (record.type === "journey") continue;
    else if (record.type === "journey-state") {
      // By journey id, in the order first seen: the latest state of a journey replaces the one before.
      journeys ??= new Map((listIn<JourneyState>(history, "journeys") ?? []).map((state) => [typeof state === "object" && state !== null ? state.journey : state, state]));
      journeys.set(record.state.journey, record.state);
    } else {
      pending ??= [...(known ?? [])];
      if (record.type === "pending") {
        pending.push(record.pending);
        if (positions !== undefined) add(positions, pendingKey(record.pending.campaign, record.pending.triggeredAt), pending.length - 1);
      } else {
        positions ??= indexPending(pending);
        const key = pendingKey(record.campaign, record.triggeredAt);
        for (const position of positions.get(key) ?? []) pending[position] = undefined;
        positions.delete(key);
      }
    }
  }
  // A list no record changes is returned as it is (caps keep what they worked out per array).
  const joined = <T>(list: readonly T[] | undefined, added: readonly T[]): readonly T[] => (added.length === 0 ? (list ?? []) : [...(list ?? []), ...added]);
  return {
    deliveries: joined(deliveries, newDeliveries),
    exposures: joined(exposures, newExposures),
    pending: pending === undefined ? (known ?? []) : positions === undefined ? (pending as PendingTrigger[]) : pending.filter((entry) => entry !== undefined),
    engagement: listIn<Engagement>(history, "engagement") ?? [],
    journeys: journeys === undefined ? (listIn<JourneyState>(history, "journeys") ?? []) : [...journeys.values()],
  };
}

function add(positions: Map<string, number[]>, key: string, position: number): void {
  const known = positions.get(key);
  if (known === undefined) positions.set(key, [position]);
  else known.push(position);
}

/** Where each delayed trigger is, by campaign and `triggeredAt` (what a resolution names). */
function indexPending(pending: readonly (PendingTrigger | undefined)[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  pending.forEach((entry, position) => {
    // The caller's data: an entry that is not an object is kept, and matches no resolution.
    if (typeof entry === "object" && entry !== null) add(positions, pendingKey(entry.campaign, entry.triggeredAt), position);
  });
  return positions;
}
