/**
 * `nudgekit kpis`: one pass in memory, or split by user into parts folded by worker threads
 * (--workers, --partitions) — the same figures either way, and every line counted once.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCliCaptured } from "../support/run-cli-captured.js";
import { compileMetricsConfig } from "../../src/metrics/index.js";
import { foldOutcomeFileInWorkers } from "../../src/node/metrics/fold-outcome-file-in-workers.js";
import { partitionOfLineBytes, partitionOfParsed, partitionOfUser } from "../../src/node/metrics/user-partition.js";
import { BENCH_METRICS_CONFIG, generateOutcomeLog } from "../../bench/metrics/outcome-log.js";

const cli = (...args: string[]) => runCliCaptured(args);
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "nudgekit-kpis-cli-"));
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  writeFileSync(file("config.json"), JSON.stringify(BENCH_METRICS_CONFIG));
  const lines: string[] = [];
  generateOutcomeLog(300, 60, (event) => void lines.push(JSON.stringify(event)));
  // Lines the fast split cannot read: a numeric user id, an escaped one, a nested "userId", a broken line, an invalid event, a blank line.
  lines.splice(10, 0, JSON.stringify({ outcome: "sent", id: "n1", userId: 42, time: "2026-11-01T08:00:00Z", campaignId: "cart", deliveryId: "n" }));
  lines.splice(20, 0, '{"outcome":"open","id":"n2","userId":"u\\u0031","time":"2026-11-01T09:00:00Z","campaignId":"cart","channel":"push"}');
  lines.splice(30, 0, JSON.stringify({ name: "purchase", id: "n3", userId: "u2", time: "2026-11-01T10:00:00Z", revenue: 100, currency: "EUR", properties: { userId: "someone-else" } }));
  lines.splice(40, 0, '{"outcome":"sent", broken');
  lines.splice(50, 0, JSON.stringify({ outcome: "sent", id: "n4", time: "2026-11-01T10:00:00Z", campaignId: "cart" }));
  writeFileSync(file("outcomes.jsonl"), `${lines.join("\n")}\n\n`);
});

describe("nudgekit kpis --workers / --partitions", () => {
  it("gives the figures of one pass, whatever the split, and counts each bad line once", { timeout: 60_000 }, async () => {
    const base = ["kpis", "--config", file("config.json"), "--events", file("outcomes.jsonl"), "--json", "--by", "campaign,variant,channel,day"];
    const one = await cli(...base);
    expect(one.code).toBe(0);
    const figures = JSON.parse(one.stdout) as { counts: Record<string, number> };
    expect(figures.counts).toMatchObject({ invalid: 1, notJson: 1 });
    expect(figures.counts["folded"]).toBeGreaterThan(10_000);
    for (const split of [["--partitions", "3"], ["--workers", "2"], ["--workers", "2", "--partitions", "5"]]) {
      const other = await cli(...base, ...split);
      expect(other.code, other.stderr).toBe(0);
      expect(JSON.parse(other.stdout)).toEqual(figures);
    }
  });

  it("a worker that fails fails the fold, with its reason (and stops the others)", { timeout: 60_000 }, async () => {
    const config = compileMetricsConfig(BENCH_METRICS_CONFIG);
    await expect(foldOutcomeFileInWorkers(file("missing.jsonl"), { rawConfig: BENCH_METRICS_CONFIG, config, latenessMs: 0, maxLineBytes: 1 << 20, partitions: 3, workers: 2 })).rejects.toThrow(/a metrics worker failed: .*ENOENT/);
  });

  it("refuses 0 or thousands of workers, saying what it expects", async () => {
    for (const bad of ["0", "1000", "two"]) {
      const run = await cli("kpis", "--config", file("config.json"), "--events", file("outcomes.jsonl"), "--workers", bad);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/--workers/);
    }
  });
});

describe("partitionOfLineBytes", () => {
  const event = fc.record({
    outcome: fc.constantFrom("sent", "click"),
    id: fc.string({ minLength: 1, maxLength: 8 }),
    userId: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 6, unit: "binary" }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    time: fc.constant("2026-11-01T10:00:00Z"),
    campaignId: fc.constantFrom("cart", "modal"),
    properties: fc.option(fc.dictionary(fc.constantFrom("userId", "note"), fc.string({ maxLength: 6 })), { nil: undefined }),
  });

  it("agrees with the parsed line's user whenever it answers (and every part gets each user's lines)", () => {
    fc.assert(
      fc.property(event, fc.integer({ min: 1, max: 9 }), (value, partitions) => {
        const text = JSON.stringify(value);
        const parsed = partitionOfParsed(JSON.parse(text), true, partitions);
        const fromBytes = partitionOfLineBytes(Buffer.from(text), partitions);
        if (fromBytes !== null) expect(fromBytes).toBe(parsed);
        if (typeof value.userId === "string" && value.userId.length <= 256) expect(parsed).toBe(partitionOfUser(value.userId, partitions));
        if (typeof value.userId === "number") expect(parsed).toBe(partitionOfUser(String(value.userId), partitions));
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });

  it("leaves lines it cannot be sure of to the parser", () => {
    expect(partitionOfLineBytes(Buffer.from('{"userId":"u\\u0031"}'), 4)).toBeNull();
    expect(partitionOfLineBytes(Buffer.from('{"userId":"a","properties":{"userId":"b"}}'), 4)).toBeNull();
    expect(partitionOfLineBytes(Buffer.from('{"userId":7}'), 4)).toBeNull();
    expect(partitionOfLineBytes(Buffer.from('{"user\\u0049d":"a","properties":{"userId":"b"}}'), 4)).toBeNull();
    expect(partitionOfLineBytes(Buffer.from('{"userId" : "a"}'), 4)).toBe(partitionOfUser("a", 4));
    expect(partitionOfLineBytes(Buffer.from('{"userId":"é"}'), 4)).toBeNull();
    expect(partitionOfParsed(undefined, false, 4)).toBe(0);
    expect(partitionOfParsed({ userId: "" }, true, 4)).toBe(0);
  });
});
