/**
 * `npm run vectors`: writes the golden vectors of test/vectors/ — rules.json, bucketing.json,
 * caps.json, channels.json, decide.json and time-zones.json — from the current implementation.
 *
 * The vectors are a contract between every runtime nudgekit runs in: test/vectors/node-vectors.test.ts
 * runs them in Node and test/browser/browser-identity.test.ts in headless Chromium, and both must
 * produce exactly `expected`. Rewriting them is a deliberate act: run this only when a change of
 * behaviour is intended, and review the diff of the JSON files (each case is named after what it
 * checks). `--check` writes nothing and exits 1 when a file would change.
 *
 * Inputs are built deterministically: hand-picked edge cases plus seeded (seedrandom) corpora; the
 * outputs come from test/vectors/vector-runner.ts, the same runner both test suites use, run on the
 * inputs after a round trip through JSON exactly as stored.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import seedrandom from "seedrandom";
import * as root from "../src/index.js";
import * as caps from "../src/caps/index.js";
import * as channels from "../src/channels/index.js";
import * as experiments from "../src/experiments/index.js";
import * as rules from "../src/rules/index.js";
import * as segments from "../src/segments/index.js";
import * as timeZones from "../src/time-zones/index.js";
import { encodeValue, runVectors, type Json, type NudgekitModules, type VectorDocument, type VectorFile, type VectorFileName } from "../test/vectors/vector-runner.js";

const nudgekit: NudgekitModules = { root, experiments, rules, caps, channels, timeZones };
const GENERATED_BY = "npm run vectors";
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

interface CaseInput {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** JSON text parsed: the way to put an own "__proto__" key into data. */
const json = (text: string): unknown => JSON.parse(text);

const NAN = Number.NaN;
const INF = Number.POSITIVE_INFINITY;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (iso: string): number => {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new Error(`bad instant ${iso}`);
  return time;
};

/** Seeded helpers (seedrandom: the same sequence on every machine). */
function random(seed: string) {
  const next = seedrandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const chance = (p: number): boolean => next() < p;
  const hex = (length: number): string => Array.from({ length }, () => "0123456789abcdef"[int(0, 15)]).join("");
  return { next, int, pick, chance, hex };
}

/** Transition instants (UTC) where the zones' clocks jump, in 2026. */
const DST = {
  parisSpring: at("2026-03-29T01:00:00Z"), // 02:00 CET → 03:00 CEST
  parisFall: at("2026-10-25T01:00:00Z"), // 03:00 CEST → 02:00 CET
  newYorkSpring: at("2026-03-08T07:00:00Z"), // 02:00 EST → 03:00 EDT
  newYorkFall: at("2026-11-01T06:00:00Z"), // 02:00 EDT → 01:00 EST
  lordHoweFall: at("2026-04-04T15:00:00Z"), // 02:00 +11 → 01:30 +10:30
  lordHoweSpring: at("2026-10-03T15:30:00Z"), // 02:00 +10:30 → 02:30 +11
} as const;

const ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe"] as const;
const DST_INSTANTS: readonly { readonly zone: (typeof ZONES)[number]; readonly label: string; readonly at: number }[] = [
  { zone: "Europe/Paris", label: "Paris spring-forward", at: DST.parisSpring },
  { zone: "Europe/Paris", label: "Paris fall-back", at: DST.parisFall },
  { zone: "America/New_York", label: "New York spring-forward", at: DST.newYorkSpring },
  { zone: "America/New_York", label: "New York fall-back", at: DST.newYorkFall },
  { zone: "Australia/Lord_Howe", label: "Lord Howe fall-back", at: DST.lordHoweFall },
  { zone: "Australia/Lord_Howe", label: "Lord Howe spring-forward", at: DST.lordHoweSpring },
];
/** An offset from an instant, for case names: "-1 ms", "+0 min", "+30 min". */
function offsetLabel(offset: number): string {
  const sign = offset >= 0 ? "+" : "-";
  const size = Math.abs(offset);
  return size % MINUTE === 0 ? `${sign}${size / MINUTE} min` : size < MINUTE ? `${sign}${size} ms` : `${sign}${Math.floor(size / MINUTE)} min ${size % MINUTE} ms`;
}

/** Offsets around a transition: just before, on it, inside the shifted half hour / hour, after. */
const AROUND = [-HOUR, -1, 0, 15 * MINUTE, 30 * MINUTE, 45 * MINUTE, HOUR + 1];

