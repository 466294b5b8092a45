import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateExample, toJsonl } from "../../examples/ecommerce/generate-events.js";
import { createEngine, loadEngine, prepareConfig } from "../../src/index.js";
import { runCli } from "../../src/node/cli/run-cli.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const engine = createEngine(exampleConfig());

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
    for (const heading of ["Reach per campaign", "Channel mix", "Suppressions by step and reason", "Skipped 6 malformed line(s), by reason:"]) expect(text).toContain(heading);
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
    expect(JSON.parse(out.join(""))).toMatchObject({ events: expect.any(Number), skippedLines: 6, skipped: { "invalid-time": 1, "invalid-user-id": 2, "not-an-object": 2, "not-json": 1 }, duplicates: 0, reach: expect.any(Object) });
    expect(err).toEqual([]);
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
