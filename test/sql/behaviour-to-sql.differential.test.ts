/**
 * Behavioural operators translated to SQL over a raw event log give the members nudgekit's segments
 * give from the same events folded into aggregates: windows of whole UTC days up to `now`'s day,
 * counts, active days, days since the first and last event.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileSegments, foldEvents } from "../../src/segments/index.js";
import { segmentRuleToSql, SqlTranslationError, type AudienceSchema, type SqlDialectName } from "../../src/sql/index.js";
import { hasPostgresServer, PostgresServer } from "../support/postgres-server.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-23T15:30:00Z");
const USERS = 64;
/** c is in the log but not tracked: it counts 0, as the aggregates never fold it. */
const policy = { events: { a: { properties: { amount: { decimals: 2 } } }, b: { properties: { amount: { decimals: 0 } } } }, horizonDays: 90 };
const RFM = {
  spend: { event: "a", property: "amount", window: "30d", recency: [3, 10, 30], frequency: [1, 2, 4], monetary: [1, 20, 200] },
  visits: { event: "b", window: "7d", recency: [1, 7], frequency: [1, 3] },
};
const options = { now: NOW, behaviour: policy, rfm: RFM };

/** Property values: halves at the decimals (rounding), negatives, a string and a value too large to store (both ignored), none. */
const AMOUNTS: readonly unknown[] = [undefined, 0, 1, 12.5, 12.345, 12.355, 0.005, -0.005, -2.5, 99.99, 1_000, -40.125, "12", 1e17, 7.777];

interface LoggedEvent {
  readonly user: number;
  readonly name: string;
  readonly time: number;
  readonly amount: unknown;
}

/** A seeded event log: up to 8 events per user, named a or b, in the 70 days up to now (some on now's day, some at a UTC midnight). */
function eventLog(): LoggedEvent[] {
  let state = 20261123;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const log: LoggedEvent[] = [];
  const amount = (): unknown => AMOUNTS[Math.floor(next() * AMOUNTS.length)];
  // Streaks: 3 days to today, 10 days to yesterday, 95 days (longer than the horizon) to today, and one broken by a gap.
  const daily = (user: number, days: number, endBack: number, gap?: number) => {
    for (let back = endBack; back < endBack + days; back++) if (back !== gap) log.push({ user, name: "a", time: NOW - back * DAY, amount: amount() });
  };
  daily(61, 3, 0);
  daily(62, 10, 1);
  daily(63, 95, 0);
  daily(64, 12, 0, 4);
  // Around the horizon, with a last event tomorrow (within maxFutureMs): the oldest day is no longer kept. One too far ahead is refused.
  for (const back of [88, 89, 90, 91]) log.push({ user: 60, name: "a", time: NOW - back * DAY, amount: 10 });
  log.push({ user: 60, name: "a", time: NOW + 10 * 3_600_000, amount: 1 });
  // A streak to yesterday longer than the horizon, and an event tomorrow: the kept days end the streak 2 days short of the horizon.
  daily(58, 95, 1);
  log.push({ user: 58, name: "a", time: NOW + 12 * 3_600_000, amount: 3 });
  // Daily to today, and 5 days ahead: kept (with a maxFutureMs that long) only from 84 days before today.
  daily(57, 95, 0);
  log.push({ user: 57, name: "a", time: NOW + 5 * DAY, amount: 4 });
  log.push({ user: 59, name: "b", time: NOW + 3 * DAY, amount: 5 });
  log.push({ user: 59, name: "a", time: NOW + 20 * 3_600_000, amount: 2 });
  for (let user = 1; user <= 60; user++) {
    const count = Math.floor(next() * 9);
    for (let index = 0; index < count; index++) {
      const daysBack = Math.floor(next() * 70);
      const atMidnight = next() < 0.15;
      const time = atMidnight ? Math.floor(NOW / DAY) * DAY - daysBack * DAY : NOW - daysBack * DAY - Math.floor(next() * 10) * 3_600_000;
      const pick = next();
      log.push({ user, name: pick < 0.5 ? "a" : pick < 0.85 ? "b" : "c", time: Math.min(time, NOW), amount: amount() });
    }
  }
  return log;
}
const LOG = eventLog();

