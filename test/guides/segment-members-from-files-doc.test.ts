/**
 * docs/guides/segment-members-from-files.md: its commands (`<!-- run: NAME -->` before a ```sh
 * block), run on its files (`<!-- file: NAME -->`), print what it shows (`<!-- output: NAME -->`)
 * and write what it shows (`<!-- written: NAME -->`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCliCaptured } from "../support/run-cli-captured.js";

const PAGE = fileURLToPath(new URL("../../docs/guides/segment-members-from-files.md", import.meta.url));
const text = readFileSync(PAGE, "utf8");
const blocks = [...text.matchAll(/^<!-- (file|run|output|written): ([\w.-]+) -->\n```\w+\n([\s\S]*?)^```$/gm)].map(([, kind, name, body]) => ({ kind: kind as string, name: name as string, body: body as string }));
const block = (kind: string, name: string): string => {
  const found = blocks.find((entry) => entry.kind === kind && entry.name === name);
  if (found === undefined) throw new Error(`no <!-- ${kind}: ${name} --> block in the guide`);
  return found.body;
};

const dir = mkdtempSync(join(tmpdir(), "nudgekit-audience-guide-"));
const files = new Set(["members.csv", ...blocks.filter((entry) => entry.kind === "file").map((entry) => entry.name)]);

/** A command of the page as arguments, its files in the test's folder (a redirection `> file` dropped). */
function argumentsOf(command: string): string[] {
  const words = command.trim().replace(/\s*>\s*\S+$/, "").split(/\s+/);
  expect(words.slice(0, 3)).toEqual(["npx", "nudgekit", "audience"]);
  return words.slice(2).map((word) => (files.has(word) ? join(dir, word) : word));
}

const run = async (name: string, change: (args: string[]) => string[] = (args) => args) => {
  const result = await runCliCaptured(change(argumentsOf(block("run", name))));
  return { ...result, stdout: result.stdout.replaceAll(`${dir}/`, "") };
};

/** An output shown with `…` where a line goes on (a long query): the pattern of what the command prints. */
function shownWithElisions(shown: string): RegExp {
  const literal = shown.replace(/[.*+?^$(){}|[\]\\]/g, "\\$&");
  return new RegExp(`^${literal.replaceAll("…", "[^\\n]*")}$`);
}

afterEach(() => vi.restoreAllMocks());

beforeAll(() => {
  for (const entry of blocks) if (entry.kind === "file") writeFileSync(join(dir, entry.name), entry.body);
});

describe("docs/guides/segment-members-from-files.md", () => {
  it("has its files, commands and outputs", () => {
    expect(blocks.filter((entry) => entry.kind === "file").map((entry) => entry.name)).toEqual(["events.jsonl", "users.jsonl", "campaigns.json", "schema.json"]);
    expect(blocks.filter((entry) => entry.kind === "run").map((entry) => entry.name)).toEqual(["members", "sql", "schema"]);
  });

  it("the command prints the report and writes the members file shown", async () => {
    const result = await run("members");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(block("output", "members"));
    expect(readFileSync(join(dir, "members.csv"), "utf8")).toBe(block("written", "members.csv"));
  });

  it("without --now, the line on stderr is the one shown, with the instant read from the clock", async () => {
    const result = await run("members", (args) => args.filter((arg, index) => arg !== "--now" && args[index - 1] !== "--now"));
    expect(result.code).toBe(0);
    const shown = /```text\n(nudgekit audience: now is .*)\n```/.exec(text)?.[1] ?? "";
    const instant = /now is (\S+) /.exec(result.stderr)?.[1] ?? "";
    expect(result.stderr).toBe(`${shown.replaceAll("2026-11-24T12:00:00.000Z", instant)}\n`);
  });

  it("--sql prints the query shown (… stands for the rest of a line); --schema with another dialect as JSON", async () => {
    const sql = await run("sql");
    expect(sql.code).toBe(0);
    expect(sql.stdout).toMatch(shownWithElisions(block("output", "sql")));
    const params = JSON.parse(/^-- parameters: (.*)$/m.exec(sql.stdout)?.[1] ?? "null") as unknown[];
    expect(new Set(params)).toEqual(new Set(["purchase", "2026-10-26 00:00:00", "2026-11-25 00:00:00", "2026-11-25 12:00:00.000", 1]));
    const schema = await run("schema");
    expect(schema.code, schema.stderr).toBe(0);
    const queries = JSON.parse(schema.stdout) as { dialect: string; segments: { id: string; sql: string; params: unknown[] }[] };
    expect(queries.dialect).toBe("bigquery");
    expect(queries.segments.map((segment) => segment.id)).toEqual(["active", "buyers", "big-spenders", "pro-at-risk"]);
    expect(queries.segments[3]?.sql).toContain("`users` AS p");
    expect(queries.segments[3]?.sql).toContain("p.`plan`");
    expect(queries.segments[3]?.params).toContain("pro");
  });
});