// =============================================================================================
// rules.json

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function rulesCases(): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, rule: unknown, data: unknown = {}): void => {
    cases.push({ name, input: { rule, data } });
  };
  const deep = { a: { b: { c: { d: { e: { f: { g: { h: "deep" } } } } } } } };

  // --- data access
  add("var: deep path", { var: "a.b.c.d.e.f.g.h" }, deep);
  add("var: deep path, one level missing", { var: "a.b.c.x.e" }, deep);
  add("var: numeric index into an array", { var: "items.1.name" }, { items: [{ name: "first" }, { name: "Zoë" }] });
  add("var: default when missing", { var: ["missing.path", "fallback"] }, {});
  add("var: default not used for null", { var: ["x", "fallback"] }, { x: null });
  add("var: empty path is the data", { var: "" }, [1, "two", { three: 3 }]);
  add("var: null path is the data", { var: null }, "just a string");
  add("var: no argument is the data", { var: [] }, { k: 1 });
  add("var: number path on array data", { var: 1 }, ["a", "b"]);
  add("var: emoji keys", { var: "😀.🚀" }, { "😀": { "🚀": "liftoff" } });
  add("var: empty segment in a path", { var: "a..b" }, { a: { "": { b: "empty key" } } });
  add("var: index into a string", { var: "name.0" }, { name: "Zoë" });
  add("var: length of a string", { var: "name.length" }, { name: "Zoë" });
  add("var: length of an array", { var: "items.length" }, { items: [1, 2, 3] });
  add("var: own __proto__ key reads as missing", { var: "__proto__.isAdmin" }, json('{"__proto__":{"isAdmin":true},"plain":1}'));
  add("var: __proto__ with a default", { var: ["__proto__", "safe"] }, json('{"__proto__":{"isAdmin":true}}'));
  add("var: constructor.constructor reads as missing", { var: "constructor.constructor" }, {});
  add("var: inherited toString reads as missing", { var: "toString" }, {});
  add("var: computed __proto__", { var: { cat: ["__pro", "to__"] } }, json('{"__proto__":{"x":1}}'));
  add("var: prototype key in data", { var: "prototype" }, { prototype: "own but forbidden" });
  add("var: $-prefixed key", { var: "$number" }, { $number: "NaN" });
  add("var: path through null", { var: "a.b" }, { a: null });
  add("var: huge number", { var: "n" }, { n: 1.7976931348623157e308 });
  add("var: NaN in data", { var: "n" }, { n: NAN });
  add("var: -0 in data", { var: "n" }, { n: -0 });
  add("missing: some absent, null and empty", { missing: ["a", "b.c", "d", "e"] }, { a: "", b: { c: null }, d: 0 });
  add("missing: one array of keys", { missing: [["x", "y"]] }, { x: 1 });
  add("missing: __proto__ always missing", { missing: ["__proto__", "constructor", "ok"] }, json('{"__proto__":1,"constructor":2,"ok":3}'));
  add("missing_some: enough present", { missing_some: [1, ["email", "phone"]] }, { phone: "+33 1 23 45 67 89" });
  add("missing_some: not enough", { missing_some: [2, ["email", "phone", "push_token"]] }, { phone: "+33" });
  add("missing_some: need is not a number", { missing_some: ["2", ["a", "b"]] }, { a: 1 });

  // --- logic and truthiness
  add("and: returns the first falsy value", { and: [1, "a", [], "never"] });
  add("or: returns the first truthy value", { or: [0, "", [], null, "x", "y"] });
  add("or: all falsy returns the last", { or: [0, "", []] });
  add("if: else-if chain", { if: [{ "<": [{ var: "t" }, 0] }, "freezing", { "<": [{ var: "t" }, 20] }, "cool", "warm"] }, { t: 15 });
  add("if: no else", { if: [false, "then"] });
  add("?: ternary", { "?:": [{ var: "vip" }, "gold", "standard"] }, { vip: "yes" });
  add("!: of an empty array", { "!": [[]] });
  add("!!: of \"0\"", { "!!": ["0"] });
  add("!!: of [0]", { "!!": [[0]] });
  add("!!: of NaN", { "!!": { "+": ["abc"] } });

  // --- comparison
  add("==: loose string and number", { "==": ["1", 1] });
  add("==: null and 0", { "==": [null, 0] });
  add("==: empty array and false", { "==": [[], false] });
  add("==: missing var and null", { "==": [{ var: "nope" }, null] });
  add("===: 1 and 1.0", { "===": [1, 1.0] });
  add("!==: string and number", { "!==": ["1", 1] });
  add("<: strings compare as text", { "<": ["10", "9"] });
  add("<: numeric string and number", { "<": ["10", 9] });
  add("<: NaN-ish string", { "<": ["abc", 1] });
  add(">=: NaN-ish string", { ">=": ["abc", 1] });
  add("<: between, inside", { "<": [1, { var: "x" }, 10] }, { x: 5 });
  add("<=: between, on the edge", { "<=": [1, { var: "x" }, 10] }, { x: 10 });
  add("<=: null and 0", { "<=": [null, 0] });
  add(">: beyond safe integers", { ">": [9007199254740993, 9007199254740992] });
  add("<: Infinity and the largest double", { "<": [{ "*": [1e308, 10] }, 1.7976931348623157e308] });
  add("==: -0 and 0", { "==": [{ "-": [0] }, 0] });

  // --- arithmetic
  add("+: numeric strings", { "+": ["1", "2"] });
  add("+: NaN-ish string", { "+": ["abc", 1] });
  add("+: one non-array argument", { "+": "5" });
  add("+: exponent and spaces", { "+": ["1e3", " 42 "] });
  add("+: hex string", { "+": ["0x1F"] });
  add("+: Infinity string", { "+": ["Infinity"] });
  add("+: -0 string", { "+": ["-0"] });
  add("+: 0.1 + 0.2", { "+": [0.1, 0.2] });
  add("+: overflow to Infinity", { "+": [1.7976931348623157e308, 1.7976931348623157e308] });
  add("*: -1 × 0 is -0", { "*": [-1, 0] });
  add("*: numeric strings", { "*": ["2", "3.5"] });
  add("-: unary minus of 0 is -0", { "-": [0] });
  add("-: strings", { "-": ["10", "2.5"] });
  add("/: by zero", { "/": [1, 0] });
  add("/: zero by zero", { "/": [0, 0] });
  add("/: negative by zero", { "/": [-1, 0] });
  add("%: negative dividend", { "%": [-7, 3] });
  add("%: by -0", { "%": [7, { "-": [0] }] });
  add("min: of an array argument", { min: [{ var: "xs" }] }, { xs: [1, 2] });
  add("max: with a NaN-ish string", { max: [1, "5", "x"] });
  add("max: numeric strings", { max: ["5", 2, "10"] });
  add("min: single value", { min: [-0] });

  // --- strings
  add("cat: null, numbers, unicode, emoji", { cat: [null, 1, " · ", 2.5, " Zoë 👍🏽", true] });
  add("cat: an array argument", { cat: [[1, 2], "|", { var: "a" }] }, { a: [3, [4]] });
  add("cat: -0 and huge numbers", { cat: [{ "-": [0] }, " ", 1e21, " ", 123456789012345680000] });
  add("substr: splits a surrogate pair", { substr: ["👍🏽 ok", 0, 1] });
  add("substr: negative start", { substr: ["nudgekit", -3] });
  add("substr: negative length", { substr: ["nudgekit", 1, -3] });
  add("substr: of a number", { substr: [12345, 1, 2] });
  add("in: substring with unicode", { in: ["Zoë", "Hello Zoë!"] });
  add("in: element of an array", { in: [2, [1, 2, 3]] });
  add("in: strict, not loose", { in: ["2", [1, 2, 3]] });
  add("in: haystack is neither", { in: ["a", { var: "x" }] }, { x: 42 });

  // --- arrays
  add("map: over an empty array", { map: [[], { "*": [{ var: "" }, 2] }] });
  add("map: over a non-array", { map: [{ var: "nope" }, { var: "" }] });
  add("map: doubles", { map: [{ var: "xs" }, { "*": [{ var: "" }, 2] }] }, { xs: [1, -0, 2.5, "3"] });
  add("filter: hostile elements", { filter: [{ var: "items" }, { var: "ok" }] }, json('{"items":[{"ok":true},{"__proto__":{"ok":true}},{"ok":0}]}'));
  add("reduce: sum with initial", { reduce: [{ var: "orders" }, { "+": [{ var: "accumulator" }, { var: "current.amount" }] }, 0] }, { orders: [{ amount: 20 }, { amount: 22.5 }, { amount: "7.25" }] });
  add("reduce: no initial", { reduce: [[1, 2, 3], { "+": [{ var: "accumulator" }, { var: "current" }] }] });
  add("reduce: 1,000 numbers", { reduce: [{ var: "xs" }, { "+": [{ var: "accumulator" }, { var: "current" }] }, 0] }, { xs: Array.from({ length: 1000 }, (_, i) => i * 0.1) });
  add("all: of an empty array is false", { all: [[], true] });
  add("none: of an empty array is true", { none: [[], true] });
  add("some: of an empty array is false", { some: [[], true] });
  add("all: every element matches", { all: [{ var: "xs" }, { ">": [{ var: "" }, 0] }] }, { xs: [1, 2, "3"] });
  add("merge: flattens one level", { merge: [1, [2, [3, [4]]], [], null] });
  add("merge: nothing", { merge: [] });

  // --- limits
  const doubling = { reduce: [{ var: "xs" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]] };
  add("limits: a doubling reduce stops at the cost limit", doubling, { xs: Array.from({ length: 40 }, (_, i) => i) });
  add("limits: data too deep for a string conversion", { cat: [{ var: "deep" }] }, { deep: nested(1100, "bottom") });
  add("limits: deep data returned as it is", { var: "deep" }, { deep: nested(300, "bottom") });

  // --- time, relative to now
  const now = "2026-11-23T12:00:00Z";
  add("days_since: now from data", { days_since: { var: "user.last_seen" } }, { now, user: { last_seen: "2026-11-20T12:00:00Z" } });
  add("days_since: date only is UTC midnight", { days_since: ["2026-11-01", now] });
  add("days_since: no offset is invalid in data", { days_since: { var: "t" } }, { now, t: "2026-11-23T10:00:00" });
  add("days_since: epoch milliseconds", { days_since: [{ var: "t" }, { var: "now" }] }, { now: at(now), t: at(now) - 2.5 * DAY });
  add("days_since: NaN string", { days_since: { var: "t" } }, { now, t: "NaN" });
  add("days_since: Infinity string", { days_since: { var: "t" } }, { now, t: "Infinity" });
  add("days_since: epoch beyond the Date range", { days_since: { var: "t" } }, { now, t: 1e20 });
  add("days_since: before 1970", { days_since: { var: "t" } }, { now, t: -1 });
  add("days_since: 30 February", { days_since: { var: "t" } }, { now, t: "2026-02-30T00:00:00Z" });
  add("days_since: leap second", { days_since: { var: "t" } }, { now, t: "2026-12-31T23:59:60Z" });
  add("days_since: lower-case z", { days_since: { var: "t" } }, { now, t: "2026-11-22t12:00:00z" });
  add("days_since: microseconds", { days_since: { var: "t" } }, { now, t: "2026-11-22T12:00:00.123456Z" });
  add("days_since: the last instant Date can hold", { days_since: { var: "t" } }, { now, t: "+275760-09-13T00:00:00Z" });
  add("days_since: no now at all", { days_since: "2026-11-20T00:00:00Z" }, {});
  add("hours_since: across Paris fall-back (elapsed time)", { hours_since: ["2026-10-25T00:30:00+02:00", "2026-10-25T03:30:00+01:00"] });
  add("minutes_since: offsets +14:00 and -12:00", { minutes_since: ["2026-11-23T00:00:00+14:00", "2026-11-22T00:00:00-12:00"] });
  add("within_last: compact duration", { within_last: [{ var: "t" }, "1h30m"] }, { now, t: "2026-11-23T10:31:00Z" });
  add("within_last: ISO duration", { within_last: [{ var: "t" }, "P1DT12H"] }, { now, t: "2026-11-22T00:00:01Z" });
  add("within_last: milliseconds", { within_last: [{ var: "t" }, 500] }, { now, t: at(now) - 500 });
  add("within_last: in the future is not within", { within_last: [{ var: "t" }, "2w"] }, { now, t: at(now) + 1 });
  add("within_last: dynamic bad duration", { within_last: [{ var: "t" }, { var: "d" }] }, { now, t: now, d: "1 month" });
  add("before: offsets honoured", { before: ["2026-11-23T12:00:00+02:00", "2026-11-23T11:00:00Z"] });
  add("after: equal instants", { after: ["2026-11-23T12:00:00+01:00", "2026-11-23T11:00:00Z"] });
  add("local_hour: literal offset zone", { local_hour: ["+05:30", now] });
  add("local_hour: negative offset zone", { local_hour: ["-03:30", now] });
  add("local_hour: invalid zone in data", { local_hour: [{ var: "tz" }, now] }, { tz: "Mars/Base" });
  add("local_hour: empty zone in data", { local_hour: [{ var: "tz" }, now] }, { tz: "" });
  add("local_hour: lower-case utc", { local_hour: [{ var: "tz" }, now] }, { tz: "utc" });
  add("local_hour: Etc/GMT+5", { local_hour: [{ var: "tz" }, now] }, { tz: "Etc/GMT+5" });
  add("local_hour: Asia/Kathmandu", { local_hour: [{ var: "tz" }, now] }, { tz: "Asia/Kathmandu" });
  for (const tz of ["Europe/Kyiv", "Europe/Kiev", "America/Ciudad_Juarez", "Pacific/Kanton", "America/Nuuk"]) {
    add(`local_hour: zone name ${tz}`, { local_hour: [{ var: "tz" }, { var: "now" }] }, { tz, now: "2026-07-01T12:00:00Z" });
  }
  add("local_day_of_week: Los Angeles Sunday evening", { local_day_of_week: ["America/Los_Angeles", "2026-11-23T02:00:00Z"] });
  add("local_day_of_week: Kiritimati is already Tuesday", { local_day_of_week: ["Pacific/Kiritimati", "2026-11-23T10:30:00Z"] });
  add("local_day_of_week: Pago Pago is still Sunday", { local_day_of_week: ["Pacific/Pago_Pago", "2026-11-23T10:30:00Z"] });
  add("local_hour: between 9 and 20 in Paris at night", { "<=": [9, { local_hour: { var: "user.tz" } }, 20] }, { now: "2026-03-29T01:30:00Z", user: { tz: "Europe/Paris" } });
  for (const transition of DST_INSTANTS) {
    for (const offset of [-1, 0, 30 * MINUTE, HOUR + 1]) {
      const instant = new Date(transition.at + offset).toISOString();
      add(`local hour and weekday: ${transition.label} ${offsetLabel(offset)}`, { cat: [{ local_hour: [transition.zone] }, " h, day ", { local_day_of_week: [transition.zone] }] }, { now: instant });
    }
  }

  // --- geo
  add("distance_km: Paris to London", { distance_km: [[48.8566, 2.3522], [51.5074, -0.1278]] });
  add("distance_km: antipodes", { distance_km: [{ lat: 0, lon: 0 }, { lat: 0, lon: 180 }] });
  add("distance_km: same point", { distance_km: [{ latitude: 48.8566, longitude: 2.3522 }, [48.8566, 2.3522]] });
  add("distance_km: latitude out of range", { distance_km: [{ var: "a" }, [0, 0]] }, { a: { lat: 91, lon: 0 } });
  add("distance_km: numeric strings are not a point", { distance_km: [{ var: "a" }, [0, 0]] }, { a: ["48.85", "2.35"] });
  add("distance_km: lng alias", { distance_km: [{ var: "a" }, { var: "b" }] }, { a: { lat: -33.8688, lng: 151.2093 }, b: { lat: 35.6762, lng: 139.6503 } });
  add("within_radius: inside", { within_radius: [{ var: "location" }, { lat: 48.8606, lon: 2.3376 }, 2] }, { location: { lat: 48.8566, lng: 2.3522 } });
  add("within_radius: radius 0 at the centre", { within_radius: [[10, 20], [10, 20], 0] });
  add("within_radius: negative radius", { within_radius: [[10, 20], [10, 20], { var: "r" }] }, { r: -1 });
  add("within_radius: NaN-ish radius", { within_radius: [[10, 20], [10, 20.01], { var: "r" }] }, { r: "2km" });
  // Hard cases for the trigonometry under distance_km (src/math: the same bits in every engine; with
  // Math.sin / cos / asin, Node 20 and Chromium 156 differed in the last bit of the first one).
  add("distance_km: the pair Node 20 and Chromium 156 once disagreed on", { distance_km: [[-55, 120], [11, -159]] });
  add("distance_km: pole to pole", { distance_km: [[90, 0], [-90, 0]] });
  add("distance_km: antipodes off the equator", { distance_km: [[48.8566, 2.3522], [-48.8566, -177.6478]] });
  add("distance_km: nearly antipodal (h just below 1)", { distance_km: [[0, 0], [1e-7, 179.9999999]] });
  add("distance_km: longitude 180 and -180 are one meridian", { distance_km: [[0, 180], [0, -180]] });
  add("distance_km: across the date line", { distance_km: [[-16.5, 179.9], [-16.5, -179.9]] });
  add("distance_km: around the north pole", { distance_km: [[89.9999, 0], [89.9999, 180]] });
  add("distance_km: pole to equator", { distance_km: [[90, 0], [0, 123.456]] });
  add("distance_km: about a millimetre", { distance_km: [[48.8566, 2.3522], [48.85660001, 2.3522]] });
  add("distance_km: one ulp of latitude", { distance_km: [[45, 10], [45.00000000000001, 10]] });
  add("distance_km: one ulp of longitude at the equator", { distance_km: [[0, 100], [0, 100.00000000000001]] });
  add("distance_km: a subnormal latitude", { distance_km: [[0, 0], [5e-324, 0]] });
  add("distance_km: -0 and 0", { distance_km: [[-0, -0], [0, 0]] });
  for (const [a, b] of [[[-55, 120], [11, -159]], [[48.8566, 2.3522], [51.5074, -0.1278]], [[-33.8688, 151.2093], [35.6762, 139.6503]]] as const) {
    // The radius is the distance itself and the next double below: one last bit decides.
    const km = rules.compileRule({ distance_km: [a, b] })({}) as number;
    add(`within_radius: radius exactly the distance ${JSON.stringify([a, b])}`, { within_radius: [a, b, km] });
    add(`within_radius: radius one ulp short of the distance ${JSON.stringify([a, b])}`, { within_radius: [a, b, km - km * Number.EPSILON / 2] });
  }
  {
    // Seeded points with fractional degrees over the whole globe, near the poles and near antipodes.
    const r = random("nudgekit-vectors/geo");
    const degrees = (limit: number): number => (r.next() * 2 - 1) * limit;
    for (let i = 0; i < 40; i++) {
      const a: [number, number] = [degrees(90), degrees(180)];
      const kind = i % 4;
      const b: [number, number] =
        kind === 0 ? [degrees(90), degrees(180)]
        : kind === 1 ? [Math.max(-90, Math.min(90, a[0] + degrees(1e-6))), a[1] + degrees(1e-6)] // a few centimetres
        : kind === 2 ? [-a[0] + degrees(1e-3), a[1] > 0 ? a[1] - 180 + degrees(1e-3) : a[1] + 180 + degrees(1e-3)] // near the antipode
        : [Math.sign(a[0] || 1) * (90 - r.next() * 1e-3), degrees(180)]; // near a pole
      add(`distance_km random ${String(i + 1).padStart(2, "0")}: ${["anywhere", "centimetres apart", "near the antipode", "near a pole"][kind]}`, { distance_km: [a, b] });
    }
  }

  // --- versions
  add("version_gte: 5.10 ≥ 5.2", { version_gte: [{ var: "app.version" }, "5.2"] }, { app: { version: "5.10.0" } });
  add("version_lt: pre-release before release", { version_lt: ["5.2.0-beta.2", "5.2.0"] });
  add("version_gt: four parts", { version_gt: ["10.4.1.1234", "10.4.1"] });
  add("version_eq: missing parts are 0", { version_eq: ["5", "5.0.0"] });
  add("version_eq: leading v and build metadata", { version_eq: ["v1.0.0+build.7", "1.0.0"] });
  add("version_lt: alpha before alpha.1", { version_lt: ["1.0.0-alpha", "1.0.0-alpha.1"] });
  add("version_gte: invalid version in data", { version_gte: [{ var: "v" }, "1.0"] }, { v: "5.x" });
  add("version_gte: number in data", { version_gte: [{ var: "v" }, "5.2"] }, { v: 5.2 });
  add("version_gt: huge part", { version_gt: [{ var: "v" }, "1.0"] }, { v: "99999999999999999999.0" });

  // --- strings (engagement)
  add("starts_with: number as text", { starts_with: [{ var: "zip" }, "75"] }, { zip: 75001 });
  add("ends_with_ci: email domain", { ends_with_ci: [{ var: "email" }, "@example.com"] }, { email: "Ada@EXAMPLE.com" });
  add("contains: emoji", { contains: [{ var: "text" }, "🎉"] }, { text: "Party 🎉 time" });
  add("starts_with_ci: dotted capital I", { starts_with_ci: ["İstanbul", "is"] });
  add("equals_ci: sharp s", { equals_ci: ["STRASSE", "straße"] });
  add("equals_ci: Greek final sigma", { equals_ci: ["ΟΔΟΣ", "οδος"] });
  add("equals_ci: title-case digraph", { equals_ci: ["ǅemal", "ǆemal"] });
  add("contains_ci: null text", { contains_ci: [{ var: "nope" }, "x"] });
  add("ends_with: NaN is not text", { ends_with: [{ "+": ["x"] }, "N"] });

  // --- sets
  add("any_in: one match", { any_in: [["vip", "beta"], { var: "tags" }] }, { tags: ["beta"] });
  add("any_in: a single value", { any_in: ["vip", ["vip"]] });
  add("all_in: no items is true", { all_in: [[], ["a"]] });
  add("none_in: no items is true", { none_in: [{ var: "skus" }, ["SD-64"]] }, { skus: [] });
  add("none_in: one forbidden", { none_in: [{ var: "skus" }, ["SD-64", "SD-128"]] }, { skus: ["CAM-1", "SD-128"] });
  add("any_in: strict, string vs number", { any_in: [["1"], [1, 2]] });
  add("any_in: NaN in a literal list", { any_in: [{ "+": ["x"] }, [1, 2]] });
  add("any_in: -0 and 0", { any_in: [{ "-": [0] }, [0]] });

  // --- invalid rules (compile errors)
  add("invalid: unknown operator with a suggestion", { strats_with: ["a", "b"] });
  add("invalid: > with three arguments", { ">": [1, 2, 3] });
  add("invalid: unknown literal zone", { local_hour: ["Mars/Base"] });
  add("invalid: months are not a duration", { within_last: [{ var: "t" }, "1M"] });
  add("invalid: literal timestamp without offset", { days_since: ["2026-11-23T10:00:00"] });
  add("invalid: constructor as an operator", { constructor: [1] });
  add("invalid: __proto__ as an operator", json('{"__proto__":[1]}'));
  let tooDeep: unknown = true;
  for (let i = 0; i < 300; i++) tooDeep = { "!": [tooDeep] };
  add("invalid: nested 300 deep", tooDeep);
  add("invalid: several problems at once", { and: [{ strats_with: ["a", "b"] }, { ">": [1, 2, 3] }, { local_hour: ["Mars/Base"] }] });
  add("invalid: empty and", { and: [] });

  cases.push(...randomRuleCases(30));
  return cases;
}

