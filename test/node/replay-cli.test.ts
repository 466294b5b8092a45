/**
 * `nudgekit replay` on hostile and unusual input (issue 19): each problem is one reported line and
 * the run goes on; --out fails before any work; BOMs; duplicate event ids; the command line itself.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { constants } from "node:buffer";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runCliCaptured } from "../support/run-cli-captured.js";
import { exampleConfig } from "../support/engine-fixtures.js";

/** Runs the command, capturing what it writes to stdout and stderr. */
const cli = (...args: string[]) => runCliCaptured(args);
afterEach(() => vi.restoreAllMocks());

const dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-cli-"));
const file = (name: string): string => join(dir, name);
const jsonl = (...lines: unknown[]): string => lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n";
/** A user of the example every channel reaches (email verified, push on iOS). */
const CAMILLE = { id: "u00002", attributes: { first_name: "Camille", country: "FR", plan: "free" }, timeZone: "Europe/Paris", platform: "ios", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } } };
const event = (fields: Record<string, unknown>): Record<string, unknown> => ({ userId: CAMILLE.id, name: "app_open", time: "2026-11-23T10:00:00Z", ...fields });
const replay = (events: string, ...args: string[]) => cli("replay", "--config", file("campaigns.json"), "--events", file(events), "--users", file("users.jsonl"), ...args);
const summaryOf = (stdout: string) => JSON.parse(stdout) as { events: number; decisions: number; skippedLines: number; duplicates: number; skipped: Record<string, number>; warnings: number; reach: Record<string, { users: number; messages: number }> };

beforeAll(() => {
  writeFileSync(file("campaigns.json"), JSON.stringify(exampleConfig()));
  writeFileSync(file("users.jsonl"), jsonl(CAMILLE));
});

