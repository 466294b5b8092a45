/** What `nudgekit replay` prints besides decisions: progress, the summary's wording, config syntax errors. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readJsonFile } from "../../src/node/cli/read-json-file.js";
import { formatSummary } from "../../src/node/replay/format-summary.js";
import { LineReports } from "../../src/node/replay/line-reports.js";
import { ReplayProgress } from "../../src/node/replay/replay-progress.js";
import { ReplaySummary, UserReach } from "../../src/replay/index.js";

describe("ReplayProgress", () => {
  const recorder = () => {
    const written: string[] = [];
    let now = 0;
    return { written, stream: { write: (text: string) => written.push(text) }, clock: () => now, at: (ms: number) => void (now = ms) };
  };

  it("on a terminal: one line redrawn at most 5 times a second, with percentage, rate and ETA; cleared at the end", () => {
    const { written, stream, clock, at } = recorder();
    const progress = new ReplayProgress(stream, "bar", clock);
    progress.update("replaying", 0, 100_000, "events");
    at(100);
    progress.update("replaying", 1_000, 100_000, "events"); // too soon after the last draw
    at(10_000);
    progress.update("replaying", 25_000, 100_000, "events");
    at(40_000);
    progress.update("replaying", 100_000, 100_000, "events");
    progress.clear();
    expect(written).toEqual([
      "\r\x1b[2Kreplaying 0.0% · 0 events of 100,000 events",
      "\r\x1b[2Kreplaying 25.0% · 25,000 events of 100,000 events · 2,500 events/s · ETA 30s",
      "\r\x1b[2Kreplaying 100% · 100,000 events of 100,000 events · 2,500 events/s",
      "\r\x1b[2K",
    ]);
  });

  it("each phase keeps its own start, so that interleaved reports still give a rate and an ETA", () => {
    const { written, stream, clock, at } = recorder();
    const progress = new ReplayProgress(stream, "bar", clock);
    progress.update("replaying", 0, 1_000, "events");
    at(1_000);
    progress.update("reading events.jsonl", 10 * 2 ** 20, 100 * 2 ** 20, "bytes");
    at(2_000);
    progress.update("replaying", 500, 1_000, "events");
    expect(written.at(-1)).toBe("\r\x1b[2Kreplaying 50.0% · 500 events of 1,000 events · 250 events/s · ETA 2s");
  });

  it("elsewhere: a plain line at each 10%; nothing when off", () => {
    const { written, stream, clock, at } = recorder();
    const progress = new ReplayProgress(stream, "lines", clock);
    for (let done = 0; done <= 200 * 2 ** 20; done += 8 * 2 ** 20) {
      at(done / 2 ** 17);
      progress.update("reading events.jsonl", done, 200 * 2 ** 20, "bytes");
    }
    expect(written).toHaveLength(10);
    expect(written[0]).toBe("reading events.jsonl 12.0% · 24 MB of 200 MB · 125 MB/s · ETA 1s\n");
    expect(written[9]).toBe("reading events.jsonl 100% · 200 MB of 200 MB · 125 MB/s\n");
    const off = recorder();
    new ReplayProgress(off.stream, "off", off.clock).update("replaying", 1, 2, "events");
    expect(off.written).toEqual([]);
  });
});

describe("formatSummary", () => {
  it("says what the holdout of a campaign without an experiment means (issue 19: not 'holdout 60 (100.0%)')", () => {
    const summary = new ReplaySummary();
    summary.events = 3;
    summary.users = 3;
    summary.firstTime = 0;
    summary.lastTime = 1000;
    const exposure = (campaign: string, variant: string | null, holdout: boolean) => ({ type: "exposure" as const, exposure: { campaign, experiment: holdout ? "global-holdout" : "exp", variant, at: 0, control: false, ...(holdout ? { holdout: true } : {}) } });
    summary.add({ decisions: [], suppressed: [], records: [exposure("welcome", null, true)] } as never, new UserReach());
    summary.add({ decisions: [], suppressed: [], records: [exposure("modal", "image", false)] } as never, new UserReach());
    summary.add({ decisions: [], suppressed: [], records: [exposure("modal", null, true)] } as never, new UserReach());
    const text = formatSummary(summary, new LineReports(), { eventsFile: "events.jsonl", eventLines: 3, seconds: 1 });
    expect(text).toContain("Experiment exposures (users per variant; the control and the global holdout receive nothing)\n  modal: holdout 1 (50.0%), image 1 (50.0%)");
    expect(text).toContain("Global holdout (campaigns without an experiment: users who qualified but are held out of all campaigns, and received nothing)\n  campaign  held-out users\n  welcome                1");
    expect(text).not.toMatch(/welcome: holdout/);
  });
});

describe("readJsonFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "nudgekit-json-"));
  const read = (name: string, text: string): unknown => {
    writeFileSync(join(dir, name), text);
    return readJsonFile(join(dir, name));
  };

  it("accepts a byte order mark", () => {
    expect(read("bom.json", '\uFEFF{"a":1}')).toEqual({ a: 1 });
  });

  it("says where a syntax error is, line:column, with the line and a caret", () => {
    const at = (text: string): string => {
      try {
        read("bad.json", text);
      } catch (error) {
        return (error as Error).message.replace(join(dir, "bad.json"), "bad.json");
      }
      throw new Error("no error");
    };
    expect(at('{\n  "a": 1,\n  "b": }')).toBe("bad.json:3:8: invalid JSON: expected a value\n    \"b\": }\n         ^");
    expect(at("[1,2,]")).toBe("bad.json:1:6: invalid JSON: expected a value\n  [1,2,]\n       ^");
    expect(at('{"a":1} // note')).toBe("bad.json:1:9: invalid JSON: comments are not allowed in JSON\n  {\"a\":1} // note\n          ^");
    expect(at("")).toBe("bad.json:1:1: invalid JSON: expected a value\n  \n  ^");
    expect(at('\uFEFF{"a":\n')).toMatch(/^bad\.json:2:1: invalid JSON: expected a value/);
    // A long line is cut around the column.
    expect(at(`{"a": "${"x".repeat(200)}" "b": 1}`).split("\n")).toEqual(["bad.json:1:210: invalid JSON: expected ',' between the items", expect.stringMatching(/^ {2}…x+" "b": 1}$/), expect.stringMatching(/^ {62}\^$/)]);
  });
});