/** A seeded corpus: rules from a small grammar over data from a pool. */
function randomRuleCases(count: number): CaseInput[] {
  const r = random("nudgekit-vectors/rules");
  const strings = ["", "0", "1", "1e3", "abc", "Zoë", "👍🏽", "10", "9", " 42 ", "true", "null", "NaN", "-0", "Infinity", "İ", "ß"];
  const numbers = [0, 1, -1, 2.5, 10, 1e21, -1e-7, 9007199254740993, 0.1, 1.7976931348623157e308, 42];
  const paths = ["a", "b", "c", "n", "s", "list", "list.0", "list.2", "obj.x", "obj.y.z", "missing", "__proto__", "obj.__proto__.x", "tags", "now", "t", "tz", "v"];
  const zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "+05:30", "Mars/Base"];
  const versions = ["1", "1.2", "1.10.0", "v2.0.0-rc.1", "2.0.0", "x.y", "10.4.1.1234"];
  const literal = (): unknown => {
    switch (r.int(0, 5)) {
      case 0:
        return r.pick(strings);
      case 1:
      case 2:
        return r.pick(numbers);
      case 3:
        return r.pick([true, false, null]);
      case 4:
        return [r.pick(numbers), r.pick(strings)];
      default:
        return r.int(-5, 20);
    }
  };
  const expression = (depth: number, top = false): unknown => {
    if (!top && (depth <= 0 || r.chance(0.3))) return r.chance(0.55) ? { var: r.pick(paths) } : literal();
    const sub = (): unknown => expression(depth - 1);
    const op = r.pick([
      "==", "!=", "===", "!==", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "min", "max", "and", "or", "!", "!!", "if", "cat", "in", "substr", "merge",
      "map", "filter", "some", "all", "none", "missing", "local_hour", "local_day_of_week", "days_since", "within_last", "version_gt", "version_lte",
      "starts_with_ci", "contains", "any_in", "none_in", "distance_km",
    ]);
    switch (op) {
      case "!":
      case "!!":
        return { [op]: [sub()] };
      case "-":
        return { [op]: r.chance(0.3) ? [sub()] : [sub(), sub()] };
      case "+":
      case "*":
      case "min":
      case "max":
      case "and":
      case "or":
      case "cat":
      case "merge":
        return { [op]: Array.from({ length: r.int(1, 3) }, sub) };
      case "<":
      case "<=":
        return { [op]: r.chance(0.3) ? [sub(), sub(), sub()] : [sub(), sub()] };
      case "if":
        return { if: Array.from({ length: r.pick([2, 3, 5]) }, sub) };
      case "substr":
        return { substr: r.chance(0.5) ? [sub(), r.int(-4, 4)] : [sub(), r.int(-4, 4), r.int(-4, 4)] };
      case "map":
      case "filter":
      case "some":
      case "all":
      case "none":
        return { [op]: [r.chance(0.5) ? { var: "list" } : sub(), r.chance(0.5) ? { ">": [{ var: "" }, r.int(-1, 3)] } : { cat: [{ var: "" }, "!"] }] };
      case "missing":
        return { missing: [r.pick(paths), r.pick(paths)] };
      case "local_hour":
      case "local_day_of_week":
        return { [op]: [r.chance(0.5) ? { var: "tz" } : r.pick(zones.slice(0, 6)), r.chance(0.5) ? { var: "t" } : new Date(r.pick(DST_INSTANTS).at + r.pick(AROUND)).toISOString()] };
      case "days_since":
        return { days_since: [{ var: "t" }] };
      case "within_last":
        return { within_last: [{ var: "t" }, r.pick(["1h", "P1D", "90s", 3_600_000, "2w"])] };
      case "version_gt":
      case "version_lte":
        return { [op]: [r.chance(0.5) ? { var: "v" } : r.pick(versions.filter((v) => v !== "x.y")), r.pick(versions.filter((v) => v !== "x.y"))] };
      case "starts_with_ci":
      case "contains":
        return { [op]: [sub(), r.pick(strings)] };
      case "any_in":
      case "none_in":
        return { [op]: [r.chance(0.5) ? { var: "tags" } : sub(), r.pick([["a", "b"], [1, 2, "3"], []])] };
      case "distance_km":
        return { distance_km: [r.chance(0.5) ? { var: "obj" } : [r.int(-90, 90), r.int(-180, 180)], [r.int(-90, 90), r.int(-180, 180)]] };
      default:
        return { [op]: [sub(), sub()] };
    }
  };
  const data = (): unknown => {
    const base: Record<string, unknown> = {
      a: literal(),
      b: literal(),
      c: r.pick([null, "", 0, [], "text"]),
      n: r.pick(numbers),
      s: r.pick(strings),
      list: Array.from({ length: r.int(0, 4) }, () => r.pick([...numbers, ...strings])),
      obj: r.chance(0.5) ? { x: literal(), y: { z: literal() }, lat: r.int(-90, 90), lon: r.int(-180, 180) } : json('{"__proto__":{"x":"polluted"},"x":"own"}'),
      tags: r.pick([["a"], ["b", "c"], [], [1, "3"]]),
      now: new Date(r.pick(DST_INSTANTS).at + r.pick(AROUND)).toISOString(),
      t: r.pick(["2026-11-01T00:00:00Z", "2026-10-25T01:30:00+01:00", at("2026-03-08T06:59:59Z"), "not a date", "2026-04-04"]),
      tz: r.pick(zones),
      v: r.pick(versions),
    };
    return base;
  };
  const cases: CaseInput[] = [];
  for (let i = 0; i < count; i++) {
    const rule = expression(r.int(1, 4), true);
    const name = `random ${String(i + 1).padStart(3, "0")}: ${truncate(JSON.stringify(rule), 70)}`;
    cases.push({ name, input: { rule, data: data() } });
  }
  return cases;
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

// =============================================================================================
// bucketing.json

