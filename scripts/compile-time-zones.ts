/**
 * `npm run time-zones`: compiles the pinned tz database into src/time-zones/pinned/tzdb-data.generated.ts,
 * the data of `pinnedTimeZones` (nudgekit/time-zones).
 *
 * Source: moment-timezone's `data/packed/latest.json`, from the exact moment-timezone version pinned in
 * package.json's devDependencies (the tz database release is in the file: `version`). moment-timezone
 * itself unpacks it (`moment.tz.zone(name)`: offsets and the UTC instants where they change), and this
 * script keeps the transitions from FIRST_YEAR to END_YEAR and writes them in the compact text format
 * that src/time-zones/pinned/packed-zones.ts reads (described there).
 *
 * To upgrade the tz database: pin a newer moment-timezone (`npm install --save-dev --save-exact
 * moment-timezone@X`), run `npm run time-zones`, run the tests (test/time-zones/ compares the data
 * with the runtime's Intl and lists where they differ) and commit the regenerated file.
 * `--check` writes nothing and exits 1 when the committed file differs from what this script makes
 * (test/time-zones/pinned-data.test.ts checks the same).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { encodeSeconds, FIELD_SEPARATOR, ZONE_SEPARATOR } from "../src/time-zones/pinned/packed-zones.js";

/** Transitions kept: from 1970-01-01T00:00Z (inclusive) to 2100-01-01T00:00Z (exclusive). See docs/time-zones.md. */
export const FIRST_YEAR = 1970;
export const END_YEAR = 2100;

export const GENERATED_FILE = fileURLToPath(new URL("../src/time-zones/pinned/tzdb-data.generated.ts", import.meta.url));

interface MomentZone {
  readonly name: string;
  /** Minutes west of UTC (the sign of Date#getTimezoneOffset), one per period. */
  readonly offsets: readonly number[];
  /** The end of each period, epoch ms; the last is Infinity. */
  readonly untils: readonly number[];
}

interface MomentTimezone {
  readonly tz: { zone(name: string): MomentZone | null; readonly dataVersion: string };
}

interface PackedData {
  readonly version: string;
  readonly zones: readonly string[];
  readonly links: readonly string[];
}

const require = createRequire(import.meta.url);

/** The pinned moment-timezone: its version, its tz database release, and its data unpacked by itself. */
function source(): { packageVersion: string; data: PackedData; moment: MomentTimezone } {
  const packageVersion = (require("moment-timezone/package.json") as { version: string }).version;
  const data = require("moment-timezone/data/packed/latest.json") as PackedData;
  const moment = require("moment-timezone") as MomentTimezone;
  if (moment.tz.dataVersion !== data.version) throw new Error(`moment-timezone loaded tz data ${moment.tz.dataVersion}, latest.json is ${data.version}`);
  return { packageVersion, data, moment };
}

/** Seconds east of UTC, from moment's minutes west (whole seconds in every tz release). */
function secondsEast(minutesWest: number, zone: string): number {
  const seconds = Math.round(-minutesWest * 60);
  if (Math.abs(seconds + minutesWest * 60) > 1e-6) throw new Error(`${zone}: offset ${minutesWest} min is not a whole number of seconds`);
  return seconds === 0 ? 0 : seconds;
}

/** One zone as `name|offsets|periods|transitions` (see packed-zones.ts). */
function packZone(zone: MomentZone, first: number, end: number): string {
  const untils = zone.untils.slice(0, -1);
  let start = untils.findIndex((until) => until >= first);
  if (start === -1) start = untils.length;
  const kept = untils.slice(start).filter((until) => until < end);
  // Period i lasts until kept[i]; the first one is in force at `first` (and stands for everything before).
  const periods = zone.offsets.slice(start, start + kept.length + 1).map((offset) => secondsEast(offset, zone.name));
  const distinct = [...new Set(periods)];
  if (distinct.length > 36) throw new Error(`${zone.name}: more than 36 distinct offsets in range`);
  let previous = 0;
  const deltas = kept.map((until) => {
    if (until % 1000 !== 0) throw new Error(`${zone.name}: transition ${until} is not on a whole second`);
    const seconds = until / 1000;
    const delta = seconds - previous;
    previous = seconds;
    return encodeSeconds(delta);
  });
  return [zone.name, distinct.map(encodeSeconds).join(" "), periods.map((offset) => distinct.indexOf(offset).toString(36)).join(""), deltas.join(" ")].join(FIELD_SEPARATOR);
}