/** The property as a column (NULL where the event has no number), and the properties as JSON (as logged, strings included). */
const schemas: Record<string, AudienceSchema> = {
  column: { profiles: { table: "profiles", id: "id", attributes: {} }, events: { table: "events", userId: "user_id", name: "name", time: "time", properties: { amount: "amount" } } },
  json: { profiles: { table: "profiles", id: "id", attributes: {} }, events: { table: "events", userId: "user_id", name: "name", time: "time", json: "props" } },
};
const schema = schemas.column!;

function membersInJs(rule: unknown, aggregation: typeof policy & { maxFutureMs?: number } = policy): number[] {
  const segments = compileSegments([{ id: "s", rule }], { rfm: RFM });
  const members: number[] = [];
  for (let user = 1; user <= USERS; user++) {
    const events = LOG.filter((event) => event.user === user).map((event, index) => ({ id: `${user}-${index}`, name: event.name, time: event.time, ...(event.amount === undefined ? {} : { properties: { amount: event.amount } }) }));
    const behaviour = events.length === 0 ? null : foldEvents(null, events, aggregation, { now: NOW });
    if (segments.isMember("s", { id: String(user), attributes: {}, ...(behaviour === null ? {} : { behaviour }) }, NOW)) members.push(user);
  }
  return members;
}

const eventName = fc.constantFrom("a", "b", "c");
const window = fc.constantFrom(undefined, "1d", "2d", "7d", "30d", "36h", "90d");
const behaviour = fc.oneof(
  fc.tuple(eventName, window).map(([name, days]) => ({ event_count: days === undefined ? [name] : [name, days] })),
  fc.tuple(eventName, fc.constantFrom("1d", "7d", "30d")).map(([name, days]) => ({ active_days: [name, days] })),
  eventName.map((name) => ({ days_since_last: name })),
  eventName.map((name) => ({ streak_days: name })),
  fc.tuple(fc.constantFrom("last_seen", "first_seen"), eventName).map(([operator, name]) => ({ [operator]: name })),
  eventName.map((name) => ({ days_since_first: name })),
  fc.tuple(fc.constantFrom("event_sum", "event_avg", "event_min", "event_max"), eventName, fc.constantFrom("amount", "amount", "other"), window).map(([operator, name, property, days]) => ({ [operator]: days === undefined ? [name, property] : [name, property, days] })),
  fc.tuple(fc.constantFrom("spend", "visits"), fc.constantFrom(undefined, "r", "f", "m", "rfm")).map(([model, dimension]) => ({ rfm_score: dimension === undefined || (dimension === "m" && model === "visits") ? [model] : [model, dimension] })),
);
const threshold = fc.oneof(fc.integer({ min: -1, max: 40 }), fc.constantFrom(-40.12, -40.13, 12.5, 13, 12, -2, -3, 0.01, 0.02, 12.35, 12.36, 99.99, -0.01, 7.78, 111, 121, 122, 211, 212, 311, 322, 333, 444, 89, 90, 91, NOW - 3 * DAY, NOW - 20 * DAY, Math.floor(NOW / DAY) * DAY));
const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", maxDepth: 6 },
    fc.tuple(fc.constantFrom("<", "<=", ">", ">=", "==", "!=", "===", "!=="), behaviour, threshold).map(([operator, left, right]) => ({ [operator]: [left, right] })),
    fc.tuple(eventName, window).map(([name, days]) => ({ never_did: days === undefined ? [name] : [name, days] })),
    fc.tuple(fc.constantFrom("==", "==="), behaviour, fc.constant(null)).map(([operator, left, right]) => ({ [operator]: [left, right] })),
    behaviour.map((value) => ({ "!!": [value] })),
    fc.tuple(fc.constantFrom("and", "or"), fc.array(tie("condition"), { minLength: 1, maxLength: 3 })).map(([operator, items]) => ({ [operator]: items })),
    tie("condition").map((item) => ({ "!": [item] })),
  ),
}));

