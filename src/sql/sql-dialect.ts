/** How each database spells what the translation writes: identifiers, parameters, types. */
export interface SqlDialect {
  readonly name: "duckdb" | "postgres";
  /** A quoted identifier: double quotes, an inner quote doubled. */
  quote(identifier: string): string;
  /** The placeholder of the `index`-th (1-based) bound parameter. */
  parameter(index: number): string;
  /** The SQL type of JSON numbers. */
  readonly doubleType: string;
  readonly textType: string;
  /** Whole days from the date `from` to the date `to` (an integer). */
  daysBetween(from: string, to: string): string;
  /** Epoch milliseconds of a UTC TIMESTAMP. */
  epochMs(timestamp: string): string;
}

const quote = (identifier: string): string => {
  if (identifier.length === 0 || identifier.includes("\u0000")) throw new TypeError(`an identifier must be a non-empty name without NUL characters, got ${JSON.stringify(identifier)}`);
  return `"${identifier.replaceAll('"', '""')}"`;
};

export const DUCKDB: SqlDialect = Object.freeze({ name: "duckdb", quote, parameter: (index: number) => `$${index}`, doubleType: "DOUBLE", textType: "VARCHAR", daysBetween: (from: string, to: string) => `date_diff('day', ${from}, ${to})`, epochMs: (timestamp: string) => `epoch_ms(${timestamp})` });
export const POSTGRES: SqlDialect = Object.freeze({ name: "postgres", quote, parameter: (index: number) => `$${index}`, doubleType: "DOUBLE PRECISION", textType: "TEXT", daysBetween: (from: string, to: string) => `(${to} - ${from})`, epochMs: (timestamp: string) => `(EXTRACT(EPOCH FROM ${timestamp} AT TIME ZONE 'UTC') * 1000)` });

export const SQL_DIALECTS = Object.freeze({ duckdb: DUCKDB, postgres: POSTGRES });
export type SqlDialectName = keyof typeof SQL_DIALECTS;
