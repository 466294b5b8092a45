/**
 * An event file (JSON lines in the replay's format, CSV or Parquet) loaded into DuckDB as the
 * events table the SQL translator reads: one row per event the aggregates would fold at `now`.
 */
import type { AudienceSchema } from "../../sql/audience-schema.js";
import type { AggregatePolicy } from "../../segments/aggregates/aggregate-policy-model.js";
import { LATEST_EVENT_TIME, MAX_PROPERTIES_DEPTH, type SkipReason } from "../../replay/replay-input.js";
import { AudienceInputError } from "./audience-input-error.js";
import { sqlString, type AudienceDatabase } from "./audience-database.js";
import { columnKind, type SourceColumn } from "./duckdb-column-types.js";
import type { InputFormat } from "./input-format.js";
import { column, epochMsOf, idText, isShortName, JSON_NUMBER_TYPES, numberOf } from "./source-expressions.js";

/** The events table of a run, as the translator's schema names it. */
export const EVENTS_TABLE = "events";
/** The distinct users of the valid events: the profiles when no profiles file is given. */
export const EVENT_USERS_TABLE = "nk_event_users";

/** The fields of an event line; other columns of a CSV or Parquet file are the properties. */
const EVENT_FIELDS = ["userId", "name", "time", "id", "properties"] as const;

export interface LoadedEvents {
  /** The events part of the translator's schema. */
  readonly schema: NonNullable<AudienceSchema["events"]>;
  /** Lines (rows) that are events. */
  readonly events: number;
  /** Lines skipped, by reason (the replay's reasons: `invalid-time`, `not-json`…). */
  readonly skipped: ReadonlyMap<SkipReason, number>;
  /** Events the aggregates would fold: tracked by the policy, not later than now + maxFutureMs, a repeated id once. */
  readonly folded: number;
  /** Events of a user with an id seen before for that user (a redelivery), not counted again. */
  readonly duplicates: number;
}

/** The columns every source gives the checked lines: why a line is skipped (NULL: an event), and its fields. */
interface CheckedLines {
  /** A SELECT of reason, user_id, name, time_ms, event_id, properties (JSON objects only) and each property column. */
  readonly select: string;
  readonly json: boolean;
  /** Per tracked property: its column in the checked lines. */
  readonly propertyColumns: ReadonlyMap<string, string>;
}

/** Why a line is skipped, in the replay's order of checks (parseEventObject), from the columns of `fields`. */
const reasonOf = (objectCheck: string): string => `CASE
    ${objectCheck}
    WHEN user_id IS NULL THEN 'invalid-user-id'
    WHEN name IS NULL THEN 'invalid-name'
    WHEN time_ms IS NULL OR NOT (time_ms BETWEEN 0 AND ${LATEST_EVENT_TIME}) THEN 'invalid-time'
    WHEN id_given AND event_id IS NULL THEN 'invalid-id'
    WHEN properties_given AND (properties IS NULL OR json_type(properties) <> 'OBJECT' OR (length(CAST(properties AS VARCHAR)) - length(replace(replace(CAST(properties AS VARCHAR), '{', ''), '[', '')) > ${MAX_PROPERTIES_DEPTH} AND nudgekit_nests_deeper(CAST(properties AS VARCHAR)))) THEN 'invalid-properties'
  END`;

const checkedColumns = (propertyColumns: Iterable<string>): string =>
  ["reason", "user_id", "name", "time_ms", "event_id", "CASE WHEN json_type(properties) = 'OBJECT' THEN properties END AS properties", ...propertyColumns].join(", ");

/** JSON lines: each line read as JSON by DuckDB (a line that is not JSON is NULL), its fields checked as the replay checks them. */
function jsonLines(path: string): CheckedLines {
  const text = (value: string) => `(CASE WHEN json_type(${value}) = 'VARCHAR' AND ${isShortName(`(${value} ->> '$')`)} THEN ${value} ->> '$' END)`;
  // A number that JSON.parse reads as ±Infinity (1e400) is not an id.
  const id = (value: string) => `(CASE WHEN json_type(${value}) IN ${JSON_NUMBER_TYPES} THEN (CASE WHEN isfinite(CAST(${value} AS DOUBLE)) THEN nudgekit_number_text(CAST(${value} AS DOUBLE)) END) ELSE ${text(value)} END)`;
  const fields = `SELECT line,
      ${id("u")} AS user_id,
      ${text("n")} AS name,
      (CASE WHEN json_type(t) = 'VARCHAR' THEN nudgekit_iso_instant(t ->> '$') WHEN json_type(t) IN ${JSON_NUMBER_TYPES} THEN CAST(t AS DOUBLE) END) AS time_ms,
      (i IS NOT NULL AND json_type(i) <> 'NULL') AS id_given,
      ${id("i")} AS event_id,
      (p IS NOT NULL) AS properties_given,
      p AS properties
    FROM (SELECT json AS line, f[1] AS u, f[2] AS n, f[3] AS t, f[4] AS i, f[5] AS p
      FROM (SELECT json, json_extract(json, ['$.userId', '$.name', '$.time', '$.id', '$.properties']) AS f FROM read_ndjson_objects(${sqlString(path)}, ignore_errors = true)))`;
  const reason = reasonOf("WHEN line IS NULL THEN 'not-json' WHEN json_type(line) <> 'OBJECT' THEN 'not-an-object'");
  return { select: `SELECT ${reason} AS reason, ${checkedColumns([])} FROM (${fields})`, json: true, propertyColumns: new Map() };
}

