/** What a column of a CSV or Parquet file holds, by its DuckDB type (as DESCRIBE writes it). */
export type ColumnKind = "text" | "integer" | "float" | "boolean" | "timestamp" | "timestamp-with-zone" | "date" | "json" | "object" | "other";

const KINDS: readonly (readonly [RegExp, ColumnKind])[] = [
  [/^VARCHAR$/, "text"],
  [/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/, "integer"],
  [/^(FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/, "float"],
  [/^BOOLEAN$/, "boolean"],
  [/^TIMESTAMP(_S|_MS|_NS)?$/, "timestamp"],
  [/^TIMESTAMP WITH TIME ZONE$/, "timestamp-with-zone"],
  [/^DATE$/, "date"],
  [/^JSON$/, "json"],
  [/^(STRUCT|MAP)\(/, "object"],
];

/**
 * The kind of a DuckDB column type.
 *
 * @example
 * columnKind("DECIMAL(10,2)"); // "float"
 * columnKind("TIMESTAMP_NS"); // "timestamp"
 * columnKind("VARCHAR[]"); // "other"
 */
export function columnKind(type: string): ColumnKind {
  return KINDS.find(([pattern]) => pattern.test(type))?.[1] ?? "other";
}

/** A column's name and DuckDB type, in file order. */
export interface SourceColumn {
  readonly name: string;
  readonly type: string;
}
