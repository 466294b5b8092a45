/**
 * `nudgekit audience` (issue 24): an engine config's segments computed on DuckDB over event and
 * profile files give the members nudgekit's own segments give — `compileSegments(…).segmentsOf`
 * on each profile after `foldEvents` of that user's events at the same instant — from JSON lines,
 * CSV and Parquet (written by DuckDB itself); `--sql` binds every value; errors say what is wrong.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCliCaptured } from "../support/run-cli-captured.js";
import { generateExample, toJsonl } from "../../examples/ecommerce/generate-events.js";
import { compileAggregatePolicy, compileSegments, foldEvents, type SegmentDefinition } from "../../src/segments/index.js";
import { parseEventLine, parseUserLine } from "../../src/replay/index.js";
import { SQL_DIALECTS, type SqlDialectName } from "../../src/sql/index.js";
import { audienceConfig } from "../../src/node/audience/audience-config.js";
import { computeAudience } from "../../src/node/audience/compute-audience.js";
import { selectSegments } from "../../src/node/audience/segment-selection.js";
import { loadDuckDb } from "../../src/node/audience/duckdb-module.js";
import { profilePathsOf } from "../../src/node/audience/profile-paths.js";
import { inputFormatOf } from "../../src/node/audience/input-format.js";

const cli = (...args: string[]) => runCliCaptured(args);
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "nudgekit-audience-cli-"));
const file = (name: string): string => join(dir, name);
const jsonl = (lines: readonly unknown[]): string => lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse("2026-11-23T15:30:00Z");
const NOW_ISO = new Date(NOW).toISOString();
const BEHAVIOUR = { events: { a: { properties: { amount: { decimals: 2 } } }, b: { properties: { amount: { decimals: 0 } } } }, horizonDays: 90 };

// ---------------------------------------------------------------------------------------------
// The fixture: seeded users and events, with what a real export holds (repeated ids, a user
// given twice, times with offsets, string amounts, malformed lines).

function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

interface Fixture {
  readonly users: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
  /** Lines of the events file the replay skips, and why. */
  readonly badLines: readonly string[];
}

const PLANS = ["free", "pro", "team", undefined];
const AMOUNTS: readonly unknown[] = [undefined, 0, 1, 12.5, 12.345, 12.355, -2.5, 99.99, "12", 7.777, null];

function fixture(): Fixture {
  const next = random(2024);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const users: Record<string, unknown>[] = [];
  for (let user = 1; user <= 48; user++) {
    const attributes: Record<string, unknown> = {};
    const plan = pick(PLANS);
    if (plan !== undefined) attributes["plan"] = plan;
    if (next() < 0.8) attributes["age"] = Math.floor(next() * 60) + 15;
    if (next() < 0.7) attributes["vip"] = next() < 0.4;
    if (next() < 0.5) attributes["score"] = Math.round(next() * 1000) / 10;
    users.push({ id: `u${String(user).padStart(2, "0")}`, attributes, ...(next() < 0.6 ? { platform: pick(["ios", "android", "web"]) } : {}), timeZone: "Europe/Paris" });
  }
  // A user given twice: the last line wins. A user whose attributes are null.
  users.push({ id: "u03", attributes: { plan: "team", age: 70, vip: true }, platform: "web" });
  users.push({ id: "u49", attributes: null });
  const events: Record<string, unknown>[] = [];
  let counter = 0;
  const push = (user: string, name: string, time: number, extra: Record<string, unknown> = {}) => {
    const amount = pick(AMOUNTS);
    const written = next() < 0.3 ? new Date(time).toISOString() : next() < 0.5 ? new Date(time + 2 * HOUR).toISOString().replace("Z", "+02:00") : time;
    events.push({ userId: user, id: `e${++counter}`, name, time: written, ...(amount === undefined ? {} : { properties: { amount, note: "x" } }), ...extra });
  };
  for (let user = 1; user <= 52; user++) {
    const id = `u${String(user).padStart(2, "0")}`;
    const count = Math.floor(next() * 10);
    for (let index = 0; index < count; index++) {
      const back = Math.floor(next() * 80);
      const time = next() < 0.15 ? Math.floor(NOW / DAY) * DAY - back * DAY : NOW - back * DAY - Math.floor(next() * 10) * HOUR;
      push(id, pick(["a", "a", "b", "c"]), time);
    }
  }
  // Streaks to today and to yesterday; an event tomorrow (within maxFutureMs) and one too far ahead; a redelivered event; one id for two events.
  for (let back = 0; back < 5; back++) push("u01", "a", NOW - back * DAY);
  for (let back = 1; back < 8; back++) push("u02", "b", NOW - back * DAY);
  push("u04", "a", NOW + 10 * HOUR);
  push("u05", "a", NOW + 3 * DAY);
  const redelivered = { userId: "u09", id: "again", name: "a", time: NOW - 2 * DAY, properties: { amount: 3 } };
  events.push(redelivered, { ...redelivered });
  events.push({ userId: "u06", id: "shared", name: "a", time: NOW - DAY, properties: { amount: 5 } });
  events.push({ userId: "u06", id: "shared", name: "b", time: NOW - 2 * DAY, properties: { amount: 9 } });
  // A numeric user id (the user "7"), and events without an id.
  events.push({ userId: 7, name: "a", time: NOW - DAY });
  events.push({ userId: 7, name: "a", time: NOW - DAY });
  const deep = JSON.stringify({ userId: "u07", name: "a", time: NOW, properties: { amount: 1, deep: JSON.parse("[".repeat(70) + "]".repeat(70)) as unknown } });
  const badLines = [
    "not json",
    "[1,2]",
    JSON.stringify({ userId: "", name: "a", time: NOW }),
    JSON.stringify({ userId: { id: 1 }, name: "a", time: NOW }),
    JSON.stringify({ userId: "u08", name: "", time: NOW }),
    JSON.stringify({ userId: "u08", name: "a", time: "2026-11-24T09:00:00" }),
    JSON.stringify({ userId: "u08", name: "a", time: -1 }),
    JSON.stringify({ userId: "u08", name: "a", time: "2026-02-30T00:00:00Z" }),
    JSON.stringify({ userId: "u08", name: "a", time: NOW, id: "" }),
    JSON.stringify({ userId: "u08", name: "a", time: NOW, properties: null }),
    JSON.stringify({ userId: "u08", name: "a", time: NOW, properties: [1] }),
    JSON.stringify({ userId: "u08", name: "x".repeat(257), time: NOW }),
    deep,
  ];
  return { users, events, badLines };
}

