/**
 * How each database spells what the translation writes: identifiers, parameters, types, dates.
 * DuckDB and PostgreSQL run in the tests; BigQuery, Spark and Trino are checked against golden SQL
 * (test/sql/golden) and their differences are listed in docs/audiences.md.
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** A quoted identifier (the dialect's quotes, an inner quote escaped); refuses empty names and NUL. */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th (1-based) bound parameter. */
  parameter(index: number): string;
  /** Whether placeholders are positional (`?`): a value used twice is bound twice. */
  readonly positional: boolean;
  /** The SQL type of JSON numbers. */
  readonly doubleType: string;
  readonly textType: string;
  /** A column read as a number: a plain CAST, or the dialect's safe cast (NULL for what is not a number). */
  toDouble(expression: string): string;
  /** Whole days from the date `from` to the date `to` (an integer). */
  daysBetween(from: string, to: string): string;
  /** Epoch milliseconds of a UTC TIMESTAMP. */
  epochMs(timestamp: string): string;
  /** Whether the text `needle` occurs in the text `haystack` (both non-NULL): a condition. */
  contains(haystack: string, needle: string): string;
  /** Whether the text matches the regular expression (a bound RE2 / POSIX-compatible pattern, anchored by itself). */
  matches(text: string, pattern: string): string;
  /** The `n`-th (1-based) piece of the text split at `delimiter` (a one-character literal), `''` or NULL past the last. */
  splitPart(text: string, delimiter: string, n: number): string;
  /**
   * Where the dialect has wide integers and bit functions (DuckDB's HUGEINT): an event's days as
   * one bit mask per user (bit k: an event k days before today), its streak computed from the mask
   * in the one aggregation instead of a gaps-and-islands table. Undefined elsewhere.
   */
  readonly dayMask: DayMask | undefined;
  /**
   * The member `property` of a JSON column as a number when it is a JSON number, NULL otherwise;
   * `bind` binds a text value. Undefined where the dialect cannot tell a JSON number from a string.
   */
  readonly jsonNumber: ((column: string, property: string, bind: (value: string) => string) => string) | undefined;
}

/** Streaks from a per-user bit mask of event days (see SqlDialect.dayMask). */
export interface DayMask {
  /** The most days a mask holds (bit 0 is today). */
  readonly days: number;
  /** The bit of an event `daysAgo` days before today (an integer expression), to OR together. */
  bit(daysAgo: string): string;
  /** The OR of the bits over a user's rows (an aggregate; NULL without rows). */
  or(bits: string): string;
  /**
   * The streak in `mask` (non-NULL) keeping only its lowest `kept` bits (an integer expression,
   * clamped to 0 … days): the run of ones from bit 0, or from bit 1 when bit 0 is clear.
   */
  streak(mask: string, kept: string): string;
  /** The ones among the lowest `days` bits of `mask` (non-NULL; `days` clamped to 0 … days): the days with an event. */
  count(mask: string, days: string): string;
}

const DUCKDB_DAY_MASK: DayMask = Object.freeze({
  days: 126,
  bit: (daysAgo: string) => `(CAST(1 AS HUGEINT) << CAST(${daysAgo} AS HUGEINT))`,
  or: (bits: string) => `bit_or(${bits})`,
  streak: (mask: string, kept: string) => {
    const m = `(${mask} & ((CAST(1 AS HUGEINT) << CAST(least(126, greatest(0, ${kept})) AS HUGEINT)) - 1))`;
    // m & ~(m + 1) keeps the trailing ones.
    const trailing = (x: string) => `bit_count(${x} & ~(${x} + 1))`;
    return `(CASE WHEN ${m} & 1 = 1 THEN ${trailing(m)} WHEN ${m} & 2 = 2 THEN ${trailing(`(${m} >> 1)`)} ELSE 0 END)`;
  },
  count: (mask: string, days: string) => `bit_count(${mask} & ((CAST(1 AS HUGEINT) << CAST(least(126, greatest(0, ${days})) AS HUGEINT)) - 1))`,
});

