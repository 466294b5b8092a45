/**
 * Segment rules translated to SQL give the members nudgekit's own evaluator gives, on DuckDB and on
 * a real PostgreSQL server: generated rules over a table with every combination of a number, a
 * text and a boolean attribute, NULLs (missing attributes) included.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRule, truthy } from "../../src/rules/index.js";
import { compileSegments } from "../../src/segments/index.js";
import { segmentRuleToSql, segmentsToSql, SqlTranslationError, type AudienceSchema, type SqlDialectName } from "../../src/sql/index.js";
import { hasPostgresServer, PostgresServer } from "../support/postgres-server.js";

const NUMBERS = [null, -2, -1, 0, 0.5, 1, 2];
const TEXTS = [null, "", "a", "b", "ab", "null", "0", "1"];
const FLAGS = [null, true, false];
/** App versions, one per row in turn: valid ones in every form the rules read, and near misses. */
const VERSIONS = [null, "5.2.0", "5.2", "v5.2.1", "5.10.0", "5.2.0-beta.2", "5.2-beta", "5.2+build.7", "10.4.1.1234", "5", "not a version", "", "5.2.x", "V5.2.0", "05.2.0", "5.2.0.0", "1.2.3.4.5", "5.2.1-rc+b", "4.999999999", "5.2.0\n", ` 5.2.0`, `5.2.0-${"b".repeat(130)}`, "5.2.0-be.ta_", "1234567890.1"];
const ROWS = NUMBERS.flatMap((num) => TEXTS.flatMap((txt) => FLAGS.map((flag) => ({ num, txt, flag })))).map((row, index) => ({ id: index + 1, ...row, ver: VERSIONS[index % VERSIONS.length] as string | null }));

const schema: AudienceSchema = {
  profiles: {
    table: "profiles",
    id: "id",
    attributes: {
      "user.attributes.num": { column: "num", type: "number" },
      "user.attributes.txt": { column: "txt", type: "text" },
      "user.attributes.flag": { column: "flag", type: "boolean" },
      "user.attributes.ver": { column: "ver", type: "text" },
    },
  },
};

/** The members nudgekit's evaluator finds: a NULL column is a missing attribute. */
function membersInJs(rule: unknown): number[] {
  const compiled = compileRule(rule);
  return ROWS.filter((row) => {
    const attributes = Object.fromEntries(Object.entries({ num: row.num, txt: row.txt, flag: row.flag, ver: row.ver }).filter(([, value]) => value !== null));
    return truthy(compiled({ user: { id: row.id, attributes } }));
  }).map((row) => row.id);
}

const variable = fc.constantFrom({ var: "user.attributes.num" }, { var: "user.attributes.txt" }, { var: "user.attributes.flag" }, { var: ["user.attributes.num", 1] }, { var: ["user.attributes.txt", "a"] });
const literal = fc.oneof(fc.constantFrom(...NUMBERS.filter((value) => value !== null), -3, 3), fc.constantFrom(...TEXTS.filter((value) => value !== null)), fc.boolean(), fc.constant(null));
const value = fc.oneof(variable, literal);
const numeric = fc.oneof(fc.constant({ var: "user.attributes.num" }), fc.constant({ var: "user.attributes.flag" }), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant(null));

const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true, maxDepth: 6 },
    value,
    fc.tuple(fc.constantFrom("==", "!=", "===", "!=="), value, value).map(([operator, a, b]) => ({ [operator]: [a, b] })),
    fc.tuple(fc.constantFrom("<", "<=", ">", ">="), numeric, numeric).map(([operator, a, b]) => ({ [operator]: [a, b] })),
    fc.tuple(fc.constantFrom("<", "<="), numeric, numeric, numeric).map(([operator, a, b, c]) => ({ [operator]: [a, b, c] })),
    fc.tuple(value, fc.array(literal, { maxLength: 4 })).map(([needle, list]) => ({ in: [needle, list] })),
    fc.tuple(fc.oneof(fc.constant({ var: "user.attributes.txt" }), fc.constantFrom("a", "", "null")), fc.constantFrom("", "a", "abc", "nullable", "0")).map(([needle, text]) => ({ in: [needle, text] })),
    fc.tuple(fc.constantFrom("and", "or"), fc.array(tie("condition"), { minLength: 1, maxLength: 3 })).map(([operator, items]) => ({ [operator]: items })),
    tie("condition").map((item) => ({ "!": [item] })),
    value.map((item) => ({ "!!": [item] })),
    fc
      .tuple(fc.constantFrom("version_eq", "version_gt", "version_gte", "version_lt", "version_lte"), fc.constantFrom({ var: "user.attributes.ver" }, { var: "user.attributes.txt" }, { var: "user.attributes.flag" }), fc.constantFrom("5.2", "5.2.0", "5", "v5.2.1", "10.4.1.999", 5, "0", "5.10", "4.999999999.1"), fc.boolean())
      .map(([operator, data, version, flip]) => ({ [operator]: flip ? [version, data] : [data, version] })),
  ),
}));