const FIXTURE = fixture();

// ---------------------------------------------------------------------------------------------
// Segments: written ones, and generated ones (attribute and behavioural conditions, combined).

const eventName = fc.constantFrom("a", "b", "c");
const window = fc.constantFrom(undefined, "1d", "7d", "30d");
const behavioural = fc.oneof(
  fc.tuple(eventName, window).map(([name, days]) => ({ event_count: days === undefined ? [name] : [name, days] })),
  fc.tuple(eventName, fc.constantFrom("7d", "30d")).map(([name, days]) => ({ active_days: [name, days] })),
  eventName.map((name) => ({ days_since_last: name })),
  eventName.map((name) => ({ streak_days: name })),
  fc.tuple(fc.constantFrom("event_sum", "event_min", "event_max", "event_avg"), eventName, window).map(([operator, name, days]) => ({ [operator]: days === undefined ? [name, "amount"] : [name, "amount", days] })),
);
const attribute = fc.oneof(
  fc.constantFrom("pro", "free", "team", null).map((plan) => ({ "==": [{ var: "user.attributes.plan" }, plan] })),
  fc.integer({ min: 10, max: 80 }).map((age) => ({ ">=": [{ var: "user.attributes.age" }, age] })),
  fc.constant({ var: "user.attributes.vip" }),
  fc.constant({ "!": [{ var: ["user.attributes.vip", false] }] }),
  fc.constant({ in: [{ var: "user.attributes.plan" }, ["pro", "team"]] }),
  fc.constantFrom("ios", "web").map((platform) => ({ "===": [{ var: "user.platform" }, platform] })),
  fc.double({ min: 0, max: 100, noNaN: true }).map((score) => ({ "<": [{ var: "user.attributes.score" }, Math.round(score)] })),
);
const comparison = fc.tuple(fc.constantFrom(">", ">=", "<", "==", "!="), behavioural, fc.constantFrom(0, 1, 2, 3, 5, 12.5, 20, 99.99)).map(([operator, left, right]) => ({ [operator]: [left, right] }));
const condition = fc.oneof(attribute, comparison, fc.tuple(fc.constantFrom("and", "or"), fc.array(fc.oneof(attribute, comparison), { minLength: 2, maxLength: 3 })).map(([operator, items]) => ({ [operator]: items })));

const GENERATED: SegmentDefinition[] = fc.sample(condition, { numRuns: 36, seed: 24 }).map((rule, index) => ({ id: `g${index}`, rule }));
const BEHAVIOURAL_IDS = ["buyers", "streak", "spent", "quiet"];
const SEGMENTS: SegmentDefinition[] = [
  { id: "buyers", name: "did a in the last 7 days", rule: { ">=": [{ event_count: ["a", "7d"] }, 1] } },
  { id: "streak", rule: { ">=": [{ streak_days: "a" }, 3] } },
  { id: "spent", rule: { ">": [{ event_sum: ["a", "amount", "30d"] }, 10] } },
  { id: "quiet", rule: { never_did: ["b", "30d"] }, exclude: ["buyers"] },
  { id: "pros", rule: { in: [{ var: "user.attributes.plan" }, ["pro", "team"]] } },
  { id: "pro-buyers", rule: true, include: ["pros", "buyers"] },
  { id: "ios", rule: { "==": [{ var: "user.platform" }, "ios"] }, exclude: ["pros"] },
  ...GENERATED,
];
const CONFIG = { version: 1, behaviour: BEHAVIOUR, segments: SEGMENTS, campaigns: [] };

// ---------------------------------------------------------------------------------------------
// What nudgekit's own segments say: the files parsed as the replay parses them, each user's events
// folded at NOW, membership with segmentsOf.

