/**
 * The shared zone arithmetic (ZoneClock) on both providers: with the pinned tz database it agrees
 * with Node's own Intl wherever Node's tz release (ICU) agrees with the pinned one, and the zones
 * where they legitimately differ are listed; local wall times resolve DST gaps and overlaps by one
 * rule on every provider.
 */
import { createRequire } from "node:module";
import { TZDateMini } from "@date-fns/tz/date/mini";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intlTimeZones, PINNED_TZDB, pinnedTimeZones, pinnedZoneNames } from "../../src/time-zones/index.js";
import { wallClock, wallTimeOf, ZoneClock, zoneClock } from "../../src/time-zones/zone-clock.js";

const require = createRequire(import.meta.url);
const moment = require("moment-timezone") as { tz: { zone(name: string): { untils: number[] } | null } };

const SEED = 20261207;
const HOUR = 3_600_000;
const pinned = zoneClock(pinnedTimeZones);
const intl = zoneClock(intlTimeZones);
const NAMES = pinnedZoneNames();

/**
 * Zones (and their links) whose offsets in the pinned release (2026f) differ from Node 20's
 * (ICU tz 2025c) between 1970 and 2100, and why: later tz releases changed them. Checked only on a
 * Node with tz 2025c; the properties run on whatever zones the runtime agrees on.
 */
const DIFFERENT_IN_NODE_TZ_2025C: Readonly<Record<string, string>> = {
  "Africa/Casablanca": "Morocco stays on +00 from 2026-09-20 (2026 releases)",
  "Africa/El_Aaiun": "follows Morocco",
  "America/Vancouver": "British Columbia stays on UTC−7 from 2026-11-01",
  "Canada/Pacific": "link to America/Vancouver",
  "America/Edmonton": "Alberta stays on UTC−6 from 2026-11-01",
  "America/Yellowknife": "link to America/Edmonton",
  "America/Inuvik": "follows Alberta's change in the 2026 releases",
  "Canada/Mountain": "link to America/Edmonton",
  "America/Winnipeg": "Manitoba stays on UTC−5 from 2026-11-01",
  "America/Rainy_River": "link to America/Winnipeg",
  "Canada/Central": "link to America/Winnipeg",
  "America/Havana": "Cuba's 2026 fall-back",
  Cuba: "link to America/Havana",
  "Europe/Chisinau": "Moldova's transition times since 2022, corrected in a later release",
  "Europe/Tiraspol": "link to Europe/Chisinau",
  "America/Bogota": "Colombia's 1992 DST end, corrected in a later release",
  "Asia/Tehran": "Iran's 1979 offset, corrected in a later release",
  Iran: "link to Asia/Tehran",
};
const IN_RANGE = fc.integer({ min: PINNED_TZDB.firstInstant, max: PINNED_TZDB.endInstant - 1 });

/**
 * The zones whose offsets differ between the pinned release and this runtime's Intl, at every
 * pinned transition and twice a year from 1970 to 2100: computed here, so that the agreement
 * properties below run on every Node, whatever tz release its ICU carries.
 */
function zonesDifferingFromNode(): ReadonlySet<string> {
  const differing = new Set<string>();
  for (const zone of NAMES) {
    const instants: number[] = [];
    for (const until of moment.tz.zone(zone)!.untils) if (until >= PINNED_TZDB.firstInstant && until < PINNED_TZDB.endInstant) instants.push(until - 1, until);
    for (let year = 1970; year < 2100; year++) instants.push(Date.UTC(year, 0, 15), Date.UTC(year, 6, 15));
    if (instants.some((at) => pinnedTimeZones.offsetAt(zone, at) !== intlTimeZones.offsetAt(zone, at))) differing.add(zone);
  }
  return differing;
}
let differingFromNode: ReadonlySet<string> | undefined;
const differing = (): ReadonlySet<string> => (differingFromNode ??= zonesDifferingFromNode());
/** The zones where this runtime's Intl and the pinned release agree. */
const agreeing = (): string[] => NAMES.filter((name) => !differing().has(name));

/** Wall-clock fields straight from Intl (an independent reference: not through any offset). */
const fieldFormats = new Map<string, Intl.DateTimeFormat>();
function intlWallClock(at: number, zone: string): number[] {
  let format = fieldFormats.get(zone);
  if (format === undefined) fieldFormats.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", weekday: "short" })));
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return [Number(parts.year), Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second), ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday!)];
}

