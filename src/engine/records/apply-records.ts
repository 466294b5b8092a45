import type { Delivery } from "../../caps/history/delivery.js";
import type { EngineHistory, EngineRecord, Exposure, PendingTrigger } from "../engine-types.js";

/** A user's history with every list present. */
export interface FullEngineHistory {
  readonly deliveries: readonly Delivery[];
  readonly exposures: readonly Exposure[];
  readonly pending: readonly PendingTrigger[];
}

/**
 * The caller's side of the contract: the user's history after an engine call's `records` — new
 * deliveries, exposures and delayed triggers appended, resolved delayed triggers removed. Returns a
 * new history (the input is never changed; caps index history arrays and trust them not to change).
 */
export function applyRecords(history: EngineHistory | undefined, records: readonly EngineRecord[]): FullEngineHistory {
  let deliveries = history?.deliveries ?? [];
  let exposures = history?.exposures ?? [];
  let pending = history?.pending ?? [];
  for (const record of records) {
    if (record.type === "delivery") deliveries = [...deliveries, record.delivery];
    else if (record.type === "exposure") exposures = [...exposures, record.exposure];
    else if (record.type === "pending") pending = [...pending, record.pending];
    else pending = pending.filter((entry) => !(entry.campaign === record.campaign && entry.triggeredAt === record.triggeredAt));
  }
  return { deliveries, exposures, pending };
}
