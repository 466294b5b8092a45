/**
 * A grid of time-zone outputs, computed the same way in Node and in headless Chromium
 * (test/browser/browser-identity.test.ts): every zone and link of the pinned tz database × a set of
 * instants × four outputs — the UTC offset (minutes), the local hour, the local day of the week,
 * and the instant of a local wall time on that day (02:30, inside many DST gaps and overlaps).
 * PURE: no Node built-ins, so the browser bundle runs the very same code.
 *
 * With `pinnedTimeZones` both runtimes must give the same grid; with `intlTimeZones` each runtime
 * answers from its own tz database, and the test reports how many outputs differ.
 */
import type { TimeZoneProvider } from "../../src/time-zones/time-zone-provider.js";
import { wallClock, wallTimeOf, ZoneClock } from "../../src/time-zones/zone-clock.js";

/** Instants chosen across eras and DST seasons, and where recent tz releases changed (Morocco's Ramadan offsets, Canada, Cuba, Moldova). */
export const GRID_INSTANTS: readonly number[] = [
  "1950-07-01T12:00:00Z",
  "1975-01-15T12:00:00Z",
  "1996-03-31T01:30:00Z",
  "2011-12-31T10:00:00Z",
  "2026-03-01T10:00:00Z",
  "2026-07-01T18:00:00Z",
  "2026-11-20T10:00:00Z",
  "2027-02-20T23:30:00Z",
  "2038-01-19T03:14:07Z",
  "2090-10-15T12:00:00Z",
].map((iso) => Date.parse(iso));

/** The outputs for every zone × instant, in order (null where the provider has no answer, e.g. an unknown zone). */
export function zoneGrid(provider: TimeZoneProvider, zones: readonly string[], instants: readonly number[] = GRID_INSTANTS): (number | null)[] {
  // A fresh clock: nothing cached from another run.
  const clock = new ZoneClock(provider);
  const out: (number | null)[] = [];
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  for (const zone of zones) {
    const known = clock.isValid(zone);
    for (const at of instants) {
      if (!known) {
        out.push(null, null, null, null);
        continue;
      }
      const local = wallClock(clock, at, zone);
      out.push(
        finite(clock.offset(at, zone) / 60_000),
        finite(clock.localHour(at, zone)),
        finite(clock.localDayOfWeek(at, zone)),
        finite(clock.instantOf(wallTimeOf(local.year, local.month, local.day, 2, 30), zone)),
      );
    }
  }
  return out;
}

/** Where two grids differ: the zone, instant and output of each difference. */
export function gridDifferences(zones: readonly string[], a: readonly (number | null)[], b: readonly (number | null)[], instants: readonly number[] = GRID_INSTANTS): { zone: string; at: string; output: string; a: number | null; b: number | null }[] {
  const outputs = ["offset", "localHour", "localDayOfWeek", "instantOf 02:30"];
  const differences = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const zone = zones[Math.floor(i / (instants.length * 4))] ?? "?";
    const at = instants[Math.floor(i / 4) % instants.length];
    differences.push({ zone, at: at === undefined ? "?" : new Date(at).toISOString(), output: outputs[i % 4] ?? "?", a: a[i] ?? null, b: b[i] ?? null });
  }
  return differences;
}
