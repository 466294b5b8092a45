import { intlTimeZones } from "./intl-time-zones.js";
import type { TimeZoneProvider } from "./time-zone-provider.js";

/**
 * A `timeZones` option, checked: the provider, or `intlTimeZones` when it is undefined.
 *
 * @throws TypeError when it is not a provider (`pinnedTimeZones`, `intlTimeZones` or an object with
 * the same members).
 */
export function timeZoneProviderOption(value: unknown): TimeZoneProvider {
  if (value === undefined) return intlTimeZones;
  const provider = value as Partial<TimeZoneProvider> | null;
  if (provider === null || typeof provider !== "object" || typeof provider.isKnownZone !== "function" || typeof provider.offsetAt !== "function" || typeof provider.name !== "string") {
    throw new TypeError("options.timeZones must be a time zone provider: intlTimeZones (from nudgekit) or pinnedTimeZones (from nudgekit/time-zones)");
  }
  return provider as TimeZoneProvider;
}
