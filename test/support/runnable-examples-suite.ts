/**
 * The test of a doc page's runnable examples (see markdown-examples.ts): each `ts` / `js` block runs
 * as a user runs it (tsx, `nudgekit` imports as the source), and prints exactly the page's output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runnableExamples, toSource } from "./markdown-examples.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Registers the tests of `page` (relative to the repository, e.g. "docs/journeys.md"): at least `minimum` examples, each printing what the page shows. */
export function describeRunnableExamples(page: string, minimum: number): void {
  const examples = runnableExamples(readFileSync(join(root, page), "utf8"));
  // Inside the repository's node_modules: an example's own imports (`@duckdb/node-api`) resolve as in a user's project.
  const workDir = mkdtempSync(join(root, "node_modules", ".nudgekit-doc-"));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  describe(page, () => {
    it(`has its worked example${minimum > 1 ? "s" : ""}`, () => expect(examples.length).toBeGreaterThanOrEqual(minimum));

    it.each(examples.map((example) => [`${example.heading} (${page}:${example.line})`, example] as const))("%s prints what the page shows", (_name, example) => {
      const file = join(workDir, `example-${example.line}.mts`);
      writeFileSync(file, toSource(example.code, root));
      const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(example.output);
    });
  });
}