/** A CSV or Parquet file: a column per event field (`userId`, `name`, `time`, `id`?, `properties`?) and per tracked property (`amount` or `properties.amount`). */
function table(source: string, columns: readonly SourceColumn[], file: string, properties: readonly string[]): CheckedLines {
  const byName = new Map(columns.map((entry) => [entry.name, entry]));
  const expression = (field: string, read: (expression: string, kind: ReturnType<typeof columnKind>) => string | undefined, what: string): string | undefined => {
    const found = byName.get(field);
    if (found === undefined) return undefined;
    const sql = read(column(found.name), columnKind(found.type));
    if (sql === undefined) throw new AudienceInputError(`${file}: the ${field} column is ${found.type}: expected ${what}`);
    return sql;
  };
  const missing = ["userId", "name", "time"].filter((field) => !byName.has(field));
  if (missing.length > 0) {
    throw new AudienceInputError(`${file} has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}: an events file has the columns userId, name, time, and optionally id, properties (a JSON object) and one per tracked property (its columns: ${columns.map((entry) => entry.name).join(", ") || "none"})`);
  }
  const userId = expression("userId", idText, "text or a number") as string;
  const name = expression("name", (sql, kind) => (kind === "text" ? sql : undefined), "text") as string;
  const time = expression("time", epochMsOf, "epoch milliseconds, an ISO 8601 instant with an offset, or a TIMESTAMP (UTC)") as string;
  const id = expression("id", idText, "text or a number");
  const bag = expression("properties", (sql, kind) => (kind === "json" ? sql : kind === "object" ? `to_json(${sql})` : kind === "text" ? `(CASE WHEN json_valid(${sql}) THEN CAST(${sql} AS JSON) END)` : undefined), "a JSON object (JSON, a STRUCT, a MAP, or text)");
  const propertyColumns = new Map<string, string>();
  const selected: string[] = [];
  properties.forEach((property, index) => {
    const found = [`properties.${property}`, property].find((name) => byName.has(name) && !(EVENT_FIELDS as readonly string[]).includes(name));
    // A property with no column and no properties object: no event has it (as in a line without it).
    if (found === undefined && bag !== undefined) return;
    const sql = found === undefined ? "CAST(NULL AS DOUBLE)" : numberOf(column(found), columnKind(byName.get(found)!.type));
    propertyColumns.set(property, `p_${index + 1}`);
    selected.push(`${sql} AS p_${index + 1}`);
  });
  const fields = `SELECT
      (CASE WHEN ${isShortName(userId)} THEN ${userId} END) AS user_id,
      (CASE WHEN ${isShortName(name)} THEN ${name} END) AS name,
      ${time} AS time_ms,
      ${id === undefined ? "FALSE" : `(${column("id")} IS NOT NULL)`} AS id_given,
      ${id === undefined ? "CAST(NULL AS VARCHAR)" : `(CASE WHEN ${isShortName(id)} THEN ${id} END)`} AS event_id,
      ${bag === undefined ? "FALSE" : `(${column("properties")} IS NOT NULL)`} AS properties_given,
      ${bag ?? "CAST(NULL AS JSON)"} AS properties${selected.map((entry) => `,\n      ${entry}`).join("")}
    FROM ${source}`;
  return { select: `SELECT ${reasonOf("")} AS reason, ${checkedColumns(propertyColumns.values())} FROM (${fields})`, json: bag !== undefined, propertyColumns };
}

/** The reader of a CSV or Parquet file: every CSV cell as text (as in a JSON line, `007` stays a user id, not the number 7). */
function tableReader(path: string, format: "csv" | "parquet"): string {
  return format === "csv" ? `read_csv(${sqlString(path)}, header = true, all_varchar = true)` : `read_parquet(${sqlString(path)})`;
}

