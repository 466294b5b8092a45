/**
 * nudgekit — headless decision engines for customer-engagement messaging.
 *
 * Each engine is also its own subpath export (`nudgekit/rules`, …) and can be used alone.
 * The decision engine (`createEngine`, `decide`, `due`, `explain`) lives here; config schemas are in
 * `nudgekit/schema`.
 *
 * @module nudgekit
 */
export * from "./rules/index.js";
export * from "./experiments/index.js";
export * from "./segments/index.js";
export * from "./caps/index.js";
export * from "./channels/index.js";
export * from "./engine/index.js";
// Time-zone providers: the runtime's Intl here; a pinned tz database in nudgekit/time-zones.
export { intlTimeZones } from "./time-zones/intl-time-zones.js";
export type { TimeZoneProvider } from "./time-zones/time-zone-provider.js";
