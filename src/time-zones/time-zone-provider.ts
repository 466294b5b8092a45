/**
 * Where UTC offsets come from. Every zone computation in nudgekit (local hours and days, calendar
 * periods, quiet hours, schedules, wall-clock times → instants) runs on one shared implementation
 * (`ZoneClock`, src/time-zones/zone-clock.ts) that asks its provider only two things: does a zone
 * exist, and what is its offset at an instant. Two providers differ only there:
 *
 * - `intlTimeZones` (the default): the runtime's own Intl and its own copy of the tz database, so a
 *   server and a browser (or two Node versions) may disagree where their tz releases do;
 * - `pinnedTimeZones` from `nudgekit/time-zones`: one pinned tz database release compiled into the
 *   package, identical on every runtime.
 *
 * Fixed offsets ("+05:30", "-0800") never reach a provider: the shared code reads them itself.
 *
 * @example
 * import { createEngine } from "nudgekit";
 * import { pinnedTimeZones } from "nudgekit/time-zones";
 *
 * const engine = createEngine(config, { timeZones: pinnedTimeZones });
 * pinnedTimeZones.version; // → "2026f"
 */
export interface TimeZoneProvider {
  /** What answers, for messages: "Intl" or "tz database 2026f (pinned)". */
  readonly name: string;
  /** The tz database release ("2026f") when the provider pins one; undefined for Intl (the runtime's). */
  readonly version: string | undefined;
  /**
   * Whether the provider knows an IANA zone name ("Europe/Paris", "EST5EDT", "UTC"). Only called
   * with names of the IANA shape (never "__proto__" and the like). Must not throw.
   */
  isKnownZone(zone: string): boolean;
  /**
   * The zone's offset from UTC at an instant, in milliseconds (local wall clock = UTC + offset), for
   * a zone `isKnownZone` accepted and an instant inside the Date range (±8.64e15 ms). Must not throw.
   */
  offsetAt(zone: string, at: number): number;
}