describe("a bad line is one reported line, and the run goes on (issue 19, defect 7)", () => {
  const after = event({ id: "after", name: "payment_failed", time: "2026-11-23T11:00:00Z", properties: { order_id: "o1" } });

  it("an event at 8640000000000000 (the end of the Date range)", async () => {
    const names = ["signup", "app_open", "checkout_started", "add_to_cart", "payment_failed", "purchase"];
    writeFileSync(file("far-future.jsonl"), jsonl(...names.map((name, index) => event({ id: `f${index}`, name, time: 8_640_000_000_000_000, properties: { value: 10, price: 1, category: "chips" } })), after));
    const { code, stdout, stderr } = await replay("far-future.jsonl", "--json");
    expect(code).toBe(0);
    expect(stderr.trim().split("\n").slice(0, 3)).toEqual([1, 2, 3].map((line) => `${file("far-future.jsonl")}:${line}: skipped: time 8640000000000000 is after 9999-12-31T23:59:59.999Z`));
    expect(summaryOf(stdout)).toMatchObject({ events: 1, skippedLines: 6, reach: { "payment-failure": { users: 1 } } });
  });

  it("a time, or a tracked property, nested 20,000 levels deep", async () => {
    const deep = `${"[".repeat(20_000)}1${"]".repeat(20_000)}`;
    writeFileSync(file("deep.jsonl"), `{"userId":"u00002","name":"app_open","time":${deep}}\n{"userId":"u00002","name":"purchase","time":"2026-11-23T10:00:00Z","properties":{"amount":${deep}}}\n${JSON.stringify(after)}\n`);
    const { code, stdout, stderr } = await replay("deep.jsonl", "--json");
    expect(code).toBe(0);
    expect(stderr).toContain(`${file("deep.jsonl")}:1: skipped: time an array is not epoch ms or an ISO 8601 instant with an offset`);
    expect(stderr).toContain(`${file("deep.jsonl")}:2: skipped: properties nest deeper than 64 levels`);
    expect(summaryOf(stdout)).toMatchObject({ events: 1, skippedLines: 2, reach: { "payment-failure": { users: 1 } } });
  });

  it("a line of 600 MB (longer than a string can be)", async () => {
    // A sparse file: 600 MB of zero bytes between two lines, written in no time and no disk space.
    const path = file("huge-line.jsonl");
    const fd = openSync(path, "w");
    writeSync(fd, jsonl(event({ id: "before" })));
    ftruncateSync(fd, 600 * 2 ** 20);
    writeSync(fd, `\n${JSON.stringify(after)}\n`, 600 * 2 ** 20);
    closeSync(fd);
    const { code, stdout, stderr } = await replay("huge-line.jsonl", "--json");
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^${path}:2: skipped: line of 629,145,5\\d\\d bytes is longer than the limit of 16,777,216 bytes\\n$`));
    expect(summaryOf(stdout)).toMatchObject({ events: 2, skippedLines: 1, skipped: { "line-too-long": 1 }, reach: { "payment-failure": { users: 1 } } });
  }, 60_000);

  it("--out to a missing folder or an unwritable path fails before any work, with exit code 1", async () => {
    writeFileSync(file("bad-lines.jsonl"), jsonl("not json", after));
    for (const [out, error] of [
      [join(dir, "no-such-folder", "decisions.jsonl"), "ENOENT"],
      [dir, "EISDIR"],
      [join(file("users.jsonl"), "decisions.jsonl"), "ENOTDIR"],
    ] as const) {
      const { code, stdout, stderr } = await replay("bad-lines.jsonl", "--out", out);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      // Only the error: the log was not read (its bad line is not reported).
      expect(stderr).toMatch(new RegExp(`^nudgekit: cannot write ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${error}: [^\\n]*\\n$`));
    }
  });
});

describe("an output that fails during the run", () => {
  it("stops the run with exit code 1 and says why (a full disk: /dev/full)", async () => {
    writeFileSync(file("full.jsonl"), jsonl(...Array.from({ length: 50 }, (_, index) => event({ id: `f${index}`, name: "payment_failed", time: Date.parse("2026-11-23T10:00:00Z") + index * 86_400_000, properties: { order_id: `o${index}` } }))));
    const { code, stdout, stderr } = await replay("full.jsonl", "--out", "/dev/full");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^nudgekit: cannot write the decisions: ENOSPC: no space left on device/);
  });
});

describe("an output that fails when it is ended", () => {
  it("a few decisions to a full disk: one line saying why and exit code 1, in memory and one user at a time (no stack trace, the cause kept)", async () => {
    writeFileSync(file("few.jsonl"), jsonl(event({ id: "few-1", name: "payment_failed", properties: { order_id: "o1" } }), event({ id: "few-2", name: "app_open", time: "2026-11-24T10:00:00Z" })));
    const bin = fileURLToPath(new URL("../../src/node/cli/nudgekit.ts", import.meta.url));
    for (const sortBuffer of ["1000", "1"]) {
      const child = spawn(process.execPath, ["--import", "tsx", bin, "replay", "--config", file("campaigns.json"), "--events", file("few.jsonl"), "--users", file("users.jsonl"), "--out", "/dev/full", "--quiet", "--sort-buffer", sortBuffer], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect({ sortBuffer, code, stdout, stderr }).toEqual({ sortBuffer, code: 1, stdout: "", stderr: "nudgekit: cannot write the decisions: ENOSPC: no space left on device, write\n" });
    }
  });
});

describe("byte order marks, duplicates, time zones, negative times, properties (issue 19)", () => {
  it("accepts a UTF-8 BOM at the start of the event log, the users file and the config", async () => {
    writeFileSync(file("bom-campaigns.json"), `\uFEFF${JSON.stringify(exampleConfig())}`);
    writeFileSync(file("bom-users.jsonl"), `\uFEFF${jsonl(CAMILLE)}`);
    writeFileSync(file("bom-events.jsonl"), `\uFEFF${jsonl(event({ id: "p1", name: "payment_failed", properties: { order_id: "o1" } }))}`);
    const { code, stdout, stderr } = await cli("replay", "--config", file("bom-campaigns.json"), "--events", file("bom-events.jsonl"), "--users", file("bom-users.jsonl"), "--json");
    expect([code, stderr]).toEqual([0, ""]);
    // The user's profile was read (push consent): the message goes out on push.
    expect(summaryOf(stdout)).toMatchObject({ events: 1, skippedLines: 0, reach: { "payment-failure": { users: 1 } }, channels: { push: expect.any(Number) } });
    expect((await cli("prepare", "--config", file("bom-campaigns.json"))).code).toBe(0);
  });

  it("skips a redelivered event (same user, same id) instead of deciding it again, and counts it", async () => {
    const failed = event({ id: "pay-1", name: "payment_failed", properties: { order_id: "o1" } });
    const paymentFailures = async (events: string): Promise<string[]> => {
      expect((await replay(events, "--json", "--out", file(`${events}.decisions`))).code).toBe(0);
      const sent = readFileSync(file(`${events}.decisions`), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { userId: string; campaignId: string; channel: string });
      return sent.filter((decision) => decision.userId === CAMILLE.id && decision.campaignId === "payment-failure").map((decision) => decision.channel);
    };
    writeFileSync(file("once.jsonl"), jsonl(failed));
    writeFileSync(file("duplicates.jsonl"), jsonl(failed, failed, { ...failed, time: "2026-11-23T10:05:00Z" }, { ...failed, userId: "someone-else" }));
    const once = await paymentFailures("once.jsonl");
    expect(once.length).toBeGreaterThan(0);
    expect(await paymentFailures("duplicates.jsonl")).toEqual(once);
    const { stdout } = await replay("duplicates.jsonl", "--json");
    expect(summaryOf(stdout)).toMatchObject({ events: 2, duplicates: 2, skippedLines: 0 });
    const text = await replay("duplicates.jsonl");
    expect(text.stdout).toContain("2 duplicate event(s) skipped: the same user and event id again (a redelivery), not decided twice");
  });

  it("reports a user's unknown time zone (the line is still used), a negative time and non-object properties", async () => {
    writeFileSync(file("mars-users.jsonl"), jsonl({ ...CAMILLE, timeZone: "Mars/Base" }));
    writeFileSync(file("odd.jsonl"), jsonl(event({ time: -1 }), event({ properties: "cheap" }), event({ properties: [1] }), event({ properties: null }), event({})));
    const { code, stdout, stderr } = await cli("replay", "--config", file("campaigns.json"), "--events", file("odd.jsonl"), "--users", file("mars-users.jsonl"), "--json");
    expect(code).toBe(0);
    expect(stderr.trim().split("\n")).toEqual([
      `${file("mars-users.jsonl")}:1: warning: timeZone "Mars/Base" is not a known time zone: the config's time zone is used`,
      `${file("odd.jsonl")}:1: skipped: time -1 is before 1970-01-01T00:00:00Z`,
      `${file("odd.jsonl")}:2: skipped: properties must be an object, got "cheap"`,
      `${file("odd.jsonl")}:3: skipped: properties must be an object, got an array`,
      `${file("odd.jsonl")}:4: skipped: properties must be an object, got null`,
    ]);
    expect(summaryOf(stdout)).toMatchObject({ events: 1, skippedLines: 4, warnings: 1, skipped: { "invalid-time": 1, "invalid-properties": 3 } });
  });
});