function bucketingCases(): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, input: Record<string, unknown>): void => {
    cases.push({ name, input });
  };
  const checkout = { id: "checkout-cta", variants: [{ id: "control" }, { id: "green" }, { id: "bold" }], control: "control", coverage: 0.8 };
  const pricing = { id: "pricing", variants: [{ id: "a", weight: 1 }, { id: "b", weight: 3 }, { id: "c", weight: 0 }] };
  const renamed = { id: "renamed", salt: "old-salt", version: 2, variants: [{ id: "x" }, { id: "y" }], forced: json('{"__proto__":"y","qa-user":"x","":"y"}') };
  const layerA = { id: "home-hero", variants: [{ id: "on" }, { id: "off" }], control: "off", layer: { id: "homepage", range: [0, 0.5] } };
  const layerB = { id: "home-search", variants: [{ id: "new" }, { id: "old" }], layer: { id: "homepage", salt: "homepage", range: [0.5, 1] } };
  const inactive = { id: "paused", active: false, variants: [{ id: "a" }, { id: "b" }], forced: { vip: "b" } };
  const uncovered = { id: "dark-launch", variants: [{ id: "a" }], coverage: 0 };
  const tiny = { id: "tiny", variants: [{ id: "rare", weight: 1e-9 }, { id: "common", weight: 1e300 }], coverage: 0.0001 };
  const emojiIds = { id: "🧪 test ünïcode", variants: [{ id: "🅰" }, { id: "🅱" }] };
  const experimentsUnderTest = { checkout, pricing, renamed, layerA, layerB, inactive, uncovered, tiny, emojiIds } as const;

  const units: readonly (readonly [string, unknown])[] = [
    ["user-123", "user-123"],
    ["empty", ""],
    ["Zoë", "Zoë"],
    ["emoji", "🦄"],
    ["family ZWJ", "👩‍👩‍👧‍👦"],
    ["lone surrogate", "\ud800x"],
    ["NUL inside", "user\u0000nul"],
    ["1,000 characters", "a".repeat(1000)],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
    ["Chinese", "北京"],
    ["number 42", 42],
    ["number 1e21", 1e21],
    ["number -0", -0],
    ["number 0.1", 0.1],
    ["NaN", NAN],
    ["Infinity", INF],
    ["null", null],
    ["qa-user (forced)", "qa-user"],
    ["vip (forced, inactive)", "vip"],
  ];
  // Every unit id against the main experiment; a spread of them against the others.
  for (const [experimentName, experiment] of Object.entries(experimentsUnderTest)) {
    for (const [unitName, unitId] of experimentName === "checkout" ? units : units.filter((_, index) => index % 3 === experimentName.length % 3)) {
      add(`assignVariant ${experimentName}: ${unitName}`, { fn: "assignVariant", experiment, unitId });
    }
  }
  const r = random("nudgekit-vectors/bucketing");
  for (let i = 0; i < 20; i++) {
    const unitId = `u-${r.hex(8)}`;
    const experiment = r.pick([checkout, pricing, layerA, layerB]);
    const options = r.pick([{ holdout: { id: "global-2026", share: 0.05 } }, { holdout: { id: "half", salt: "h-salt", share: 0.5 } }, { sticky: null }, {}]);
    add(`assignVariant random ${String(i + 1).padStart(2, "0")}: ${experiment.id} ${unitId} ${JSON.stringify(options)}`, { fn: "assignVariant", experiment, unitId, options });
  }
  add("assignVariant: holdout of every unit", { fn: "assignVariant", experiment: checkout, unitId: "user-123", options: { holdout: { id: "all", share: 1 } } });
  add("assignVariant: holdout of no unit", { fn: "assignVariant", experiment: checkout, unitId: "user-123", options: { holdout: { id: "none", share: 0 } } });
  add("assignVariant: sticky entry wins", {
    fn: "assignVariant",
    experiment: renamed,
    unitId: "user-123",
    options: { sticky: { unitId: "user-123", assignments: { renamed: { variantId: "y", version: 2 } } } },
  });
  add("assignVariant: sticky entry of an old version", {
    fn: "assignVariant",
    experiment: renamed,
    unitId: "user-123",
    options: { sticky: { unitId: "user-123", assignments: { renamed: { variantId: "y", version: 1 }, other: { variantId: "z", version: 0 } } } },
  });
  add("assignVariant: hostile sticky document", {
    fn: "assignVariant",
    experiment: pricing,
    unitId: "user-123",
    options: { sticky: json('{"unitId":"user-123","assignments":{"__proto__":{"pricing":{"variantId":"c","version":0}}}}') },
  });
  add("assignVariant: invalid experiment", { fn: "assignVariant", experiment: { id: "", variants: [], coverage: 2 }, unitId: "u" });
  add("assignVariant: duplicate variants and unknown control", { fn: "assignVariant", experiment: { id: "dup", variants: [{ id: "a" }, { id: "a", weight: -1 }], control: "z" }, unitId: "u" });

  // Vendor-compatible hashes.
  for (const [seed, value] of [["", ""], ["exp-1", "user-123"], ["checkout", "Zoë"], ["🧪", "🦄"], ["s", "\ud800"], ["a".repeat(300), "b"]] as const) {
    for (const version of [1, 2, 3]) add(`growthbook.hash v${version}: ${truncate(JSON.stringify([seed, value]), 40)}`, { fn: "growthbook.hash", seed, value, version });
  }
  add("growthbook.getBucketRanges: 3, coverage 0.5", { fn: "growthbook.getBucketRanges", n: 3, coverage: 0.5 });
  add("growthbook.getBucketRanges: coverage below 0", { fn: "growthbook.getBucketRanges", n: 2, coverage: -1 });
  add("growthbook.getBucketRanges: coverage above 1", { fn: "growthbook.getBucketRanges", n: 2, coverage: 2 });
  add("growthbook.getBucketRanges: weights of the wrong length", { fn: "growthbook.getBucketRanges", n: 3, coverage: 1, weights: [0.5, 0.5] });
  add("growthbook.getBucketRanges: weights summing to 0.5", { fn: "growthbook.getBucketRanges", n: 2, coverage: 1, weights: [0.25, 0.25] });
  add("growthbook.getBucketRanges: uneven weights", { fn: "growthbook.getBucketRanges", n: 3, coverage: 0.9, weights: [0.1, 0.2, 0.7] });
  add("growthbook.getBucketRanges: 0 variations", { fn: "growthbook.getBucketRanges", n: 0, coverage: 1 });
  for (const n of [0, 0.3333, 0.5, 0.9999, 1, -0]) {
    add(`growthbook.chooseVariation: ${Object.is(n, -0) ? "-0" : n}`, { fn: "growthbook.chooseVariation", n, ranges: [[0, 0.3333], [0.3333, 0.6666], [0.6666, 1]] });
  }
  for (const id of ["user-123", "Zoë", "🦄"]) {
    add(`growthbook.inNamespace: ${id}`, { fn: "growthbook.inNamespace", hashValue: id, namespace: ["pricing-ns", 0.2, 0.7] });
  }
  for (const id of ["user-123", "Zoë", "🦄", "北京", "", "\ud800"]) {
    add(`unleash.normalizedHash node-sdk: ${JSON.stringify(id)}`, { fn: "unleash.normalizedHash", id, groupId: "feature.toggle" });
    add(`unleash.normalizedHash utf8: ${JSON.stringify(id)}`, { fn: "unleash.normalizedHash", id, groupId: "feature.toggle", normalizer: 100, seed: 0, options: { encoding: "utf8" } });
    add(`unleash.normalizedHash variant seed: ${JSON.stringify(id)}`, { fn: "unleash.normalizedHash", id, groupId: "feature.toggle", normalizer: 1000, seed: 86028157 });
  }
  for (const key of ["ppid11886780721", "user-1231886780721", "Zoë1", "🦄42", "", "a".repeat(1000)]) {
    add(`optimizely.bucketValue: ${truncate(JSON.stringify(key), 30)}`, { fn: "optimizely.bucketValue", key });
  }
  for (const [text, seed] of [["", 0], ["", 1], ["hello", 0], ["hello", 0xffffffff], ["hello", 2 ** 32], ["hello", -1], ["Zoë", 0], ["🦄", 42], ["\ud800", 0], ["abc", 0], ["abcd", 0], ["abcde", 0]] as const) {
    add(`murmur3: ${JSON.stringify(text)} seed ${seed}`, { fn: "murmur3", text, seed });
  }
  add("bucketRanges: weights 1, 3, 0 at coverage 0.8", { fn: "bucketRanges", weights: [1, 3, 0], coverage: 0.8 });
  add("bucketRanges: a third each", { fn: "bucketRanges", weights: [1, 1, 1] });
  add("bucketRanges: tiny and huge weights", { fn: "bucketRanges", weights: [1e-9, 1e300], coverage: 1 });
  add("diffAllocations: raise coverage", { fn: "diffAllocations", before: checkout, after: { ...checkout, coverage: 1 } });
  add("diffAllocations: change the salt", { fn: "diffAllocations", before: pricing, after: { ...pricing, salt: "new" } });
  // Two moves with the same share: their order is the tie-break of variant ids.
  // Thompson-sampling bandits and the winner picker: Gamma draws, logarithms and exponentials from
  // src/math, so that an assignment or a winner is the same in every engine.
  const banditSnapshots: readonly { readonly name: string; readonly snapshot: unknown; readonly options?: unknown }[] = [
    { name: "three arms, 5% floor", snapshot: { id: "2026-11-23T18:00", arms: [{ id: "a", successes: 12, failures: 88 }, { id: "b", successes: 20, failures: 80 }, { id: "c", successes: 3, failures: 27 }] }, options: { minimumShare: 0.05, draws: 4000 } },
    { name: "two nearly tied arms", snapshot: { id: "v7", arms: [{ id: "control", successes: 1000, failures: 9000 }, { id: "treatment", successes: 1003, failures: 8997 }] }, options: { draws: 4000 } },
    { name: "a tiny prior (Gamma shape < 1)", snapshot: { id: "cold-start", arms: [{ id: "x", successes: 0, failures: 0 }, { id: "y", successes: 0, failures: 1 }, { id: "z", successes: 1, failures: 0 }] }, options: { prior: { alpha: 0.05, beta: 0.05 }, draws: 4000 } },
    { name: "millions of trials", snapshot: { id: "big", arms: [{ id: "a", successes: 1_234_567, failures: 98_765_432 }, { id: "b", successes: 1_240_000, failures: 98_760_000 }] }, options: { draws: 2000 } },
    { name: "fractional (decayed) counts, eight arms", snapshot: { id: "decayed", arms: Array.from({ length: 8 }, (_, i) => ({ id: `arm-${i}`, successes: 3.25 + i * 0.5, failures: 40.125 - i })) }, options: { minimumShare: 0.01, draws: 3000 } },
  ];
  for (const { name, snapshot, options } of banditSnapshots) {
    add(`banditAllocation: ${name}`, { fn: "banditAllocation", experimentId: "home-banner", snapshot, options });
    for (const unitId of ["user-123", "Zoë", "🦄", "u-0", "u-1", "u-2"]) add(`banditAssign: ${name}: ${unitId}`, { fn: "banditAssign", experimentId: "home-banner", unitId, snapshot, options });
  }
  const results = {
    control: "a",
    variants: [
      { id: "a", users: 10000, conversions: 1000, revenue: { mean: 5.1, variance: 30 } },
      { id: "b", users: 10000, conversions: 1100, revenue: { mean: 5.3, variance: 34 } },
      { id: "c", users: 9900, conversions: 1040, revenue: { mean: 5.12, variance: 29 } },
    ],
  };
  for (const policy of [
    { metric: "conversion", minimumUsersPerVariant: 5000 },
    { metric: "conversion", method: "bayesian", minimumUsersPerVariant: 5000 },
    { metric: "revenue", minimumUsersPerVariant: 5000, expectedWeights: [1, 1, 1] },
    { metric: "revenue", method: "bayesian", minimumUsersPerVariant: 5000 },
  ]) {
    add(`pickWinner: ${policy.metric} ${policy.method ?? "frequentist"}`, { fn: "pickWinner", results, policy });
  }
  for (const [control, treatment] of [[{ users: 1000, conversions: 100 }, { users: 1000, conversions: 130 }], [{ users: 20, conversions: 1 }, { users: 25, conversions: 4 }], [{ users: 100000, conversions: 5000 }, { users: 100000, conversions: 5100 }]] as const) {
    add(`chanceToBeatControl: ${control.conversions}/${control.users} against ${treatment.conversions}/${treatment.users}`, { fn: "chanceToBeatControl", control, treatment });
  }
  add("diffAllocations: two variants swap places (a tie in share)", {
    fn: "diffAllocations",
    before: { id: "ids", variants: [{ id: "Äpfel" }, { id: "zebra" }] },
    after: { id: "ids", variants: [{ id: "zebra" }, { id: "Äpfel" }] },
  });
  add("diffAllocations: non-ASCII variant ids", {
    fn: "diffAllocations",
    before: { id: "ids", variants: [{ id: "Zoë" }, { id: "zebra" }, { id: "Äpfel" }, { id: "apple" }] },
    after: { id: "ids", variants: [{ id: "Zoë", weight: 2 }, { id: "zebra" }, { id: "Äpfel", weight: 3 }, { id: "apple" }] },
  });
  return cases;
}

// =============================================================================================
// caps.json