function reference(config: { segments: SegmentDefinition[]; behaviour: unknown }, eventsText: string, usersText: string | undefined, now: number): Map<string, string[]> {
  const policy = compileAggregatePolicy(config.behaviour);
  const byUser = new Map<string, unknown[]>();
  eventsText.replace(/^\uFEFF/, "").split("\n").forEach((text, index) => {
    if (text.trim() === "") return;
    const parsed = parseEventLine(text, index + 1);
    if (!("event" in parsed)) return;
    const list = byUser.get(parsed.userId) ?? [];
    list.push(parsed.event);
    byUser.set(parsed.userId, list);
  });
  const profiles = new Map<string, Record<string, unknown>>();
  if (usersText === undefined) for (const id of byUser.keys()) profiles.set(id, { id });
  else
    usersText.replace(/^\uFEFF/, "").split("\n").forEach((text, index) => {
      if (text.trim() === "") return;
      const parsed = parseUserLine(text, index + 1);
      if ("profile" in parsed) profiles.set(parsed.id, parsed.profile);
    });
  const segments = compileSegments(config.segments, { horizonDays: policy.horizonDays });
  const members = new Map<string, string[]>(segments.ids.map((id) => [id, []]));
  for (const [id, profile] of profiles) {
    const events = byUser.get(id);
    const user = events === undefined ? profile : { ...profile, behaviour: foldEvents(null, events, policy, { now }) };
    for (const segment of segments.segmentsOf(user, now)) members.get(segment)!.push(id);
  }
  for (const list of members.values()) list.sort();
  return members;
}

/** A members CSV as segment → sorted user ids (one column: the segment given). */
function readMembers(path: string, only?: string): Map<string, string[]> {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const members = new Map<string, string[]>();
  for (const row of rows) {
    const [segment, user] = header === "user_id" ? [only as string, row] : (row.split(",") as [string, string]);
    const list = members.get(segment) ?? [];
    list.push(user);
    members.set(segment, list);
  }
  for (const list of members.values()) list.sort();
  return members;
}

const withoutEmpty = (members: Map<string, string[]>): Map<string, string[]> => new Map([...members].filter(([, ids]) => ids.length > 0));
const only = (members: Map<string, string[]>, ids: readonly string[]): Map<string, string[]> => new Map([...members].filter(([id]) => ids.includes(id)));

/** Counts per reason of the replay's own parse of the events file. */
function skippedByReplay(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const parsed = parseEventLine(line, index + 1);
    if ("reason" in parsed) counts[parsed.reason] = (counts[parsed.reason] ?? 0) + 1;
  });
  return counts;
}

// ---------------------------------------------------------------------------------------------
// The files: JSON lines, then CSV and Parquet written by DuckDB from the same data.

const EVENTS_TEXT = jsonl([...FIXTURE.events.slice(0, 10), ...FIXTURE.badLines, ...FIXTURE.events.slice(10)]);
const USERS_TEXT = jsonl(FIXTURE.users);

beforeAll(async () => {
  writeFileSync(file("campaigns.json"), JSON.stringify(CONFIG));
  writeFileSync(file("events.jsonl"), EVENTS_TEXT);
  writeFileSync(file("users.jsonl"), USERS_TEXT);
  // The valid events and the profiles (last line of each id), normalised for the tables.
  const valid = EVENTS_TEXT.split("\n").flatMap((text, index) => {
    const parsed = text === "" ? undefined : parseEventLine(text, index + 1);
    return parsed !== undefined && "event" in parsed ? [parsed] : [];
  });
  const rows = valid.map((event) => {
    const amount = event.event.properties?.["amount"];
    return { userId: event.userId, name: event.event.name, time_ms: event.time, id: event.event.id === undefined ? null : String(event.event.id), amount: typeof amount === "number" ? amount : null, properties: event.event.properties === undefined ? null : JSON.stringify(event.event.properties) };
  });
  writeFileSync(file("rows.jsonl"), jsonl(rows));
  const profiles = new Map<string, Record<string, unknown>>();
  for (const user of FIXTURE.users) profiles.set(String(user["id"]), user);
  const profileRows = [...profiles.values()].map((user) => {
    const attributes = (user["attributes"] ?? {}) as Record<string, unknown>;
    return { id: user["id"], plan: attributes["plan"] ?? null, age: attributes["age"] ?? null, vip: attributes["vip"] ?? null, score: attributes["score"] ?? null, platform: user["platform"] ?? null };
  });
  writeFileSync(file("profile-rows.jsonl"), jsonl(profileRows));
  const instance = await DuckDBInstance.create(":memory:");
  const duck = await instance.connect();
  const read = (name: string, columns: string) => `read_json('${file(name)}', format = 'newline_delimited', columns = {${columns}})`;
  const eventRows = read("rows.jsonl", "userId: 'VARCHAR', name: 'VARCHAR', time_ms: 'DOUBLE', id: 'VARCHAR', amount: 'DOUBLE', properties: 'VARCHAR'");
  // CSV: epoch ms or ISO times, the amount as its own column.
  await duck.run(`COPY (SELECT userId, name, CASE WHEN time_ms % 2 = 0 THEN CAST(CAST(time_ms AS BIGINT) AS VARCHAR) ELSE strftime(make_timestamp(CAST(time_ms * 1000 AS BIGINT)), '%Y-%m-%dT%H:%M:%S.%gZ') END AS time, id, amount FROM ${eventRows}) TO '${file("events.csv")}' (HEADER, DELIMITER ',')`);
  // CSV: the properties as a JSON object in a column.
  await duck.run(`COPY (SELECT userId, name, CAST(time_ms AS BIGINT) AS time, id, properties FROM ${eventRows}) TO '${file("events-json.csv")}' (HEADER, DELIMITER ',')`);
  // Parquet: TIMESTAMP times, the amount as properties.amount.
  await duck.run(`COPY (SELECT userId, name, make_timestamp(CAST(time_ms * 1000 AS BIGINT)) AS time, id, amount AS "properties.amount" FROM ${eventRows}) TO '${file("events.parquet")}' (FORMAT parquet)`);
  const profileSource = read("profile-rows.jsonl", "id: 'VARCHAR', plan: 'VARCHAR', age: 'DOUBLE', vip: 'BOOLEAN', score: 'DOUBLE', platform: 'VARCHAR'");
  await duck.run(`COPY (SELECT id, plan, age, vip, score, platform FROM ${profileSource}) TO '${file("users.csv")}' (HEADER, DELIMITER ',')`);
  // Parquet: the attributes as a STRUCT column.
  await duck.run(`COPY (SELECT id, {'plan': plan, 'age': age, 'vip': vip, 'score': score} AS attributes, platform FROM ${profileSource}) TO '${file("users.parquet")}' (FORMAT parquet)`);
  duck.closeSync();
  instance.closeSync();
}, 60_000);

