import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";

/** Options of `createEngine`, `prepareConfig` and `loadEngine`. */
export interface EngineOptions {
  /**
   * Where the engine gets time-zone offsets, and which zones exist (the config's `timeZone`, users'
   * `timeZone`, zones in rules): `intlTimeZones` (the default: the runtime's Intl, nothing added to
   * the bundle) or `pinnedTimeZones` from `nudgekit/time-zones` (one pinned tz database release:
   * the same answers on every runtime). A server and the browsers that must agree with it use the
   * same provider. See docs/time-zones.md.
   */
  readonly timeZones?: TimeZoneProvider;
}
