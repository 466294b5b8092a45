import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";

/**
 * A JSON lines file as DuckDB can read it: the file itself, or, when it starts with a UTF-8 byte
 * order mark (editors on Windows write one; the replay accepts it), a copy without the mark in
 * `folder`, named `copyName` (DuckDB would read the first line as not JSON).
 *
 * @example
 * await withoutByteOrderMark("events.jsonl", () => temporary.path(), "events.jsonl"); // "events.jsonl": it has no mark
 */
export async function withoutByteOrderMark(file: string, folder: () => Promise<string>, copyName: string): Promise<string> {
  const handle = await open(file, "r");
  let start: Buffer;
  try {
    start = Buffer.alloc(3);
    const { bytesRead } = await handle.read(start, 0, 3, 0);
    if (bytesRead < 3 || start[0] !== 0xef || start[1] !== 0xbb || start[2] !== 0xbf) return file;
  } finally {
    await handle.close();
  }
  const copy = join(await folder(), copyName);
  await pipeline(createReadStream(file, { start: 3 }), createWriteStream(copy));
  return copy;
}