const EXPECTED = reference(CONFIG, EVENTS_TEXT, USERS_TEXT, NOW);

describe("nudgekit audience: the members nudgekit's segments give", () => {
  it("the fixture is not vacuous: segments split the users, rules read every kind of attribute and behaviour", () => {
    const sizes = [...EXPECTED.values()].map((ids) => ids.length);
    expect(sizes.filter((size) => size > 0 && size < 49).length).toBeGreaterThan(25);
    expect(profilePathsOf(SEGMENTS.map((segment) => segment.rule))).toEqual(["user.attributes.age", "user.attributes.plan", "user.attributes.score", "user.attributes.vip", "user.platform"]);
    expect(skippedByReplay(EVENTS_TEXT)).toEqual({ "not-json": 1, "not-an-object": 1, "invalid-user-id": 2, "invalid-name": 2, "invalid-time": 3, "invalid-id": 1, "invalid-properties": 3 });
  });

  it("from JSON lines: every segment, the members file, the counts and the lines skipped for the replay's reasons", async () => {
    mkdirSync(file("tmp"));
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--profiles", file("users.jsonl"), "--now", NOW_ISO, "--out", file("members.csv"), "--json", "--tmp-dir", file("tmp"));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    // DuckDB's temporary folder is removed afterwards.
    expect(readdirSync(file("tmp"))).toEqual([]);
    expect(readMembers(file("members.csv"))).toEqual(withoutEmpty(EXPECTED));
    const report = JSON.parse(run.stdout) as { now: string; profiles: { profiles: number; skipped: Record<string, number> }; events: { events: number; skipped: Record<string, number>; folded: number; duplicates: number }; segments: { id: string; members: number }[] };
    expect(report.now).toBe(NOW_ISO);
    expect(report.profiles).toMatchObject({ profiles: 49, skipped: {} });
    expect(report.events.skipped).toEqual(skippedByReplay(EVENTS_TEXT));
    expect(report.events.events).toBe(FIXTURE.events.length);
    // A redelivered event, and the second of two events under one id, are not counted again.
    expect(report.events.duplicates).toBe(2);
    expect(report.segments).toEqual(SEGMENTS.map((segment) => ({ id: segment.id, members: EXPECTED.get(segment.id)!.length })));
  });

  it("from CSV and Parquet files (written by DuckDB): the same members", { timeout: 60_000 }, async () => {
    for (const [events, profiles] of [["events.csv", "users.csv"], ["events-json.csv", "users.csv"], ["events.parquet", "users.parquet"], ["events.parquet", "users.jsonl"]] as const) {
      const out = file(`members-${events}-${profiles}.csv`);
      const run = await cli("audience", "--config", file("campaigns.json"), "--events", file(events), "--profiles", file(profiles), "--now", NOW_ISO, "--out", out);
      expect(run.code, `${events} ${profiles}: ${run.stderr}`).toBe(0);
      expect(readMembers(out), `${events} with ${profiles}`).toEqual(withoutEmpty(EXPECTED));
    }
  });

  it("without --profiles, the profiles are the users of the events, each only an id", async () => {
    const selected = ["--segment", "buyers", "--segment", "streak", "--segment", "spent", "--segment", "quiet"];
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), ...selected, "--now", NOW_ISO, "--out", file("members-no-profiles.csv"));
    expect(run.code, run.stderr).toBe(0);
    const expected = reference(CONFIG, EVENTS_TEXT, undefined, NOW);
    expect(readMembers(file("members-no-profiles.csv"))).toEqual(withoutEmpty(only(expected, BEHAVIOURAL_IDS)));
    expect(run.stdout).toContain("users (the users of events.jsonl: no --profiles)");
    // A rule on an attribute cannot be computed then, and says why.
    const attributes = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--segment", "pros", "--now", NOW_ISO);
    expect(attributes.code).toBe(1);
    expect(attributes.stderr).toContain('segment "pros" cannot be computed in SQL: no column for "user.attributes.plan"');
    expect(attributes.stderr).toContain("user.attributes.plan: no profiles file (--profiles): a user is the id of their events, with no attributes");
  });

  it("the example's config and log (examples/ecommerce): the members of its four segments", { timeout: 60_000 }, async () => {
    // The example's logs are generated, not committed (`npm run demo` writes them): the test writes
    // the same bytes into its own folder, so it does not depend on a demo having run first.
    const generated = toJsonl(generateExample());
    writeFileSync(file("example-events.jsonl"), generated.events);
    writeFileSync(file("example-users.jsonl"), generated.users);
    const example = (name: string) =>
      name === "events.jsonl" ? file("example-events.jsonl") : name === "users.jsonl" ? file("example-users.jsonl") : fileURLToPath(new URL(`../../examples/ecommerce/${name}`, import.meta.url));
    const config = JSON.parse(readFileSync(example("campaigns.json"), "utf8")) as { segments: SegmentDefinition[]; behaviour: unknown };
    const now = Date.parse("2026-11-30T00:00:00Z");
    const run = await cli("audience", "--config", example("campaigns.json"), "--events", example("events.jsonl"), "--profiles", example("users.jsonl"), "--now", "2026-11-30T00:00:00Z", "--out", file("example-members.csv"));
    expect(run.code, run.stderr).toBe(0);
    const expected = reference(config, readFileSync(example("events.jsonl"), "utf8"), readFileSync(example("users.jsonl"), "utf8"), now);
    expect(readMembers(file("example-members.csv"))).toEqual(withoutEmpty(expected));
    expect([...expected.values()].every((ids) => ids.length > 100)).toBe(true);
    expect(run.stdout).toContain("example-events.jsonl: 103,528 events, 104 lines skipped");
  });

  it("a UTF-8 byte order mark at the start of the files is read as the replay reads it", async () => {
    writeFileSync(file("bom-events.jsonl"), `\uFEFF${EVENTS_TEXT}`);
    writeFileSync(file("bom-users.jsonl"), `\uFEFF${USERS_TEXT}`);
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("bom-events.jsonl"), "--profiles", file("bom-users.jsonl"), "--now", NOW_ISO, "--out", file("bom-members.csv"), "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(readMembers(file("bom-members.csv"))).toEqual(withoutEmpty(EXPECTED));
    expect((JSON.parse(run.stdout) as { events: { skipped: Record<string, number> } }).events.skipped).toEqual(skippedByReplay(EVENTS_TEXT));
  });
});