/** The text of src/time-zones/pinned/tzdb-data.generated.ts. */
export function timeZoneModuleSource(): string {
  const { packageVersion, data, moment } = source();
  const first = Date.UTC(FIRST_YEAR, 0, 1);
  const end = Date.UTC(END_YEAR, 0, 1);
  const names = data.zones.map((packed) => packed.slice(0, packed.indexOf("|")));
  const zones = names.map((name) => {
    const zone = moment.tz.zone(name);
    if (zone === null || zone.name !== name) throw new Error(`moment-timezone does not unpack ${name}`);
    return packZone(zone, first, end);
  });
  const index = new Map(names.map((name, position) => [name, position]));
  const links = data.links.map((link) => {
    const [target, alias] = link.split("|") as [string, string];
    const position = index.get(target);
    if (position === undefined || index.has(alias)) throw new Error(`bad link ${link}`);
    return `${alias}${FIELD_SEPARATOR}${position.toString(36)}`;
  });
  for (const text of [...zones, ...links]) {
    if (!/^[A-Za-z0-9_/+\-|. ]+$/.test(text)) throw new Error(`unexpected character in ${text.slice(0, 60)}`);
  }
  return [
    `// GENERATED by scripts/compile-time-zones.ts (\`npm run time-zones\`): do not edit.`,
    `// Source: moment-timezone ${packageVersion} (data/packed/latest.json), tz database ${data.version}:`,
    `// ${names.length} zones and ${links.length} links, transitions from ${FIRST_YEAR}-01-01T00:00Z to ${END_YEAR}-01-01T00:00Z.`,
    `// To regenerate or upgrade: pin moment-timezone in package.json, run \`npm run time-zones\` (docs/time-zones.md).`,
    `// The format is read by ./packed-zones.ts.`,
    "",
    `/** The IANA tz database release the data comes from. */`,
    `export const TZDB_VERSION = ${JSON.stringify(data.version)};`,
    "",
    `/** Where the data comes from. */`,
    `export const TZDB_SOURCE = ${JSON.stringify(`moment-timezone ${packageVersion}`)};`,
    "",
    `/** Transitions are kept from this instant (${FIRST_YEAR}-01-01T00:00Z) … */`,
    `export const TZDB_FIRST_INSTANT = ${first};`,
    "",
    `/** … until this one (${END_YEAR}-01-01T00:00Z, exclusive). */`,
    `export const TZDB_END_INSTANT = ${end};`,
    "",
    `/** Zones, \`${ZONE_SEPARATOR}\`-separated: name${FIELD_SEPARATOR}offsets${FIELD_SEPARATOR}periods${FIELD_SEPARATOR}transitions. */`,
    `export const PACKED_ZONES =`,
    `  ${JSON.stringify(zones.join(ZONE_SEPARATOR))};`,
    "",
    `/** Links (alternative names), \`${ZONE_SEPARATOR}\`-separated: name${FIELD_SEPARATOR}index of the zone (base 36). */`,
    `export const PACKED_LINKS =`,
    `  ${JSON.stringify(links.join(ZONE_SEPARATOR))};`,
    "",
  ].join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = timeZoneModuleSource();
  if (process.argv.includes("--check")) {
    const committed = readFileSync(GENERATED_FILE, "utf8");
    if (committed !== text) {
      console.error(`${GENERATED_FILE} is not what scripts/compile-time-zones.ts makes: run npm run time-zones`);
      process.exit(1);
    }
    console.log(`${GENERATED_FILE} is up to date`);
  } else {
    writeFileSync(GENERATED_FILE, text);
    console.log(`wrote ${GENERATED_FILE} (${(text.length / 1000).toFixed(1)} kB)`);
  }
}
