/// <reference types="node" />
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

/** Each non-blank line of a JSON-lines file with its 1-based number, streamed (files can be large). */
export async function* jsonLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() !== "") yield { line, text };
  }
}