describe("nudgekit audience --segment", () => {
  it("one segment: a user_id column alone; several: segment,user_id with those only, their includes computed but not written", async () => {
    const one = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--profiles", file("users.jsonl"), "--now", NOW_ISO, "--segment", "pro-buyers", "--out", file("one.csv"));
    expect(one.code, one.stderr).toBe(0);
    const text = readFileSync(file("one.csv"), "utf8");
    expect(text.split("\n")[0]).toBe("user_id");
    expect(text).toBe(`user_id\n${EXPECTED.get("pro-buyers")!.map((id) => `${id}\n`).join("")}`);
    expect(EXPECTED.get("pro-buyers")!.length).toBeGreaterThan(0);
    const two = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--profiles", file("users.jsonl"), "--now", NOW_ISO, "--segment", "quiet", "--segment", "ios", "--out", file("two.csv"));
    expect(two.code, two.stderr).toBe(0);
    expect(readMembers(file("two.csv"))).toEqual(withoutEmpty(only(EXPECTED, ["quiet", "ios"])));
    expect([...readMembers(file("two.csv")).keys()]).toEqual(["quiet", "ios"]);
    expect(two.stdout.split("\n").filter((line) => /^ {2}\S+ +\d/.test(line)).map((line) => line.trim().split(/\s+/)[0])).toEqual(["quiet", "ios"]);
  });

  it("an unknown segment is a usage error naming the config's segments", async () => {
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--segment", "nope", "--now", NOW_ISO);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: --segment: unknown segment "nope": the config\'s segments are "buyers", "streak"');
  });
});

