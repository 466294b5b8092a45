import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, RuleError } from "../../src/rules/index.js";

const NOW = "2026-11-23T12:00:00Z";
const run = (rule: unknown, data: unknown = {}) => compileRule(rule)(data);

describe("time relative to the input's now", () => {
  it("days_since / hours_since / minutes_since", () => {
    const data = { now: NOW, user: { last_seen: "2026-11-20T12:00:00Z", signup: Date.parse("2026-11-23T06:00:00Z") } };
    expect(run({ days_since: { var: "user.last_seen" } }, data)).toBe(3);
    expect(run({ hours_since: { var: "user.signup" } }, data)).toBe(6);
    expect(run({ minutes_since: [{ var: "user.signup" }, "2026-11-23T06:30:00Z"] }, data)).toBe(30);
    // Offsets are honoured: 13:00+01:00 is 12:00Z.
    expect(run({ hours_since: ["2026-11-23T13:00:00+01:00"] }, data)).toBe(0);
  });

  it("never reads the clock: the same input gives the same answer on any day", () => {
    const rule = compileRule({ days_since: [{ var: "t" }] });
    expect(rule({ t: "2000-01-01", now: "2000-01-11" })).toBe(10);
    expect(rule({ t: "2000-01-01" })).toBeNull(); // no now in the input: no answer, not the clock
  });

  it("the default now is the root's, also inside map / filter", () => {
    const data = { now: NOW, events: [{ at: "2026-11-22T12:00:00Z" }, { at: "2026-10-01T00:00:00Z" }] };
    expect(run({ filter: [{ var: "events" }, { within_last: [{ var: "at" }, "7d"] }] }, data)).toEqual([data.events[0]]);
  });

  it("within_last with compact, ISO 8601 and millisecond durations", () => {
    const data = { now: NOW, t: "2026-11-23T10:00:00Z" };
    expect(run({ within_last: [{ var: "t" }, "2h"] }, data)).toBe(true);
    expect(run({ within_last: [{ var: "t" }, "1h59m"] }, data)).toBe(false);
    expect(run({ within_last: [{ var: "t" }, "PT2H"] }, data)).toBe(true);
    expect(run({ within_last: [{ var: "t" }, 7_200_000] }, data)).toBe(true);
    expect(run({ within_last: [{ var: "t" }, { var: "window" }] }, { ...data, window: "1d" })).toBe(true);
    // A future timestamp is not "within the last" anything.
    expect(run({ within_last: ["2026-11-23T13:00:00Z", "30d"] }, data)).toBe(false);
  });

  it("before / after compare instants, not strings", () => {
    expect(run({ before: ["2026-11-23T12:00:00+02:00", "2026-11-23T11:00:00Z"] })).toBe(true);
    expect(run({ after: ["2026-11-23T12:00:00+02:00", "2026-11-23T11:00:00Z"] })).toBe(false);
    expect(run({ after: [{ var: "now" }, "2026-01-01"] }, { now: NOW })).toBe(true);
  });

  it("local_hour and local_day_of_week in IANA zones and fixed offsets", () => {
    const data = { now: "2026-11-23T02:00:00Z" }; // a Monday in UTC
    expect(run({ local_hour: ["UTC"] }, data)).toBe(2);
    expect(run({ local_hour: ["Asia/Kolkata"] }, data)).toBe(7); // +05:30
    expect(run({ local_hour: ["+05:30"] }, data)).toBe(7);
    expect(run({ local_day_of_week: ["UTC"] }, data)).toBe(1);
    expect(run({ local_day_of_week: ["America/Los_Angeles"] }, data)).toBe(0); // still Sunday evening
    expect(run({ local_hour: [{ var: "tz" }] }, { ...data, tz: "Mars/Olympus_Mons" })).toBeNull();
  });

  it.each([
    // zone, instant, local hour — around DST transitions
    ["Europe/Paris", "2026-03-29T00:59:59Z", 1],
    ["Europe/Paris", "2026-03-29T01:00:00Z", 3], // 02:00 does not exist
    ["Europe/Paris", "2026-10-25T00:30:00Z", 2], // 02:30 CEST
    ["Europe/Paris", "2026-10-25T01:30:00Z", 2], // 02:30 CET, the hour repeats
    ["America/New_York", "2026-03-08T06:59:00Z", 1],
    ["America/New_York", "2026-03-08T07:00:00Z", 3],
    ["America/New_York", "2026-11-01T05:30:00Z", 1], // 01:30 EDT
    ["America/New_York", "2026-11-01T06:30:00Z", 1], // 01:30 EST
    ["Australia/Lord_Howe", "2026-10-03T15:29:00Z", 1], // 01:59 at +10:30
    ["Australia/Lord_Howe", "2026-10-03T15:30:00Z", 2], // 02:30 at +11:00 (a 30-minute shift)
    ["Asia/Kolkata", "2026-03-29T01:00:00Z", 6],
  ])("local_hour in %s at %s is %i", (zone, instant, hour) => {
    expect(run({ local_hour: [zone, instant] })).toBe(hour);
  });

  it("local fields agree with Intl for any instant and zone (property)", () => {
    const zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"];
    const hourRule = compileRule({ local_hour: [{ var: "zone" }, { var: "t" }] });
    const dayRule = compileRule({ local_day_of_week: [{ var: "zone" }, { var: "t" }] });
    const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.parse("1990-01-01"), max: Date.parse("2040-01-01") }), (zone, t) => {
        const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "numeric", weekday: "short" }).formatToParts(t);
        expect(hourRule({ zone, t })).toBe(Number(parts.find((p) => p.type === "hour")?.value));
        expect(dayRule({ zone, t })).toBe(days.indexOf(parts.find((p) => p.type === "weekday")?.value as string));
      }),
      { numRuns: 300 },
    );
  });

  it("timestamps without an offset are rejected as ambiguous; invalid ones in data give null / false", () => {
    expect(() => compileRule({ days_since: ["2026-11-23T12:00:00"] })).toThrow(/not a timestamp/);
    expect(() => compileRule({ before: ["2026-02-30", NOW] })).toThrow(/not a timestamp/);
    const data = { now: NOW };
    for (const bad of ["2026-11-23T12:00:00", "yesterday", "2026-13-01", "2026-11-23T25:00:00Z", null, {}, [], true, Number.NaN, 1e20]) {
      expect(run({ days_since: [{ var: "t" }] }, { ...data, t: bad })).toBeNull();
      expect(run({ within_last: [{ var: "t" }, "1d"] }, { ...data, t: bad })).toBe(false);
      expect(run({ before: [{ var: "t" }, NOW] }, { ...data, t: bad })).toBe(false);
      expect(run({ local_hour: ["UTC", { var: "t" }] }, { ...data, t: bad })).toBeNull();
    }
  });

  it("accepts date-only (UTC midnight), fractional seconds, compact offsets and years before 100", () => {
    expect(run({ hours_since: ["2026-11-23", NOW] })).toBe(12);
    expect(run({ minutes_since: ["2026-11-23T11:59:30.500+0000", NOW] })).toBeCloseTo(0.491666, 5);
    expect(run({ days_since: ["0099-12-31", "0100-01-01"] })).toBe(1);
  });
});

