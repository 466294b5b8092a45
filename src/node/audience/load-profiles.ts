/**
 * A profiles file (JSON lines like the replay's users file, CSV or Parquet) loaded into DuckDB as
 * the profiles table the SQL translator reads: one row per user id, a column per profile path the
 * rules read, typed number, text or boolean.
 */
import type { AttributeColumn, AudienceSchema, ColumnType } from "../../sql/audience-schema.js";
import type { SkipReason } from "../../replay/replay-input.js";
import { AudienceInputError } from "./audience-input-error.js";
import { sqlString, type AudienceDatabase } from "./audience-database.js";
import { columnKind, type SourceColumn } from "./duckdb-column-types.js";
import type { InputFormat } from "./input-format.js";
import { columnsOf, EVENT_USERS_TABLE } from "./load-events.js";
import { profileKeysOf, profilePointerOf } from "./profile-paths.js";
import { column, idText, JSON_NUMBER_TYPES } from "./source-expressions.js";

export const PROFILES_TABLE = "profiles";

export interface LoadedProfiles {
  readonly schema: AudienceSchema["profiles"];
  /** Profiles in the table (one per id: the last line of an id given twice, as in the replay). */
  readonly profiles: number;
  /** Lines (rows) skipped, by reason. */
  readonly skipped: ReadonlyMap<SkipReason, number>;
  /** The paths the rules read that have no column, and why (a rule reading one cannot be translated). */
  readonly unreadable: ReadonlyMap<string, string>;
}

/** A profiles file to load. */
export interface ProfilesSource {
  /** What DuckDB reads (a local path). */
  readonly path: string;
  /** The file as the user named it, for messages. */
  readonly file: string;
  readonly format: InputFormat;
}

const attributeColumn = (index: number): string => `attribute_${index + 1}`;

/** The words for the JSON types of a path's values. */
const JSON_TYPE_WORDS: Readonly<Record<string, string>> = { VARCHAR: "text", BIGINT: "numbers", UBIGINT: "numbers", HUGEINT: "numbers", DOUBLE: "numbers", BOOLEAN: "booleans", OBJECT: "objects", ARRAY: "arrays" };

/** The column type of a path from the JSON types of its values, or why it has none. */
function typeOfValues(types: readonly string[]): ColumnType | string {
  const present = [...new Set(types.filter((type) => type !== "NULL"))];
  if (present.length === 0) return "no profile has it";
  if (present.every((type) => JSON_NUMBER_TYPES.includes(`'${type}'`))) return "number";
  if (present.length === 1 && present[0] === "VARCHAR") return "text";
  if (present.length === 1 && present[0] === "BOOLEAN") return "boolean";
  return `its values are ${[...new Set(present.map((type) => JSON_TYPE_WORDS[type] ?? type.toLowerCase()))].sort().join(" and ")}: SQL reads a column of numbers, of text or of booleans`;
}

/** A JSON value as the column of its type (NULL where the value is missing or null). */
function typedJson(value: string, type: ColumnType): string {
  switch (type) {
    case "number":
      return `(CASE WHEN json_type(${value}) IN ${JSON_NUMBER_TYPES} THEN CAST(${value} AS DOUBLE) END)`;
    case "text":
      return `(CASE WHEN json_type(${value}) = 'VARCHAR' THEN ${value} ->> '$' END)`;
    case "boolean":
      return `(CASE WHEN json_type(${value}) = 'BOOLEAN' THEN CAST(${value} AS BOOLEAN) END)`;
  }
}

interface Mapped {
  readonly attributes: Record<string, AttributeColumn>;
  readonly unreadable: Map<string, string>;
  readonly columns: string[];
}

const emptyMapping = (): Mapped => ({ attributes: {}, unreadable: new Map(), columns: [] });

/** Adds a path's column (own keys: a path may be "user.__proto__"). */
function mapPath(mapped: Mapped, path: string, sql: string, type: ColumnType): void {
  const name = attributeColumn(mapped.columns.length);
  mapped.columns.push(`${sql} AS ${name}`);
  Object.defineProperty(mapped.attributes, path, { value: { column: name, type }, enumerable: true });
}