/** The columns of a view, in order. */
export async function columnsOf(database: AudienceDatabase, view: string): Promise<SourceColumn[]> {
  return (await database.rows(`DESCRIBE ${column(view)}`)).map((row) => ({ name: String(row["column_name"]), type: String(row["column_type"]) }));
}

/** The numeric properties the policy tracks, by name (sorted): one column each. */
const trackedProperties = (policy: AggregatePolicy): string[] => [...new Set([...policy.events.values()].flatMap((event) => [...event.properties.keys()]))].sort();

/**
 * Loads the events of `path` (a local file, read with DuckDB) into the events table. A line is
 * checked as the replay checks it (`parseEventObject`) and skipped for the same reasons; the table
 * then holds what `foldEvents` at `now` folds: the events the policy tracks, none later than
 * now + maxFutureMs, and an event id repeated for a user only once (the first of the repeats in
 * name, time and properties order).
 *
 * @throws AudienceInputError when the file cannot be read or lacks a column an event needs
 */
export async function loadEvents(database: AudienceDatabase, path: string, file: string, format: InputFormat, policy: AggregatePolicy, now: number): Promise<LoadedEvents> {
  const properties = trackedProperties(policy);
  let checked: CheckedLines;
  try {
    if (format === "jsonl") checked = jsonLines(path);
    else {
      await database.run(`CREATE VIEW nk_event_source AS SELECT * FROM ${tableReader(path, format)}`);
      checked = table("nk_event_source", await columnsOf(database, "nk_event_source"), file, properties);
    }
    await database.run(`CREATE TABLE nk_event_lines AS ${checked.select}`);
  } catch (error) {
    if (error instanceof AudienceInputError) throw error;
    throw new AudienceInputError(`cannot read ${file} as ${format === "jsonl" ? "JSON lines" : format === "csv" ? "CSV" : "Parquet"}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const skipped = new Map<SkipReason, number>();
  let events = 0;
  for (const row of await database.rows("SELECT reason, count(*) AS lines FROM nk_event_lines GROUP BY reason ORDER BY reason")) {
    if (row["reason"] === null) events = Number(row["lines"]);
    else skipped.set(row["reason"] as SkipReason, Number(row["lines"]));
  }
  await database.run(`CREATE TABLE ${EVENT_USERS_TABLE} AS SELECT DISTINCT user_id AS id FROM nk_event_lines WHERE reason IS NULL`);

  await database.run("CREATE TABLE nk_tracked (name VARCHAR)");
  for (const name of policy.events.keys()) await database.run("INSERT INTO nk_tracked VALUES ($1)", [name]);
  const accepted = "reason IS NULL AND time_ms <= CAST($1 AS DOUBLE) AND name IN (SELECT name FROM nk_tracked)";
  const propertyColumns = [...checked.propertyColumns.values()];
  // The order compareEvents keeps among repeats (name, time, then property values), with ties broken by the rest of the line: the same row on every run.
  const order = ["name", "time_ms", "CAST(properties AS VARCHAR) NULLS FIRST", ...propertyColumns.map((name) => `${name} NULLS FIRST`)].join(", ");
  const limit = now + policy.maxFutureMs;
  await database.run(
    `CREATE TABLE ${EVENTS_TABLE} AS SELECT user_id, name, make_timestamp(CAST(floor(time_ms * 1000) AS BIGINT)) AS time, properties${propertyColumns.map((name) => `, ${name}`).join("")}
     FROM nk_event_lines WHERE ${accepted}
     QUALIFY event_id IS NULL OR row_number() OVER (PARTITION BY user_id, event_id ORDER BY ${order}) = 1`,
    [limit],
  );
  const [counts] = await database.rows(`SELECT (SELECT count(*) FROM nk_event_lines WHERE ${accepted}) AS candidates, (SELECT count(*) FROM ${EVENTS_TABLE}) AS folded`, [limit]);
  await database.run("DROP TABLE nk_event_lines");
  const folded = Number(counts?.["folded"] ?? 0);
  const columns: Record<string, string> = {};
  for (const [property, name] of checked.propertyColumns) Object.defineProperty(columns, property, { value: name, enumerable: true });
  const schema = {
    table: EVENTS_TABLE,
    userId: "user_id",
    name: "name",
    time: "time",
    ...(Object.keys(columns).length === 0 ? {} : { properties: columns }),
    ...(checked.json ? { json: "properties" } : {}),
  };
  return { schema, events, skipped, folded, duplicates: Number(counts?.["candidates"] ?? 0) - folded };
}
