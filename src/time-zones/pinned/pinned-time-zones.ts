import type { TimeZoneProvider } from "../time-zone-provider.js";
import { FIELD_SEPARATOR, offsetInForce, readPackedZone, ZONE_SEPARATOR, type ZoneTransitions } from "./packed-zones.js";
import { PACKED_LINKS, PACKED_ZONES, TZDB_END_INSTANT, TZDB_FIRST_INSTANT, TZDB_SOURCE, TZDB_VERSION } from "./tzdb-data.generated.js";

/** One zone's entry: its packed fields until first used, then its transitions. */
interface ZoneEntry {
  readonly fields: readonly string[];
  transitions: ZoneTransitions | undefined;
}

/** Zones and links by lower-case name (IANA names are case-insensitive, as in Intl), read once on first use. */
let byName: Map<string, ZoneEntry> | undefined;

/**
 * ASCII letters in lower case, nothing else: names compare ASCII-case-insensitively, as in Intl
 * (ECMA-402). `toLowerCase` would also fold the Kelvin sign (U+212A) to "k", making
 * "Europe/\u212Ayiv" a zone that Intl refuses.
 */
const asciiLowerCase = (name: string): string => name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

function zoneEntries(): Map<string, ZoneEntry> {
  if (byName !== undefined) return byName;
  const entries = new Map<string, ZoneEntry>();
  const list: ZoneEntry[] = [];
  for (const packed of PACKED_ZONES.split(ZONE_SEPARATOR)) {
    const [name, ...fields] = packed.split(FIELD_SEPARATOR);
    const entry: ZoneEntry = { fields, transitions: undefined };
    list.push(entry);
    entries.set(asciiLowerCase(name as string), entry);
  }
  for (const packed of PACKED_LINKS.split(ZONE_SEPARATOR)) {
    const [alias, index] = packed.split(FIELD_SEPARATOR) as [string, string];
    entries.set(asciiLowerCase(alias), list[parseInt(index, 36)] as ZoneEntry);
  }
  byName = entries;
  return entries;
}

function transitionsOf(zone: string): ZoneTransitions | undefined {
  const entry = zoneEntries().get(asciiLowerCase(zone));
  if (entry === undefined) return undefined;
  if (entry.transitions === undefined) {
    const [offsets = "0", periods = "0", transitions = ""] = entry.fields;
    entry.transitions = readPackedZone(offsets, periods, transitions);
  }
  return entry.transitions;
}

/**
 * Time zones from one pinned release of the IANA tz database, compiled into nudgekit (from
 * moment-timezone's data, see `TZDB_SOURCE`): the same offsets on every runtime, whatever tz
 * database its Intl carries. Use it where a server and browsers must agree to the bit.
 *
 * The data covers every transition from 1970-01-01 to 2100-01-01 (UTC), for every zone and link
 * of the release. Before 1970 a zone keeps the offset it had on 1970-01-01 00:00 UTC; from 2100 on,
 * the offset it had on 2100-01-01 00:00 UTC. It costs about 15 kB min+gz (docs/package.md), only in apps that import
 * `nudgekit/time-zones` (see docs/time-zones.md).
 *
 * @example
 * import { createEngine } from "nudgekit";
 * import { pinnedTimeZones } from "nudgekit/time-zones";
 *
 * const engine = createEngine(config, { timeZones: pinnedTimeZones });
 * pinnedTimeZones.version; // → "2026f"
 * pinnedTimeZones.offsetAt("Africa/Casablanca", Date.parse("2026-07-01T00:00:00Z")); // → 3600000
 */
export const pinnedTimeZones: TimeZoneProvider = Object.freeze({
  name: `tz database ${TZDB_VERSION} (pinned)`,
  version: TZDB_VERSION,
  isKnownZone(zone: string): boolean {
    return typeof zone === "string" && zoneEntries().has(asciiLowerCase(zone));
  },
  offsetAt(zone: string, at: number): number {
    const transitions = typeof zone === "string" ? transitionsOf(zone) : undefined;
    return transitions === undefined ? Number.NaN : offsetInForce(transitions, at);
  },
});

/** Every zone and link name the pinned data knows, sorted. */
export function pinnedZoneNames(): string[] {
  const names: string[] = [];
  for (const packed of PACKED_ZONES.split(ZONE_SEPARATOR)) names.push(packed.slice(0, packed.indexOf(FIELD_SEPARATOR)));
  for (const packed of PACKED_LINKS.split(ZONE_SEPARATOR)) names.push(packed.slice(0, packed.indexOf(FIELD_SEPARATOR)));
  return names.sort();
}

/** Where the pinned data comes from and what it covers. */
export const PINNED_TZDB = Object.freeze({
  /** The IANA tz database release ("2026f"). */
  version: TZDB_VERSION,
  /** The package it was compiled from ("moment-timezone 0.6.6"). */
  source: TZDB_SOURCE,
  /** Transitions are kept from this instant (1970-01-01T00:00Z) … */
  firstInstant: TZDB_FIRST_INSTANT,
  /** … until this one (2100-01-01T00:00Z, exclusive). */
  endInstant: TZDB_END_INSTANT,
});