/** Generated rules (`NUDGEKIT_SQL_RUNS` for more). */
const RUNS = Number(process.env.NUDGEKIT_SQL_RUNS ?? 150);

const postgresAvailable = hasPostgresServer();
if (!postgresAvailable && process.env.NUDGEKIT_REQUIRE_POSTGRES === "1") throw new Error("PostgreSQL is required (NUDGEKIT_REQUIRE_POSTGRES=1) but initdb / postgres are not installed");

const iso = (time: number): string => new Date(time).toISOString().slice(0, 23).replace("T", " ");
/** The amount column (a number or NULL) and the properties JSON (as logged, a string amount included). */
const columns = (event: LoggedEvent): [number | null, string] => [typeof event.amount === "number" ? event.amount : null, JSON.stringify(event.amount === undefined ? {} : { amount: event.amount })];

describe("behavioural operators as SQL over the raw event log", () => {
  const databases = new Map<SqlDialectName, (sql: string, params: readonly unknown[]) => Promise<number[]>>();
  const closers: (() => unknown)[] = [];
  let server: PostgresServer | undefined;

  beforeAll(async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const duck = await instance.connect();
    await duck.run("CREATE TABLE profiles (id INTEGER)");
    await duck.run("CREATE TABLE events (user_id INTEGER, name VARCHAR, time TIMESTAMP, amount DOUBLE, props JSON)");
    for (let user = 1; user <= USERS; user++) await duck.run("INSERT INTO profiles VALUES ($1)", [user]);
    for (const event of LOG) await duck.run("INSERT INTO events VALUES ($1, $2, CAST($3 AS TIMESTAMP), CAST($4 AS DOUBLE), CAST($5 AS JSON))", [event.user, event.name, iso(event.time), ...columns(event)] as never);
    databases.set("duckdb", async (sql, params) => (await duck.runAndReadAll(sql, params as never)).getRows().map((row) => Number(row[0])));
    closers.push(() => duck.closeSync());
    if (postgresAvailable) {
      server = await PostgresServer.start();
      const client = new pg.Client(server.connection);
      await client.connect();
      await client.query("CREATE TABLE profiles (id INTEGER)");
      await client.query("CREATE TABLE events (user_id INTEGER, name TEXT, time TIMESTAMP, amount DOUBLE PRECISION, props jsonb)");
      for (let user = 1; user <= USERS; user++) await client.query("INSERT INTO profiles VALUES ($1)", [user]);
      for (const event of LOG) await client.query("INSERT INTO events VALUES ($1, $2, CAST($3 AS TIMESTAMP), $4, CAST($5 AS jsonb))", [event.user, event.name, iso(event.time), ...columns(event)]);
      databases.set("postgres", async (sql, params) => (await client.query({ text: sql, values: params as unknown[], rowMode: "array" })).rows.map((row: unknown[]) => Number(row[0])));
      closers.push(() => client.end());
    }
  }, 60_000);

  afterAll(async () => {
    for (const close of closers) await close();
    await server?.dispose();
  });

  it("gives the members nudgekit's segments give, on generated rules", async () => {
    let translated = 0;
    let split = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(condition, async (rule) => {
        const expected = membersInJs(rule);
        runs++;
        if (expected.length > 0 && expected.length < USERS) split++;
        for (const [name, members] of databases) {
          for (const [layout, audience] of Object.entries(schemas)) {
            const query = segmentRuleToSql(rule, audience, name, options);
            translated++;
            expect(await members(query.sql, query.params), `${name}, properties as ${layout}: ${JSON.stringify(rule)}\n${query.sql}\n${JSON.stringify(query.params)}`).toEqual(expected);
          }
        }
      }),
      { numRuns: RUNS, seed: 2026 },
    );
    expect(translated).toBeGreaterThan(0);
    // Not vacuous: most rules put some users in and some out.
    expect(split / runs).toBeGreaterThan(0.3);
  }, Math.max(180_000, RUNS * 300));

  it("rounds each value as the fold stores it (Math.round at the declared decimals, halves toward +∞)", async () => {
    const numbers = AMOUNTS.filter((amount): amount is number => typeof amount === "number");
    const candidates = [...new Set(numbers.flatMap((amount) => [Math.round(amount * 100) / 100, Math.round(amount), Math.floor(amount * 100) / 100, Math.ceil(amount)]))];
    let found = 0;
    for (const operator of ["event_min", "event_max"])
      for (const name of ["a", "b"])
        for (const value of candidates) {
          const rule = { "==": [{ [operator]: [name, "amount"] }, value] };
          const expected = membersInJs(rule);
          found += expected.length;
          for (const [database, members] of databases)
            for (const [layout, audience] of Object.entries(schemas)) {
              const query = segmentRuleToSql(rule, audience, database, options);
              expect(await members(query.sql, query.params), `${database}, ${layout}: ${JSON.stringify(rule)}`).toEqual(expected);
            }
        }
    expect(found).toBeGreaterThan(20);
  }, 60_000);

  it("ends streaks where the aggregates do: today, yesterday, a gap, the horizon, the days kept before a later event", async () => {
    let found = 0;
    for (const length of [1, 2, 3, 9, 10, 11, 12, 87, 88, 89, 90, 91]) {
      const rule = { "==": [{ streak_days: "a" }, length] };
      const expected = membersInJs(rule);
      found += expected.length;
      for (const [database, members] of databases) {
        const query = segmentRuleToSql(rule, schema, database, options);
        expect(await members(query.sql, query.params), `${database}: ${JSON.stringify(rule)}`).toEqual(expected);
      }
    }
    expect(found).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it("reads only the days kept within the horizon of a user's last event, even one after now", async () => {
    const values = [{ event_count: ["a", "90d"] }, { active_days: ["a", "90d"] }, { event_sum: ["a", "amount", "90d"] }, { event_sum: ["a", "amount"] }, { event_min: ["a", "amount"] }, { event_count: ["a"] }];
    let split = 0;
    for (const value of values)
      for (const threshold of [0, 1, 2, 3, 4, 5, 9.99, 10, 10.5, 11, 15, 20, 21, 30, 40, 88, 89, 90]) {
        const rule = { ">": [value, threshold] };
        const expected = membersInJs(rule);
        if (expected.includes(60) !== expected.includes(61)) split++;
        for (const [database, members] of databases) {
          const query = segmentRuleToSql(rule, schema, database, options);
          expect(await members(query.sql, query.params), `${database}: ${JSON.stringify(rule)}`).toEqual(expected);
        }
      }
    expect(split).toBeGreaterThan(0);
  }, 60_000);

  it("with events up to 6 days ahead: several days at a window's start, or a join with the last events beyond 4", async () => {
    const ahead = { ...policy, maxFutureMs: 6 * DAY };
    let split = 0;
    for (const days of ["80d", "87d", "90d"])
      for (const value of [{ event_count: ["a", days] }, { active_days: ["a", days] }, { event_sum: ["a", "amount", days] }, { event_max: ["a", "amount", days] }, { streak_days: "a" }])
        for (const threshold of [0, 2, 10, 20, 79, 80, 84, 85, 86, 87, 89, 90]) {
          const rule = { ">=": [value, threshold] };
          const expected = membersInJs(rule, ahead);
          if (expected.includes(57) !== expected.includes(63)) split++;
          for (const [database, members] of databases) {
            const query = segmentRuleToSql(rule, schema, database, { ...options, behaviour: ahead });
            expect(await members(query.sql, query.params), `${database}: ${JSON.stringify(rule)}`).toEqual(expected);
          }
        }
    expect(split).toBeGreaterThan(0);
  }, 60_000);

  it("needs now for a behavioural operator, and refuses a window beyond the horizon", () => {
    expect(() => segmentRuleToSql({ ">": [{ event_count: ["a", "7d"] }, 1] }, schema, "duckdb", { behaviour: policy })).toThrow(new SqlTranslationError("/>/0/event_count", '"event_count" needs the instant the query answers for (options.now)'));
    expect(() => segmentRuleToSql({ ">": [{ event_count: ["a", "120d"] }, 1] }, schema, "duckdb", options)).toThrow(/longer than the 90-day retention horizon .* at \/>\/0\/event_count\/1/);
  });
});
