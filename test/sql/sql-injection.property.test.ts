/**
 * Whatever the rule's strings and the schema's names, the SQL is the translator's own text: every
 * literal is a bound parameter, every identifier is quoted as its dialect quotes, and nothing else
 * in the SQL comes from the input.
 */
import fc from "fast-check";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { segmentRuleToSql, segmentsToSql, SQL_DIALECTS, type AudienceSchema, type SqlDialectName } from "../../src/sql/index.js";

const NOW = Date.parse("2026-11-23T15:30:00Z");
const DIALECTS = Object.keys(SQL_DIALECTS) as SqlDialectName[];

/** Strings made for breaking out: quotes of every dialect, escapes, comments, statement ends, newlines, any Unicode. */
const hostile = fc.oneof(
  fc.constantFrom(`'`, `"`, "`", "\\", "'); DROP TABLE profiles; --", '"; DROP TABLE "profiles"; --', "` OR 1=1 --", "\\'", "$1", "@p1", ":p1", "?", "/* */", "\n", "\r\n;", "𝒳", "\u2028"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("'", '"', "`", "\\", ";", "-", "/", "*", "$", "@", ":", "?", " ", "a"), minLength: 1, maxLength: 10 }),
).filter((text) => text.length > 0 && !text.includes("\u0000"));

/** The SQL without its quoted identifiers and its own quoted constants, for each dialect's quoting. */
function skeleton(sql: string, dialect: SqlDialectName): { rest: string; identifiers: string[] } {
  const identifiers: string[] = [];
  const quoted =
    dialect === "bigquery"
      ? /`((?:[^`\\]|\\.)*)`|'([^']*)'/gsu
      : dialect === "spark"
        ? /`((?:[^`]|``)*)`|'([^']*)'/gsu
        : /"((?:[^"]|"")*)"|'([^']*)'/gsu;
  const rest = sql.replace(quoted, (_match, identifier: string | undefined) => {
    if (identifier !== undefined) {
      identifiers.push(
        dialect === "bigquery" ? identifier.replace(/\\(.)/gsu, (_escape, char: string) => ({ n: "\n", r: "\r" })[char] ?? char) : dialect === "spark" ? identifier.replaceAll("``", "`") : identifier.replaceAll('""', '"'),
      );
    }
    return " ";
  });
  return { rest, identifiers };
}

const names = fc.record({ table: hostile, id: hostile, column: hostile, attribute: hostile, events: hostile, user: hostile, time: hostile, amount: hostile });

describe("SQL injection", () => {
  it("binds every literal and quotes every identifier, in every dialect", () => {
    fc.assert(
      fc.property(names, hostile, fc.array(hostile, { minLength: 1, maxLength: 3 }), fc.constantFrom(...DIALECTS), (name, text, list, dialect) => {
        const path = `user.attributes.${name.attribute}`;
        const schema: AudienceSchema = {
          profiles: { table: name.table, id: name.id, attributes: { [path]: { column: name.column, type: "text" } } },
          events: { table: name.events, userId: name.user, name: "name", time: name.time, properties: { amount: name.amount } },
        };
        const rule = {
          or: [
            { "==": [{ var: path }, text] },
            { in: [{ var: path }, list] },
            { in: [{ var: path }, text] },
            { ">": [{ event_sum: ["purchase", "amount", "7d"] }, 1] },
          ],
        };
        const query = segmentRuleToSql(rule, schema, dialect, { now: NOW, behaviour: { events: { purchase: { properties: { amount: { decimals: 2 } } } } } });
        const { rest, identifiers } = skeleton(query.sql, dialect);
        // Outside quoted identifiers and the translator's constants: only SQL words, numbers, operators and placeholders.
        expect(rest).toMatch(/^[A-Za-z0-9_ (),.=<>!*+\-$@:?/]*$/);
        // Every identifier quoted is one of the schema's, whole.
        const allowed = new Set([name.table, name.id, name.column, name.events, name.user, name.time, "name", name.amount]);
        for (const identifier of identifiers) if (!allowed.has(identifier)) expect.fail(`${JSON.stringify(identifier)} is not a schema name\n${query.sql}`);
        // The rule's strings are parameters.
        for (const value of [text, ...list]) expect(query.params).toContain(value);
      }),
      { numRuns: 400, seed: 2024 },
    );
  });

  it("runs on DuckDB with hostile table and column names, and finds the hostile value", async () => {
    const connection = await (await DuckDBInstance.create(":memory:")).connect();
    try {
      await fc.assert(
        fc.asyncProperty(hostile, hostile, hostile, async (table, column, value) => {
          fc.pre(table !== column && table.toLowerCase() !== column.toLowerCase() && column.toLowerCase() !== "id");
          const q = SQL_DIALECTS.duckdb.quote;
          await connection.run(`DROP TABLE IF EXISTS ${q(table)}`);
          await connection.run(`CREATE TABLE ${q(table)} (id INTEGER, ${q(column)} VARCHAR)`);
          await connection.run(`INSERT INTO ${q(table)} VALUES (1, $1), (2, 'other')`, [value]);
          const schema: AudienceSchema = { profiles: { table, id: "id", attributes: { "user.attributes.x": { column, type: "text" } } } };
          const { all } = segmentsToSql([{ id: value, rule: { "==": [{ var: "user.attributes.x" }, value] } }], schema, "duckdb");
          const rows = (await connection.runAndReadAll(all.sql, all.params as never)).getRows();
          expect(rows.map((row) => [Number(row[0]), row[1]])).toEqual([[1, true], [2, value === "other"]]);
          await connection.run(`DROP TABLE ${q(table)}`);
        }),
        { numRuns: 60, seed: 7 },
      );
    } finally {
      connection.closeSync();
    }
  });
});
