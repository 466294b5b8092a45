/**
 * `nudgekit replay` (replayFiles) gives the same decisions file, byte for byte, and the same summary
 * whether the log is replayed in memory in time order or sorted by user on disk and replayed one user
 * at a time (with the users file and the decisions sorted on disk too): on any small log with
 * shuffled lines, redelivered events, same-instant ties and broken lines.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replayFiles } from "../../src/node/replay/replay-files.js";
import { createEngine } from "../../src/index.js";
import { exampleConfig, HOUR } from "../support/engine-fixtures.js";

const engine = createEngine(exampleConfig());
const dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-files-"));
let files = 0;
const write = (lines: readonly string[]): string => {
  const path = join(dir, `file-${files++}.jsonl`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
};
const START = Date.parse("2026-11-10T08:00:00Z");
const USERS = ["a", "b", "c", "d", "e", "f"];
const profile = (id: string, index: number) =>
  JSON.stringify({ id, attributes: { first_name: id, plan: "free" }, timeZone: index % 2 === 0 ? "Europe/Paris" : "America/New_York", platform: "ios", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: index !== 3 } } });

const eventLine = fc
  .record({
    userId: fc.constantFrom(...USERS),
    name: fc.constantFrom("app_open", "signup", "checkout_started", "add_to_cart", "purchase", "payment_failed"),
    step: fc.integer({ min: 0, max: 60 }),
    id: fc.option(fc.constantFrom("e1", "e2", "e3"), { nil: undefined }),
  })
  .map(({ userId, name, step, id }) => JSON.stringify({ userId, name, time: new Date(START + step * 6 * HOUR).toISOString(), ...(id === undefined ? {} : { id }), properties: { value: 10, category: "chips", order_id: "o1" } }));
const log = fc.array(fc.oneof({ weight: 12, arbitrary: eventLine }, { weight: 1, arbitrary: fc.constantFrom("not json", "[]", '{"userId":"a","name":"x","time":-1}') }), { maxLength: 60 });
/** Profiles in any order, some users twice (the last line wins) or missing. */
const usersFile = fc.shuffledSubarray([...USERS.map(profile), profile("a", 1), "broken"]);

async function replay(events: string, users: string, sortBuffer: number, withOut = true) {
  let written = "";
  const decisions = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const skipped: string[] = [];
  const result = await replayFiles({
    engine,
    events,
    users,
    ...(withOut ? { decisions } : {}),
    limits: { sortBufferEvents: sortBuffer, temporaryDirectory: dir },
    onSkipped: (file, line) => skipped.push(`${file === events ? "events" : "users"}:${line.line}:${line.reason}`),
  });
  return { order: result.order, decisions: written, summary: result.summary.toJSON(), skipped: skipped.sort() };
}

describe("replayFiles: in memory and one user at a time on disk give the same output", () => {
  it("the same decisions file, byte for byte, the same summary and the same skipped lines (a property)", async () => {
    await fc.assert(
      fc.asyncProperty(log, usersFile, fc.integer({ min: 1, max: 6 }), async (lines, userLines, sortBuffer) => {
        const events = write(lines);
        const users = write(userLines);
        const inMemory = await replay(events, users, 1_000);
        const byUser = await replay(events, users, sortBuffer);
        expect(inMemory.order).toBe("in-memory");
        expect(byUser.order).toBe(lines.filter((line) => line.includes('"userId"') && !line.includes('"time":-1')).length > sortBuffer ? "by-user" : "in-memory");
        expect(byUser).toEqual({ ...inMemory, order: byUser.order });
        // Without --out, the same summary.
        expect((await replay(events, users, sortBuffer, false)).summary).toEqual(inMemory.summary);
      }),
      { numRuns: 80 },
    );
    expect(readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"))).toEqual([]);
  }, 120_000);
});