function capsCases(): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, input: Record<string, unknown>): void => {
    cases.push({ name, input });
  };
  const readme = {
    caps: [
      { id: "3-push-a-day", scope: { channel: "push" }, limit: 3, window: { calendar: "day" } },
      { id: "pressure", scope: { channels: ["in_app", "push"] }, limit: 5, window: { rolling: "24h" } },
      { id: "tour-once", scope: { campaign: "onboarding-tour" }, limit: 1, window: { lifetime: true } },
    ],
    cooldowns: [{ id: "in-app-30s", scope: { channel: "in_app" }, interval: "30s" }],
    quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00", action: "defer" }],
  };
  const calendars = {
    caps: [
      { id: "2-a-week-sunday", scope: { tag: "marketing" }, limit: 2, window: { calendar: "week", weekStartsOn: 0 } },
      { id: "4-a-month", scope: { all: true }, limit: 4, window: { calendar: "month" } },
      { id: "1-a-day-email", scope: { channel: "email" }, limit: 1, window: { calendar: "day" } },
    ],
  };
  const session = {
    caps: [{ id: "2-per-session", scope: { placement: "home" }, limit: 2, window: { session: true } }],
    cooldowns: [{ id: "campaign-again-after-a-day", scope: { campaign: "promo" }, interval: "P1D" }],
  };
  const dstQuiet = {
    quietHours: [
      { id: "paris-gap", channels: ["push"], from: "01:30", to: "03:30", action: "defer" },
      { id: "sms-drop", channels: ["sms"], from: "02:00", to: "02:30", action: "drop" },
      { id: "email-night", channels: ["email"], from: "23:00", to: "06:00" },
    ],
  };
  const lordHowe = {
    caps: [{ id: "push-2-a-day", scope: { channel: "push" }, limit: 2, window: { calendar: "day" } }],
    quietHours: [{ id: "lh-night", channels: ["push"], from: "01:45", to: "02:15" }],
  };
  const stacked = {
    caps: [
      { id: "rolling-30s", scope: { all: true }, limit: 1, window: { rolling: "30s" } },
      { id: "rolling-1h", scope: { all: true }, limit: 3, window: { rolling: "PT1H" } },
      { id: "rolling-7d", scope: { tag: "marketing" }, limit: 5, window: { rolling: "7d" } },
      { id: "ms-window", scope: { channel: "push" }, limit: 2, window: { rolling: 90_000 } },
    ],
    cooldowns: [{ id: "push-gap", scope: { channel: "push" }, interval: "30m" }],
    quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }],
  };
  const policies = { readme, calendars, session, dstQuiet, lordHowe, stacked } as const;

  const r = random("nudgekit-vectors/caps");
  const channelsPool = ["push", "in_app", "email", "sms"];
  const campaignsPool = ["promo", "onboarding-tour", "cart", "news"];
  const history = (around: number, count: number): unknown => {
    const deliveries = Array.from({ length: count }, () => {
      const delivery: Record<string, unknown> = {
        at: around - r.int(0, 3 * DAY) + r.pick([0, 0, 0, 30 * MINUTE]),
        channel: r.pick(channelsPool),
        campaign: r.pick(campaignsPool),
      };
      if (r.chance(0.4)) delivery.tags = r.pick([["marketing"], ["service"], ["marketing", "cart"]]);
      if (r.chance(0.3)) delivery.placement = "home";
      if (r.chance(0.3)) delivery.session = r.pick(["s1", "s2"]);
      if (r.chance(0.1)) delivery.counts = false;
      return delivery;
    });
    deliveries.sort((x, y) => (x.at as number) - (y.at as number));
    return { deliveries };
  };
  const candidate = (): Record<string, unknown> => {
    const value: Record<string, unknown> = { channel: r.pick(channelsPool), campaign: r.pick(campaignsPool) };
    if (r.chance(0.4)) value.tags = ["marketing"];
    if (r.chance(0.3)) value.placement = "home";
    if (r.chance(0.3)) value.session = r.pick(["s1", "s2"]);
    if (r.chance(0.1)) value.ignoreCaps = true;
    if (r.chance(0.1)) value.ignoreQuietHours = true;
    return value;
  };

  // Around every DST transition, in its zone, under each policy with quiet hours.
  for (const transition of DST_INSTANTS) {
    for (const offset of [-45 * MINUTE, -1, 0, 20 * MINUTE, 40 * MINUTE, 70 * MINUTE]) {
      const now = transition.at + offset;
      const policyName = transition.zone === "Australia/Lord_Howe" ? "lordHowe" : r.pick(["dstQuiet", "readme", "stacked"] as const);
      const label = `${transition.label} ${offsetLabel(offset)}`;
      add(`${policyName}: ${label}, push, empty history`, { policy: policies[policyName], history: { deliveries: [] }, candidate: { channel: "push", campaign: "promo" }, now, zone: transition.zone });
      add(`${policyName}: ${label}, random history`, { policy: policies[policyName], history: history(now, r.int(1, 8)), candidate: candidate(), now, zone: transition.zone });
    }
  }
  // Random histories and candidates under every policy, in several zones and at several instants.
  const zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC", "+05:30"];
  const nows = [at("2026-11-23T12:00:00Z"), at("2026-11-23T21:30:00Z"), at("2026-11-29T23:59:59.999Z"), at("2026-11-30T23:00:00Z"), at("2026-12-31T23:30:00Z"), at("2027-01-01T00:00:00Z")];
  for (const [policyName, policy] of Object.entries(policies)) {
    for (let i = 0; i < 8; i++) {
      const now = r.pick(nows) + r.int(-2, 2) * HOUR;
      const zone = r.pick(zones);
      add(`${policyName}: random ${i + 1} in ${zone}`, { policy, history: history(now, r.int(0, 12)), candidate: candidate(), now, zone });
    }
  }
  // Hand-picked.
  const now = at("2026-11-23T12:00:00Z");
  const pushes = (times: number[]): unknown => ({ deliveries: times.map((time) => ({ at: time, channel: "push", campaign: "promo" })) });
  add("readme: 3 pushes today, capped until Paris midnight (then quiet hours)", { policy: readme, history: pushes([now - 3 * HOUR, now - 2 * HOUR, now - HOUR]), candidate: { channel: "push", campaign: "cart" }, now, zone: "Europe/Paris" });
  add("readme: lifetime cap never frees", { policy: readme, history: { deliveries: [{ at: now - 400 * DAY, channel: "in_app", campaign: "onboarding-tour" }] }, candidate: { channel: "in_app", campaign: "onboarding-tour" }, now, zone: "Europe/Paris" });
  add("readme: in-app cooldown", { policy: readme, history: { deliveries: [{ at: now - 10_000, channel: "in_app", campaign: "x" }] }, candidate: { channel: "in_app", campaign: "y" }, now, zone: "UTC" });
  add("readme: deliveries in the future count", { policy: readme, history: pushes([now + HOUR, now + 2 * HOUR, now + 3 * HOUR]), candidate: { channel: "push", campaign: "cart" }, now, zone: "UTC" });
  add("readme: uncounted deliveries do not count", { policy: readme, history: { deliveries: [0, 1, 2].map((i) => ({ at: now - i * HOUR, channel: "push", campaign: "p", counts: false })) }, candidate: { channel: "push", campaign: "cart" }, now, zone: "UTC" });
  add("readme: ignoreCaps still meets quiet hours", { policy: readme, history: pushes([now - HOUR, now - 2 * HOUR, now - 3 * HOUR]), candidate: { channel: "push", campaign: "x", ignoreCaps: true }, now: at("2026-11-23T22:00:00Z"), zone: "Europe/Paris" });
  add("readme: ignoreQuietHours still meets caps", { policy: readme, history: pushes([now - HOUR, now - 2 * HOUR, now - 3 * HOUR]), candidate: { channel: "push", campaign: "x", ignoreQuietHours: true }, now: at("2026-11-23T22:00:00Z"), zone: "Europe/Paris" });
  add("session: third in a session", { policy: session, history: { deliveries: [{ at: now - 60_000, channel: "in_app", campaign: "a", placement: "home", session: "s1" }, { at: now - 30_000, channel: "in_app", campaign: "b", placement: "home", session: "s1" }] }, candidate: { channel: "in_app", campaign: "c", placement: "home", session: "s1" }, now, zone: "UTC" });
  add("session: another session", { policy: session, history: { deliveries: [{ at: now - 60_000, channel: "in_app", campaign: "a", placement: "home", session: "s1" }, { at: now - 30_000, channel: "in_app", campaign: "b", placement: "home", session: "s1" }] }, candidate: { channel: "in_app", campaign: "c", placement: "home", session: "s2" }, now, zone: "UTC" });
  add("session: campaign cooldown P1D", { policy: session, history: { deliveries: [{ at: now - 23 * HOUR, channel: "email", campaign: "promo" }] }, candidate: { channel: "push", campaign: "promo" }, now, zone: "UTC" });
  add("calendars: week starting Sunday, Saturday night in New York", { policy: calendars, history: { deliveries: [{ at: at("2026-11-22T16:00:00Z"), channel: "push", campaign: "a", tags: ["marketing"] }, { at: at("2026-11-23T01:00:00Z"), channel: "push", campaign: "b", tags: ["marketing"] }] }, candidate: { channel: "push", campaign: "c", tags: ["marketing"] }, now: at("2026-11-23T03:00:00Z"), zone: "America/New_York" });
  add("calendars: month ends across a DST change (Lord Howe, October)", { policy: calendars, history: { deliveries: [1, 5, 9, 20].map((day) => ({ at: at(`2026-10-${String(day).padStart(2, "0")}T02:00:00Z`), channel: "sms", campaign: "m" })) }, candidate: { channel: "sms", campaign: "m" }, now: at("2026-10-25T02:00:00Z"), zone: "Australia/Lord_Howe" });
  add("hostile: delivery with a string time", { policy: readme, history: { deliveries: [{ at: "yesterday", channel: "push", campaign: "p" }] }, candidate: { channel: "push", campaign: "p" }, now, zone: "UTC" });
  add("hostile: __proto__ candidate keys", { policy: readme, history: { deliveries: [] }, candidate: json('{"channel":"push","campaign":"p","__proto__":{"ignoreCaps":true}}'), now: at("2026-11-23T22:00:00Z"), zone: "Europe/Paris" });
  add("error: unknown zone", { policy: readme, history: { deliveries: [] }, candidate: { channel: "push", campaign: "p" }, now, zone: "Mars/Base" });
  add("error: NaN now", { policy: readme, history: { deliveries: [] }, candidate: { channel: "push", campaign: "p" }, now: NAN, zone: "UTC" });
  add("error: now as an ISO string (an argument must be epoch ms)", { policy: readme, history: { deliveries: [] }, candidate: { channel: "push", campaign: "p" }, now: "2026-11-23T12:00:00Z", zone: "UTC" });
  add("error: now without an offset", { policy: readme, history: { deliveries: [] }, candidate: { channel: "push", campaign: "p" }, now: "2026-11-23T12:00:00", zone: "UTC" });
  add("error: invalid policy", { policy: { caps: [{ id: "", scope: { nope: 1 }, limit: 0, window: { rolling: "1M" } }], quietHours: [{ id: "q", channels: [], from: "25:00", to: "8:00" }] }, history: { deliveries: [] }, candidate: { channel: "push", campaign: "p" }, now, zone: "UTC" });
  return cases;
}

// =============================================================================================
// channels.json