describe("the command line (issue 19)", () => {
  it("--help and --version on the command and on every subcommand: usage, options, examples", async () => {
    const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    for (const args of [["--version"], ["-V"], ["replay", "--version"], ["prepare", "--version"]]) expect(await cli(...args)).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    const root = await cli("--help");
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/^Usage: nudgekit \[options\] \[command\]/);
    for (const text of ["replay [options]", "prepare [options]", "Examples:", "-V, --version"]) expect(root.stdout).toContain(text);
    const replayHelp = await cli("replay", "--help");
    expect(replayHelp.code).toBe(0);
    for (const text of ["Usage: nudgekit replay [options]", "--config <file>", "--events <file>", "--users <file>", "--out <file>", "--json", "--quiet", "--verbose", "--progress", "--no-progress", "--strict", "--sort-buffer <events>", "--time-zones <provider>", "Examples:", "$ nudgekit replay --config campaigns.json --events events.jsonl"]) {
      expect(replayHelp.stdout).toContain(text);
    }
    const prepareHelp = await cli("prepare", "-h");
    for (const text of ["Usage: nudgekit prepare [options]", "--config <file>", "--out <file>", "--time-zones <provider>", "Examples:"]) expect(prepareHelp.stdout).toContain(text);
    const helpReplay = await cli("help", "replay");
    expect(helpReplay).toEqual({ code: 0, stdout: replayHelp.stdout, stderr: "" });
    expect(await cli("help")).toEqual({ ...root, code: 0 });
  });

  it("a reader that closes the pipe early (nudgekit --help | head -1) ends the command quietly, with exit code 0", async () => {
    const bin = fileURLToPath(new URL("../../src/node/cli/nudgekit.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", bin, "help", "replay"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before the help is written
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("usage errors exit with 2 and say what is wrong", async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: nudgekit [options] [command]");
    const missing = await cli("replay", "--events", file("odd.jsonl"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: required option '--config <file>' not specified");
    expect((await cli("reply")).stderr).toContain("error: unknown command 'reply'");
    expect((await cli("replay", "--config", "c", "--events", "e", "--colour")).stderr).toContain("error: unknown option '--colour'");
    const buffer = await cli("replay", "--config", "c", "--events", "e", "--sort-buffer", "-3");
    expect(buffer.code).toBe(2);
    expect(buffer.stderr).toContain("expected a whole number ≥ 1");
    const lineLimit = await cli("replay", "--config", "c", "--events", "e", "--max-line-bytes", "9999999999");
    expect(lineLimit.code).toBe(2);
    expect(lineLimit.stderr).toContain(`expected at most ${constants.MAX_STRING_LENGTH.toLocaleString("en-US")} (the longest string Node can hold)`);
    for (const command of ["replay", "prepare"]) {
      const zones = await cli(command, "--config", "c", "--events", "e", "--time-zones", "mars");
      expect(zones.code).toBe(2);
      expect(zones.stderr).toContain("error: option '--time-zones <provider>' argument 'mars' is invalid. Allowed choices are intl, pinned.");
    }
  });

  it("--rule-backend: codegen by default (a Node process may generate code), closures on request, the same decisions either way", async () => {
    const log = jsonl(
      event({ id: "a", name: "payment_failed", properties: { order_id: "o1" } }),
      event({ id: "b", name: "checkout_started", time: "2026-11-23T10:10:00Z", properties: { value: 42 } }),
      event({ id: "c", name: "add_to_cart", time: "2026-11-23T10:20:00Z", properties: { category: "chips" } }),
    );
    writeFileSync(file("backends.jsonl"), log);
    const decisions: string[] = [];
    for (const args of [[], ["--rule-backend", "codegen"], ["--rule-backend", "closures"]]) {
      const out = file(`backends-${decisions.length}.decisions`);
      const run = await replay("backends.jsonl", "--json", "--out", out, ...args);
      expect(run.code).toBe(0);
      decisions.push(readFileSync(out, "utf8"));
    }
    expect(decisions[0]!.trim().split("\n").length).toBeGreaterThan(1);
    expect(decisions[1]).toBe(decisions[0]);
    expect(decisions[2]).toBe(decisions[0]);
    const wrong = await cli("replay", "--config", "c", "--events", "e", "--rule-backend", "jit");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("error: option '--rule-backend <backend>' argument 'jit' is invalid. Allowed choices are codegen, closures.");
    expect((await cli("replay", "--help")).stdout).toContain("--rule-backend <backend>");
  });

  it("a JSON syntax error in a config says line:column", async () => {
    writeFileSync(file("syntax.json"), '{\n  "campaigns": [\n    { "id": "a" "category": "promotional" }\n  ]\n}\n');
    for (const args of [["replay", "--events", file("odd.jsonl")], ["prepare"]]) {
      const { code, stderr } = await cli(...args, "--config", file("syntax.json"));
      expect(code).toBe(1);
      expect(stderr).toBe(`nudgekit: cannot read ${file("syntax.json")}: ${file("syntax.json")}:3:17: invalid JSON: expected ',' between the items\n      { "id": "a" "category": "promotional" }\n                  ^\n`);
    }
  });

  it("says so when the log is empty, or has no valid event", async () => {
    writeFileSync(file("empty.jsonl"), "");
    writeFileSync(file("all-bad.jsonl"), jsonl("nope", "[]"));
    const empty = await replay("empty.jsonl");
    expect([empty.code, empty.stdout]).toEqual([0, `Nothing to replay: empty.jsonl is empty.\n`]);
    const bad = await replay("all-bad.jsonl");
    expect(bad.code).toBe(0);
    expect(bad.stdout).toMatch(/^Nothing to replay: all-bad\.jsonl has no valid event \(2 line\(s\) skipped\)\.\n/);
  });

  it("--strict exits with 1 when a line was skipped or nothing was replayed", async () => {
    writeFileSync(file("clean.jsonl"), jsonl(event({ id: "c1" })));
    expect((await replay("clean.jsonl", "--strict")).code).toBe(0);
    const skipped = await replay("odd.jsonl", "--strict", "--quiet");
    expect(skipped.code).toBe(1);
    expect(skipped.stdout).toContain("Skipped 4 malformed line(s), by reason:");
    expect(skipped.stderr).toBe("nudgekit: --strict: 4 line(s) skipped\n");
    expect((await replay("empty.jsonl", "--strict")).code).toBe(1);
  });

  it("reports the first 3 skipped lines of each reason, then counts (--verbose: all; --quiet: none)", async () => {
    writeFileSync(file("flood.jsonl"), jsonl(...Array.from({ length: 50 }, () => "not json"), ...Array.from({ length: 5 }, () => event({ time: -5 })), event({ id: "ok" })));
    const normal = await replay("flood.jsonl");
    expect(normal.stderr.trim().split("\n")).toEqual([
      `${file("flood.jsonl")}:1: skipped: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
      `${file("flood.jsonl")}:2: skipped: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
      `${file("flood.jsonl")}:3: skipped: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
      `${file("flood.jsonl")}: more lines skipped (not-json): counted in the summary, not shown (--verbose shows each one)`,
      `${file("flood.jsonl")}:51: skipped: time -5 is before 1970-01-01T00:00:00Z`,
      `${file("flood.jsonl")}:52: skipped: time -5 is before 1970-01-01T00:00:00Z`,
      `${file("flood.jsonl")}:53: skipped: time -5 is before 1970-01-01T00:00:00Z`,
      `${file("flood.jsonl")}: more lines skipped (invalid-time): counted in the summary, not shown (--verbose shows each one)`,
    ]);
    expect(normal.stdout).toContain(
      [
        "Skipped 55 malformed line(s), by reason:",
        "  not-json: 50",
        `    flood.jsonl:1: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
        `    flood.jsonl:2: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
        `    flood.jsonl:3: not JSON: Unexpected token 'o', "not json" is not valid JSON`,
        "    … and 47 more",
        "  invalid-time: 5",
      ].join("\n"),
    );
    expect((await replay("flood.jsonl", "--verbose")).stderr.trim().split("\n").filter((line) => line.includes(": skipped: "))).toHaveLength(55);
    expect((await replay("flood.jsonl", "--quiet")).stderr).toBe("");
  });

  it("--quiet is separate from progress: --progress prints plain lines with percentage off a terminal, a redrawn line with an ETA on one", async () => {
    writeFileSync(file("many.jsonl"), jsonl(...Array.from({ length: 3_000 }, (_, index) => event({ id: `m${index}`, time: Date.parse("2026-11-23T10:00:00Z") + index * 1000 }))));
    const plain = await replay("many.jsonl", "--progress", "--quiet");
    expect(plain.code).toBe(0);
    const lines = plain.stderr.trim().split("\n");
    expect(lines.some((line) => /^reading .*many\.jsonl 100% · [\d.]+ MB of [\d.]+ MB/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith("replaying "))).toEqual([expect.stringMatching(/^replaying 33\.3% · 1,000 events of 3,000 events/), expect.stringMatching(/^replaying 66\.7% · 2,000 events of 3,000 events/), expect.stringMatching(/^replaying 100% · 3,000 events of 3,000 events/)]);
    expect((await replay("many.jsonl", "--quiet")).stderr).toBe("");
    expect((await replay("many.jsonl", "--no-progress")).stderr).toBe("");

    const wasTTY = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      // Redrawn at most 5 times a second (the ETA is tested on ReplayProgress with a clock of its own); 100% always shows.
      const bar = await replay("many.jsonl", "--quiet");
      expect(bar.stderr).toContain("\r\x1b[2Kreplaying 100% · 3,000 events of 3,000 events");
      expect(bar.stderr).not.toContain("\n");
      expect(bar.stderr.endsWith("\r\x1b[2K")).toBe(true); // cleared before the summary
      expect((await replay("many.jsonl", "--quiet", "--no-progress")).stderr).toBe("");
    } finally {
      process.stderr.isTTY = wasTTY;
    }
  });
});

describe("replay with bounded memory: in memory, or one user at a time from a log sorted by user on disk (issue 19)", () => {
  const run = async (events: string, users: string, ...args: string[]) => {
    const out = file(`${events}.${args.join("")}.decisions`);
    const sortDir = file(`sort-${args.join("")}-${events}`);
    mkdirSync(sortDir, { recursive: true });
    const result = await cli("replay", "--config", file("campaigns.json"), "--events", file(events), "--users", file(users), "--out", out, "--json", "--verbose", "--tmp-dir", sortDir, ...args);
    expect(result.code).toBe(0);
    // The temporary files are gone.
    expect(readdirSync(sortDir)).toEqual([]);
    return { decisions: readFileSync(out, "utf8"), summary: JSON.parse(result.stdout) as Record<string, unknown>, order: /: [\d,]+ events, (.*)$/m.exec(result.stderr)?.[1] };
  };

  it("a shuffled log, a log partitioned by user, one in time order: the same decisions file, byte for byte, and the same summary on every path", async () => {
    const { generateExample, toJsonl } = await import("../../examples/ecommerce/generate-events.js");
    const example = toJsonl(generateExample({ users: 60 }));
    writeFileSync(file("example-users.jsonl"), example.users);
    // The users file backwards: it is sorted by id on disk too when it does not fit in the buffer.
    writeFileSync(file("example-users-reversed.jsonl"), `${example.users.trimEnd().split("\n").reverse().join("\n")}\n`);
    const lines = example.events.trimEnd().split("\n");
    writeFileSync(file("ordered.jsonl"), `${lines.join("\n")}\n`);
    // A seeded shuffle: far from time order.
    let seed = 7;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const shuffled = [...lines].sort(() => random() - 0.5);
    writeFileSync(file("shuffled.jsonl"), `${shuffled.join("\n")}\n`);

    const inMemory = await run("shuffled.jsonl", "example-users.jsonl");
    expect(inMemory.order).toBe("replayed in memory in time order");
    expect(inMemory.decisions.split("\n").length).toBeGreaterThan(100);
    // 10-event runs: more than 64 of them, so they are merged in rounds; the users (60) and the decisions are sorted on disk too.
    const byUser = await run("shuffled.jsonl", "example-users-reversed.jsonl", "--sort-buffer", "10");
    expect(byUser.order).toMatch(/^replayed one user at a time: sorted by user on disk in 1\d\d runs of up to 10 events$/);
    expect(byUser.decisions).toBe(inMemory.decisions);
    expect(byUser.summary).toEqual(inMemory.summary);
    // The decisions depend on the events in time order (ties by line) only: a log already in that order gives the same file.
    expect((await run("ordered.jsonl", "example-users.jsonl", "--sort-buffer", "100")).decisions).toBe(inMemory.decisions);
    // In time order, as before.
    const times = inMemory.decisions.trimEnd().split("\n").map((line) => Date.parse((JSON.parse(line) as { at: string }).at));
    expect(times.every((time, index) => index === 0 || (times[index - 1] as number) <= time)).toBe(true);
  }, 120_000);

  it("the demo's log (npm run demo): 103,528 events, 15,188 messages, 302 deferred, 104 malformed lines, and the same decisions in memory and one user at a time", async () => {
    const { generateExample, toJsonl } = await import("../../examples/ecommerce/generate-events.js");
    const example = toJsonl(generateExample());
    writeFileSync(file("demo-users.jsonl"), example.users);
    writeFileSync(file("demo-events.jsonl"), example.events);
    const inMemory = await run("demo-events.jsonl", "demo-users.jsonl", "--sort-buffer", "200000");
    expect(inMemory.order).toBe("replayed in memory in time order");
    // The default buffer (100,000 events) is smaller than the log: sorted by user on disk.
    const byUser = await run("demo-events.jsonl", "demo-users.jsonl");
    expect(byUser.order).toBe("replayed one user at a time: sorted by user on disk in 2 runs of up to 100,000 events");
    expect(inMemory.summary).toMatchObject({ events: 103_528, users: 5_000, decisions: 15_188, deferred: 302, skippedLines: 104 });
    expect(byUser.summary).toEqual(inMemory.summary);
    expect(byUser.decisions).toBe(inMemory.decisions);
    expect(byUser.decisions.trimEnd().split("\n")).toHaveLength(15_188);
  }, 180_000);
});

describe("--time-zones: where zone offsets come from (intl or pinned)", () => {
  // British Columbia stays on UTC−7 from 2026-11-01 in the pinned tz release (2026f); Node 20's Intl (tz 2025c) goes back to UTC−8.
  const VANCOUVER = { ...CAMILLE, id: "u-bc", timeZone: "America/Vancouver" };

  it("replay: the scheduled terms update (10:00 local on 2026-11-20) goes at 18:00Z with Intl, 17:00Z with the pinned zones", async () => {
    writeFileSync(file("bc-users.jsonl"), jsonl(VANCOUVER, { ...CAMILLE, id: "u-old", timeZone: "US/Pacific-New" }));
    writeFileSync(file("bc-events.jsonl"), jsonl(event({ userId: "u-bc", time: "2026-11-19T12:00:00Z" }), event({ userId: "u-bc", time: "2026-11-21T12:00:00Z" }), event({ userId: "u-old", time: "2026-11-19T12:00:00Z" })));
    const termsAt = async (...args: string[]) => {
      const out = file(`bc-${args.join("")}.decisions`);
      const result = await cli("replay", "--config", file("campaigns.json"), "--events", file("bc-events.jsonl"), "--users", file("bc-users.jsonl"), "--out", out, "--json", ...args);
      expect(result.code).toBe(0);
      const sent = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line) as { userId: string; campaignId: string; at: string });
      return { at: sent.filter((decision) => decision.userId === "u-bc" && decision.campaignId === "terms-update").map((decision) => decision.at), stderr: result.stderr };
    };
    const intl = await termsAt();
    expect(intl).toEqual({ at: ["2026-11-20T18:00:00.000Z"], stderr: "" });
    expect(await termsAt("--time-zones", "intl")).toEqual(intl);
    const pinned = await termsAt("--time-zones", "pinned");
    expect(pinned.at).toEqual(["2026-11-20T17:00:00.000Z"]);
    // The users' zones are checked with the same provider: the pinned release has no US/Pacific-New.
    expect(pinned.stderr).toBe(`${file("bc-users.jsonl")}:2: warning: timeZone "US/Pacific-New" is not a known time zone: the config's time zone is used\n`);
  });

  it("prepare: the config's zones are checked with the provider the browsers will load it with", async () => {
    writeFileSync(file("old-zone.json"), JSON.stringify({ ...exampleConfig(), timeZone: "US/Pacific-New" }));
    expect((await cli("prepare", "--config", file("old-zone.json"), "--out", file("old-zone.prepared.json"))).code).toBe(0);
    const pinned = await cli("prepare", "--config", file("old-zone.json"), "--time-zones", "pinned");
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toMatch(/is not a valid config \(1 problem\(s\)\):\n {2}\/timeZone: .*US\/Pacific-New/);
    const { code, stdout } = await cli("prepare", "--config", file("campaigns.json"), "--time-zones", "pinned");
    expect(code).toBe(0);
    const { loadEngine } = await import("../../src/runtime/index.js");
    const { pinnedTimeZones } = await import("../../src/time-zones/index.js");
    expect(loadEngine(JSON.parse(stdout), { timeZones: pinnedTimeZones }).campaignIds).toContain("terms-update");
  });
});

describe("Ctrl-C, kill or a closed terminal during a sort on disk", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s: exits with %i and removes the temporary files", async (signal, exitCode) => {
    const { generateExample, toJsonl } = await import("../../examples/ecommerce/generate-events.js");
    const lines = toJsonl(generateExample({ users: 300 })).events.trimEnd().split("\n");
    if (!existsSync(file("interrupted.jsonl"))) writeFileSync(file("interrupted.jsonl"), `${[...lines].reverse().join("\n")}\n`);
    const sortDir = file(`interrupted-tmp-${signal}`);
    mkdirSync(sortDir);
    const bin = new URL("../../src/node/cli/nudgekit.ts", import.meta.url).pathname;
    const child = spawn(process.execPath, ["--import", "tsx", bin, "replay", "--config", file("campaigns.json"), "--events", file("interrupted.jsonl"), "--sort-buffer", "10", "--tmp-dir", sortDir, "--quiet"], { stdio: "ignore" });
    let running = true;
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => ((running = false), resolve(code))));
    const runsOnDisk = (): number => {
      try {
        return readdirSync(sortDir, { recursive: true }).filter((name) => String(name).endsWith(".run")).length;
      } catch {
        return 0; // a folder removed while it was listed
      }
    };
    // Interrupted once its sorted runs are on disk.
    while (running && runsOnDisk() < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill(signal);
    expect(await exited).toBe(exitCode);
    expect(readdirSync(sortDir)).toEqual([]);
  }, 120_000);
});
