/**
 * Every module a public entry point reaches computes with exactly specified arithmetic only.
 *
 * ECMAScript specifies + − × ÷, %, Math.sqrt, Math.fround, Math.round… to the bit, but leaves
 * Math.sin, cos, tan, asin, exp, log, log1p, pow (and `**`) and the rest "implementation-approximated":
 * each engine, and each version of one, may round the last bit its own way (Node 20 and Chromium 156
 * disagree on a `distance_km`). A rule, an assignment, a cap, a channel, a bandit draw or a winner
 * that used one could then decide differently on a server and in a browser. src/math has
 * deterministic replacements; this test fails on any use of the others.
 *
 * The import graph is esbuild's (the metafile of a bundle of each entry point), so re-exports and
 * shared chunks are followed exactly as a bundler follows them; each reached file of src/ is then
 * parsed with the TypeScript compiler (so comments and strings never count).
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import tsupConfig from "../../tsup.config.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** package.json: where its subpath exports, bin and main fields point. */
const packageJson = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { exports: Record<string, unknown>; bin: Record<string, string>; main: string; module: string };

/**
 * The source of every file the build makes (tsup's entries: one per subpath export, the bin and
 * the segment workers' thread script), so a new subpath is checked the day it is added. Every
 * entry point decides or produces golden-vector results, Node-only ones too (Redis store, replay,
 * segment workers, the CLI); statistics included: `pickWinner` returns a decision.
 */
function buildEntries(): Record<string, string> {
  const config = tsupConfig as { entry?: unknown };
  if (config === null || typeof config !== "object" || config.entry === null || typeof config.entry !== "object" || Array.isArray(config.entry)) {
    throw new Error("tsup.config.ts must export one config whose `entry` maps output names to sources (this test reads it)");
  }
  return config.entry as Record<string, string>;
}
const ENTRY_POINTS = Object.values(buildEntries());

/** Every file of dist/ that package.json names (exports at any depth, bin, main, module), without its extension. */
function distTargets(): string[] {
  const targets: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      const match = /^\.\/dist\/(.+?)\.(?:d\.c?ts|c?js)$/.exec(value);
      if (match !== null) targets.push(match[1]!);
    } else if (value !== null && typeof value === "object") for (const inner of Object.values(value)) visit(inner);
  };
  visit([packageJson.exports, packageJson.bin, packageJson.main, packageJson.module]);
  return [...new Set(targets)].sort();
}

/** Math members whose results the specification fixes to the bit (or that are constants). */
const EXACT_MATH = new Set(["abs", "ceil", "floor", "round", "trunc", "sign", "min", "max", "sqrt", "fround", "imul", "clz32", "PI", "E", "LN2", "LN10", "LOG2E", "LOG10E", "SQRT2", "SQRT1_2"]);

/** The src/ files each entry point reaches, by esbuild's resolution. */
async function reachedSourceFiles(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs).filter((input) => input.startsWith("src/") && input.endsWith(".ts"));
}

/**
 * Each use of an approximated Math function, of `Math` in any other place than before `.exactMember`
 * (an alias, `globalThis.Math`, `Math[name]`), or of `**` / `**=`, as "file:line:column what".
 */
function approximatedMathUses(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const uses: string[] = [];
  const report = (node: ts.Node, what: string): void => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    uses.push(`${fileName}:${line + 1}:${character + 1} ${what}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken || node.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskEqualsToken)) {
      report(node, `${node.getText(source)} (** is Math.pow)`);
    }
    if (ts.isIdentifier(node) && node.text === "Math") {
      const parent = node.parent;
      const member = ts.isPropertyAccessExpression(parent) && parent.expression === node ? parent.name.text : undefined;
      if (member === undefined) report(node, `Math used as a value (${parent.getText(source).slice(0, 60)})`);
      else if (!EXACT_MATH.has(member)) report(parent, `Math.${member}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return uses;
}

describe("no implementation-approximated Math on any decision or vector path", () => {
  it("the detector finds Math.sin, an aliased Math, and **, and nothing in comments or strings", () => {
    const sample = [
      "// Math.sin(x) in a comment",
      'const text = "Math.exp(1) ** 2";',
      "const a = Math.sin(x) + Math.sqrt(y) + Math.floor(z);",
      "const m = Math; m.log(2);",
      "let b = 10 ** n; b **= 2;",
      "const c = globalThis.Math.cos(1);",
    ].join("\n");
    expect(approximatedMathUses("sample.ts", sample)).toEqual([
      "sample.ts:3:11 Math.sin",
      "sample.ts:4:11 Math used as a value (m = Math)",
      "sample.ts:5:9 10 ** n (** is Math.pow)",
      "sample.ts:5:18 b **= 2 (** is Math.pow)",
      "sample.ts:6:22 Math used as a value (globalThis.Math)",
    ]);
  });

  it("checks every entry point the package has: each file package.json points to in dist/ is built from one of them", () => {
    const built = buildEntries();
    const missing = distTargets().filter((target) => !(target in built));
    expect(missing, "package.json names files no tsup entry builds (add the entry to tsup.config.ts)").toEqual([]);
    for (const source of ENTRY_POINTS) expect(existsSync(`${root}${source}`), source).toBe(true);
    // The subpaths that were once missed here, and the bin.
    expect(ENTRY_POINTS).toEqual(expect.arrayContaining(["src/index.ts", "src/runtime/index.ts", "src/time-zones/index.ts", "src/replay/index.ts", "src/node/cli/nudgekit.ts", "src/redis/index.ts"]));
  });

  it.each(ENTRY_POINTS)("%s reaches no Math.sin / cos / asin / exp / log / pow / ** …", async (entry) => {
    const files = await reachedSourceFiles(entry);
    expect(files).toContain(entry);
    const uses = files.flatMap((file) => approximatedMathUses(file, readFileSync(`${root}${file}`, "utf8")));
    expect(uses, "use src/math (sinPi, cosPi, asin, ln, exp, log1p, powerOfTen) instead").toEqual([]);
  });

  it("the decision paths that use transcendental functions reach src/math", async () => {
    expect(await reachedSourceFiles("src/rules/index.ts")).toEqual(expect.arrayContaining(["src/rules/geo/haversine.ts", "src/math/asin.ts", "src/math/sin-cos-pi.ts"]));
    expect(await reachedSourceFiles("src/experiments/index.ts")).toEqual(expect.arrayContaining(["src/experiments/bandit/gamma-sampler.ts", "src/math/ln.ts", "src/math/exp.ts"]));
  });
});
