/**
 * The SQL of every dialect for one segment set that uses every supported operator, against
 * committed files (test/sql/golden/<dialect>.sql). BigQuery, Spark and Trino are not run here:
 * these files are what a reviewer reads to check their spelling, and what a change to it must
 * show. `NUDGEKIT_UPDATE_GOLDEN=1 npx vitest run test/sql/golden-sql.test.ts` rewrites them.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { AudienceSchemaError, segmentRuleToSql, segmentsToSql, SQL_DIALECTS, SqlTranslationError, type AudienceSchema, type SqlDialectName } from "../../src/sql/index.js";

const NOW = Date.parse("2026-11-23T15:30:00Z");

const schema: AudienceSchema = {
  profiles: {
    table: "profiles",
    id: "user_id",
    attributes: {
      "user.attributes.plan": { column: "plan", type: "text" },
      "user.attributes.seats": { column: "seats", type: "number" },
      "user.attributes.beta": { column: "beta", type: "boolean" },
      "user.attributes.appVersion": { column: "app_version", type: "text" },
    },
  },
  events: { table: "events", userId: "user_id", name: "event", time: "occurred_at", properties: { amount: "amount", items: "items" }, json: "properties" },
};

const options = {
  now: NOW,
  behaviour: { events: { purchase: { properties: { amount: { decimals: 2 }, items: { decimals: 0 }, discount: { decimals: 2 } } }, app_open: {} }, horizonDays: 90 },
  rfm: { customers: { event: "purchase", property: "amount", window: "90d", recency: [7, 30], frequency: [2, 4], monetary: [50, 150] } },
};

/** Every operator the translator supports, once. */
const SEGMENTS = [
  { id: "pro", rule: { in: [{ var: "user.attributes.plan" }, ["pro", "team"]] } },
  { id: "mentions-pro", rule: { in: [{ var: "user.attributes.plan" }, "professional"] } },
  { id: "big-teams", rule: { and: [{ ">=": [{ var: ["user.attributes.seats", 0] }, 10] }, { "<": [1, { var: "user.attributes.seats" }, 500] }] } },
  { id: "not-beta", rule: { or: [{ "!": { var: "user.attributes.beta" } }, { "===": [{ var: "user.attributes.beta" }, null] }] } },
  { id: "free-or-unknown", rule: { "!=": [{ var: "user.attributes.plan" }, "pro"] } },
  { id: "modern-app", rule: { version_gte: [{ var: "user.attributes.appVersion" }, "5.2"] } },
  { id: "buyers", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] }, include: ["pro"], exclude: ["not-beta"] },
  { id: "never-bought", rule: { never_did: "purchase" } },
  { id: "regulars", rule: { and: [{ ">=": [{ active_days: ["app_open", "7d"] }, 5] }, { ">=": [{ streak_days: "app_open" }, 3] }] } },
  { id: "lapsed", rule: { ">": [{ days_since_last: "app_open" }, 14] } },
  { id: "new", rule: { "<=": [{ days_since_first: "app_open" }, 7] } },
  { id: "seen", rule: { "!!": { last_seen: "app_open" } } },
  { id: "first-seen-early", rule: { "<": [{ first_seen: "app_open" }, NOW - 30 * 86_400_000] } },
  { id: "spenders", rule: { or: [{ ">": [{ event_sum: ["purchase", "amount", "90d"] }, 200] }, { ">=": [{ event_avg: ["purchase", "amount"] }, 80] }] } },
  { id: "range", rule: { and: [{ ">=": [{ event_min: ["purchase", "items", "30d"] }, 2] }, { "<=": [{ event_max: ["purchase", "amount", "30d"] }, 500] }] } },
  { id: "champions", rule: { ">=": [{ rfm_score: ["customers"] }, 333] } },
];
/** A property without a column, read from the JSON column (Spark cannot tell a JSON number from a JSON string: refused there). */
const FROM_JSON = { id: "discounted", rule: { ">": [{ event_sum: ["purchase", "discount", "30d"] }, 0] } };

describe("golden SQL per dialect", () => {
  for (const dialect of Object.keys(SQL_DIALECTS) as SqlDialectName[]) {
    it(dialect, () => {
      const { segments, all } = segmentsToSql(dialect === "spark" ? SEGMENTS : [...SEGMENTS, FROM_JSON], schema, dialect, options);
      const text = [
        `-- nudgekit/sql, dialect ${dialect}: test/sql/golden-sql.test.ts writes this file.`,
        ...Object.entries(segments).flatMap(([id, query]) => [``, `-- segment ${id}`, `-- params ${JSON.stringify(query.params)}`, `${query.sql};`]),
        ``,
        `-- the set: one row per profile, a column per segment`,
        `-- params ${JSON.stringify(all.params)}`,
        `${all.sql};`,
        ``,
      ].join("\n");
      const file = new URL(`golden/${dialect}.sql`, import.meta.url);
      if (process.env.NUDGEKIT_UPDATE_GOLDEN === "1") writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }

  it("binds a positional parameter once per use (Trino's ?)", () => {
    const { segments, all } = segmentsToSql(SEGMENTS, schema, "trino", options);
    for (const query of [...Object.values(segments), all]) expect(query.sql.split("?").length - 1).toBe(query.params.length);
  });

  it("DuckDB's runs on the tables the schema names", async () => {
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    try {
      await connection.run("CREATE TABLE profiles (user_id INTEGER, plan VARCHAR, seats DOUBLE, beta BOOLEAN, app_version VARCHAR)");
      await connection.run("CREATE TABLE events (user_id INTEGER, event VARCHAR, occurred_at TIMESTAMP, amount DOUBLE, items DOUBLE, properties JSON)");
      await connection.run("INSERT INTO profiles VALUES (1, 'pro', 12, false, '5.3.0')");
      await connection.run(`INSERT INTO events VALUES (1, 'purchase', TIMESTAMP '2026-11-20 10:00:00', 250, 3, '{"discount": 5}'), (1, 'app_open', TIMESTAMP '2026-11-23 09:00:00', NULL, NULL, NULL)`);
      const { all } = segmentsToSql([...SEGMENTS, FROM_JSON], schema, "duckdb", options);
      const [row] = (await connection.runAndReadAll(all.sql, all.params as never)).getRowObjects();
      expect(row).toMatchObject({ pro: true, "big-teams": true, "modern-app": true, "never-bought": false, spenders: true, discounted: true, seen: true, lapsed: false });
    } finally {
      connection.closeSync();
    }
  });

  it("refuses an instant SQL's timestamps cannot hold, a segment named like the id column, a literal that is not a version", () => {
    for (const now of [8.64e15, -8.64e15, Date.parse("9999-12-31T12:00:00Z"), Number.NaN]) expect(() => segmentsToSql(SEGMENTS, schema, "duckdb", { ...options, now }), String(now)).toThrow(AudienceSchemaError);
    expect(() => segmentsToSql([{ id: "User_Id", rule: true }], schema, "duckdb", options)).toThrow(/"User_Id" is the name of the profiles' id column/);
    expect(() => segmentRuleToSql({ version_gte: ["5.2", "5.x"] }, schema, "duckdb")).toThrow(new SqlTranslationError("/version_gte", '"5.x" is not a version such as "5.2.1"'));
  });

  it("refuses a property read from JSON in Spark, naming the rule's path", () => {
    expect(() => segmentsToSql([FROM_JSON], schema, "spark", options)).toThrow(/spark cannot tell a JSON number from a JSON string: map the property "discount" to a column in events.properties at \/0\/rule\/>\/0\/event_sum\/1/);
  });
});
