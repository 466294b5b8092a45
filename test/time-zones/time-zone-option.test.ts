/**
 * The `timeZones` option everywhere a zone is used, hostile zone names, and the regressions it
 * fixes: answers that depended on the runtime's tz release (Node vs a browser) or on the host's own
 * zone.
 */
import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createEngine, prepareConfig, type DecideResult } from "../../src/index.js";
import { loadEngine, PreparedConfigError } from "../../src/runtime/index.js";
import { compileRule, RuleError } from "../../src/rules/index.js";
import { compileSegments } from "../../src/segments/index.js";
import { calendarPeriod, checkCaps, compactHistory, compileCapPolicy, isQuiet, MemoryCapStore, quietEnd } from "../../src/caps/index.js";
import { chooseChannel, compileChannelPolicy, readChannelUser } from "../../src/channels/index.js";
import { checkDailyMessageLimit } from "../../src/testing/index.js";
import { intlTimeZones, pinnedTimeZones, type TimeZoneProvider } from "../../src/time-zones/index.js";
import { zoneClock } from "../../src/time-zones/zone-clock.js";
import { reachableUser } from "../support/engine-fixtures.js";

/** Vancouver on 2026-11-20: UTC−7 in the pinned 2026f (British Columbia keeps summer time), UTC−8 in Node 20's tz 2025c. */
const VANCOUVER_WINTER = Date.parse("2026-11-20T10:00:00Z");
const PINNED_VANCOUVER_HOUR = 3; // 10:00Z − 7 h
const HOSTILE_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "Europe/../Paris", "Europe/Paris\u0000", " Europe/Paris", "", "x".repeat(65), "+24:00", "+05:60", "Mars/Olympus", "Etc/GMT+15"];
const HOSTILE_VALUES: unknown[] = [...HOSTILE_NAMES, 3, null, undefined, {}, [], Object.create(null), ["Europe/Paris"]];

const nodeHasOlderTzdb = intlTimeZones.offsetAt("America/Vancouver", VANCOUVER_WINTER) !== pinnedTimeZones.offsetAt("America/Vancouver", VANCOUVER_WINTER);