function channelsCases(): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, input: Record<string, unknown>): void => {
    cases.push({ name, input });
  };
  const campaigns = {
    promo: { id: "cart-reminder", category: "promotional", channels: ["in_app", "push", "email", "sms"], format: "modal", tags: ["marketing"] },
    promoDefer: { id: "flash-sale", category: "promotional", channels: ["push", "sms"], onBlocked: "defer", tags: ["marketing"] },
    paymentFailure: { id: "payment-failed", category: "payment_failure", channels: ["push", "email", "sms", "in_app"], format: "banner" },
    regulatory: { id: "terms", category: "regulatory", channels: ["email", "in_app"], format: "full_screen" },
    transactional: { id: "receipt", category: "transactional", channels: ["email", "in_app"], format: "card", placement: "orders" },
    winBack: { id: "win-back", category: "win_back", channels: ["push", "email"] },
    onboarding: { id: "welcome", category: "onboarding", channels: ["in_app", "push"], format: "modal" },
    bestEngagement: { id: "digest", category: "promotional", channels: ["push", "email", "web_push"], strategy: "best-engagement" },
    survey: { id: "nps", category: "survey", channels: ["in_app"], format: "survey", placement: "home" },
  } as const;
  const reachable = {
    id: "user-1",
    timeZone: "Europe/Paris",
    session: { active: true, online: true, platform: "ios", id: "session-1" },
    consents: {
      push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] },
      web_push: { optedIn: true, tokens: [{ platform: "web", valid: true }] },
      email: { optedIn: true, verified: true },
      sms: { optedIn: true, verified: true },
    },
  };
  const users: Record<string, unknown> = {
    reachable,
    "no session": { ...reachable, session: { active: false } },
    "offline session": { ...reachable, session: { active: true, online: false, platform: "android" } },
    "web session": { ...reachable, session: { active: true, platform: "web", id: "w" } },
    "push opted out": { ...reachable, session: { active: false }, consents: { ...reachable.consents, push: { optedIn: false, tokens: [{ platform: "ios", valid: true }] } } },
    "push muted until later": { ...reachable, session: { active: false }, consents: { ...reachable.consents, push: { optedIn: true, mutedUntil: "2026-11-24T00:00:00+01:00", tokens: [{ platform: "ios", valid: true }] } } },
    "push muted until a bad date": { ...reachable, session: { active: false }, consents: { ...reachable.consents, push: { optedIn: true, mutedUntil: "tomorrow", tokens: [{ platform: "ios", valid: true }] } } },
    "push token expired": { ...reachable, session: { active: false }, consents: { ...reachable.consents, push: { optedIn: true, tokens: [{ platform: "ios", valid: true, expiresAt: "2026-11-01T00:00:00Z" }, { platform: "android", valid: false }] } } },
    "email bounced, sms unverified": { ...reachable, session: { active: false }, consents: { ...reachable.consents, email: { optedIn: true, verified: true, bounced: true }, sms: { optedIn: true, verified: false } } },
    "nothing at all": {},
    "not an object": "user-42",
    "prefers no push": { ...reachable, session: { active: false }, preferences: { channels: { push: false } } },
    "no promotions": { ...reachable, preferences: { categories: { promotional: false } } },
    "no promotional push": { ...reachable, session: { active: false }, preferences: { categories: { promotional: { push: false } } } },
    "engaged by email": { ...reachable, session: { active: false }, engagement: { push: { sent: 100, engaged: 2 }, email: { sent: 10, engaged: 6 }, web_push: { sent: 0, engaged: 0 } } },
    "hostile engagement": { ...reachable, session: { active: false }, engagement: { push: { sent: 1e308, engaged: 1e308 }, email: { sent: -5, engaged: "9" }, web_push: { sent: NAN, engaged: INF } } },
    "polluted consents": json('{"id":"p","session":{"active":false},"consents":{"__proto__":{"push":{"optedIn":true,"tokens":[{"platform":"ios","valid":true}]}},"email":{"optedIn":true,"verified":true}}}'),
    "unknown zone": { ...reachable, session: { active: false }, timeZone: "Mars/Base" },
    "Lord Howe": { ...reachable, session: { active: false }, timeZone: "Australia/Lord_Howe" },
    "New York": { ...reachable, session: { active: false }, timeZone: "America/New_York" },
  };
  const noon = at("2026-11-23T12:00:00Z");
  for (const [campaignName, campaign] of Object.entries(campaigns)) {
    for (const [userName, user] of Object.entries(users)) {
      if (!["reachable", "no session", "nothing at all"].includes(userName) && !["promo", "paymentFailure", "bestEngagement"].includes(campaignName)) continue;
      add(`${campaignName} → ${userName}`, { campaign, user, now: noon });
    }
  }
  // Caps and quiet hours: fallback and deferral, across DST.
  const policy = {
    caps: [{ id: "push-2-a-day", scope: { channel: "push" }, limit: 2, window: { calendar: "day" } }, { id: "marketing-3-a-week", scope: { tag: "marketing" }, limit: 3, window: { rolling: "7d" } }],
    cooldowns: [{ id: "sms-gap", scope: { channel: "sms" }, interval: "4h" }],
    quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00", action: "defer" }],
  };
  const noSession = users["no session"];
  const pushes = (now: number, count: number): unknown => ({ deliveries: Array.from({ length: count }, (_, i) => ({ at: now - (i + 1) * HOUR, channel: "push", campaign: "other" })) });
  for (const transition of DST_INSTANTS) {
    for (const offset of [-HOUR, 0, 30 * MINUTE]) {
      const now = transition.at + offset;
      const user = { ...(noSession as object), timeZone: transition.zone };
      const label = `${transition.label} ${offsetLabel(offset)}`;
      add(`caps: promo at ${label}`, { campaign: campaigns.promo, user, now, caps: { policy, history: { deliveries: [] } } });
      add(`caps: promoDefer at ${label}`, { campaign: campaigns.promoDefer, user, now, caps: { policy, history: pushes(now, 2) } });
    }
  }
  const night = at("2026-11-23T22:30:00Z");
  add("caps: push capped, falls back to email", { campaign: campaigns.promo, user: noSession, now: noon, caps: { policy, history: pushes(noon, 2) } });
  add("caps: quiet hours, falls back to email", { campaign: campaigns.promo, user: noSession, now: night, caps: { policy, history: { deliveries: [] } } });
  add("caps: quiet hours, defers to 08:00", { campaign: campaigns.promoDefer, user: noSession, now: night, caps: { policy, history: { deliveries: [] } } });
  add("caps: marketing cap refuses every channel", { campaign: campaigns.promo, user: noSession, now: noon, caps: { policy, history: { deliveries: [1, 2, 3].map((i) => ({ at: noon - i * DAY, channel: "email", campaign: "x", tags: ["marketing"] })) } } });
  add("caps: urgent ignores caps and quiet hours", { campaign: campaigns.paymentFailure, user: reachable, now: night, caps: { policy, history: pushes(night, 5) } });
  add("caps: regulatory email at night (quiet hours cover push and sms)", { campaign: campaigns.regulatory, user: noSession, now: night, caps: { policy, history: { deliveries: [] } } });
  add("caps: in-app cannot wait", { campaign: campaigns.survey, user: reachable, now: noon, caps: { policy: { cooldowns: [{ id: "in-app-gap", scope: { channel: "in_app" }, interval: "10m" }] }, history: { deliveries: [{ at: noon - MINUTE, channel: "in_app", campaign: "x", session: "session-1" }] } } });
  add("policy: custom category", { campaign: { id: "c", category: "loyalty", channels: ["email", "push"] }, user: noSession, now: noon, policy: { categories: { loyalty: { channels: ["push", "email"], order: "category", strategy: "all-eligible" } } } });
  add("policy: engagement prior and default zone", { campaign: campaigns.bestEngagement, user: { ...(users["engaged by email"] as object), timeZone: "nope" }, now: noon, policy: { engagementPrior: { alpha: 5, beta: 1 }, defaultTimeZone: "Asia/Kolkata" } });
  add("error: invalid campaign", { campaign: { id: "", category: "Bad Category", channels: [] }, user: reachable, now: noon });
  add("error: win-back listing only in-app", { campaign: { id: "wb", category: "win_back", channels: ["in_app"], format: "modal" }, user: reachable, now: noon });
  add("error: invalid now", { campaign: campaigns.promo, user: reachable, now: "2026-11-23T12:00:00" });
  return cases;
}

// =============================================================================================
// decide.json

interface ExampleEvent {
  readonly userId: string;
  readonly name: string;
  readonly time: string;
  readonly id?: string;
  readonly properties?: Record<string, unknown>;
}

function readJsonLines(path: string): unknown[] {
  const values: unknown[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      // the example log holds malformed lines on purpose (the replay skips them); so do we
    }
  }
  return values;
}

