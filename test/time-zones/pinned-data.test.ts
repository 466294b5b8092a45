/**
 * The pinned tz database (src/time-zones/pinned/tzdb-data.generated.ts): it is exactly what
 * scripts/compile-time-zones.ts makes from the pinned moment-timezone, and it reads back to
 * moment-timezone's own offsets at every transition and at random instants in its range.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GENERATED_FILE, timeZoneModuleSource } from "../../scripts/compile-time-zones.js";
import { intlTimeZones, PINNED_TZDB, pinnedTimeZones, pinnedZoneNames } from "../../src/time-zones/index.js";
import { decodeSeconds, encodeSeconds } from "../../src/time-zones/pinned/packed-zones.js";

const require = createRequire(import.meta.url);
const moment = require("moment-timezone") as { tz: { zone(name: string): { offsets: number[]; untils: number[] } | null; names(): string[]; dataVersion: string } };
const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { devDependencies: Record<string, string> };

const FIRST = PINNED_TZDB.firstInstant;
const END = PINNED_TZDB.endInstant;
/** moment-timezone's offset (it counts minutes west) in ms east, at an instant. */
function momentOffset(name: string, at: number): number {
  const zone = moment.tz.zone(name)!;
  let index = zone.untils.findIndex((until) => at < until);
  if (index === -1) index = zone.untils.length - 1;
  return -Math.round((zone.offsets[index] as number) * 60) * 1000 || 0;
}

describe("the pinned tz database", () => {
  it("is what scripts/compile-time-zones.ts makes from the pinned moment-timezone (run `npm run time-zones` after upgrading it)", () => {
    expect(readFileSync(GENERATED_FILE, "utf8")).toBe(timeZoneModuleSource());
  });

  it("comes from an exactly pinned moment-timezone, and says which tz release it is", () => {
    expect(packageJson.devDependencies["moment-timezone"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(PINNED_TZDB.source).toBe(`moment-timezone ${packageJson.devDependencies["moment-timezone"]}`);
    expect(PINNED_TZDB.version).toBe(moment.tz.dataVersion);
    expect(pinnedTimeZones.version).toBe(moment.tz.dataVersion);
    expect([new Date(FIRST).toISOString(), new Date(END).toISOString()]).toEqual(["1970-01-01T00:00:00.000Z", "2100-01-01T00:00:00.000Z"]);
  });

  it("knows every zone and link of the release, and nothing else", () => {
    expect(pinnedZoneNames()).toEqual([...moment.tz.names()].sort());
    for (const name of moment.tz.names()) expect(pinnedTimeZones.isKnownZone(name), name).toBe(true);
  });

  it("gives moment-timezone's offset on both sides of every transition in its range", () => {
    let transitions = 0;
    const east = (minutesWest: number): number => -Math.round(minutesWest * 60) * 1000 || 0;
    const wrong: string[] = [];
    for (const name of moment.tz.names()) {
      const { untils, offsets } = moment.tz.zone(name)!;
      untils.forEach((until, index) => {
        if (!(until >= FIRST && until < END)) return;
        transitions++;
        // Period `index` lasts until `until`; the next one starts there.
        if (pinnedTimeZones.offsetAt(name, until - 1) !== east(offsets[index]!) || pinnedTimeZones.offsetAt(name, until) !== east(offsets[index + 1]!)) wrong.push(`${name} ${new Date(until).toISOString()}`);
      });
    }
    expect(wrong).toEqual([]);
    expect(transitions).toBeGreaterThan(40_000);
  });

  it("gives moment-timezone's offset at any instant in its range (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...moment.tz.names()), fc.integer({ min: FIRST, max: END - 1 }), (name, at) => {
        expect(pinnedTimeZones.offsetAt(name, at)).toBe(momentOffset(name, at));
      }),
      { seed: 20261207, numRuns: 5_000 },
    );
  });

  it("outside its range keeps the offset of the range's edge: the one at 1970-01-01 before, at 2100-01-01 after (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...moment.tz.names()), fc.integer({ min: -8.64e15, max: FIRST - 1 }), fc.integer({ min: END, max: 8.64e15 }), (name, before, after) => {
        expect(pinnedTimeZones.offsetAt(name, before)).toBe(pinnedTimeZones.offsetAt(name, FIRST));
        expect(pinnedTimeZones.offsetAt(name, after)).toBe(momentOffset(name, END));
      }),
      { seed: 20261207, numRuns: 1_000 },
    );
  });

  it("writes seconds compactly and reads them back exactly (property)", () => {
    expect([encodeSeconds(-300 * 60), encodeSeconds(17 * 60 + 30), encodeSeconds(0), encodeSeconds(-2670)]).toEqual(["-8c", "h.u", "0", "-18.u"]);
    fc.assert(fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (seconds) => {
      expect(decodeSeconds(encodeSeconds(seconds))).toBe(seconds);
    }), { seed: 20261207, numRuns: 2_000 });
  });
});

describe("zone names in the pinned provider", () => {
  it("match whatever the case of their ASCII letters, as in Intl (ECMA-402 compares names ASCII-case-insensitively)", () => {
    for (const name of ["europe/paris", "EUROPE/PARIS", "eUrOpE/kYiV", "utc", "est5edt", "America/ARGENTINA/buenos_aires"]) {
      expect(pinnedTimeZones.isKnownZone(name), name).toBe(true);
      expect(pinnedTimeZones.isKnownZone(name), name).toBe(intlTimeZones.isKnownZone(name));
    }
    expect(pinnedTimeZones.offsetAt("eUrOpE/pArIs", Date.parse("2026-07-01T00:00:00Z"))).toBe(2 * 3_600_000);
  });

  it("regression: other letters that lower-case to ASCII (the Kelvin sign K, U+212A) name no zone, as in Intl", () => {
    for (const name of ["Europe/\u212Ayiv", "Asia/\u212Aolkata", "Asia/\u212Aathmandu", "\u212A", "Europe/Istanbu\u0130"]) {
      expect(pinnedTimeZones.isKnownZone(name), JSON.stringify(name)).toBe(false);
      expect(intlTimeZones.isKnownZone(name), JSON.stringify(name)).toBe(false);
      expect(pinnedTimeZones.offsetAt(name, 0)).toBeNaN();
    }
  });

  it("a zone name with letters upper-cased is known, and with a Kelvin sign for a k it is not, by both providers (property)", () => {
    const kelvin = fc.constantFrom(...pinnedZoneNames()).chain((name) =>
      fc.array(fc.nat({ max: name.length - 1 }), { maxLength: 3 }).map((positions) => {
        const chars = [...name];
        for (const at of positions) if (/[kK]/.test(chars[at]!)) chars[at] = "\u212A";
        else if (/[a-z]/.test(chars[at]!)) chars[at] = chars[at]!.toUpperCase();
        return chars.join("");
      }),
    );
    fc.assert(
      fc.property(kelvin, (name) => {
        const ascii = !/[^\x00-\x7f]/.test(name);
        expect(pinnedTimeZones.isKnownZone(name), JSON.stringify(name)).toBe(ascii);
        expect(intlTimeZones.isKnownZone(name), JSON.stringify(name)).toBe(ascii);
      }),
      { seed: 20261207, numRuns: 3_000 },
    );
  });
});

