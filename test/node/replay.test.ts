import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateExample, toJsonl } from "../../examples/ecommerce/generate-events.js";
import { createEngine, loadEngine, prepareConfig } from "../../src/index.js";
import { runCli } from "../../src/node/cli/run-cli.js";
import { parseEventLine, parseUserLine, type ReplayEvent } from "../../src/node/replay/replay-input.js";
import { replayEvents } from "../../src/node/replay/replay-log.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const example = generateExample({ users: 150 });
const events: ReplayEvent[] = example.events.flatMap((event, index) => {
  const parsed = parseEventLine(JSON.stringify(event), index + 1);
  return "userId" in parsed ? [parsed] : [];
});
const profiles = new Map(example.users.map((user) => [user.id, user as unknown as Record<string, unknown>]));
const engine = createEngine(exampleConfig());

describe("replayEvents", () => {
  const summary = replayEvents(engine, events, profiles).toJSON() as Record<string, unknown> & { reach: Record<string, { users: number; messages: number }>; channels: Record<string, number> };

  it("replays every event and decides for the example's campaigns", () => {
    expect(summary.events).toBe(events.length);
    expect(summary.users).toBe(new Set(events.map((event) => event.userId)).size);
    expect(Object.keys(summary.reach).every((id) => engine.campaignIds.includes(id))).toBe(true);
    for (const reach of Object.values(summary.reach)) expect(reach.users).toBeLessThanOrEqual(summary.users as number);
    expect(Object.values(summary.channels).reduce((sum, count) => sum + count, 0)).toBe(summary.decisions);
    // Every kind of campaign reaches someone in 150 users: event triggers, delays, inactivity, scheduled.
    for (const id of ["cart-abandonment", "welcome", "win-back", "terms-update", "new-feature-modal"]) expect(summary.reach[id]?.users ?? 0).toBeGreaterThan(0);
  });

  it("orders the log by time itself (ties by line number): a shuffled log gives the same summary", () => {
    const shuffled = [...events].reverse();
    expect(replayEvents(engine, shuffled, profiles).toJSON()).toEqual(summary);
  });

  it("is deterministic", () => {
    expect(replayEvents(engine, events, profiles).toJSON()).toEqual(summary);
  });

  it("reports progress", () => {
    const progress: number[] = [];
    replayEvents(engine, events.slice(0, 250), profiles, { progressEvery: 100, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([100, 200]);
  });
});

describe("event and user lines", () => {
  it("says why a line cannot be replayed, with its number", () => {
    expect(parseEventLine('{"userId":"u0', 7)).toEqual({ line: 7, message: expect.stringContaining("not JSON") });
    expect(parseEventLine("[1,2,3]", 8)).toEqual({ line: 8, message: "not a JSON object" });
    expect(parseEventLine("{}", 9)).toEqual({ line: 9, message: "userId must be a non-empty string or a number" });
    expect(parseEventLine('{"userId":"u","name":""}', 10)).toEqual({ line: 10, message: "name must be a non-empty string" });
    expect(parseEventLine('{"userId":"u","name":"a","time":"2026-11-01T10:00:00"}', 11)).toEqual({ line: 11, message: expect.stringContaining("with an offset") });
    expect(parseEventLine('{"userId":"u","name":"a","time":"not a date"}', 12)).toMatchObject({ line: 12 });
    expect(parseEventLine('{"userId":7,"name":"a","time":1000,"properties":{"x":1},"id":"e1"}', 13)).toEqual({ line: 13, userId: "7", time: 1000, event: { name: "a", time: 1000, id: "e1", properties: { x: 1 } } });
    expect(parseUserLine('{"id":""}', 3)).toEqual({ line: 3, message: "id must be a non-empty string or a number" });
  });
});

/** What the command writes to stdout and stderr, captured while `capture()` is on (until the mocks are restored). */
const out: string[] = [];
const err: string[] = [];
const capture = (): void => {
  out.length = 0;
  err.length = 0;
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
};
afterEach(() => vi.restoreAllMocks());

describe("nudgekit replay (the command)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-"));
    const jsonl = toJsonl(generateExample({ users: 40 }));
    writeFileSync(join(dir, "users.jsonl"), jsonl.users);
    writeFileSync(join(dir, "events.jsonl"), jsonl.events);
    writeFileSync(join(dir, "campaigns.json"), JSON.stringify(exampleConfig()));
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { segmentEntry: "nope" } }] }));
  });

  it("prints the summary, reports each malformed line with its number and skips it, and writes the decisions", async () => {
    capture();
    const code = await runCli(["replay", "--config", join(dir, "campaigns.json"), "--events", join(dir, "events.jsonl"), "--users", join(dir, "users.jsonl"), "--out", join(dir, "decisions.jsonl")]);
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const text = out.join("");
    for (const heading of ["Reach per campaign", "Channel mix", "Suppressions by step and reason", "Skipped 6 malformed line(s):"]) expect(text).toContain(heading);
    expect(err.filter((line) => /events\.jsonl:\d+: skipped: /.test(line))).toHaveLength(6);
    const decisions = readFileSync(join(dir, "decisions.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { userId: string; campaignId: string; sendAt: string });
    const decided = Number(/(\d[\d,]*) messages decided/.exec(text)?.[1]?.replace(/,/g, ""));
    expect(decisions).toHaveLength(decided);
    expect(decisions[0]).toMatchObject({ userId: expect.any(String), campaignId: expect.any(String), sendAt: expect.stringMatching(/Z$/) });
  });

  it("prints JSON with --json", async () => {
    capture();
    expect(await runCli(["replay", "--config", join(dir, "campaigns.json"), "--events", join(dir, "events.jsonl"), "--json", "--quiet"])).toBe(0);
    vi.restoreAllMocks();
    expect(JSON.parse(out.join(""))).toMatchObject({ events: expect.any(Number), skippedLines: 6, reach: expect.any(Object) });
  });

  it("fails clearly: an invalid config lists its problems; usage errors exit with 2", async () => {
    capture();
    expect(await runCli(["replay", "--config", join(dir, "broken.json"), "--events", join(dir, "events.jsonl")])).toBe(1);
    expect(err.join("")).toContain('/campaigns/0/trigger/segmentEntry: unknown segment "nope"');
    expect(await runCli(["replay", "--events", join(dir, "events.jsonl")])).toBe(2);
    expect(await runCli(["reply"])).toBe(2);
    expect(await runCli(["replay", "--config", join(dir, "campaigns.json"), "--events", join(dir, "missing.jsonl")])).toBe(1);
    expect(await runCli(["replay", "--config", join(dir, "campaigns.json"), "--events", join(dir, "events.jsonl"), "--colour"])).toBe(2);
    vi.restoreAllMocks();
    expect(err.join("")).toContain("ENOENT");
  });
});

