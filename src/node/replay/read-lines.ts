/// <reference types="node" />
import { constants as bufferConstants } from "node:buffer";
import { createReadStream } from "node:fs";

/** One line of a file. `text` is null when the line is longer than the limit (it was not kept). */
export interface FileLine {
  /** 1-based, counting every line of the file. */
  readonly line: number;
  readonly text: string | null;
  /** Its length in bytes, without the line break. */
  readonly bytes: number;
  /** With the `route` option: the part its bytes say the line belongs to (null: they do not say). */
  readonly part?: number | null;
}

/** The report of a line over the limit (skipped: it was never read into memory). */
export function lineTooLong(line: FileLine, limit: number): { line: number; reason: "line-too-long"; message: string } {
  return { line: line.line, reason: "line-too-long", message: `line of ${line.bytes.toLocaleString("en-US")} bytes is longer than the limit of ${limit.toLocaleString("en-US")} bytes` };
}

/** The lines that one read from disk completed, and how far into the file it got. */
export interface LineBatch {
  readonly lines: readonly FileLine[];
  readonly bytesRead: number;
}

export interface ReadLinesOptions {
  /** Longer lines are reported with `text: null`, never held in memory (a 1 GB line cannot be a string). */
  readonly maxLineBytes: number;
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /**
   * For a reader that wants one part of a big file: `of` reads a line's part from its bytes, before
   * decoding them (null: it cannot tell); lines of a part other than `keep` are counted but neither
   * decoded nor yielded, the others carry their `part`.
   */
  readonly route?: { readonly of: (bytes: Buffer) => number | null; readonly keep: number };
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The non-blank lines of a UTF-8 text file, streamed in batches (one per read from disk), with their
 * line numbers. A byte order mark at the start of the file is dropped; "\r\n" line breaks are fine.
 * Memory holds one read and one line at most: a line over `maxLineBytes` is counted, not kept.
 */
export async function* readLines(path: string, options: ReadLinesOptions): AsyncGenerator<LineBatch> {
  // A longer line could not become a string at all (V8's limit): it is skipped like any line over the limit.
  const maxLineBytes = Math.min(options.maxLineBytes, bufferConstants.MAX_STRING_LENGTH);
  const route = options.route;
  const input = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1 << 20 });
  /** The start of the current line, from earlier reads (empty once it is over the limit). */
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let bytesRead = 0;
  let atStart = true;

  const finish = (tail: Buffer, into: FileLine[]): void => {
    line++;
    let bytes = pendingBytes + tail.length;
    if (bytes > maxLineBytes) {
      into.push({ line, text: null, bytes });
    } else {
      let whole = pending.length === 0 ? tail : Buffer.concat([...pending, tail], bytes);
      if (bytes > 0 && whole[bytes - 1] === CARRIAGE_RETURN) {
        whole = whole.subarray(0, bytes - 1);
        bytes--;
      }
      const part = route === undefined ? undefined : route.of(whole);
      if (part !== undefined && part !== null && part !== route?.keep) {
        pending = [];
        pendingBytes = 0;
        return;
      }
      const text = whole.toString("utf8");
      if (text.trim() !== "") into.push(part === undefined ? { line, text, bytes } : { line, text, bytes, part });
    }
    pending = [];
    pendingBytes = 0;
  };

  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    if (atStart) {
      atStart = false;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    const lines: FileLine[] = [];
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      finish(chunk.subarray(start, end), lines);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.length - start;
      // Kept only while the line may still fit; past the limit, only its length is counted.
      if (pendingBytes + rest <= maxLineBytes) pending.push(Buffer.from(chunk.subarray(start)));
      else pending = [];
      pendingBytes += rest;
    }
    bytesRead += chunk.length;
    yield { lines, bytesRead };
  }
  if (pendingBytes > 0) {
    const lines: FileLine[] = [];
    finish(Buffer.alloc(0), lines);
    yield { lines, bytesRead };
  }
}