describe("geo", () => {
  const paris = { lat: 48.8566, lon: 2.3522 };
  const london = [51.5074, -0.1278];

  it("distance_km is the haversine distance (Paris–London ≈ 343.5 km)", () => {
    expect(run({ distance_km: [paris, london] })).toBeCloseTo(343.5, 0);
    expect(run({ distance_km: [{ var: "a" }, { var: "b" }] }, { a: { latitude: 0, longitude: 0 }, b: { lat: 0, lng: 180 } })).toBeCloseTo(
      Math.PI * 6371.0088,
      6,
    );
    expect(run({ distance_km: [paris, paris] })).toBe(0);
  });

  it("within_radius for 'near the store' offers", () => {
    const store = { lat: 48.8606, lon: 2.3376 }; // the Louvre
    const rule = { within_radius: [{ var: "user.location" }, store, 2] };
    expect(run(rule, { user: { location: paris } })).toBe(true); // ~1.2 km
    expect(run(rule, { user: { location: { lat: 48.8049, lon: 2.1204 } } })).toBe(false); // Versailles
    expect(run(rule, { user: {} })).toBe(false);
    expect(run(rule, { user: { location: { lat: 91, lon: 0 } } })).toBe(false);
    expect(run(rule, { user: { location: "48.8,2.3" } })).toBe(false);
  });

  it("literal points and radii are checked at compile time", () => {
    expect(() => compileRule({ within_radius: [{ var: "p" }, { lat: 100, lon: 0 }, 1] })).toThrow(/not a point/);
    expect(() => compileRule({ within_radius: [{ var: "p" }, paris, -1] })).toThrow(/radius/);
  });
});