describe("nudgekit prepare (the command)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nudgekit-prepare-"));
    writeFileSync(join(dir, "campaigns.json"), JSON.stringify(exampleConfig()));
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { segmentEntry: "nope" } }] }));
  });

  it("writes the prepared config, which loadEngine loads into the engine createEngine makes", async () => {
    capture();
    expect(await runCli(["prepare", "--config", join(dir, "campaigns.json"), "--out", join(dir, "prepared.json")])).toBe(0);
    expect(await runCli(["prepare", "--config", join(dir, "campaigns.json")])).toBe(0);
    vi.restoreAllMocks();
    const written = readFileSync(join(dir, "prepared.json"), "utf8");
    expect(out.join("")).toBe(written);
    expect(err.join("")).toMatch(/prepared .*campaigns\.json → .*prepared\.json \([\d,]+ bytes\)/);
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(prepareConfig(exampleConfig()))));
    expect(loadEngine(JSON.parse(written)).campaignIds).toEqual(engine.campaignIds);
  });

  it("fails clearly: an invalid config lists its problems (exit 1); usage errors exit with 2", async () => {
    capture();
    expect(await runCli(["prepare", "--config", join(dir, "broken.json")])).toBe(1);
    expect(err.join("")).toContain('/campaigns/0/trigger/segmentEntry: unknown segment "nope"');
    expect(await runCli(["prepare"])).toBe(2);
    expect(await runCli(["prepare", "--config", join(dir, "campaigns.json"), "--minify"])).toBe(2);
    expect(await runCli(["prepare", "--config", join(dir, "missing.json")])).toBe(1);
    vi.restoreAllMocks();
    expect(out).toEqual([]);
  });
});
