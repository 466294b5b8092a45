/**
 * nudgekit — headless decision engines for customer-engagement messaging.
 *
 * The root export is the decision engine's API: `createEngine`, `prepareConfig`, `loadEngine`,
 * `applyRecords`, its errors and every input, output and record type. Each engine it combines is
 * its own subpath export and can be used alone: `nudgekit/rules`, `nudgekit/experiments`,
 * `nudgekit/segments`, `nudgekit/caps`, `nudgekit/channels`; config schemas are in
 * `nudgekit/schema`, time-zone providers in `nudgekit/time-zones`.
 *
 * @module nudgekit
 */
export * from "./engine/index.js";
// The engine's default time-zone provider (the runtime's Intl); a pinned tz database is nudgekit/time-zones.
export { intlTimeZones } from "./time-zones/intl-time-zones.js";
export type { TimeZoneProvider } from "./time-zones/time-zone-provider.js";