describe("ZoneClock with the pinned tz database agrees with Node's Intl where their tz releases agree", () => {
  it("offsets, local hours, days of the week and wall clocks, for every zone and link on which this runtime's tz data agrees with the pinned release (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...agreeing()), IN_RANGE, (zone, at) => {
        expect(pinned.offset(at, zone)).toBe(intl.offset(at, zone));
        expect(pinned.localHour(at, zone)).toBe(intl.localHour(at, zone));
        expect(pinned.localDayOfWeek(at, zone)).toBe(intl.localDayOfWeek(at, zone));
        expect(pinned.localMinuteOfDay(at, zone)).toBe(intl.localMinuteOfDay(at, zone));
        const local = wallClock(pinned, at, zone);
        expect([local.year, local.month, local.day, local.hour, local.minute, local.second, local.weekday]).toEqual(intlWallClock(at, zone));
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it("local wall time → instant, for every zone on which they agree (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...agreeing()), IN_RANGE, (zone, wall) => {
        expect(pinned.instantOf(wall, zone)).toBe(intl.instantOf(wall, zone));
      }),
      { seed: SEED, numRuns: 5_000 },
    );
  });

  it("the zones where they differ are a few (a tz release changes a handful of zones, not the database)", () => {
    expect(differing().size, [...differing()].join(", ")).toBeLessThan(NAMES.length / 10);
    expect(agreeing()).toEqual(expect.arrayContaining(["Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Apia", "UTC"]));
  });

  it(`the zones that differ from Node's tz 2025c are exactly the listed ones [only on a Node whose tz data is 2025c; this one's is ${process.versions.tz}]`, (context) => {
    const note = `this Node's tz data is ${process.versions.tz}, not 2025c: the list of differing zones is for Node 20's tz 2025c; the properties above ran on the zones this runtime agrees on (${differing().size} differ: ${[...differing()].join(", ") || "none"})`;
    if (process.versions.tz !== "2025c") console.warn(`zone-clock.property.test.ts: ${note}`);
    context.skip(process.versions.tz !== "2025c", note);
    expect([...differing()].sort()).toEqual(Object.keys(DIFFERENT_IN_NODE_TZ_2025C).sort());
  });
});

/** Zones with DST changes of every kind: both hemispheres, half-hour changes (Lord Howe), midnight changes (Santiago, Havana), a skipped day (Apia), negative DST (Dublin), Morocco. */
const DST_ZONES = ["America/New_York", "Europe/Paris", "Australia/Sydney", "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Pacific/Apia", "Europe/Dublin", "Africa/Casablanca", "Asia/Tehran", "America/St_Johns", "Pacific/Chatham"];

/** Wall times near the zone's transitions (from moment-timezone's data): inside gaps and overlaps, and around them. */
function wallNearTransition(zones: readonly string[]) {
  return fc
    .constantFrom(...zones)
    .chain((zone) => {
      const untils = moment.tz.zone(zone)!.untils.filter((until) => until >= PINNED_TZDB.firstInstant && until < PINNED_TZDB.endInstant - 2 * 86_400_000);
      return fc.tuple(fc.constant(zone), fc.constantFrom(...untils), fc.integer({ min: -3 * HOUR, max: 3 * HOUR }));
    })
    .map(([zone, transition, shift]) => ({ zone, wall: transition + pinned.offset(transition - 1, zone) + Math.round(shift / 60_000) * 60_000 }));
}

