import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));

/** Adapters that may use Node built-ins; each lives behind its own subpath export. */
const NODE_ADAPTERS: readonly string[] = [
  // nudgekit/segments/workers: batch segment evaluation on worker threads.
  "node/segment-workers/evaluate-segments-in-workers.ts",
  "node/segment-workers/segment-worker-pool.ts",
  "node/segment-workers/segment-worker.ts",
  "node/segment-workers/worker-script.ts",
  // Where a worker script sits next to the module that starts it (dist or source).
  "node/worker-threads/worker-script.ts",
  // `nudgekit kpis --workers`: the file folded by parts of the users on worker threads.
  "node/metrics/fold-outcome-file-in-workers.ts",
  "node/metrics/outcome-worker.ts",
  // The `nudgekit` CLI (bin): reads files, writes to stdout / stderr.
  "node/cli/nudgekit.ts",
  "node/cli/run-cli.ts",
  "node/cli/read-json-file.ts",
  // The file side of `nudgekit replay`: streamed reads, sorted runs (events, users, decisions) in a temporary directory.
  "node/replay/read-lines.ts",
  "node/replay/sorted-runs.ts",
  "node/replay/external-sort.ts",
  "node/replay/temporary-folder.ts",
  "node/replay/event-log.ts",
  "node/replay/replay-files.ts",
  "node/replay/format-summary.ts",
  // `nudgekit audience`: files loaded into DuckDB (an optional peer, imported only by the command), members written as CSV.
  "node/audience/byte-order-mark.ts",
  "node/audience/compute-audience.ts",
  "node/audience/format-audience.ts",
  "node/audience/members-csv.ts",
  // nudgekit/standalone: the engine module emitter finds nudgekit's module tree on disk and bundles it with esbuild (an optional peer).
  "node/standalone/emit-engine-module.ts",
  "node/standalone/module-root.ts",
  "node/standalone/module-parts.ts",
  "node/standalone/replaced-modules.ts",
];

/**
 * The one file that may compile code: the code-generating rule backend (nudgekit/rules/codegen),
 * opt-in and never on a browser's default path; its source is proven safe by test/rules/codegen-safety.test.ts.
 */
const CODEGEN: readonly string[] = ["rules/codegen/codegen-backend.ts"];

/** Adapters that may read the clock: the CLI reports how long a replay took and its progress (never used in a decision). */
const CLOCK_ADAPTERS: readonly string[] = ["node/cli/run-cli.ts", "node/replay/replay-progress.ts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const files = sourceFiles(srcDir).map((path) => ({ path: relative(srcDir, path), text: readFileSync(path, "utf8") }));

describe("src/ is browser-safe and CSP-safe", () => {
  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [file.path, file.text] as const))("%s imports no Node built-ins", (path, text) => {
    if (NODE_ADAPTERS.includes(path)) return;
    const imports = [...text.matchAll(/from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)].map(
      (match) => match[1] ?? match[2] ?? match[3],
    );
    for (const specifier of imports) {
      expect(specifier, `${path} imports ${specifier}`).not.toMatch(/^node:|^(fs|path|os|crypto|worker_threads|child_process|util|stream|events|url|buffer)$/);
    }
  });

  it.each(files.map((file) => [file.path, file.text] as const))("%s uses no eval, new Function, clock or unseeded randomness", (path, text) => {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""); // comments may mention them
    expect(code).not.toMatch(/\beval\s*\(/);
    if (!CODEGEN.includes(path)) expect(code).not.toMatch(/new\s+Function\b|\bFunction\s*\(/);
    if (!CLOCK_ADAPTERS.includes(path)) expect(code).not.toMatch(/Date\.now\s*\(|new\s+Date\s*\(\s*\)|performance\.now/);
    expect(code).not.toMatch(/Math\.random\s*\(/);
    // Ordering or formatting by the runtime's locale would differ between a server and a browser.
    expect(code).not.toMatch(/\.localeCompare\s*\(|new\s+Intl\.Collator\s*\(/);
    expect(code).not.toMatch(/console\.(log|warn|error|info)/);
  });

  it.each(files.map((file) => [file.path, file.text] as const))("%s builds zod schemas only with the CSP-safe z", (path, text) => {
    if (path === "validation/csp-safe-zod.ts") return;
    // A value import of zod would build schemas before the JIT is off: an eval probe under CSP.
    expect(text).not.toMatch(/import\s+(?!type\b)[^;]*from\s+["']zod(?:\/[^"']*)?["']/);
  });

  it("nothing a browser loads by default reaches the code-generating backend", () => {
    // Only its own subpath entry imports it (compileRule takes it as an option), the root entry
    // under the "node" export condition (generated rules by default there), and Node-only adapters:
    // the `nudgekit replay` command runs rules as generated code by default.
    const importers = files.filter((file) => /from\s+["'][^"']*(?:codegen-backend|codegen\/index)\.js["']/.test(file.text)).map((file) => file.path);
    expect(importers.filter((path) => !NODE_ADAPTERS.includes(path)).sort()).toEqual(["index.node.ts", "rules/codegen/index.ts"]);
    expect(importers.filter((path) => NODE_ADAPTERS.includes(path))).toEqual(["node/cli/run-cli.ts"]);
    // …and index.node.ts is only ever the "node" condition of the root export, never what a browser resolves.
    type Conditions = { default?: string; import?: { default?: string } };
    const rootExport = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { exports: Record<string, Record<string, Conditions>> }).exports["."] as Record<string, Conditions>;
    expect(Object.keys(rootExport)[0]).toBe("node");
    expect(rootExport.node?.import?.default).toBe("./dist/index.node.js");
    expect(rootExport.import?.default).toBe("./dist/index.js");
  });

  it("the CSP-safe z turns zod's JIT off", async () => {
    const { z } = await import("../../src/validation/csp-safe-zod.js");
    expect(z.config().jitless).toBe(true);
  });
});