const nameCheck = (identifier: string): string => {
  if (identifier.length === 0 || identifier.includes("\u0000")) throw new TypeError(`an identifier must be a non-empty name without NUL characters, got ${JSON.stringify(identifier)}`);
  return identifier;
};
/** ANSI quoting: double quotes, an inner one doubled. */
const doubleQuote = (identifier: string): string => `"${nameCheck(identifier).replaceAll('"', '""')}"`;
/** Backticks, an inner one doubled (Spark SQL). */
const backtickDoubled = (identifier: string): string => `\`${nameCheck(identifier).replaceAll("`", "``")}\``;
/** Backticks with backslash escapes (BigQuery's quoted identifiers are string-like). */
const backtickEscaped = (identifier: string): string => `\`${nameCheck(identifier).replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("\n", "\\n").replaceAll("\r", "\\r")}\``;

/** A JSON path `$.name` for dialects whose paths are JSONPath: only plain names (others are refused by jsonNumber's caller). */
export const PLAIN_JSON_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A JSON pointer (RFC 6901) to one member. */
const pointerTo = (property: string): string => `/${property.replaceAll("~", "~0").replaceAll("/", "~1")}`;

export const DUCKDB: SqlDialect = Object.freeze({
  name: "duckdb",
  quote: doubleQuote,
  parameter: (index: number) => `$${index}`,
  positional: false,
  doubleType: "DOUBLE",
  textType: "VARCHAR",
  toDouble: (expression: string) => `CAST(${expression} AS DOUBLE)`,
  daysBetween: (from: string, to: string) => `date_diff('day', ${from}, ${to})`,
  epochMs: (timestamp: string) => `epoch_ms(${timestamp})`,
  contains: (haystack: string, needle: string) => `(strpos(${haystack}, ${needle}) > 0)`,
  matches: (text: string, pattern: string) => `regexp_matches(${text}, ${pattern})`,
  splitPart: (text: string, delimiter: string, n: number) => `split_part(${text}, '${delimiter}', ${n})`,
  dayMask: DUCKDB_DAY_MASK,
  jsonNumber: (column: string, property: string, bind: (value: string) => string) => {
    const pointer = bind(pointerTo(property));
    return `(CASE WHEN json_type(${column}, CAST(${pointer} AS VARCHAR)) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN CAST(json_extract(${column}, CAST(${pointer} AS VARCHAR)) AS DOUBLE) END)`;
  },
});

export const POSTGRES: SqlDialect = Object.freeze({
  name: "postgres",
  quote: doubleQuote,
  parameter: (index: number) => `$${index}`,
  positional: false,
  doubleType: "DOUBLE PRECISION",
  textType: "TEXT",
  toDouble: (expression: string) => `CAST(${expression} AS DOUBLE PRECISION)`,
  daysBetween: (from: string, to: string) => `(${to} - ${from})`,
  epochMs: (timestamp: string) => `(EXTRACT(EPOCH FROM ${timestamp} AT TIME ZONE 'UTC') * 1000)`,
  contains: (haystack: string, needle: string) => `(strpos(${haystack}, ${needle}) > 0)`,
  matches: (text: string, pattern: string) => `(${text} ~ ${pattern})`,
  splitPart: (text: string, delimiter: string, n: number) => `split_part(${text}, '${delimiter}', ${n})`,
  dayMask: undefined,
  jsonNumber: (column: string, property: string, bind: (value: string) => string) => {
    const name = bind(property);
    return `(CASE WHEN jsonb_typeof(CAST(${column} AS jsonb) -> CAST(${name} AS TEXT)) = 'number' THEN CAST(CAST(${column} AS jsonb) ->> CAST(${name} AS TEXT) AS DOUBLE PRECISION) END)`;
  },
});

