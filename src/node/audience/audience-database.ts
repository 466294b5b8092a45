import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from "@duckdb/node-api";
import type { DuckDbModule } from "./duckdb-module.js";
import { registerScalarFunctions } from "./scalar-functions.js";

/** A value bound to a query: what the SQL translator's `params` hold, and file paths. */
export type BoundValue = string | number | boolean | null;

/**
 * An in-process DuckDB database for one run of `nudgekit audience`: in memory (spilling to
 * `temporaryDirectory` when the data is larger), UTC as its time zone, no extension installed or
 * loaded from the network, and nudgekit's own readings of times and numbers as functions.
 */
export class AudienceDatabase {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(duck: DuckDbModule, temporaryDirectory: string): Promise<AudienceDatabase> {
    const instance = await duck.DuckDBInstance.create(":memory:", {
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      temp_directory: temporaryDirectory,
    });
    const connection = await instance.connect();
    const database = new AudienceDatabase(instance, connection);
    try {
      // Casts between TIMESTAMP WITH TIME ZONE and TIMESTAMP read the session's zone: UTC, as every event time is.
      await connection.run("SET TimeZone = 'UTC'");
      registerScalarFunctions(duck, connection);
    } catch (error) {
      database.close();
      throw error;
    }
    return database;
  }

  async run(sql: string, params: readonly BoundValue[] = []): Promise<void> {
    await this.connection.run(sql, params as DuckDBValue[]);
  }

  /** The rows of a query, as objects of JavaScript values (BIGINT as bigint). */
  async rows(sql: string, params: readonly BoundValue[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, params as DuckDBValue[])).getRowObjectsJS();
  }

  /** Streams a query's first column, a chunk of rows at a time (memory holds one chunk); resolves to the number of rows. */
  async streamFirstColumn(sql: string, params: readonly unknown[], onChunk: (values: readonly unknown[]) => Promise<void> | void): Promise<number> {
    const result = await this.connection.stream(sql, params as DuckDBValue[]);
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) return rows;
      const column = chunk.getColumnVector(0);
      const values: unknown[] = [];
      for (let row = 0; row < chunk.rowCount; row++) values.push(column.getItem(row));
      rows += values.length;
      await onChunk(values);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * A text as a SQL string literal (an inner quote doubled; DuckDB reads no backslash escapes in
 * one). For what cannot be a bound parameter: a view's file path.
 *
 * @example
 * sqlString("it's.csv"); // "'it''s.csv'"
 */
export function sqlString(text: string): string {
  if (text.includes("\u0000")) throw new TypeError("a SQL string must not contain NUL characters");
  return `'${text.replaceAll("'", "''")}'`;
}
