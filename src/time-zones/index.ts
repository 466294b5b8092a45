/**
 * nudgekit/time-zones — a pinned release of the IANA tz database, for engines whose answers must
 * be identical on every runtime (a Node server and its users' browsers): pass `pinnedTimeZones` as
 * the `timeZones` option (`createEngine(config, { timeZones: pinnedTimeZones })`, `loadEngine`,
 * `compileRule`, `compileSegments`, `checkCaps`, `chooseChannel`, the cap stores).
 *
 * Without it, nudgekit uses the runtime's Intl (`intlTimeZones`), which adds nothing to a bundle.
 * This entry adds its data (about 15 kB min+gz) to the apps that import it. See docs/time-zones.md.
 *
 * @module nudgekit/time-zones
 */
export { pinnedTimeZones, pinnedZoneNames, PINNED_TZDB } from "./pinned/pinned-time-zones.js";
export { intlTimeZones } from "./intl-time-zones.js";
export type { TimeZoneProvider } from "./time-zone-provider.js";