interface Database {
  members(sql: string, params: readonly unknown[]): Promise<number[]>;
  rows(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
}

/** The attributes of a row as nudgekit reads them: a NULL column is a missing attribute. */
const attributesOf = (row: (typeof ROWS)[number]) => Object.fromEntries(Object.entries({ num: row.num, txt: row.txt, flag: row.flag, ver: row.ver }).filter(([, value]) => value !== null));

/** Four segments whose include and exclude name earlier ones (compileSegments refuses cycles). */
const definitions = fc
  .tuple(...[0, 1, 2, 3].map((index) => fc.record({ rule: condition, include: fc.subarray([...Array(index).keys()].map((other) => `s${other}`), { maxLength: Math.min(2, index) }), exclude: fc.subarray([...Array(index).keys()].map((other) => `s${other}`), { maxLength: Math.min(2, index) }) })))
  .map((segments) => segments.map((segment, index) => ({ id: `s${index}`, rule: segment.rule, ...(segment.include.length > 0 ? { include: segment.include } : {}), ...(segment.exclude.length > 0 ? { exclude: segment.exclude } : {}) })));

async function duckdb(): Promise<Database & { close(): void }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection: DuckDBConnection = await instance.connect();
  await connection.run("CREATE TABLE profiles (id INTEGER, num DOUBLE, txt VARCHAR, flag BOOLEAN, ver VARCHAR)");
  for (const row of ROWS) await connection.run("INSERT INTO profiles VALUES ($1, $2, $3, $4, $5)", [row.id, row.num, row.txt, row.flag, row.ver]);
  return {
    members: async (sql, params) => (await connection.runAndReadAll(sql, params as never)).getRows().map((row) => Number(row[0])),
    rows: async (sql, params) => (await connection.runAndReadAll(sql, params as never)).getRows().map((row) => [...row]),
    close: () => connection.closeSync(),
  };
}

async function postgres(server: PostgresServer): Promise<Database & { close(): Promise<void> }> {
  const client = new pg.Client(server.connection);
  await client.connect();
  await client.query("CREATE TABLE profiles (id INTEGER, num DOUBLE PRECISION, txt TEXT COLLATE \"C\", flag BOOLEAN, ver TEXT)");
  for (const row of ROWS) await client.query("INSERT INTO profiles VALUES ($1, $2, $3, $4, $5)", [row.id, row.num, row.txt, row.flag, row.ver]);
  return {
    members: async (sql, params) => (await client.query({ text: sql, values: params as unknown[], rowMode: "array" })).rows.map((row: unknown[]) => Number(row[0])),
    rows: async (sql, params) => (await client.query({ text: sql, values: params as unknown[], rowMode: "array" })).rows as unknown[][],
    close: () => client.end(),
  };
}

/** Generated cases per property (`NUDGEKIT_SQL_RUNS` for more), and time for them (a generous bound, not a timing assertion). */
const RUNS = Number(process.env.NUDGEKIT_SQL_RUNS ?? 400);
const TIMEOUT_MS = Math.max(120_000, RUNS * 100);

const postgresAvailable = hasPostgresServer();
if (!postgresAvailable && process.env.NUDGEKIT_REQUIRE_POSTGRES === "1") throw new Error("PostgreSQL is required (NUDGEKIT_REQUIRE_POSTGRES=1) but initdb / postgres are not installed");