function decideCases(config: { behaviour?: unknown }): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, input: Record<string, unknown>): void => {
    cases.push({ name, input });
  };
  const profiles = new Map<string, Record<string, unknown>>();
  for (const profile of readJsonLines(here("../examples/ecommerce/users.jsonl"))) {
    if (typeof profile === "object" && profile !== null && typeof (profile as { id?: unknown }).id === "string") profiles.set((profile as { id: string }).id, profile as Record<string, unknown>);
  }
  const eventsByUser = new Map<string, ExampleEvent[]>();
  for (const event of readJsonLines(here("../examples/ecommerce/events.jsonl")) as ExampleEvent[]) {
    if (typeof event !== "object" || event === null || typeof event.userId !== "string") continue;
    const list = eventsByUser.get(event.userId) ?? [];
    list.push(event);
    eventsByUser.set(event.userId, list);
  }
  /** The example profile as the replay builds it at `now`: behaviour folded from its events so far, a session if it was active in the last 30 minutes. */
  const user = (id: string, now: number, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const profile = profiles.get(id);
    if (profile === undefined) throw new Error(`no example user ${id}`);
    const events = (eventsByUser.get(id) ?? []).filter((event) => Date.parse(event.time) <= now);
    const behaviour = segments.foldEvents(null, events.map(({ userId: _userId, ...event }) => event), config.behaviour as never);
    const last = events.at(-1);
    const active = last !== undefined && now - Date.parse(last.time) <= 30 * MINUTE;
    const platform = profile.platform;
    return { ...profile, behaviour, session: { active, id: `${id}#1`, ...(typeof platform === "string" ? { platform } : {}) }, ...overrides };
  };

  const noon = at("2026-11-23T12:00:00Z"); // Monday, 13:00 in Paris
  const night = at("2026-11-23T21:30:00Z"); // 22:30 in Paris: quiet hours
  const later = at("2026-12-15T10:00:00Z"); // two weeks after the log ends: inactivity
  const scheduled = at("2026-11-20T09:00:00Z"); // the terms update, 10:00 in Paris
  const events = {
    signup: { name: "signup", properties: { method: "email" } },
    chips: { name: "add_to_cart", properties: { product_id: "p101", product_name: "Salted chips 150 g", category: "chips", price: 1.99 } },
    dairy: { name: "add_to_cart", properties: { product_id: "p502", product_name: "Greek yoghurt 4×125 g", category: "dairy", price: 2.49 } },
    checkout: { name: "checkout_started", properties: { value: 42.5, product_name: "Whole milk 1 L", discount_code: "A&B <c> 10%" } },
    checkoutZero: { name: "checkout_started", properties: { value: 0 } },
    checkoutNaN: { name: "checkout_started", properties: { value: "NaN" } },
    checkoutHuge: { name: "checkout_started", properties: { value: 1e308, product_name: "🥔".repeat(3) } },
    purchase: { name: "purchase", properties: { amount: 10 } },
    paymentFailed: { name: "payment_failed", properties: { order_id: "o-42/ü <script>alert(1)</script>" } },
    appOpen: { name: "app_open", properties: { platform: "ios" } },
    unknown: { name: "nothing-configured" },
    pollutedChips: json('{"name":"add_to_cart","properties":{"__proto__":{"category":"chips"},"category":"dairy","product_name":"__proto__"}}'),
    protoName: { name: "__proto__" },
    constructorName: { name: "constructor" },
    numberName: { name: 42 },
  } as const;

  const ids = ["u00002", "u00006", "u00007", "u00008", "u00011", "u00012", "u02288", "u01286", "u02484", "u04082", "u02449", "u01593"];
  // Every event for a few users at noon, and again at night for one of them.
  for (const [eventName, event] of Object.entries(events)) {
    add(`decide ${eventName}: u00002 at noon`, { method: "decide", event, user: user("u00002", noon, { session: { active: true, platform: "ios", id: "s-noon" } }), now: noon });
  }
  for (const eventName of ["checkout", "chips", "signup", "paymentFailed", "appOpen"] as const) {
    add(`decide ${eventName}: u02288 at night (quiet hours)`, { method: "decide", event: events[eventName], user: user("u02288", night), now: new Date(night).toISOString() });
  }
  // The example users, each with an app_open (the experiment, its layer and the holdout) and an add_to_cart.
  for (const id of ids) {
    add(`decide appOpen: ${id} on 25 Nov`, { method: "decide", event: events.appOpen, user: user(id, at("2026-11-25T10:00:00Z"), { session: { active: true, platform: "android", id: `${id}-s` } }), now: at("2026-11-25T10:00:00Z") });
  }
  for (const id of ids.slice(0, 6)) {
    add(`decide chips: ${id} at noon with a session`, { method: "decide", event: events.chips, user: user(id, noon, { session: { active: true, platform: "web", id: "w" } }), now: noon });
  }
  // Histories: caps, cooldowns, re-eligibility, exposures, malformed entries.
  const u = user("u02288", noon);
  const pushToday = (count: number): unknown[] => Array.from({ length: count }, (_, i) => ({ at: noon - (i + 1) * HOUR, channel: "push", campaign: "payment-failure", tags: ["service"] }));
  add("decide paymentFailed: push cap and cooldown do not apply to urgent", { method: "decide", event: events.paymentFailed, user: u, history: { deliveries: pushToday(3) }, now: noon });
  add("decide checkout: marketing cap reached today", { method: "decide", event: events.checkout, user: u, history: { deliveries: [{ at: noon - HOUR, channel: "email", campaign: "win-back", tags: ["marketing"] }, { at: noon - 2 * HOUR, channel: "in_app", campaign: "cross-sell-drinks", tags: ["marketing"], placement: "cart" }] }, now: noon });
  add("decide chips: in-app cooldown after a card", { method: "decide", event: events.chips, user: { ...u, session: { active: true, platform: "ios", id: "s" } }, history: { deliveries: [{ at: noon - 5 * MINUTE, channel: "in_app", campaign: "welcome", session: "s" }] }, now: noon });
  add("decide chips: not re-eligible within a day", { method: "decide", event: events.chips, user: { ...u, session: { active: true, platform: "ios", id: "s" } }, history: { deliveries: [{ at: noon - 20 * HOUR, channel: "in_app", campaign: "cross-sell-drinks", tags: ["marketing"] }] }, now: noon });
  add("decide appOpen: exposure already recorded (once)", { method: "decide", event: events.appOpen, user: { ...user("u02484", noon), session: { active: true, platform: "ios", id: "s" } }, history: { exposures: [{ campaign: "new-feature-modal", experiment: "new-feature-modal", variant: "image", at: noon - DAY, control: false }] }, now: noon });
  add("decide checkout: already pending", { method: "decide", event: events.checkout, user: u, history: { pending: [{ campaign: "cart-abandonment", triggeredAt: noon - 10 * MINUTE, dueAt: noon + 50 * MINUTE, event: { name: "checkout_started", properties: { value: 5 } } }] }, now: noon });
  add("decide checkout: malformed history entries", { method: "decide", event: events.checkout, user: u, history: json('{"deliveries":[null,{"at":"yesterday","channel":"push","campaign":"x"},{"campaign":5},{"at":1,"channel":"push"}],"exposures":[7,{"__proto__":{}}],"pending":"nope"}'), now: noon });
  add("decide signup: history that is not an object", { method: "decide", event: events.signup, user: u, history: [1, 2, 3], now: noon });
  // DST: the experiment's schedule, quiet hours across the change.
  add("decide appOpen: Paris fall-back night (before the schedule starts)", { method: "decide", event: events.appOpen, user: { ...user("u02288", DST.parisFall), session: { active: true, platform: "ios", id: "s" } }, now: DST.parisFall + 30 * MINUTE });
  add("decide checkout: New York fall-back, quiet hours", { method: "decide", event: events.checkout, user: { ...user("u00007", DST.newYorkFall), timeZone: "America/New_York" }, now: DST.newYorkFall - 30 * MINUTE });
  add("decide paymentFailed: Lord Howe spring-forward", { method: "decide", event: events.paymentFailed, user: { ...u, timeZone: "Australia/Lord_Howe" }, now: DST.lordHoweSpring + 15 * MINUTE });
  // due: pending triggers, inactivity, segment entry, the scheduled terms update.
  const pendingCart = { campaign: "cart-abandonment", triggeredAt: noon - HOUR, dueAt: noon, event: { name: "checkout_started", properties: { value: 42.5, product_name: "Whole milk 1 L" } } };
  const pendingTips = { campaign: "welcome-tips", triggeredAt: noon - 2 * DAY, dueAt: noon + MINUTE, event: { name: "signup" } };
  add("due: cart abandonment is due", { method: "due", user: u, history: { pending: [pendingCart, pendingTips] }, now: noon });
  add("due: cart abandonment due in quiet hours", { method: "due", user: u, history: { pending: [{ ...pendingCart, dueAt: night }] }, now: night });
  // u02288 started a checkout at 20:21:20Z on 19 Nov and bought at 20:24:54Z; the next checkout, on 22 Nov, had no purchase.
  const checkoutAt = at("2026-11-19T20:21:20Z");
  add("due: cart abandonment cancelled by the purchase that followed", { method: "due", user: user("u02288", checkoutAt + HOUR + 9 * MINUTE), history: { pending: [{ ...pendingCart, triggeredAt: checkoutAt, dueAt: checkoutAt + HOUR }] }, now: checkoutAt + HOUR + 9 * MINUTE });
  const abandonedAt = at("2026-11-22T10:30:26Z");
  add("due: cart abandonment after an earlier purchase", { method: "due", user: user("u02288", abandonedAt + HOUR), history: { pending: [{ ...pendingCart, triggeredAt: abandonedAt, dueAt: abandonedAt + HOUR }] }, now: abandonedAt + HOUR });
  for (const id of ids.slice(0, 8)) add(`due: ${id} two weeks after the log (inactivity)`, { method: "due", user: user(id, later), now: later });
  add("due: the terms update at 10:00 Paris", { method: "due", user: user("u00002", scheduled), now: scheduled });
  add("due: the terms update already delivered", { method: "due", user: user("u00002", scheduled), history: { deliveries: [{ at: scheduled - DAY, channel: "email", campaign: "terms-update", tags: ["service"] }] }, now: scheduled });
  add("due: the terms update, a minute early in New York", { method: "due", user: { ...user("u00007", scheduled), timeZone: "America/New_York" }, now: at("2026-11-20T14:59:00Z") });
  add("due: NPS after 7 active days", { method: "due", user: user("u01286", at("2026-11-30T19:00:00Z")), now: at("2026-11-30T19:00:00Z") });
  add("due: a user that is not an object", { method: "due", user: null, now: noon });
  // nextCheckAt
  for (const id of ["u00002", "u00007", "u02288", "u01286", "u04082"]) add(`nextCheckAt: ${id} at noon`, { method: "nextCheckAt", user: user(id, noon), now: noon });
  add("nextCheckAt: with pending triggers", { method: "nextCheckAt", user: u, history: { pending: [pendingTips, { ...pendingCart, dueAt: noon + 3 * HOUR }] }, now: noon });
  add("nextCheckAt: after the log (inactivity deadlines)", { method: "nextCheckAt", user: user("u00006", later), now: new Date(later).toISOString() });
  add("nextCheckAt: hostile user", { method: "nextCheckAt", user: json('{"__proto__":{"timeZone":"Asia/Tokyo"},"behaviour":"corrupted","timeZone":42}'), now: noon });
  // explain
  const withSession = { ...user("u02484", noon), session: { active: true, platform: "ios", id: "s" } };
  for (const [campaignId, event] of [["cart-abandonment", events.checkout], ["cross-sell-drinks", events.chips], ["welcome", events.signup], ["payment-failure", events.paymentFailed], ["new-feature-modal", events.appOpen], ["new-feature-modal", events.chips]] as const) {
    add(`explain ${campaignId}: u02484 ${event.name} at noon`, { method: "explain", campaignId, event, user: withSession, now: noon });
  }
  for (const campaignId of ["win-back", "nps-survey", "terms-update", "welcome-tips"]) {
    add(`explain ${campaignId}: u02484 without an event at noon`, { method: "explain", campaignId, user: withSession, now: noon });
  }
  add("explain checkout: cart abandonment at night", { method: "explain", campaignId: "cart-abandonment", event: events.checkout, user: u, now: night });
  add("explain win-back: without an event (due)", { method: "explain", campaignId: "win-back", user: user("u00006", later), now: later });
  add("explain welcome-tips: pending due", { method: "explain", campaignId: "welcome-tips", user: u, history: { pending: [{ ...pendingTips, dueAt: noon }] }, now: noon });
  // Errors.
  add("error: explain an unknown campaign", { method: "explain", campaignId: "nope", event: events.appOpen, user: u, now: noon });
  add("error: decide with a now that is not an instant", { method: "decide", event: events.appOpen, user: u, now: "next Tuesday" });
  add("error: due with NaN now", { method: "due", user: u, now: NAN });
  return cases;
}

// =============================================================================================

/**
 * time-zones.json: the zones where the tz database releases of Node 20 (2025c), Debian's Chromium
 * and the pinned one (2026f) disagree, run with `pinnedTimeZones`: offsets, the local-time rule
 * operators, calendar caps and quiet hours, channel choice, and an engine's scheduled triggers,
 * schedules and calendar caps. Every runtime must give exactly these answers.
 */
