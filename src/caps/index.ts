/**
 * nudgekit/caps — frequency caps, cooldowns and quiet hours: may a message go out now, and if not,
 * exactly when it could. Pure: history and `now` are arguments.
 *
 * @module nudgekit/caps
 */
export { checkCaps, type CapDecision, type CapReason, type CheckCapsOptions } from "./check/check-caps.js";
export { compileCapPolicy } from "./policy/compile-cap-policy.js";
export { type CapPolicy, type CompiledCap, type CompiledCooldown, type CompiledQuietHours, type CompiledWindow } from "./policy/cap-policy-model.js";
export type { CapPolicyInput, CapScope, CapWindow } from "./policy/cap-policy-schema.js";
export { CapPolicyError } from "./policy/cap-policy-error.js";
export type { CapCandidate, Delivery, DeliveryHistory } from "./history/delivery.js";
export { recordDelivery } from "./history/record-delivery.js";
export { compactHistory } from "./history/compact-history.js";
export { historyExpiry } from "./history/history-expiry.js";
export { parseStoredHistory, storedHistoryText, STORED_HISTORY_LIMITS, type StoredHistoryDocument, type StoredHistoryReading } from "./history/stored-history.js";
export { isQuiet, quietEnd } from "./quiet-hours/quiet-hours.js";
export { calendarPeriod } from "./windows/calendar-period.js";
export type { CapReservation, CapStore, ReserveResult } from "./stores/cap-store.js";
export { MemoryCapStore, type MemoryCapStoreOptions } from "./stores/memory-cap-store.js";
export { CapStoreUnavailableError } from "./stores/cap-store-unavailable-error.js";
