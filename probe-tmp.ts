import { pinnedTimeZones, pinnedZoneNames } from "./src/time-zones/pinned/index.js";
import { intlTimeZones } from "./src/time-zones/intl-time-zones.js";
import { zoneClock, wallTimeOf } from "./src/time-zones/zone-clock.js";
import { TZDateMini } from "@date-fns/tz/date/mini";
const names = pinnedZoneNames();
const intlUnknown = names.filter((n) => !intlTimeZones.isKnownZone(n));
console.log("names", names.length, "unknown to Intl:", intlUnknown);
const diffs = new Map<string, number>();
let total = 0;
const start = Date.UTC(1970, 0, 1), end = Date.UTC(2100, 0, 1);
for (const name of names) {
  if (intlUnknown.includes(name)) continue;
  for (let t = start; t < end; t += 6 * 3600_000 + 7 * 60_000) {
    total++;
    if (pinnedTimeZones.offsetAt(name, t) !== intlTimeZones.offsetAt(name, t)) diffs.set(name, (diffs.get(name) ?? 0) + 1);
  }
}
console.log(total, [...diffs].sort((a, b) => b[1] - a[1]));
// gap / overlap vs TZDateMini
const intl = zoneClock(intlTimeZones);
for (const [zone, y, m, d, h, mi] of [["America/New_York", 2026, 3, 8, 2, 30], ["America/New_York", 2026, 11, 1, 1, 30], ["Australia/Lord_Howe", 2026, 10, 4, 2, 15], ["Pacific/Apia", 2011, 12, 30, 12, 0], ["Europe/Paris", 2026, 10, 25, 2, 30]] as const) {
  console.log(zone, new Date(intl.instantOf(wallTimeOf(y, m, d, h, mi), zone)).toISOString(), new Date(new TZDateMini(y, m - 1, d, h, mi, 0, 0, zone).getTime()).toISOString());
}
