/** The file formats `nudgekit audience` reads, chosen by extension. */
export type InputFormat = "jsonl" | "csv" | "parquet";

const EXTENSIONS: readonly (readonly [RegExp, InputFormat])[] = [
  [/\.(jsonl|ndjson)(\.gz|\.zst)?$/i, "jsonl"],
  [/\.csv(\.gz|\.zst)?$/i, "csv"],
  [/\.parquet$/i, "parquet"],
];

/** The extensions accepted, for messages. */
export const INPUT_EXTENSIONS = ".jsonl or .ndjson (JSON lines), .csv, .parquet; .gz or .zst after .jsonl, .ndjson or .csv";

/**
 * The format of an input file by its extension, or undefined when it has none of them.
 *
 * @example
 * inputFormatOf("events.jsonl.gz"); // "jsonl"
 * inputFormatOf("profiles.parquet"); // "parquet"
 * inputFormatOf("events.json"); // undefined
 */
export function inputFormatOf(file: string): InputFormat | undefined {
  return EXTENSIONS.find(([pattern]) => pattern.test(file))?.[1];
}