describe("app versions", () => {
  it.each([
    ["version_gte", "5.2.1", "5.2", true],
    ["version_gte", "5.1.9", "5.2", false],
    ["version_lt", "5.10.0", "5.9.0", false], // numeric, not lexicographic
    ["version_eq", "5.2", "5.2.0", true],
    ["version_lt", "5.2.0-beta.2", "5.2.0", true], // pre-release before release
    ["version_lt", "5.2.0-beta.2", "5.2.0-beta.10", true],
    ["version_gt", "v10.4.1.1234", "10.4.1.999", true],
    ["version_lte", 5, "5.0.0", true],
    ["version_gt", "not a version", "1.0", false],
    ["version_gt", null, "1.0", false],
    // A pre-release on fewer than three parts reads the missing ones as 0 (compare-versions alone throws on it).
    ["version_lt", "5.2-beta", "5.2.0", true],
    ["version_gte", "5.2+build.7", "5.2.0", true],
    ["version_eq", "5.2-rc.1", "5.2.0-rc.1", true],
  ])("%s(%j, %j) = %j", (operator, version, other, expected) => {
    expect(run({ [operator]: [{ var: "v" }, other] }, { v: version })).toBe(expected);
  });

  it("a literal version is checked at compile time", () => {
    expect(() => compileRule({ version_gte: [{ var: "app.version" }, "5.x"] })).toThrow(/not a version/);
  });
});

describe("strings", () => {
  it.each([
    ["starts_with", "SUMMER24", "SUMMER", true],
    ["starts_with", "summer24", "SUMMER", false],
    ["starts_with_ci", "summer24", "SUMMER", true],
    ["ends_with", "ada@example.com", "@example.com", true],
    ["ends_with_ci", "ada@EXAMPLE.com", "@example.COM", true],
    ["contains", "/checkout/cart", "checkout", true],
    ["contains_ci", "Black Friday Deals", "friday", true],
    ["equals_ci", "ÉTÉ", "été", true],
    ["starts_with", 75001, "75", true], // numbers take part as strings
    ["contains", null, "x", false],
    ["contains", ["x"], "x", false],
  ])("%s(%j, %j) = %j", (operator, text, fragment, expected) => {
    expect(run({ [operator]: [{ var: "s" }, fragment] }, { s: text })).toBe(expected);
    expect(run({ [operator]: [{ var: "s" }, { var: "f" }] }, { s: text, f: fragment })).toBe(expected);
  });
});

describe("sets", () => {
  const data = { user: { tags: ["vip", "beta"] }, cart: { skus: ["A1", "B2"] } };
  it.each([
    ["any_in", ["vip", "churn-risk"], true],
    ["any_in", ["churn-risk"], false],
    ["all_in", ["vip", "beta"], true],
    ["all_in", ["vip", "gold"], false],
    ["all_in", [], true],
    ["none_in", ["gold"], true],
    ["none_in", ["beta"], false],
    ["none_in", [], true],
    ["any_in", "vip", true], // a single value is a list of one
  ])("%s(%j, user.tags) = %j", (operator, items, expected) => {
    expect(run({ [operator]: [items, { var: "user.tags" }] }, data)).toBe(expected);
  });

  it("with a literal list (compiled to a Set) and data on the left", () => {
    expect(run({ any_in: [{ var: "cart.skus" }, ["B2", "C3"]] }, data)).toBe(true);
    expect(run({ all_in: [{ var: "cart.skus" }, ["A1", "B2", "C3"]] }, data)).toBe(true);
    expect(run({ none_in: [{ var: "cart.skus" }, ["C3"]] }, data)).toBe(true);
    expect(run({ any_in: [{ var: "missing" }, ["C3"]] }, data)).toBe(false);
  });

  it("membership is strict: no type coercion, objects are never members", () => {
    expect(run({ any_in: [[1], ["1"]] })).toBe(false);
    expect(run({ any_in: [{ var: "o" }, { var: "l" }] }, { o: [{}], l: [{}] })).toBe(false);
  });

  it("agree with their definitions for lists of any size, from data or literal (property)", () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom("a", "b", "0", null, true));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 8 }), fc.array(value, { maxLength: 40 }), (items, list) => {
        const member = (item: unknown) => (list as unknown[]).includes(item);
        const expected = { any_in: items.some(member), all_in: items.every(member), none_in: !items.some(member) };
        for (const operator of ["any_in", "all_in", "none_in"] as const) {
          expect(run({ [operator]: [{ var: "items" }, { var: "list" }] }, { items, list })).toBe(expected[operator]);
          expect(run({ [operator]: [{ var: "items" }, list] }, { items })).toBe(expected[operator]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a literal list must be an array", () => {
    expect(() => compileRule({ any_in: [{ var: "x" }, "vip"] })).toThrow(RuleError);
  });
});