/** JSON lines: a profile per line, `{ "id", … }`; each path's type from its values in the whole file. */
async function jsonLines(database: AudienceDatabase, source: ProfilesSource, paths: readonly string[]): Promise<Mapped> {
  const id = "(CASE WHEN json_type(i) = 'VARCHAR' AND length(i ->> '$') > 0 THEN i ->> '$' WHEN json_type(i) IN " + JSON_NUMBER_TYPES + " AND isfinite(CAST(i AS DOUBLE)) THEN nudgekit_number_text(CAST(i AS DOUBLE)) END)";
  const values = paths.length === 0 ? "" : `, json_extract(json, [${paths.map((path) => sqlString(profilePointerOf(path))).join(", ")}]) AS v`;
  await database.run(`CREATE TABLE nk_profile_rows AS
    SELECT CASE WHEN json IS NULL THEN 'not-json' WHEN json_type(json) <> 'OBJECT' THEN 'not-an-object' WHEN id IS NULL THEN 'invalid-user-id' END AS reason, id${paths.length === 0 ? "" : ", v"}
    FROM (SELECT json, ${id} AS id${values} FROM (SELECT json, json_extract(json, '$.id') AS i${values} FROM read_ndjson_objects(${sqlString(source.path)}, ignore_errors = true)))`);
  const mapped = emptyMapping();
  if (paths.length === 0) return mapped;
  const [types] = await database.rows(`SELECT ${paths.map((_, index) => `list(DISTINCT json_type(v[${index + 1}])) FILTER (WHERE v[${index + 1}] IS NOT NULL) AS t${index}`).join(", ")} FROM nk_profile_rows WHERE reason IS NULL`);
  paths.forEach((path, index) => {
    const type = typeOfValues(((types?.[`t${index}`] ?? []) as (string | null)[]).filter((entry): entry is string => entry !== null));
    if (type === "number" || type === "text" || type === "boolean") mapPath(mapped, path, typedJson(`v[${index + 1}]`, type), type);
    else mapped.unreadable.set(path, `${type} (in ${source.file})`);
  });
  return mapped;
}

/** The type of an expression over a view, or undefined when it does not bind (a missing struct field). */
async function typeOf(database: AudienceDatabase, expression: string, view: string): Promise<string | undefined> {
  try {
    const [row] = await database.rows(`DESCRIBE SELECT ${expression} AS v FROM ${column(view)}`);
    return row === undefined ? undefined : String(row["column_type"]);
  } catch {
    return undefined;
  }
}

/**
 * A CSV or Parquet file: an `id` column, and for a path `user.attributes.plan` a column named
 * `attributes.plan`, a STRUCT column `attributes` with a field `plan`, or a column `plan`; for
 * `user.platform`, a column `platform`.
 */
async function table(database: AudienceDatabase, source: ProfilesSource, paths: readonly string[]): Promise<Mapped> {
  const reader = (typed: boolean) =>
    source.format === "parquet"
      ? `read_parquet(${sqlString(source.path)})`
      : `read_csv(${sqlString(source.path)}, header = true, ${typed ? "auto_type_candidates = ['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR'], types = {'id': 'VARCHAR'}" : "all_varchar = true"})`;
  await database.run(`CREATE VIEW nk_profile_source AS SELECT * FROM ${reader(false)}`);
  let columns: SourceColumn[] = await columnsOf(database, "nk_profile_source");
  const idColumn = columns.find((entry) => entry.name === "id");
  if (idColumn === undefined) throw new AudienceInputError(`${source.file} has no id column: a profiles file has an id column and a column per attribute (its columns: ${columns.map((entry) => entry.name).join(", ") || "none"})`);
  if (source.format === "csv") {
    // The cells' types detected by DuckDB (numbers, booleans, text), the ids kept as text.
    await database.run(`CREATE OR REPLACE VIEW nk_profile_source AS SELECT * FROM ${reader(true)}`);
    columns = await columnsOf(database, "nk_profile_source");
  }
  const byName = new Map(columns.map((entry) => [entry.name, entry.type]));
  const id = idText(column("id"), columnKind(byName.get("id") ?? ""));
  if (id === undefined) throw new AudienceInputError(`${source.file}: the id column is ${byName.get("id")}: expected text or a number`);
  const mapped = emptyMapping();
  for (const path of paths) {
    const keys = profileKeysOf(path);
    const candidates: [string, string | undefined][] = [[column(keys.join(".")), byName.get(keys.join("."))]];
    if (keys.length > 1 && byName.has(keys[0] as string)) {
      const expression = keys.map(column).join(".");
      candidates.push([expression, await typeOf(database, expression, "nk_profile_source")]);
    }
    if (keys[0] === "attributes" && keys.length > 1) candidates.push([column(keys.slice(1).join(".")), byName.get(keys.slice(1).join("."))]);
    const found = candidates.find(([, type]) => type !== undefined);
    if (found === undefined) {
      mapped.unreadable.set(path, `${source.file} has no column for it (${keys[0] === "attributes" && keys.length > 1 ? `"${keys.join(".")}", or "${keys.slice(1).join(".")}"` : `"${keys.join(".")}"`})`);
      continue;
    }
    const [expression, type] = found as [string, string];
    const kind = columnKind(type);
    if (kind === "integer" || kind === "float") mapPath(mapped, path, `CAST(${expression} AS DOUBLE)`, "number");
    else if (kind === "text" || kind === "boolean") mapPath(mapped, path, expression, kind);
    else mapped.unreadable.set(path, `its column in ${source.file} is ${type}: SQL reads a column of numbers, of text or of booleans`);
  }
  await database.run(`CREATE TABLE nk_profile_rows AS SELECT CASE WHEN id IS NULL THEN 'invalid-user-id' END AS reason, * FROM (SELECT (CASE WHEN length(${id}) > 0 THEN ${id} END) AS id${mapped.columns.map((entry) => `, ${entry}`).join("")} FROM nk_profile_source)`);
  // The columns are now the table's own.
  mapped.columns.splice(0, mapped.columns.length, ...mapped.columns.map((_, index) => attributeColumn(index)));
  return mapped;
}

