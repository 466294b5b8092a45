/**
 * The README's runnable examples, run as a user runs them.
 *
 * A runnable example is a ```js or ```ts block followed by a line ending with ":" and a ```text
 * block: the text block is exactly what the program prints. Each one is written to a temporary
 * .mjs / .mts file whose `nudgekit` imports point at the library's source, run with Node (through
 * tsx, which also reads the source's TypeScript), and its output compared with the block; each is
 * also type-checked as TypeScript with this repository's strict settings. The first example under
 * "## Example" must be a ```js one: it is what a new user copies into `example.mjs`.
 * (scripts/check-package.mjs runs the ```js examples against the packed tarball.)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { runnableExamples, toSource as toSourceUnder } from "../support/markdown-examples.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");

const toSource = (code: string): string => toSourceUnder(code, root);
const examples = runnableExamples(readme);
const workDir = mkdtempSync(join(tmpdir(), "nudgekit-readme-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("README examples", () => {
  it("the first code block under ## Example is a runnable example, with its output", () => {
    const section = readme.slice(readme.indexOf("\n## Example\n"));
    const firstBlock = /^```(\w+)\n/m.exec(section);
    expect(firstBlock?.[1]).toBe("js");
    expect(examples[0]).toMatchObject({ heading: "Example", language: "js" });
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((example) => [`${example.heading} (README.md:${example.line})`, example] as const))("%s prints what the README shows", (_name, example) => {
    const file = join(workDir, `example-${example.line}.${example.language === "js" ? "mjs" : "mts"}`);
    writeFileSync(file, toSource(example.code));
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(example.output);
  });

  it("type-checks as TypeScript (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes)", { timeout: 60_000 }, () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    const files = examples.map((example) => {
      const file = join(workDir, `typed-${example.line}.mts`);
      writeFileSync(file, `${toSource(example.code)}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, { ...parsed?.options, noEmit: true, types: ["node"], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"] });
    const problems = files.flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)));
    expect(problems.map((problem) => `${problem.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(problem.messageText, "\n")}`)).toEqual([]);
  });
});
