/** The users file and the decisions of `nudgekit replay` with bounded memory: sorted on disk when they do not fit in the buffer. */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OrderedDecisions } from "../../src/node/replay/ordered-decisions.js";
import { TemporaryFolder } from "../../src/node/replay/temporary-folder.js";
import { openUsersFile } from "../../src/node/replay/users-file.js";
import { pinnedTimeZones } from "../../src/time-zones/index.js";
import { compareDecisionPositions, type DecisionPosition, type LineWarning, type SkippedLine } from "../../src/replay/index.js";

const dir = mkdtempSync(join(tmpdir(), "nudgekit-users-file-"));
let files = 0;
const write = (content: string): string => {
  const path = join(dir, `users-${files++}.jsonl`);
  writeFileSync(path, content);
  return path;
};
const sortFolders = (): string[] => readdirSync(dir).filter((name) => name.startsWith("nudgekit-replay-sort-"));

async function open(path: string | undefined, records: number) {
  const folder = new TemporaryFolder(dir);
  const skipped: SkippedLine[] = [];
  const warnings: LineWarning[] = [];
  const users = await openUsersFile(path, 1 << 20, { records, bytes: 1 << 20 }, folder, undefined, (line) => skipped.push(line), (warning) => warnings.push(warning));
  return { users, folder, skipped, warnings };
}

describe("openUsersFile", () => {
  const lines = [{ id: "b", n: 1 }, "not json", { id: 7, n: 2 }, { id: "a", n: 3, timeZone: "Mars/Base" }, { id: "b", n: 4 }, { name: "no id" }, { id: "c", n: 5 }];
  const path = write(lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n"));

  it("reports the lines it cannot use and the warnings; the last line wins for an id given twice; in memory or sorted on disk alike", async () => {
    for (const records of [100, 1, 2]) {
      const { users, folder, skipped, warnings } = await open(path, records);
      expect(skipped.map((line) => [line.line, line.reason])).toEqual([[2, "not-json"], [6, "invalid-user-id"]]);
      expect(warnings.map((warning) => warning.line)).toEqual([4]);
      expect([users.profiles, users.runs]).toEqual([5, records === 100 ? 0 : Math.ceil(5 / records)]);
      const join = users.join();
      const found: [string, unknown][] = [];
      for (const id of ["0", "7", "a", "aa", "b", "c", "d"]) {
        await join.seek(id);
        found.push([id, (join.profile(id) as { n?: number } | undefined)?.n]);
        expect(join.profile("other")).toBeUndefined();
      }
      await join.close();
      expect(found).toEqual([["0", undefined], ["7", 2], ["a", 3], ["aa", undefined], ["b", 4], ["c", 5], ["d", undefined]]);
      await folder.remove();
    }
    expect(sortFolders()).toEqual([]);
  });

  it("picks the profiles of the users of a small log, however long the users file", async () => {
    for (const records of [100, 1]) {
      const { users, folder } = await open(path, records);
      const picked = await users.profilesOf(new Set(["b", "7", "zz"]));
      expect([...picked].map(([id, profile]) => [id, (profile as { n: number }).n]).sort()).toEqual([["7", 2], ["b", 4]]);
      await folder.remove();
    }
  });

  it("asks ids in increasing order only (the merge join cannot go back)", async () => {
    const { users, folder } = await open(path, 1);
    const join = users.join();
    await join.seek("b");
    await expect(join.seek("a")).rejects.toThrow(RangeError);
    await join.close();
    await folder.remove();
  });

  it("checks time zones with the provider the engine runs with", async () => {
    const zone = write(`${JSON.stringify({ id: "u", timeZone: "Europe/Paris" })}\n${JSON.stringify({ id: "v", timeZone: "Mars/Base" })}\n`);
    const warnings: LineWarning[] = [];
    const folder = new TemporaryFolder(dir);
    await openUsersFile(zone, 1 << 20, { records: 10, bytes: 1 << 20 }, folder, pinnedTimeZones, () => undefined, (warning) => warnings.push(warning));
    expect(warnings.map((warning) => warning.line)).toEqual([2]);
    await folder.remove();
  });

  it("without a users file: no profile", async () => {
    const { users, folder } = await open(undefined, 10);
    const join = users.join();
    await join.seek("a");
    expect([users.profiles, join.profile("a"), (await users.profilesOf(new Set(["a"]))).size]).toEqual([0, undefined, 0]);
    await folder.remove();
  });

  it("any users file joins to the profile of its last line for each id, whatever the buffer (a property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "a\nb", "ü", "10", "9"), fc.nat(9)), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (drawn, records) => {
        const file = write(drawn.map(([id, n]) => JSON.stringify({ id, n })).join("\n"));
        const last = new Map<string, number>(drawn.map(([id, n]) => [id, n]));
        const { users, folder } = await open(file, records);
        const join = users.join();
        for (const id of [...new Set([...last.keys(), "zz", "0"])].sort()) {
          await join.seek(id);
          expect((join.profile(id) as { n: number } | undefined)?.n).toBe(last.get(id));
        }
        await join.close();
        await folder.remove();
      }),
      { numRuns: 100 },
    );
    expect(sortFolders()).toEqual([]);
  });
});

describe("OrderedDecisions", () => {
  it("gives the lines back in position order (then the order they were added), in memory or merged from runs alike (a property)", async () => {
    const positions = fc.record({ at: fc.integer({ min: 0, max: 5 }), cause: fc.integer({ min: 0, max: 3 }), userSince: fc.integer({ min: 0, max: 3 }), userSinceLine: fc.integer({ min: 1, max: 3 }) }).map((position): DecisionPosition => ({ ...position, userId: `u${position.userSince}-${position.userSinceLine}` }));
    await fc.assert(
      fc.asyncProperty(fc.array(positions, { maxLength: 200 }), fc.integer({ min: 1, max: 10 }), async (drawn, records) => {
        const folder = new TemporaryFolder(dir);
        const ordered = new OrderedDecisions(folder, { records, bytes: 1 << 20 });
        for (const [index, position] of drawn.entries()) {
          if (ordered.full) await ordered.spill();
          ordered.add(position, JSON.stringify({ index, note: "tab\there" }));
        }
        const lines: string[] = [];
        for await (const batch of ordered.lines()) lines.push(...batch);
        const expected = drawn.map((position, index) => ({ position, index })).sort((a, b) => compareDecisionPositions(a.position, b.position) || a.index - b.index);
        expect(lines.map((line) => (JSON.parse(line) as { index: number }).index)).toEqual(expected.map((entry) => entry.index));
        await folder.remove();
      }),
      { numRuns: 60 },
    );
  });
});