describe("local wall time → instant: one rule for every provider", () => {
  for (const [label, clock] of [["pinned", pinned], ["Intl", intl]] as const) {
    it(`${label}: a wall time that exists is that instant (the earlier one when it happens twice); one in a gap is read with the offset before the change (property)`, () => {
      fc.assert(
        fc.property(wallNearTransition(DST_ZONES), ({ zone, wall }) => {
          const instant = clock.instantOf(wall, zone);
          // Every instant showing this wall time: the wall time read with each offset the zone had nearby.
          const offsets = new Set<number>();
          for (let at = wall - 2 * 86_400_000; at <= wall + 2 * 86_400_000; at += 3 * HOUR) offsets.add(clock.offset(at, zone));
          const showing = [...offsets].map((offset) => wall - offset).filter((at) => clock.wallTime(at, zone) === wall);
          if (showing.length > 0) {
            expect(instant).toBe(Math.min(...showing));
          } else {
            const shift = clock.wallTime(instant, zone) - wall;
            expect(shift).toBeGreaterThan(0);
            // Read with the offset before the change: that offset held until just before the change.
            expect(clock.offset(instant - shift, zone)).toBe(clock.offset(instant, zone) - shift);
          }
        }),
        { seed: SEED, numRuns: 1_000 },
      );
    });
  }

  it.each([
    ["America/New_York", "2026-03-08T02:30", "2026-03-08T07:30:00.000Z", "gap: 03:30 EDT"],
    ["America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00.000Z", "overlap: the first 01:30 (EDT)"],
    ["Europe/Paris", "2026-03-29T02:30", "2026-03-29T01:30:00.000Z", "gap: 03:30 CEST"],
    ["Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00.000Z", "overlap: the first 02:30 (CEST)"],
    ["Australia/Sydney", "2026-10-04T02:30", "2026-10-03T16:30:00.000Z", "gap: 03:30 AEDT"],
    ["Australia/Sydney", "2026-04-05T02:30", "2026-04-04T15:30:00.000Z", "overlap: the first 02:30 (AEDT)"],
    ["Australia/Lord_Howe", "2026-10-04T02:15", "2026-10-03T15:45:00.000Z", "half-hour gap: 02:45 +11"],
    ["America/Santiago", "2026-09-06T00:00", "2026-09-06T04:00:00.000Z", "midnight gap: 01:00 -03, the first instant of the day"],
    ["America/Havana", "2025-11-02T00:30", "2025-11-02T04:30:00.000Z", "midnight overlap: the first 00:30 (CDT)"],
    ["Pacific/Apia", "2011-12-30T12:00", "2011-12-30T22:00:00.000Z", "the skipped day: read with −10"],
    ["+05:30", "2026-03-29T02:30", "2026-03-28T21:00:00.000Z", "a fixed offset"],
  ])("%s %s → %s (%s), with both providers", (zone, local, expected) => {
    const [date, time] = local.split("T") as [string, string];
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const [hour, minute] = time.split(":").map(Number) as [number, number];
    for (const clock of [pinned, intl]) expect(new Date(clock.instantOf(wallTimeOf(year, month, day, hour, minute), zone)).toISOString()).toBe(expected);
  });

  it("keeps today's answers where TZDate's (Intl) were one rule: every gap, and every overlap west of UTC (property; TZDate resolves overlaps east of UTC by the host's own zone)", () => {
    fc.assert(
      fc.property(wallNearTransition(DST_ZONES), ({ zone, wall }) => {
        const date = new Date(wall);
        const today = new TZDateMini(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), 0, 0, zone).getTime();
        const instant = intl.instantOf(wall, zone);
        const overlap = intl.wallTime(instant + HOUR / 2, zone) === wall || intl.wallTime(instant + HOUR, zone) === wall;
        if (!overlap || intl.offset(instant, zone) < 0) expect(instant, `${zone} ${date.toISOString()}`).toBe(today);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});

describe("ZoneClock's caches are per provider", () => {
  it("two providers with different offsets for one zone never see each other's cached answers", () => {
    const plusOne = { name: "fixed +1", version: "test", isKnownZone: (zone: string) => zone === "Test/Zone", offsetAt: () => HOUR };
    const plusTwo = { name: "fixed +2", version: "test", isKnownZone: (zone: string) => zone === "Test/Zone", offsetAt: () => 2 * HOUR };
    for (let i = 0; i < 3; i++) {
      expect(zoneClock(plusOne).localHour(0, "Test/Zone")).toBe(1);
      expect(zoneClock(plusTwo).localHour(0, "Test/Zone")).toBe(2);
      expect(new ZoneClock(plusOne).offset(0, "Test/Zone")).toBe(HOUR);
    }
    expect(zoneClock(plusOne).isValid("Europe/Paris")).toBe(false);
    expect(zoneClock(pinnedTimeZones).isValid("Test/Zone")).toBe(false);
  });
});