/** BigQuery (GoogleSQL): named parameters `@p1`, SAFE_CAST, DATE_DIFF(to, from, DAY), UNIX_MILLIS. */
export const BIGQUERY: SqlDialect = Object.freeze({
  name: "bigquery",
  quote: backtickEscaped,
  parameter: (index: number) => `@p${index}`,
  positional: false,
  doubleType: "FLOAT64",
  textType: "STRING",
  toDouble: (expression: string) => `SAFE_CAST(${expression} AS FLOAT64)`,
  daysBetween: (from: string, to: string) => `DATE_DIFF(${to}, ${from}, DAY)`,
  epochMs: (timestamp: string) => `UNIX_MILLIS(${timestamp})`,
  contains: (haystack: string, needle: string) => `(STRPOS(${haystack}, ${needle}) > 0)`,
  matches: (text: string, pattern: string) => `REGEXP_CONTAINS(${text}, ${pattern})`,
  splitPart: (text: string, delimiter: string, n: number) => `SPLIT(${text}, '${delimiter}')[SAFE_OFFSET(${n - 1})]`,
  dayMask: undefined,
  jsonNumber: (column: string, property: string, bind: (value: string) => string) => {
    const path = bind(`$.${property}`);
    return `(CASE WHEN JSON_TYPE(JSON_QUERY(${column}, ${path})) = 'number' THEN SAFE.FLOAT64(JSON_QUERY(${column}, ${path}), wide_number_mode => 'round') END)`;
  },
});

/** Spark SQL (ANSI mode): named parameters `:p1` (spark.sql(text, args)), try_cast, datediff, unix_millis; the session time zone must be UTC. */
export const SPARK: SqlDialect = Object.freeze({
  name: "spark",
  quote: backtickDoubled,
  parameter: (index: number) => `:p${index}`,
  positional: false,
  doubleType: "DOUBLE",
  textType: "STRING",
  toDouble: (expression: string) => `try_cast(${expression} AS DOUBLE)`,
  daysBetween: (from: string, to: string) => `datediff(${to}, ${from})`,
  epochMs: (timestamp: string) => `unix_millis(${timestamp})`,
  contains: (haystack: string, needle: string) => `(instr(${haystack}, ${needle}) > 0)`,
  // get_json_object answers text: a JSON number and a JSON string look the same.
  matches: (text: string, pattern: string) => `(${text} RLIKE ${pattern})`,
  splitPart: (text: string, delimiter: string, n: number) => `split_part(${text}, '${delimiter}', ${n})`,
  dayMask: undefined,
  jsonNumber: undefined,
});

/** Trino: positional parameters `?` (EXECUTE … USING), try_cast, date_diff, to_unixtime; the session time zone must be UTC. */
export const TRINO: SqlDialect = Object.freeze({
  name: "trino",
  quote: doubleQuote,
  parameter: () => "?",
  positional: true,
  doubleType: "DOUBLE",
  textType: "VARCHAR",
  toDouble: (expression: string) => `try_cast(${expression} AS DOUBLE)`,
  daysBetween: (from: string, to: string) => `date_diff('day', ${from}, ${to})`,
  epochMs: (timestamp: string) => `(to_unixtime(${timestamp}) * 1000)`,
  contains: (haystack: string, needle: string) => `(strpos(${haystack}, ${needle}) > 0)`,
  matches: (text: string, pattern: string) => `regexp_like(${text}, ${pattern})`,
  splitPart: (text: string, delimiter: string, n: number) => `split_part(${text}, '${delimiter}', ${n})`,
  dayMask: undefined,
  jsonNumber: (column: string, property: string, bind: (value: string) => string) => {
    const path = bind(`$.${property}`);
    return `(CASE WHEN regexp_like(json_format(json_extract(${column}, ${path})), '^-?[0-9]') THEN CAST(json_extract(${column}, ${path}) AS DOUBLE) END)`;
  },
});

export const SQL_DIALECTS = Object.freeze({ duckdb: DUCKDB, postgres: POSTGRES, bigquery: BIGQUERY, spark: SPARK, trino: TRINO });
export type SqlDialectName = "duckdb" | "postgres" | "bigquery" | "spark" | "trino";