describe("segment rules as SQL give nudgekit's members", () => {
  const databases = new Map<SqlDialectName, Database>();
  let server: PostgresServer | undefined;
  const closers: (() => unknown)[] = [];

  beforeAll(async () => {
    const duck = await duckdb();
    databases.set("duckdb", duck);
    closers.push(() => duck.close());
    if (postgresAvailable) {
      server = await PostgresServer.start();
      const client = await postgres(server);
      databases.set("postgres", client);
      closers.push(() => client.close());
    }
  }, 60_000);

  afterAll(async () => {
    for (const close of closers) await close();
    await server?.dispose();
  });

  it("on generated rules (those SQL cannot say the same way are refused, never translated differently)", async () => {
    let translated = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(condition, async (rule) => {
        const expected = membersInJs(rule);
        for (const [name, database] of databases) {
          let query;
          try {
            query = segmentRuleToSql(rule, schema, name);
          } catch (error) {
            if (!(error instanceof SqlTranslationError)) throw error;
            refused++;
            return;
          }
          translated++;
          expect(await database.members(query.sql, query.params), `${name}: ${JSON.stringify(rule)}\n${query.sql}`).toEqual(expected);
        }
      }),
      { numRuns: RUNS, seed: 2026 },
    );
    // Most generated rules translate: the test is not vacuous.
    if (process.env.NUDGEKIT_SQL_RUNS !== undefined) console.log(`translated ${translated}, refused ${refused}`);
    expect(translated).toBeGreaterThan(refused);
  }, TIMEOUT_MS);

  it("a set of segments with include and exclude: one row per profile, a column per segment, as segmentsOf says", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(definitions, async (set) => {
        const segments = compileSegments(set);
        const expected = ROWS.map((row) => [row.id, ...set.map((definition) => segments.segmentsOf({ id: String(row.id), attributes: attributesOf(row) }, 0).includes(definition.id))]);
        for (const [name, database] of databases) {
          let sql;
          try {
            sql = segmentsToSql(set, schema, name);
          } catch (error) {
            if (!(error instanceof SqlTranslationError)) throw error;
            return;
          }
          compared++;
          const rows = (await database.rows(sql.all.sql, sql.all.params)).map(([id, ...flags]) => [Number(id), ...flags]);
          expect(rows, `${name}: ${JSON.stringify(set)}`).toEqual(expected);
          for (const definition of set) expect(await database.members(sql.segments[definition.id]!.sql, sql.segments[definition.id]!.params)).toEqual(expected.filter((row) => row[1 + set.indexOf(definition)] === true).map((row) => row[0]));
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), seed: 2027 },
    );
    expect(compared).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it("reads a path through __proto__, constructor or prototype as missing, as nudgekit does, even where the schema maps it", async () => {
    const mapped: AudienceSchema = { profiles: { ...schema.profiles, attributes: { ...schema.profiles.attributes, "user.attributes.constructor": { column: "txt", type: "text" }, "user.attributes.__proto__.x": { column: "txt", type: "text" } } } };
    const all = ROWS.map((row) => row.id);
    const cases: [unknown, number[]][] = [
      [{ "==": [{ var: "user.attributes.constructor" }, "a"] }, []],
      [{ "!": { var: "user.attributes.__proto__.x" } }, all],
      [{ "==": [{ var: ["user.attributes.constructor", "d"] }, "d"] }, all],
    ];
    for (const [rule, expected] of cases) {
      // nudgekit itself, with the attribute present on every profile:
      expect(ROWS.filter((row) => truthy(compileRule(rule)({ user: { attributes: JSON.parse(`{"constructor": ${JSON.stringify(row.txt)}, "__proto__": {"x": ${JSON.stringify(row.txt)}}}`) } }))).map((row) => row.id)).toEqual(expected);
      for (const [name, database] of databases) {
        const query = segmentRuleToSql(rule, mapped, name);
        expect(await database.members(query.sql, query.params), `${name}: ${JSON.stringify(rule)}`).toEqual(expected);
      }
    }
  });

  it("refuses what it cannot say the same way, naming the rule's path", () => {
    expect(() => segmentRuleToSql({ and: [{ "<": [{ var: "user.attributes.txt" }, "b"] }] }, schema, "duckdb")).toThrow(new SqlTranslationError("/and/0/</0", "ordering text is not supported in SQL (JavaScript orders by UTF-16 code units and reads mixed operands as numbers)"));
    expect(() => segmentRuleToSql({ "==": [{ var: "user.attributes.unknown" }, 1] }, schema, "duckdb")).toThrow(/no column for "user.attributes.unknown" .* at \/==\/0\/var/);
    expect(() => segmentRuleToSql({ "==": [{ var: "user.attributes.txt" }, 1] }, schema, "postgres")).toThrow(/comparing text with a number .* at \/==/);
  });

  it("binds every literal and quotes every identifier", () => {
    const hostile = { table: 'pro"files', id: 'i"d', attributes: { "user.attributes.plan": { column: 'pl"an', type: "text" as const } } };
    const query = segmentRuleToSql({ "==": [{ var: "user.attributes.plan" }, "x'); DROP TABLE profiles; --"] }, { profiles: hostile }, "postgres");
    expect(query).toEqual({ sql: 'SELECT p."i""d" FROM "pro""files" AS p WHERE (p."pl""an" IS NOT DISTINCT FROM CAST($1 AS TEXT)) ORDER BY 1', params: ["x'); DROP TABLE profiles; --"] });
  });
});