describe("nudgekit audience --sql", () => {
  const HOSTILE = "x'); DROP TABLE profiles; --";
  const hostileConfig = {
    behaviour: { events: { [HOSTILE]: {}, a: {} } },
    segments: [
      { id: "hostile-attribute", rule: { "==": [{ var: "user.attributes.plan" }, HOSTILE] } },
      { id: "hostile-event", rule: { ">=": [{ event_count: [HOSTILE, "7d"] }, 1] } },
      { id: "in-list", rule: { in: [{ var: "user.attributes.plan" }, [HOSTILE, "pro"]] } },
      { id: "text", rule: { in: [{ var: "user.attributes.plan" }, HOSTILE] } },
    ],
    campaigns: [],
  };
  const schema = { profiles: { table: "users", id: "user_id", attributes: { "user.attributes.plan": { column: "plan", type: "text" } } }, events: { table: "raw_events", userId: "uid", name: "event", time: "ts", json: "props" } };

  beforeAll(() => {
    writeFileSync(file("hostile.json"), JSON.stringify(hostileConfig));
    writeFileSync(file("schema.json"), JSON.stringify(schema));
  });

  it.each(Object.keys(SQL_DIALECTS) as SqlDialectName[])("%s: every value is a bound parameter, never in the SQL", async (dialect) => {
    const run = await cli("audience", "--config", file("hostile.json"), "--sql", dialect, "--schema", file("schema.json"), "--now", NOW_ISO);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.split("\n");
    const sql = lines.filter((line) => line !== "" && !line.startsWith("--"));
    const params = lines.filter((line) => line.startsWith("-- parameters: ")).map((line) => JSON.parse(line.slice("-- parameters: ".length)) as unknown[]);
    expect(sql).toHaveLength(4);
    expect(params).toHaveLength(4);
    for (const query of sql) {
      expect(query).not.toContain("DROP TABLE");
      expect(query).toMatch(/^SELECT p\.["`]user_id["`] FROM ["`]users["`] AS p .* ORDER BY 1;$/);
    }
    for (const values of params) expect(values).toContain(HOSTILE);
    expect(lines[1]).toContain(dialect === "trino" ? "one per ?" : dialect === "bigquery" ? "@p1" : dialect === "spark" ? ":p1" : "$1");
    // As JSON, the same queries.
    const json = await cli("audience", "--config", file("hostile.json"), "--sql", dialect, "--schema", file("schema.json"), "--now", NOW_ISO, "--json");
    const parsed = JSON.parse(json.stdout) as { dialect: string; now: string; segments: { id: string; sql: string; params: unknown[] }[] };
    expect(parsed).toMatchObject({ dialect, now: NOW_ISO });
    expect(parsed.segments.map((segment) => `${segment.sql};`)).toEqual(sql);
    expect(parsed.segments.map((segment) => segment.params)).toEqual(params);
  });

  it("--segment picks the queries; without --schema, the tables nudgekit audience loads, and a hint when a column is missing", async () => {
    const run = await cli("audience", "--config", file("campaigns.json"), "--sql", "postgres", "--segment", "spent", "--now", NOW_ISO);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('-- segment "spent"\nSELECT p."id" FROM "profiles" AS p ');
    expect(run.stdout).toContain('"events" AS e');
    expect(run.stdout.match(/^-- segment /gm)).toHaveLength(1);
    const attribute = await cli("audience", "--config", file("campaigns.json"), "--sql", "postgres", "--segment", "pros", "--now", NOW_ISO);
    expect(attribute.code).toBe(1);
    expect(attribute.stderr).toContain('segment "pros" cannot be computed in SQL: no column for "user.attributes.plan" in the schema\'s profiles.attributes at /segments/4/rule/in/0/var');
    expect(attribute.stderr).toContain("give your tables and columns with --schema schema.json");
  });

  it("an invalid --schema lists its problems; a rule SQL cannot express names the segment and its path in the config", async () => {
    writeFileSync(file("bad-schema.json"), JSON.stringify({ profiles: { table: "", id: "id", attributes: { "user.x": { column: "x", type: "date" } } } }));
    const bad = await cli("audience", "--config", file("campaigns.json"), "--sql", "duckdb", "--schema", file("bad-schema.json"), "--now", NOW_ISO);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("bad-schema.json is not a valid audience schema (2 problem(s)):");
    expect(bad.stderr).toContain("/profiles/table:");
    writeFileSync(file("ordering.json"), JSON.stringify({ segments: [{ id: "ok", rule: true }, { id: "alphabet", rule: { "<": [{ var: "user.attributes.plan" }, "m"] } }], campaigns: [] }));
    const ordering = await cli("audience", "--config", file("ordering.json"), "--sql", "duckdb", "--schema", file("schema.json"), "--now", NOW_ISO);
    expect(ordering.code).toBe(1);
    expect(ordering.stderr).toContain('segment "alphabet" cannot be computed in SQL: ordering text is not supported in SQL');
    expect(ordering.stderr).toContain("at /segments/1/rule/</0");
    expect(ordering.stderr).toContain("--segment computes only the segments it names");
  });
});

describe("nudgekit audience: what goes wrong says what is wrong", () => {
  const base = (...args: string[]) => cli("audience", "--config", file("campaigns.json"), "--now", NOW_ISO, ...args);

  it("refuses a folder DuckDB would read as a pattern, and an --out that is an input", async () => {
    // DuckDB reads run[1]/events.jsonl as run1/events.jsonl: another file.
    mkdirSync(file("run[1]"), { recursive: true });
    mkdirSync(file("run1"), { recursive: true });
    copyFileSync(file("events.jsonl"), file("run[1]/events.jsonl"));
    copyFileSync(file("events.jsonl"), file("run1/events.jsonl"));
    const pattern = await cli("audience", "--config", file("campaigns.json"), "--events", file("run[1]/events.jsonl"), "--now", NOW_ISO);
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toContain("DuckDB reads * ? [ { in a path as a pattern");
    copyFileSync(file("users.jsonl"), file("users-copy.jsonl"));
    const before = readFileSync(file("users-copy.jsonl"), "utf8");
    const clobber = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--profiles", file("users-copy.jsonl"), "--now", NOW_ISO, "--out", file("users-copy.jsonl"));
    expect(clobber.code).toBe(2);
    expect(clobber.stderr).toContain("is the input");
    expect(readFileSync(file("users-copy.jsonl"), "utf8")).toBe(before);
  });

  it("usage errors exit with 2: no --events, a bad extension, a bad --now, --sql with files, --schema without --sql", async () => {
    const cases: [string[], string][] = [
      [[], "error: --events is required (or --sql <dialect> to print the SQL for a database)"],
      [["--events", file("campaigns.json")], "the format is chosen by the extension: .jsonl or .ndjson (JSON lines), .csv, .parquet"],
      [["--events", file("events*.jsonl")], "DuckDB reads * ? [ { in a path as a pattern"],
      [["--events", file("events.jsonl"), "--now", "yesterday"], "error: option '--now <instant>' argument 'yesterday' is invalid. expected an ISO 8601 instant with an offset"],
      [["--events", file("events.jsonl"), "--now", "2026-11-24T09:00:00"], "expected an ISO 8601 instant with an offset"],
      [["--sql", "postgres", "--events", file("events.jsonl")], "error: --sql prints the SQL for a database and reads no file: --events cannot go with it"],
      [["--sql", "oracle"], "error: option '--sql <dialect>' argument 'oracle' is invalid. Allowed choices are duckdb, postgres, bigquery, spark, trino."],
      [["--events", file("events.jsonl"), "--schema", file("schema.json")], "error: --schema goes with --sql"],
    ];
    for (const [args, message] of cases) {
      const run = await base(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain(message);
    }
  });

  it("a missing file, an invalid config, a config without segments: exit code 1", async () => {
    const missing = await base("--events", file("missing.jsonl"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`cannot read the events file ${file("missing.jsonl")}: ENOENT`);
    const missingProfiles = await base("--events", file("events.jsonl"), "--profiles", file("missing.csv"));
    expect(missingProfiles.code).toBe(1);
    expect(missingProfiles.stderr).toContain("cannot read the profiles file");
    writeFileSync(file("invalid.json"), JSON.stringify({ behaviour: { events: { a: { properties: { amount: { decimals: 20 } } } }, horizonDays: 0 }, segments: [{ id: "a", rule: { ">": [{ event_count: ["a", "7d"] }, 1] }, include: ["nope"] }, { id: "b", rule: { nope: [1] } }], campaigns: [] }));
    const invalid = await cli("audience", "--config", file("invalid.json"), "--events", file("events.jsonl"));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/invalid\.json is not a valid config \(\d+ problem\(s\)\):/);
    for (const path of ["/behaviour/events/a/properties/amount/decimals", "/behaviour/horizonDays", "/segments/0/include/0: unknown segment \"nope\"", "/segments/1/rule"]) expect(invalid.stderr).toContain(`  ${path}`);
    writeFileSync(file("no-segments.json"), JSON.stringify({ campaigns: [] }));
    const none = await cli("audience", "--config", file("no-segments.json"), "--events", file("events.jsonl"));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("/segments: the config has no segments: nothing to compute");
    const syntax = await cli("audience", "--config", file("events.jsonl"), "--events", file("events.jsonl"));
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain("invalid JSON");
  });

  it("a file DuckDB cannot read, a table without the columns an event needs, an attribute of two types: exit code 1, saying why", async () => {
    writeFileSync(file("broken.parquet"), "not a parquet file");
    const broken = await base("--events", file("broken.parquet"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/nudgekit: cannot read .*broken\.parquet as Parquet: /);
    writeFileSync(file("columns.csv"), "user,event,at\nu1,a,2026-11-23T10:00:00Z\n");
    const columns = await base("--events", file("columns.csv"));
    expect(columns.code).toBe(1);
    expect(columns.stderr).toContain("columns.csv has no userId, name, time columns: an events file has the columns userId, name, time, and optionally id, properties (a JSON object) and one per tracked property (its columns: user, event, at)");
    writeFileSync(file("mixed-users.jsonl"), jsonl([{ id: "u01", attributes: { plan: "pro" } }, { id: "u02", attributes: { plan: 3 } }]));
    const mixed = await base("--events", file("events.jsonl"), "--profiles", file("mixed-users.jsonl"), "--segment", "pros");
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('segment "pros" cannot be computed in SQL: no column for "user.attributes.plan"');
    expect(mixed.stderr).toContain(`user.attributes.plan: its values are numbers and text: SQL reads a column of numbers, of text or of booleans (in ${file("mixed-users.jsonl")})`);
    writeFileSync(file("no-id.csv"), "user,plan\nu1,pro\n");
    const noId = await base("--events", file("events.jsonl"), "--profiles", file("no-id.csv"), "--segment", "pros");
    expect(noId.code).toBe(1);
    expect(noId.stderr).toContain("no-id.csv has no id column");
  });

  it("an unwritable --out fails before any work; a full disk fails with exit code 1", async () => {
    const folder = await base("--events", file("events.jsonl"), "--out", file("no/such/folder/members.csv"));
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain("cannot write");
    if (existsSync("/dev/full")) {
      const full = await base("--events", file("events.jsonl"), "--profiles", file("users.jsonl"), "--out", "/dev/full");
      expect(full.code).toBe(1);
      expect(full.stderr).toContain("cannot write /dev/full: ENOSPC");
    }
  });

  it("without @duckdb/node-api installed: a clear message to install it (and --sql needs none)", async () => {
    const notFound = Object.assign(new Error("Cannot find package '@duckdb/node-api' imported from /app/node_modules/nudgekit/dist/node/cli/nudgekit.js"), { code: "ERR_MODULE_NOT_FOUND" });
    await expect(loadDuckDb(() => Promise.reject(notFound))).rejects.toThrow("npm install @duckdb/node-api");
    const config = audienceConfig(CONFIG);
    await expect(computeAudience({ config, selection: selectSegments(config.segments, []), events: { file: file("events.jsonl"), format: "jsonl" }, now: NOW, temporaryDirectory: dir, importDuckDb: () => Promise.reject(notFound) })).rejects.toThrow(
      "nudgekit audience runs its queries on DuckDB, an optional peer dependency that is not installed: npm install @duckdb/node-api (or print the SQL for your database with --sql, which needs no DuckDB)",
    );
    await expect(loadDuckDb(() => Promise.reject(new Error("libduckdb.so: cannot open shared object file")))).rejects.toThrow("cannot load @duckdb/node-api: libduckdb.so");
    await expect(loadDuckDb(() => Promise.resolve({ DuckDBInstance: { create: () => undefined } }))).rejects.toThrow("too old");
    expect(Object.keys(await loadDuckDb())).toContain("DuckDBInstance");
  });
});

describe("nudgekit audience: the instant, progress, help", () => {
  it("without --now: the current time, said on stderr with the --now that repeats the run", async () => {
    const before = Date.now();
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--segment", "buyers");
    expect(run.code, run.stderr).toBe(0);
    const said = /^nudgekit audience: now is (\S+) \(the current time; --now (\S+) computes these members again\)$/m.exec(run.stderr);
    expect(said?.[1]).toBe(said?.[2]);
    expect(Date.parse(said?.[1] ?? "")).toBeGreaterThanOrEqual(before - 1);
    expect(run.stdout).toContain(`Segments at ${said?.[1]} of`);
    expect((await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--segment", "buyers", "--quiet")).stderr).toBe("");
  });

  it("--progress off a terminal: a line per phase; none by default there", async () => {
    const run = await cli("audience", "--config", file("campaigns.json"), "--events", file("events.jsonl"), "--profiles", file("users.jsonl"), "--segment", "buyers", "--segment", "pros", "--now", NOW_ISO, "--progress");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual([`loading ${file("events.jsonl")}`, `loading ${file("users.jsonl")}`, "querying segment 1 of 2: buyers", "querying segment 2 of 2: pros"]);
    expect(run.stdout).toMatch(/^Segments at 2026-11-23T15:30:00\.000Z of 49 profiles \(users\.jsonl\)\nevents\.jsonl: \d+ events, 13 lines skipped \(invalid-id 1, invalid-name 2, invalid-properties 3, invalid-time 3, invalid-user-id 2, not-an-object 1, not-json 1\); \d+ folded, 2 duplicates \(a user's event id again\) not counted again\n\n {2}segment +members +share\n {2}buyers +\d+ +\d+\.\d%\n {2}pros +\d+ +\d+\.\d%\n$/);
  });

  it("--help shows the usage, the options and examples; the root help lists the command", async () => {
    const help = await cli("audience", "--help");
    expect(help.code).toBe(0);
    for (const text of ["Usage: nudgekit audience [options]", "--config <file>", "--events <file>", "--profiles <file>", "--segment <id>", "--now <instant>", "--out <file>", "--sql <dialect>", "--schema <file>", "Examples:", "npm install @duckdb/node-api"]) expect(help.stdout).toContain(text);
    expect((await cli("--help")).stdout).toContain("audience [options]");
  });

  it("formats by extension", () => {
    expect(["e.jsonl", "e.NDJSON", "e.jsonl.gz", "e.csv", "e.csv.zst", "e.parquet", "e.json", "e.txt", "e.parquet.gz"].map(inputFormatOf)).toEqual(["jsonl", "jsonl", "jsonl", "csv", "csv", "parquet", undefined, undefined, undefined]);
  });
});