/**
 * Loads the profiles into the profiles table, with a column for each of `paths` (the profile paths
 * the rules read, `user.attributes.plan`) that holds values of one type. Without a profiles file,
 * the profiles are the users of the valid events, each only an id.
 *
 * @throws AudienceInputError when the file cannot be read or has no id column
 */
export async function loadProfiles(database: AudienceDatabase, source: ProfilesSource | undefined, paths: readonly string[]): Promise<LoadedProfiles> {
  if (source === undefined) {
    await database.run(`CREATE TABLE ${PROFILES_TABLE} AS SELECT id FROM ${EVENT_USERS_TABLE}`);
    const attributes: Record<string, AttributeColumn> = {};
    const unreadable = new Map<string, string>();
    for (const path of paths) {
      if (path === "user.id") attributes[path] = { column: "id", type: "text" };
      else unreadable.set(path, "no profiles file (--profiles): a user is the id of their events, with no attributes");
    }
    const [row] = await database.rows(`SELECT count(*) AS profiles FROM ${PROFILES_TABLE}`);
    return { schema: { table: PROFILES_TABLE, id: "id", attributes }, profiles: Number(row?.["profiles"] ?? 0), skipped: new Map(), unreadable };
  }
  let mapped: Mapped;
  try {
    mapped = source.format === "jsonl" ? await jsonLines(database, source, paths) : await table(database, source, paths);
  } catch (error) {
    if (error instanceof AudienceInputError) throw error;
    throw new AudienceInputError(`cannot read ${source.file} as ${source.format === "jsonl" ? "JSON lines" : source.format === "csv" ? "CSV" : "Parquet"}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const skipped = new Map<SkipReason, number>();
  for (const row of await database.rows("SELECT reason, count(*) AS lines FROM nk_profile_rows WHERE reason IS NOT NULL GROUP BY reason ORDER BY reason")) skipped.set(row["reason"] as SkipReason, Number(row["lines"]));
  // The last line of an id given twice, as the replay's users file (rowid: the file's order).
  await database.run(`CREATE TABLE ${PROFILES_TABLE} AS SELECT id${mapped.columns.map((entry) => `, ${entry}`).join("")} FROM nk_profile_rows WHERE reason IS NULL QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid DESC) = 1`);
  await database.run("DROP TABLE nk_profile_rows");
  const [row] = await database.rows(`SELECT count(*) AS profiles FROM ${PROFILES_TABLE}`);
  return { schema: { table: PROFILES_TABLE, id: "id", attributes: mapped.attributes }, profiles: Number(row?.["profiles"] ?? 0), skipped, unreadable: mapped.unreadable };
}
