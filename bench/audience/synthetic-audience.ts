/**
 * The audience of `npm run bench:audience`, generated inside DuckDB by SQL: a profiles table (plan,
 * role, country, platform, app version) and a raw event log (app opens, carts, purchases with an
 * amount, push opens) shaped like bench/segments/synthetic-profiles.ts — users gone for months,
 * casual, daily, some on a streak — but drawn from `hash(user, draw, seed)` instead of a sequential
 * random generator, so each user's data depends on nothing but its id and the seed (the same data
 * on every run of one DuckDB version, whatever the thread count).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AudienceSchema } from "../../src/sql/index.js";

const DAY = 86_400_000;
/** Bumped whenever the generated data changes: a reused database file of another version is rebuilt. */
export const AUDIENCE_DATA_VERSION = 1;
const SEED = "nudgekit-audience-2026";

const PLANS = ["free", "free", "free", "pro", "team"];
const ROLES = ["member", "member", "member", "admin"];
const COUNTRIES = ["FR", "DE", "US", "GB", "ES", "IT", "NL", "BR", "IN", "JP", "CA", "PL"];
const PLATFORMS = ["ios", "android", "web", "web"];
const VERSIONS = ["5.0.3", "5.1.0", "5.2.0", "5.2.4", "5.3.1", "5.10.0"];

/** Where the data lives, as nudgekit/sql reads it: attributes as columns, the amount as a DOUBLE column. */
export const AUDIENCE_SCHEMA = {
  profiles: {
    table: "profiles",
    id: "id",
    attributes: {
      "user.attributes.plan": { column: "plan", type: "text" },
      "user.attributes.role": { column: "role", type: "text" },
      "user.attributes.country": { column: "country", type: "text" },
      "user.attributes.platform": { column: "platform", type: "text" },
      "user.attributes.appVersion": { column: "app_version", type: "text" },
    },
  },
  events: { table: "events", userId: "user_id", name: "name", time: "time", properties: { amount: "amount" } },
} as const satisfies AudienceSchema;

/** The profile attributes, in the order the profiles table holds them after its id. */
export const ATTRIBUTE_COLUMNS = [
  ["plan", "plan"],
  ["role", "role"],
  ["country", "country"],
  ["platform", "platform"],
  ["appVersion", "app_version"],
] as const;

const list = (values: readonly string[]): string => `[${values.map((value) => `'${value}'`).join(", ")}]`;
/** A uniform draw in [0, 1): the top 53 bits of DuckDB's hash of (user, draw, seed). */
const uniform = (user: string, draw: string): string => `(CAST(hash(${user}, ${draw}, '${SEED}') >> 11 AS DOUBLE) / 9007199254740992.0)`;
const pick = (values: readonly string[], user: string, draw: number): string => `${list(values)}[1 + CAST(floor(${uniform(user, String(draw))} * ${values.length}) AS INTEGER)]`;

/**
 * Creates `profiles` (ids 0 … count − 1) and `events` (clustered by user, then time) and returns
 * their sizes. The events, per user (as synthetic-profiles.ts): activity a uniform in [0, 1); last
 * seen ⌊(1 − a)³ × 120⌋ days ago; 1 + ⌊12a⌋ active days spread over up to 80 days before that; each
 * active day an app open, then with probability 0.35 an add-to-cart a minute later, 0.2 a purchase
 * two minutes later (amount 0.00–300.00), 0.15 a push open 30 s before; and one user in ten opened
 * the app on each of the last 8 days.
 */
export async function generateAudience(connection: DuckDBConnection, count: number, now: number): Promise<{ profiles: number; events: number }> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`profiles must be a positive integer, got ${count}`);
  await connection.run("DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS profiles; DROP TABLE IF EXISTS audience_meta");
  await connection.run(`
    CREATE TABLE profiles AS
    SELECT CAST(id AS INTEGER) AS id,
      ${pick(PLANS, "id", 1)} AS plan,
      ${pick(ROLES, "id", 2)} AS role,
      ${pick(COUNTRIES, "id", 3)} AS country,
      ${pick(PLATFORMS, "id", 4)} AS platform,
      ${pick(VERSIONS, "id", 5)} AS app_version
    FROM range(${count}) AS t(id)
    ORDER BY id`);
  await connection.run(`
    CREATE TABLE events AS
    WITH users AS (
      SELECT id, ${uniform("id", "10")} AS activity, ${uniform("id", "11")} AS span_draw, ${uniform("id", "12")} AS streak_draw
      FROM range(${count}) AS t(id)
    ), shaped AS (
      SELECT id, CAST(floor(pow(1 - activity, 3) * 120) AS INTEGER) AS last_active, 1 + CAST(floor(activity * 12) AS INTEGER) AS active_days, span_draw, streak_draw
      FROM users
    ), spans AS (
      SELECT id, last_active, active_days, least(80, active_days * (1 + CAST(floor(span_draw * 6) AS INTEGER))) AS span, streak_draw
      FROM shaped
    ), days AS (
      SELECT id, d, last_active, span FROM (SELECT id, last_active, span, unnest(range(active_days)) AS d FROM spans)
    ), visits AS (
      SELECT id, d,
        ${now} - (last_active + CAST(floor(${uniform("id", "1000 + d")} * span) AS BIGINT)) * ${DAY} - CAST(floor(${uniform("id", "2000 + d")} * ${DAY}) AS BIGINT) AS visit_ms
      FROM days
    ), logged AS (
      SELECT id, 'app_open' AS name, visit_ms AS ms, CAST(NULL AS DOUBLE) AS amount FROM visits
      UNION ALL SELECT id, 'add_to_cart', visit_ms + 60000, NULL FROM visits WHERE ${uniform("id", "3000 + d")} < 0.35
      UNION ALL SELECT id, 'purchase', visit_ms + 120000, round(${uniform("id", "5000 + d")} * 30000) / 100 FROM visits WHERE ${uniform("id", "4000 + d")} < 0.2
      UNION ALL SELECT id, 'push_open', visit_ms - 30000, NULL FROM visits WHERE ${uniform("id", "6000 + d")} < 0.15
      UNION ALL SELECT id, 'app_open', ${now} - s * ${DAY} - 3600000, NULL FROM (SELECT id, unnest(range(8)) AS s FROM spans WHERE streak_draw < 0.1)
    )
    SELECT CAST(id AS INTEGER) AS user_id, name, make_timestamp(CAST(ms AS BIGINT) * 1000) AS time, amount
    FROM logged
    ORDER BY user_id, time`);
  await connection.run(`CREATE TABLE audience_meta AS SELECT ${AUDIENCE_DATA_VERSION} AS version, ${count} AS profiles, ${now} AS now_ms`);
  return audienceSize(connection);
}

/** Rows of both tables. */
export async function audienceSize(connection: DuckDBConnection): Promise<{ profiles: number; events: number }> {
  const rows = (await connection.runAndReadAll("SELECT (SELECT count(*) FROM profiles), (SELECT count(*) FROM events)")).getRows()[0]!;
  return { profiles: Number(rows[0]), events: Number(rows[1]) };
}

/** Whether the database already holds this generation of `count` profiles for `now`. */
export async function holdsAudience(connection: DuckDBConnection, count: number, now: number): Promise<boolean> {
  const tables = (await connection.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'audience_meta'")).getRows()[0]![0];
  if (Number(tables) === 0) return false;
  const row = (await connection.runAndReadAll("SELECT version, profiles, now_ms FROM audience_meta")).getRows()[0];
  return row !== undefined && Number(row[0]) === AUDIENCE_DATA_VERSION && Number(row[1]) === count && Number(row[2]) === now;
}