describe("hostile and unknown zone names", () => {
  it.each([["Intl", intlTimeZones], ["pinned", pinnedTimeZones]] as const)("%s: none is valid, none throws, and nothing is polluted", (_label, provider) => {
    const clock = zoneClock(provider);
    HOSTILE_VALUES.forEach((value, index) => expect(clock.isValid(value), `hostile value ${index}`).toBe(false));
    for (const name of HOSTILE_NAMES) expect(() => provider.isKnownZone(name)).not.toThrow();
    expect(pinnedTimeZones.isKnownZone("__proto__") || pinnedTimeZones.isKnownZone("toString") || pinnedTimeZones.isKnownZone("constructor")).toBe(false);
    expect(Number.isNaN(pinnedTimeZones.offsetAt("__proto__", 0))).toBe(true);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it("any string is valid exactly when it has a zone's form and the provider knows it; isValid never throws (property)", () => {
    const names = fc.oneof(fc.string({ maxLength: 70 }), fc.constantFrom(...HOSTILE_NAMES, "Europe/Paris", "europe/paris", "UTC", "+05:30", "-0800", "EST5EDT", "Asia/Calcutta"));
    fc.assert(
      fc.property(names, (name) => {
        const pinned = zoneClock(pinnedTimeZones).isValid(name);
        const intl = zoneClock(intlTimeZones).isValid(name);
        if (pinned) expect(pinnedTimeZones.isKnownZone(name) || /^[+-]\d\d:?\d\d$/.test(name)).toBe(true);
        // Both know the same IANA names (the pinned release and Node's ICU), whatever the case.
        expect(pinned).toBe(intl);
      }),
      { seed: 20261207, numRuns: 3_000 },
    );
  });

  it("are refused where a config names them and ignored where data does, with either provider", () => {
    for (const timeZones of [intlTimeZones, pinnedTimeZones]) {
      for (const name of ["__proto__", "constructor", "Mars/Olympus"]) {
        expect(() => createEngine({ timeZone: name, campaigns: [] }, { timeZones }), name).toThrow(/timeZone/);
        expect(() => compileRule({ local_hour: [name, 0] }, { timeZones }), name).toThrow(RuleError);
        expect(() => checkCaps({}, { deliveries: [] }, { channel: "push", campaign: "c" }, 0, name, { timeZones }), name).toThrow(TypeError);
        expect(() => compileChannelPolicy({ defaultTimeZone: name }, { timeZones }), name).toThrow(/defaultTimeZone/);
        expect(compileRule({ local_hour: [{ var: "z" }, 0] }, { timeZones })(JSON.parse(`{"z": ${JSON.stringify(name)}}`)), name).toBeNull();
        expect(readChannelUser(JSON.parse(`{"timeZone": ${JSON.stringify(name)}}`), timeZones).timeZone).toBeUndefined();
      }
    }
  });

  it("a timeZones option that is not a provider is a TypeError, at once", () => {
    for (const bad of [{}, "pinned", null, { name: "x", isKnownZone: () => true }]) {
      expect(() => createEngine({ campaigns: [] }, { timeZones: bad as never })).toThrow(TypeError);
      expect(() => compileRule({ local_hour: ["UTC", 0] }, { timeZones: bad as never })).toThrow(TypeError);
      expect(() => new MemoryCapStore({}, { timeZones: bad as never })).toThrow(TypeError);
    }
  });
});

describe("the timeZones option reaches every zone computation", () => {
  const timeZones = pinnedTimeZones;
  const hourOf = (at: number): number => zoneClock(timeZones).localHour(at, "America/Vancouver");

  it.runIf(nodeHasOlderTzdb)("rules: local_hour and local_day_of_week use the pinned release, not the runtime's", () => {
    const rule = { local_hour: ["America/Vancouver", { var: "now" }] };
    expect(compileRule(rule, { timeZones })({ now: VANCOUVER_WINTER })).toBe(PINNED_VANCOUVER_HOUR);
    expect(compileRule(rule)({ now: VANCOUVER_WINTER })).toBe(PINNED_VANCOUVER_HOUR - 1); // Node's own tz 2025c
    // Folded at compile time too.
    expect(compileRule({ local_hour: ["America/Vancouver", VANCOUVER_WINTER] }, { timeZones })(null)).toBe(PINNED_VANCOUVER_HOUR);
  });

  it.runIf(nodeHasOlderTzdb)("segments: rules in segment definitions", () => {
    const segments = compileSegments([{ id: "night-owls", rule: { "<": [{ local_hour: ["America/Vancouver", { var: "now" }] }, 3] } }], { timeZones });
    expect(segments.segmentsOf({}, VANCOUVER_WINTER)).toEqual([]);
    expect(compileSegments([{ id: "night-owls", rule: { "<": [{ local_hour: ["America/Vancouver", { var: "now" }] }, 3] } }]).segmentsOf({}, VANCOUVER_WINTER)).toEqual(["night-owls"]);
  });

  it.runIf(nodeHasOlderTzdb)("caps: calendar periods, quiet hours, checkCaps, compactHistory and the memory store", async () => {
    const day = calendarPeriod(VANCOUVER_WINTER, "day", 1, "America/Vancouver", timeZones);
    expect(new Date(day.start).toISOString()).toBe("2026-11-20T07:00:00.000Z");
    expect(new Date(calendarPeriod(VANCOUVER_WINTER, "day", 1, "America/Vancouver").start).toISOString()).toBe("2026-11-20T08:00:00.000Z");
    const [quiet] = compileCapPolicy({ quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "03:30" }] }).quietHours;
    expect(isQuiet(quiet!, VANCOUVER_WINTER, "America/Vancouver", timeZones)).toBe(true); // 03:00
    expect(isQuiet(quiet!, VANCOUVER_WINTER, "America/Vancouver")).toBe(true); // 02:00
    expect(new Date(quietEnd(quiet!, VANCOUVER_WINTER, "America/Vancouver", timeZones)).toISOString()).toBe("2026-11-20T10:30:00.000Z");
    expect(new Date(quietEnd(quiet!, VANCOUVER_WINTER, "America/Vancouver")).toISOString()).toBe("2026-11-20T11:30:00.000Z");
    const policy = { caps: [{ id: "daily", scope: { all: true as const }, limit: 1, window: { calendar: "day" as const } }] };
    const history = { deliveries: [{ at: Date.parse("2026-11-20T07:30:00Z"), channel: "push" as const, campaign: "a" }] };
    const candidate = { channel: "push" as const, campaign: "b" };
    expect(checkCaps(policy, history, candidate, VANCOUVER_WINTER, "America/Vancouver", { timeZones }).allowed).toBe(false); // 00:30 and 03:00: the same day
    expect(checkCaps(policy, history, candidate, VANCOUVER_WINTER, "America/Vancouver").allowed).toBe(true); // 23:30 the day before
    expect(compactHistory(history, policy, VANCOUVER_WINTER, "America/Vancouver", undefined, { timeZones }).deliveries).toHaveLength(1);
    expect(compactHistory(history, policy, VANCOUVER_WINTER, "America/Vancouver").deliveries).toHaveLength(0);
    const store = new MemoryCapStore(policy, { timeZones });
    expect((await store.reserve("u", candidate, Date.parse("2026-11-20T07:30:00Z"), "America/Vancouver")).granted).toBe(true);
    expect((await store.reserve("u", candidate, VANCOUVER_WINTER, "America/Vancouver")).granted).toBe(false);
  });

  it.runIf(nodeHasOlderTzdb)("channels: quiet hours in the user's zone", () => {
    const campaign = { id: "c", category: "promotional", channels: ["push" as const], onBlocked: "defer" as const };
    const user = { timeZone: "America/Vancouver", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
    const caps = { policy: { quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "03:30" }] }, history: { deliveries: [] } };
    expect(new Date(chooseChannel(campaign, user, VANCOUVER_WINTER, { caps, timeZones }).sendAt!).toISOString()).toBe("2026-11-20T10:30:00.000Z");
    expect(new Date(chooseChannel(campaign, user, VANCOUVER_WINTER, { caps }).sendAt!).toISOString()).toBe("2026-11-20T11:30:00.000Z");
  });

  it.runIf(nodeHasOlderTzdb)("engine: createEngine, prepareConfig and loadEngine (schedules, scheduled wall times, calendar caps)", () => {
    const config = {
      timeZone: "America/Vancouver",
      campaigns: [
        { id: "at-nine", category: "promotional", channels: ["push"], trigger: { scheduled: { at: "2026-11-20T09:00" } }, content: { push: { title: "9:00" } } },
        { id: "small-hours", category: "promotional", channels: ["push"], trigger: { event: "tap" }, schedule: { hours: { from: "02:30", to: "03:30" } }, content: { push: { title: "late" } } },
      ],
    };
    const user = reachableUser({ timeZone: undefined });
    delete user.timeZone;
    const decide = (result: DecideResult) => result.decisions.map((decision) => decision.campaignId);
    const engines = { pinned: createEngine(config, { timeZones }), loaded: loadEngine(JSON.parse(JSON.stringify(prepareConfig(config, { timeZones }))), { timeZones }), intl: createEngine(config) };
    expect(new Date(engines.pinned.nextCheckAt(user, "2026-11-19T00:00:00Z")!).toISOString()).toBe("2026-11-20T16:00:00.000Z");
    expect(new Date(engines.loaded.nextCheckAt(user, "2026-11-19T00:00:00Z")!).toISOString()).toBe("2026-11-20T16:00:00.000Z");
    expect(new Date(engines.intl.nextCheckAt(user, "2026-11-19T00:00:00Z")!).toISOString()).toBe("2026-11-20T17:00:00.000Z");
    const tap = { event: { name: "tap" }, user, now: VANCOUVER_WINTER };
    expect(decide(engines.pinned.decide(tap))).toEqual(["small-hours"]); // 03:00
    expect(decide(engines.loaded.decide(tap))).toEqual(["small-hours"]);
    expect(decide(engines.intl.decide(tap))).toEqual([]); // 02:00
    expect(hourOf(VANCOUVER_WINTER)).toBe(PINNED_VANCOUVER_HOUR);
  });

  it("prepared with one provider, loaded with another that lacks its zone: PreparedConfigError at load", () => {
    const onlyUtc: TimeZoneProvider = { name: "only UTC", version: "test", isKnownZone: (zone) => zone === "UTC", offsetAt: () => 0 };
    const prepared = prepareConfig({ timeZone: "Europe/Paris", campaigns: [] }, { timeZones: pinnedTimeZones });
    expect(() => loadEngine(prepared, { timeZones: onlyUtc })).toThrow(PreparedConfigError);
    expect(() => loadEngine(prepared, { timeZones: pinnedTimeZones })).not.toThrow();
    expect(() => loadEngine(prepared)).not.toThrow();
  });

  it("the testing kit's checks run the engine with the provider", () => {
    const config = { timeZone: "America/Vancouver", caps: { caps: [{ id: "daily", scope: { all: true }, limit: 1, window: { calendar: "day" } }] }, campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "x" } } }] };
    const report = checkDailyMessageLimit(config, { maxPerDay: 1, numRuns: 10, seed: 1, timeZones: pinnedTimeZones });
    expect(report.ok, report.message).toBe(true);
  });
});

describe("regression: a local wall time that happens twice does not depend on the host's own zone", () => {
  const original = process.env.TZ;
  afterEach(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it("a scheduled 02:30 on Paris's fall-back night is the first 02:30 (00:30Z), whatever zone the machine runs in", () => {
    const config = { timeZone: "Europe/Paris", campaigns: [{ id: "overlap", category: "promotional", channels: ["push"], trigger: { scheduled: { at: "2026-10-25T02:30" } }, content: { push: { title: "x" } } }] };
    const answers = ["UTC", "Pacific/Chatham", "America/Los_Angeles", "Europe/Paris"].map((zone) => {
      process.env.TZ = zone;
      return [createEngine(config), createEngine(config, { timeZones: pinnedTimeZones })].map((engine) => new Date(engine.nextCheckAt(reachableUser({ timeZone: "Europe/Paris" }), "2026-10-01T00:00:00Z")!).toISOString());
    });
    expect(answers).toEqual(Array.from({ length: 4 }, () => ["2026-10-25T00:30:00.000Z", "2026-10-25T00:30:00.000Z"]));
  });
});
