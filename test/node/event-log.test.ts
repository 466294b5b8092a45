/** The file side of `nudgekit replay`: lines read with bounded memory, and events put in time order three ways. */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openEventLog, DEFAULT_EVENT_ORDER_LIMITS, type EventOrderLimits } from "../../src/node/replay/event-log.js";
import { readLines, type FileLine } from "../../src/node/replay/read-lines.js";
import type { SkippedLine } from "../../src/replay/index.js";

const dir = mkdtempSync(join(tmpdir(), "nudgekit-event-log-"));
let files = 0;
const write = (content: string | Buffer): string => {
  const path = join(dir, `file-${files++}`);
  writeFileSync(path, content);
  return path;
};
async function allLines(path: string, maxLineBytes: number, chunkBytes?: number): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const batch of readLines(path, { maxLineBytes, ...(chunkBytes === undefined ? {} : { chunkBytes }) })) lines.push(...batch.lines);
  return lines;
}

describe("readLines", () => {
  it("drops a byte order mark at the start, reads \\r\\n line ends, skips blank lines, keeps line numbers", async () => {
    const path = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n\r\n  \n{"b":"é"}\n\uFEFFkept')]));
    expect(await allLines(path, 100)).toEqual([
      { line: 1, text: '{"a":1}', bytes: 7 },
      { line: 4, text: '{"b":"é"}', bytes: 10 },
      { line: 5, text: "\uFEFFkept", bytes: 7 }, // only the file's first bytes are a BOM
    ]);
  });

  it("reports a line over the limit by its length, without its text", async () => {
    const path = write(`short\n${"x".repeat(50)}\nshort again`);
    expect(await allLines(path, 20, 7)).toEqual([
      { line: 1, text: "short", bytes: 5 },
      { line: 2, text: null, bytes: 50 },
      { line: 3, text: "short again", bytes: 11 },
    ]);
  });

  it("gives the same lines whatever the size of the reads (a property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("", "\r", "é€😀")), { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), async (lines, chunkBytes, limit) => {
        const text = lines.join("\n");
        const path = write(text);
        const expected = text.split("\n").flatMap((line, index): FileLine[] => {
          const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
          const bytes = Buffer.byteLength(line);
          if (bytes > limit) return [{ line: index + 1, text: null, bytes }];
          return trimmed.trim() === "" ? [] : [{ line: index + 1, text: trimmed, bytes: Buffer.byteLength(trimmed) }];
        });
        expect(await allLines(path, limit, chunkBytes)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe("openEventLog: time order with bounded memory", () => {
  const event = (time: number, user = "u"): string => JSON.stringify({ userId: user, name: "e", time });
  async function order(path: string, limits: Partial<EventOrderLimits>) {
    const skipped: SkippedLine[] = [];
    const log = await openEventLog(path, { ...DEFAULT_EVENT_ORDER_LIMITS, temporaryDirectory: dir, ...limits }, (line) => skipped.push(line));
    const replayed: [number, number][] = [];
    for await (const batch of log.batches()) for (const entry of batch) replayed.push([entry.time, entry.line as number]);
    return { order: log.order, events: log.events, runs: log.runs, replayed, skipped: skipped.map((line) => [line.line, line.reason]) };
  }

  it("keeps a small log in memory, streams a nearly ordered one through the window, sorts the rest on disk", async () => {
    const ordered = write([1, 2, 3, 4, 5, 6].map((time) => event(time)).join("\n"));
    const nearly = write([2, 1, 4, 3, 6, 5].map((time) => event(time)).join("\n"));
    const reversed = write([6, 5, 4, 3, 2, 1].map((time) => event(time)).join("\n"));
    const sorted = [1, 2, 3, 4, 5, 6];
    expect(await order(reversed, {})).toMatchObject({ order: "in-memory", events: 6, replayed: sorted.map((time) => [time, 7 - time]) });
    expect(await order(ordered, { sortBufferEvents: 2, reorderWindow: 0 })).toMatchObject({ order: "reorder-window", runs: 0 });
    expect(await order(nearly, { sortBufferEvents: 2, reorderWindow: 1 })).toMatchObject({ order: "reorder-window", replayed: [[1, 2], [2, 1], [3, 4], [4, 3], [5, 6], [6, 5]] });
    expect(await order(nearly, { sortBufferEvents: 2, reorderWindow: 0 })).toMatchObject({ order: "external-sort", runs: 3, replayed: [[1, 2], [2, 1], [3, 4], [4, 3], [5, 6], [6, 5]] });
    expect(await order(reversed, { sortBufferEvents: 2, reorderWindow: 3 })).toMatchObject({ order: "external-sort", runs: 3, replayed: sorted.map((time) => [time, 7 - time]) });
    expect(readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"))).toEqual([]);
  });

  it("every strategy replays exactly the sorted log: time, then line (a property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 40 }).map((time) => event(time)) }, { weight: 1, arbitrary: fc.constantFrom("not json", "{}", event(-1)) }), { maxLength: 150 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 10 }),
        async (lines, sortBufferEvents, reorderWindow) => {
          const path = write(lines.join("\n"));
          const expected = lines
            .map((text, index) => ({ text, line: index + 1 }))
            .filter(({ text }) => text.startsWith('{"userId"') && !text.includes('"time":-1'))
            .map(({ text, line }) => [(JSON.parse(text) as { time: number }).time, line] as [number, number])
            .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          const result = await order(path, { sortBufferEvents, reorderWindow });
          expect(result.replayed).toEqual(expected);
          expect(result.events).toBe(expected.length);
          expect(result.skipped.length).toBe(lines.length - expected.length);
        },
      ),
      { numRuns: 150 },
    );
    expect(readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"))).toEqual([]);
  });

  it("removes its temporary files when the replay stops early", async () => {
    const path = write([5, 4, 3, 2, 1].map((time) => event(time)).join("\n"));
    const log = await openEventLog(path, { ...DEFAULT_EVENT_ORDER_LIMITS, temporaryDirectory: dir, sortBufferEvents: 1, reorderWindow: 0 }, () => undefined);
    for await (const batch of log.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      expect(readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"))).toHaveLength(1);
      break;
    }
    expect(readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"))).toEqual([]);
  });
});
