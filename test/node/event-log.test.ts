/** The file side of `nudgekit replay`: lines read with bounded memory, and events put in order two ways. */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openEventLog, DEFAULT_EVENT_ORDER_LIMITS, type EventOrderLimits } from "../../src/node/replay/event-log.js";
import { TemporaryFolder } from "../../src/node/replay/temporary-folder.js";
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

describe("openEventLog: a small log in memory, a long one sorted by user on disk", () => {
  const event = (time: number, user = "u"): string => JSON.stringify({ userId: user, name: "e", time });
  const sortFolders = (): string[] => readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"));
  async function order(path: string, limits: Partial<EventOrderLimits>) {
    const skipped: SkippedLine[] = [];
    const folder = new TemporaryFolder(dir);
    try {
      const log = await openEventLog(path, { ...DEFAULT_EVENT_ORDER_LIMITS, temporaryDirectory: dir, ...limits }, folder, (line) => skipped.push(line));
      const replayed: [string, number, number][] = [];
      for await (const batch of log.batches()) for (const entry of batch) replayed.push([entry.userId, entry.time, entry.line as number]);
      return { order: log.order, events: log.events, runs: log.runs, firstTime: log.firstTime, lastTime: log.lastTime, replayed, skipped: skipped.map((line) => [line.line, line.reason]) };
    } finally {
      await folder.remove();
    }
  }

  it("keeps a log of up to sortBufferEvents events in memory, in time order; sorts a longer one by user, then time, on disk", async () => {
    const path = write([event(6, "b"), event(5, "a"), event(4, "b"), "not json", event(3, "a"), event(2, "c"), event(2, "b")].join("\n"));
    const inMemory = await order(path, { sortBufferEvents: 6 });
    expect(inMemory).toEqual({ order: "in-memory", events: 6, runs: 0, firstTime: 2, lastTime: 6, replayed: [["c", 2, 6], ["b", 2, 7], ["a", 3, 5], ["b", 4, 3], ["a", 5, 2], ["b", 6, 1]], skipped: [[4, "not-json"]] });
    const byUser = await order(path, { sortBufferEvents: 2 });
    expect(byUser).toEqual({ order: "by-user", events: 6, runs: 3, firstTime: 2, lastTime: 6, replayed: [["a", 3, 5], ["a", 5, 2], ["b", 2, 7], ["b", 4, 3], ["b", 6, 1], ["c", 2, 6]], skipped: [[4, "not-json"]] });
    // The byte limit counts too.
    expect((await order(path, { sortBufferBytes: 100 })).order).toBe("by-user");
    expect(sortFolders()).toEqual([]);
  });

  it("every log gives exactly its valid events, sorted (in memory: time, line; on disk: user, time, line), whatever the buffer (a property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 9, arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom("a", "b", "c", "é", "a\tb")).map(([time, user]) => event(time, user)) }, { weight: 1, arbitrary: fc.constantFrom("not json", "{}", event(-1)) }), { maxLength: 150 }),
        fc.integer({ min: 1, max: 20 }),
        async (lines, sortBufferEvents) => {
          const path = write(lines.join("\n"));
          const valid = lines
            .map((text, index) => ({ text, line: index + 1 }))
            .filter(({ text }) => text.startsWith('{"userId"') && !text.includes('"time":-1'))
            .map(({ text, line }) => {
              const parsed = JSON.parse(text) as { userId: string; time: number };
              return [parsed.userId, parsed.time, line] as [string, number, number];
            });
          const result = await order(path, { sortBufferEvents });
          const byUser = result.order === "by-user";
          expect(byUser).toBe(valid.length > sortBufferEvents);
          const compare = (a: [string, number, number], b: [string, number, number]) => (byUser ? (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) : 0) || a[1] - b[1] || a[2] - b[2];
          expect(result.replayed).toEqual([...valid].sort(compare));
          expect(result.events).toBe(valid.length);
          expect(result.skipped.length).toBe(lines.length - valid.length);
          expect([result.firstTime, result.lastTime]).toEqual(valid.length === 0 ? [null, null] : [Math.min(...valid.map((entry) => entry[1])), Math.max(...valid.map((entry) => entry[1]))]);
        },
      ),
      { numRuns: 150 },
    );
    expect(sortFolders()).toEqual([]);
  });

  it("removes its temporary files when the replay stops early, and each kind of run once it is merged", async () => {
    const path = write([5, 4, 3, 2, 1].map((time) => event(time, `u${time}`)).join("\n"));
    const folder = new TemporaryFolder(dir);
    const log = await openEventLog(path, { ...DEFAULT_EVENT_ORDER_LIMITS, temporaryDirectory: dir, sortBufferEvents: 1 }, folder, () => undefined);
    expect(sortFolders()).toHaveLength(1);
    for await (const batch of log.batches()) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    await folder.remove();
    expect(sortFolders()).toEqual([]);
    const again = new TemporaryFolder(dir);
    const read = await openEventLog(path, { ...DEFAULT_EVENT_ORDER_LIMITS, temporaryDirectory: dir, sortBufferEvents: 1 }, again, () => undefined);
    for await (const batch of read.batches()) expect(batch.length).toBeGreaterThan(0);
    // Merged: the runs are gone already; the folder goes with remove().
    expect(readdirSync(join(dir, sortFolders()[0] as string))).toEqual([]);
    await again.remove();
    expect(sortFolders()).toEqual([]);
  });
});
