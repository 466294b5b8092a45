/**
 * SQL expressions (DuckDB) that read a value of a CSV or Parquet column as nudgekit reads it in an
 * event line: an id as text, a time as epoch milliseconds. Undefined for a column of a kind that
 * cannot hold one.
 */
import { DUCKDB } from "../../sql/sql-dialect.js";
import type { ColumnKind } from "./duckdb-column-types.js";

/** A column of the source, quoted. */
export const column = (name: string): string => DUCKDB.quote(name);

/** The JSON number types `json_type` answers. */
export const JSON_NUMBER_TYPES = "('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE')";

/**
 * An id (a user's, an event's) as text: text as it is, a number as JavaScript writes it
 * (`String(7)`: "7"), NULL for a number that is not finite.
 */
export function idText(expression: string, kind: ColumnKind): string | undefined {
  switch (kind) {
    case "text":
      return expression;
    case "integer":
      return `CAST(${expression} AS VARCHAR)`;
    case "float":
      return `(CASE WHEN isfinite(CAST(${expression} AS DOUBLE)) THEN nudgekit_number_text(CAST(${expression} AS DOUBLE)) END)`;
    default:
      return undefined;
  }
}

/** A time as epoch milliseconds (a DOUBLE): text is epoch ms written as a number or an ISO 8601 instant with an offset; a TIMESTAMP without a zone is UTC. */
export function epochMsOf(expression: string, kind: ColumnKind): string | undefined {
  switch (kind) {
    case "text":
      return `nudgekit_text_instant(${expression})`;
    case "integer":
    case "float":
      return `CAST(${expression} AS DOUBLE)`;
    case "timestamp":
    case "date":
      return `(CAST(epoch_us(CAST(${expression} AS TIMESTAMP)) AS DOUBLE) / 1000)`;
    case "timestamp-with-zone":
      return `(CAST(epoch_us(${expression}) AS DOUBLE) / 1000)`;
    default:
      return undefined;
  }
}

/** A number, or NULL where the value is not one (text that does not read as a number, a boolean…). */
export function numberOf(expression: string, kind: ColumnKind): string {
  switch (kind) {
    case "integer":
    case "float":
      return `CAST(${expression} AS DOUBLE)`;
    case "text":
      return `TRY_CAST(${expression} AS DOUBLE)`;
    default:
      return "CAST(NULL AS DOUBLE)";
  }
}

/**
 * Whether a text is a name an event line accepts (a user id, an event name, an event id): 1 to 256
 * UTF-16 code units, as JavaScript counts them (a character beyond U+FFFF counts 2).
 */
export const isShortName = (text: string): string =>
  `(length(${text}) BETWEEN 1 AND 256 AND (length(${text}) <= 128 OR length(${text}) + length(regexp_replace(${text}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) <= 256))`;