function timeZonesCases(): CaseInput[] {
  const cases: CaseInput[] = [];
  const add = (name: string, input: Record<string, unknown>): void => {
    cases.push({ name, input });
  };
  // Zone → instants around what changed between releases (Morocco's Ramadan offsets, Canada's and
  // Cuba's 2026 rules, Moldova's transition times, Colombia 1992, Iran 1979, the US-rule zones of
  // POSIX style before 1970), plus a DST gap and overlap.
  const zones: Record<string, readonly string[]> = {
    "Africa/Casablanca": ["2026-03-01T10:00:00Z", "2026-09-20T01:30:00Z", "2027-02-20T23:30:00Z", "2027-03-14T01:59:59Z", "2030-02-10T02:00:00Z", "2087-06-01T12:00:00Z"],
    "Africa/El_Aaiun": ["2026-03-01T10:00:00Z", "2027-02-20T23:30:00Z"],
    EST5EDT: ["1950-07-01T12:00:00Z", "1975-01-15T12:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T05:59:59Z"],
    CST6CDT: ["1950-07-01T12:00:00Z", "2026-07-01T12:00:00Z"],
    PST8PDT: ["1950-07-01T12:00:00Z", "2026-11-20T10:00:00Z"],
    "America/Vancouver": ["2026-11-01T09:00:00Z", "2026-11-20T10:00:00Z", "2031-01-15T08:30:00Z"],
    "America/Edmonton": ["2026-11-01T08:00:00Z", "2027-12-24T06:59:00Z"],
    "America/Winnipeg": ["2026-11-20T10:00:00Z"],
    "Canada/Pacific": ["2026-11-20T10:00:00Z"],
    "America/Havana": ["2026-11-01T05:00:00Z", "2026-11-01T04:59:59Z"],
    "Europe/Chisinau": ["2022-03-27T00:30:00Z", "2025-10-26T00:30:00Z"],
    "America/Bogota": ["1992-05-02T05:00:00Z"],
    "Asia/Tehran": ["1979-05-25T21:00:00Z"],
  };
  for (const [zone, instants] of Object.entries(zones)) {
    for (const iso of instants) {
      add(`offsetAt ${zone} ${iso}`, { fn: "offsetAt", zone, at: at(iso) });
      add(`local_hour and local_day_of_week in ${zone} at ${iso}`, { fn: "rule", rule: { cat: [{ local_hour: [zone, { var: "t" }] }, "/", { local_day_of_week: [zone, { var: "t" }] }] }, data: { t: iso } });
    }
  }
  add("rule: local_hour defaults to data.now, Casablanca in Ramadan 2027", { fn: "rule", rule: { local_hour: ["Africa/Casablanca"] }, data: { now: at("2027-02-20T23:30:00Z") } });
  add("rule: a zone from data (Vancouver, winter 2026)", { fn: "rule", rule: { "<": [{ local_hour: [{ var: "user.timeZone" }, { var: "now" }] }, 3] }, data: { user: { timeZone: "America/Vancouver" }, now: at("2026-11-20T10:00:00Z") } });
  add("rule: an unknown zone from data is null", { fn: "rule", rule: { local_hour: [{ var: "z" }, 0] }, data: { z: "Mars/Olympus" } });
  add("rule: __proto__ as a zone from data is null", { fn: "rule", rule: { local_hour: [{ var: "z" }, 0] }, data: json('{"z":"__proto__"}') });
  add("rule error: an unknown literal zone", { fn: "rule", rule: { local_hour: ["Mars/Olympus", 0] }, data: {} });
  add("offsetAt: a link (Asia/Calcutta)", { fn: "offsetAt", zone: "Asia/Calcutta", at: at("2026-01-01T00:00:00Z") });
  add("offsetAt: names are case-insensitive (africa/casablanca)", { fn: "offsetAt", zone: "africa/casablanca", at: at("2027-02-20T23:30:00Z") });
  add("offsetAt: unknown zone is NaN", { fn: "offsetAt", zone: "Mars/Olympus", at: 0 });
  add("offsetAt: before the data (1969) keeps the 1970 offset", { fn: "offsetAt", zone: "America/New_York", at: at("1969-07-01T12:00:00Z") });
  add("offsetAt: after the data (2100) keeps the offset of 2100-01-01", { fn: "offsetAt", zone: "Australia/Sydney", at: at("2100-07-01T12:00:00Z") });

  const daily = { caps: [{ id: "1-a-day", scope: { all: true }, limit: 1, window: { calendar: "day" } }] };
  const weekly = { caps: [{ id: "1-a-week", scope: { all: true }, limit: 1, window: { calendar: "week", weekStartsOn: 1 } }] };
  const night = { quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "08:00", action: "defer" }] };
  const sent = (iso: string) => ({ deliveries: [{ at: at(iso), channel: "push", campaign: "a" }] });
  for (const [zone, iso] of [
    ["Africa/Casablanca", "2027-02-20T23:30:00Z"],
    ["America/Vancouver", "2026-11-20T07:30:00Z"],
    ["America/Edmonton", "2026-11-02T06:30:00Z"],
    ["EST5EDT", "2026-11-01T04:30:00Z"],
    ["Europe/Chisinau", "2025-10-26T00:30:00Z"],
    ["America/Havana", "2026-11-01T04:30:00Z"],
  ] as const) {
    add(`checkCaps: a calendar day in ${zone} at ${iso}`, { fn: "checkCaps", policy: daily, history: sent(new Date(at(iso) - 3 * HOUR).toISOString()), candidate: { channel: "push", campaign: "b" }, now: at(iso), zone });
    add(`checkCaps: a calendar week in ${zone} at ${iso}`, { fn: "checkCaps", policy: weekly, history: sent(new Date(at(iso) - 2 * DAY).toISOString()), candidate: { channel: "push", campaign: "b" }, now: at(iso), zone });
    add(`checkCaps: quiet hours in ${zone} at ${iso}`, { fn: "checkCaps", policy: night, history: { deliveries: [] }, candidate: { channel: "push", campaign: "b" }, now: at(iso), zone });
  }
  add("checkCaps: an unknown zone is a TypeError", { fn: "checkCaps", policy: daily, history: { deliveries: [] }, candidate: { channel: "push", campaign: "b" }, now: 0, zone: "Mars/Olympus" });

  const campaign = { id: "flash-sale", category: "promotional", channels: ["push", "email"], onBlocked: "defer" };
  const consents = { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } };
  for (const [zone, iso] of [
    ["Africa/Casablanca", "2027-02-20T22:30:00Z"],
    ["America/Vancouver", "2026-11-20T06:30:00Z"],
    ["America/Winnipeg", "2026-11-20T13:30:00Z"],
    ["EST5EDT", "2026-03-08T06:30:00Z"],
  ] as const) {
    add(`chooseChannel: quiet hours defer in ${zone} at ${iso}`, { fn: "chooseChannel", campaign, user: { id: "u", timeZone: zone, consents }, now: at(iso), caps: { policy: { quietHours: [{ id: "night", channels: ["push", "email"], from: "22:00", to: "08:00", action: "defer" }] }, history: { deliveries: [] } } });
  }

  // An engine: scheduled local wall times (also in a gap and an overlap), schedules and a calendar cap, in the zones above.
  const config = {
    timeZone: "Africa/Casablanca",
    caps: { caps: [{ id: "1-push-a-day", scope: { channel: "push" }, limit: 1, window: { calendar: "day" } }] },
    campaigns: [
      { id: "iftar", category: "promotional", channels: ["push"], trigger: { scheduled: { at: "2027-02-21T19:00" } }, content: { push: { title: "Iftar" } } },
      { id: "gap", category: "promotional", channels: ["push"], trigger: { scheduled: { at: "2026-03-08T02:30" } }, content: { push: { title: "gap" } } },
      { id: "overlap", category: "promotional", channels: ["push"], trigger: { scheduled: { at: "2026-11-01T01:30" } }, content: { push: { title: "overlap" } } },
      { id: "evening", category: "promotional", channels: ["push"], trigger: { event: "app_open" }, schedule: { hours: { from: "18:00", to: "22:00" }, days: ["sat", "sun"] }, content: { push: { title: "evening" } } },
    ],
  };
  const user = (timeZone: string | undefined) => ({ id: `user-${timeZone ?? "default"}`, ...(timeZone === undefined ? {} : { timeZone }), consents: { push: consents.push } });
  for (const zone of [undefined, "America/Vancouver", "EST5EDT", "America/Havana", "Europe/Chisinau"]) {
    const who = zone ?? "the config's zone (Africa/Casablanca)";
    add(`engine nextCheckAt: scheduled wall times for a user in ${who}`, { fn: "engine", config, method: "nextCheckAt", user: user(zone), now: at("2026-01-01T00:00:00Z") });
    add(`engine due: scheduled wall times for a user in ${who}, 2027-02-22`, { fn: "engine", config, method: "due", user: user(zone), now: at("2027-02-22T00:00:00Z") });
    add(`engine decide: a schedule's hours for a user in ${who}, 2027-02-20T23:30Z`, { fn: "engine", config, method: "decide", event: { name: "app_open" }, user: user(zone), now: at("2027-02-20T23:30:00Z") });
    add(`engine explain: the schedule for a user in ${who}, 2026-11-20T10:00Z`, { fn: "engine", config, method: "explain", campaignId: "evening", event: { name: "app_open" }, user: user(zone), now: at("2026-11-20T10:00:00Z") });
  }
  add("engine: an unknown config zone is a ConfigError", { fn: "engine", config: { timeZone: "Mars/Olympus", campaigns: [] }, method: "due", user: user(undefined), now: 0 });
  return cases;
}

function documentFor(file: VectorFileName, description: string, cases: readonly CaseInput[], config?: unknown): VectorDocument {
  const names = new Set<string>();
  for (const vector of cases) {
    if (names.has(vector.name)) throw new Error(`${file}: duplicate case name ${JSON.stringify(vector.name)}`);
    names.add(vector.name);
  }
  return {
    description,
    generatedBy: GENERATED_BY,
    ...(config === undefined ? {} : { config: encodeValue(config) }),
    cases: cases.map((vector) => ({ name: vector.name, input: encodeValue(vector.input), expected: null })),
  };
}

/**
 * The file's text: the document's fields on their own lines, and each case as a block of three lines
 * (name, input, expected) with compact JSON values, so that a diff shows which cases changed.
 */
function formatDocument(document: VectorDocument): string {
  const lines = ["{"];
  lines.push(`  "description": ${JSON.stringify(document.description)},`);
  lines.push(`  "generatedBy": ${JSON.stringify(document.generatedBy)},`);
  if (document.config !== undefined) lines.push(`  "config": ${JSON.stringify(document.config)},`);
  lines.push(`  "cases": [`);
  document.cases.forEach((vector, index) => {
    lines.push("    {");
    lines.push(`      "name": ${JSON.stringify(vector.name)},`);
    lines.push(`      "input": ${JSON.stringify(vector.input)},`);
    lines.push(`      "expected": ${JSON.stringify(vector.expected)}`);
    lines.push(index === document.cases.length - 1 ? "    }" : "    },");
  });
  lines.push("  ]");
  lines.push("}");
  const text = `${lines.join("\n")}\n`;
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(document)) throw new Error("formatDocument changed the document");
  return text;
}

function withExpected(document: VectorDocument, file: VectorFileName): VectorDocument {
  // The inputs exactly as a reader of the file will see them: through JSON text and back.
  const stored = JSON.parse(JSON.stringify(document)) as VectorDocument;
  const vectorFile: VectorFile = { ...stored, file };
  const first = runVectors(nudgekit, [vectorFile]);
  const second = runVectors(nudgekit, [JSON.parse(JSON.stringify(vectorFile)) as VectorFile]);
  if (JSON.stringify(first) !== JSON.stringify(second)) throw new Error(`${file}: two runs in one process disagree — the library is not deterministic here`);
  return { ...stored, cases: stored.cases.map((vector, index) => ({ ...vector, expected: (first[index] as { actual: Json }).actual })) };
}

const config = JSON.parse(readFileSync(here("../examples/ecommerce/campaigns.json"), "utf8")) as { behaviour?: unknown };
const documents: Record<VectorFileName, VectorDocument> = {
  "rules.json": documentFor(
    "rules.json",
    "compileRule(rule)(data) over standard JSON Logic and nudgekit's engagement operators: coercions, NaN/Infinity/-0, hostile keys, deep paths, limits, time zones across DST, geo, versions, strings, sets; invalid rules give { $error }. A stopped evaluation gives { $stopped, $result }.",
    rulesCases(),
  ),
  "bucketing.json": documentFor(
    "bucketing.json",
    "nudgekit/experiments: assignVariant (weights, coverage, forced, inactive, layers, holdout, sticky) over unicode, emoji, lone-surrogate, numeric and hostile unit ids; growthbook.hash / getBucketRanges / chooseVariation / inNamespace, unleash.normalizedHash, optimizely.bucketValue, murmur3, bucketRanges, diffAllocations; banditAllocation / banditAssign and pickWinner / chanceToBeatControl, whose logarithms and exponentials must agree to the bit in every engine. `fn` names the function.",
    bucketingCases(),
  ),
  "caps.json": documentFor(
    "caps.json",
    "checkCaps(policy, history, candidate, now, zone) over calendar, rolling, session and lifetime windows, cooldowns and quiet hours, around the DST changes of Europe/Paris, America/New_York and Australia/Lord_Howe.",
    capsCases(),
  ),
  "channels.json": documentFor(
    "channels.json",
    "chooseChannel(campaign, user, now, { caps, policy }) over categories, strategies, consents, sessions, preferences, engagement and hostile user data, with caps and quiet hours across DST.",
    channelsCases(),
  ),
  "decide.json": documentFor(
    "decide.json",
    "createEngine(config) on examples/ecommerce/campaigns.json (embedded as `config`), then decide / due / nextCheckAt / explain (`method`) for the example users (behaviour folded from examples/ecommerce/events.jsonl up to `now`) with varied events, histories and instants.",
    decideCases(config),
    config,
  ),
  "time-zones.json": documentFor(
    "time-zones.json",
    "With the pinned tz database (pinnedTimeZones, nudgekit/time-zones) as the time-zone provider, in the zones where the tz releases of Node 20, Chromium and the pinned one disagree (Africa/Casablanca, EST5EDT, Canada, Cuba, Moldova…): offsetAt, local_hour / local_day_of_week, checkCaps (calendar periods, quiet hours), chooseChannel and an engine (`fn`).",
    timeZonesCases(),
  ),
};

const check = process.argv.includes("--check");
let stale = 0;
for (const [file, document] of Object.entries(documents) as [VectorFileName, VectorDocument][]) {
  const path = here(`../test/vectors/${file}`);
  const text = formatDocument(withExpected(document, file));
  let previous: string | undefined;
  try {
    previous = readFileSync(path, "utf8");
  } catch {
    previous = undefined;
  }
  const status = previous === text ? "unchanged" : previous === undefined ? "new" : "changed";
  if (status !== "unchanged") stale++;
  if (!check && status !== "unchanged") writeFileSync(path, text);
  console.log(`${check ? "checked" : status === "unchanged" ? "kept" : "wrote"} test/vectors/${file}: ${document.cases.length} cases, ${(text.length / 1024).toFixed(0)} kB (${status})`);
}
if (check && stale > 0) {
  console.error(`${stale} vector file(s) differ from what the current implementation produces; run \`npm run vectors\` if the change is intended, and review the diff.`);
  process.exitCode = 1;
}
