import type { SegmentSetSql, SqlQuery } from "../../sql/segment-to-sql.js";
import type { SqlDialectName } from "../../sql/sql-dialect.js";

/** How each dialect's placeholders take their values. */
const BINDING: Readonly<Record<SqlDialectName, string>> = {
  duckdb: "bind the parameters in order: $1 is the first",
  postgres: "bind the parameters in order: $1 is the first",
  bigquery: "bind the parameters as named query parameters: @p1 is the first",
  spark: "pass the parameters as spark.sql(text, args) named arguments: :p1 is the first (the session time zone must be UTC)",
  trino: "EXECUTE … USING the parameters in order, one per ? (the session time zone must be UTC)",
};

/** The selected segments' queries, in order. */
const selected = (queries: SegmentSetSql, ids: readonly string[]): [string, SqlQuery][] => ids.map((id) => [id, queries.segments[id] as SqlQuery]);

/**
 * The SQL of `nudgekit audience --sql`: per segment, a comment naming it, the query (its values
 * are placeholders, never written into the SQL) and its parameters as JSON on a comment line
 * (JSON.stringify escapes line breaks: a value cannot end the comment).
 *
 * @example
 * formatSegmentsSql(segmentsToSql(definitions, schema, "postgres", { now }), ["buyers"], "postgres", now);
 * // -- nudgekit audience: the members of each segment at 2026-11-24T12:00:00.000Z, for postgres
 * // -- Each query returns the user ids, sorted; bind the parameters in order: $1 is the first.
 * //
 * // -- segment "buyers"
 * // SELECT p."id" FROM "profiles" AS p WHERE … ORDER BY 1;
 * // -- parameters: ["purchase","2026-11-25 12:00:00.000",…]
 */
export function formatSegmentsSql(queries: SegmentSetSql, ids: readonly string[], dialect: SqlDialectName, now: number): string {
  const lines = [`-- nudgekit audience: the members of each segment at ${new Date(now).toISOString()}, for ${dialect}`, `-- Each query returns the user ids, sorted; ${BINDING[dialect]}.`];
  for (const [id, query] of selected(queries, ids)) lines.push("", `-- segment ${JSON.stringify(id)}`, `${query.sql};`, `-- parameters: ${JSON.stringify(query.params)}`);
  return `${lines.join("\n")}\n`;
}

/** The same as JSON (`--sql … --json`): `{ dialect, now, segments: [{ id, sql, params }] }`. */
export function segmentsSqlJson(queries: SegmentSetSql, ids: readonly string[], dialect: SqlDialectName, now: number): unknown {
  return { dialect, now: new Date(now).toISOString(), segments: selected(queries, ids).map(([id, query]) => ({ id, sql: query.sql, params: query.params })) };
}
