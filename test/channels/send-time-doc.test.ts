/** docs/send-time.md's runnable example (see test/support/markdown-examples.ts), run as a user runs it. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runnableExamples, toSource } from "../support/markdown-examples.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examples = runnableExamples(readFileSync(join(root, "docs", "send-time.md"), "utf8"));
const workDir = mkdtempSync(join(tmpdir(), "nudgekit-send-time-doc-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("docs/send-time.md", () => {
  it("has its worked example", () => expect(examples.length).toBeGreaterThanOrEqual(1));

  it.each(examples.map((example) => [`${example.heading} (docs/send-time.md:${example.line})`, example] as const))("%s prints what the page shows", (_name, example) => {
    const file = join(workDir, `example-${example.line}.mts`);
    writeFileSync(file, toSource(example.code, root));
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(example.output);
  });
});
