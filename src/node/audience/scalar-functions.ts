import type { DuckDBConnection, DuckDBScalarMainFunction, DuckDBType } from "@duckdb/node-api";
import { MAX_PROPERTIES_DEPTH, nestsDeeperThan } from "../../replay/replay-input.js";
import { parseIsoInstant } from "../../time/timestamp.js";
import type { DuckDbModule } from "./duckdb-module.js";

/** A number written as text (CSV has no types): epoch milliseconds there. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `nudgekit_iso_instant(text)`: epoch ms of an ISO 8601 instant with an offset (or a date), as an event line's `time` is read; NULL otherwise. */
const isoInstant = (text: string): number | null => parseIsoInstant(text) ?? null;

/** `nudgekit_text_instant(text)`: a time written in a CSV cell or a text column: epoch ms as a number, or an ISO 8601 instant with an offset. */
const textInstant = (text: string): number | null => (NUMBER_TEXT.test(text) ? Number(text) : (parseIsoInstant(text) ?? null));

/** `nudgekit_number_text(number)`: a number as JavaScript writes it (`String(7)` is "7", not DuckDB's "7.0"), as an event's numeric user id is read. */
const numberText = (value: number): string => String(value);

/** `nudgekit_nests_deeper(json)`: whether a properties object nests deeper than an event line may (the replay's limit). */
const nestsDeeper = (json: string): boolean => {
  try {
    return nestsDeeperThan(JSON.parse(json), MAX_PROPERTIES_DEPTH);
  } catch {
    return true;
  }
};

/** A vectorised function of one argument: DuckDB passes NULL through without calling it. */
function unary<T, R>(apply: (value: T) => R): DuckDBScalarMainFunction {
  return (_info, input, output) => {
    const values = input.getColumnVector(0);
    for (let row = 0; row < input.rowCount; row++) {
      const value = values.getItem(row) as T | null;
      output.setItem(row, (value === null ? null : apply(value)) as never);
    }
    output.flush();
  };
}

/**
 * Registers the functions the loading queries read events and profiles with, each nudgekit's own
 * reading of a value (the event log's, to the bit), where DuckDB's casts read it otherwise: an ISO
 * instant's offset (DuckDB's TIMESTAMP cast drops it), a number's text, the properties' depth.
 */
export function registerScalarFunctions(duck: DuckDbModule, connection: DuckDBConnection): void {
  const { DuckDBScalarFunction, VARCHAR, DOUBLE, BOOLEAN } = duck;
  const functions: [string, DuckDBType, DuckDBType, DuckDBScalarMainFunction][] = [
    ["nudgekit_iso_instant", VARCHAR, DOUBLE, unary(isoInstant)],
    ["nudgekit_text_instant", VARCHAR, DOUBLE, unary(textInstant)],
    ["nudgekit_number_text", DOUBLE, VARCHAR, unary(numberText)],
    ["nudgekit_nests_deeper", VARCHAR, BOOLEAN, unary(nestsDeeper)],
  ];
  for (const [name, parameter, returnType, mainFunction] of functions) {
    connection.registerScalarFunction(DuckDBScalarFunction.create({ name, mainFunction, returnType, parameterTypes: [parameter] }));
  }
}
