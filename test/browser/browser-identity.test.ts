/**
 * Front ends run the identical logic and get identical answers: every golden vector
 * (test/vectors/*.json) runs in real headless Chromium, on the library bundled for the browser, and
 * must give exactly the expected output — and exactly what Node gives. The page is served with
 * `Content-Security-Policy: script-src 'self'` (no 'unsafe-eval'): the test proves the policy is in
 * force (eval and new Function are refused, with a securitypolicyviolation event), and that loading
 * the library and running every vector caused no violation at all.
 *
 * Chromium is the system's (Debian: `apt-get install -y chromium`); no browser is ever downloaded.
 * Without one these tests are skipped with a warning, unless NUDGEKIT_REQUIRE_BROWSER=1 (CI).
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { builtinModules } from "node:module";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as caps from "../../src/caps/index.js";
import * as channels from "../../src/channels/index.js";
import * as experiments from "../../src/experiments/index.js";
import * as rules from "../../src/rules/index.js";
import * as runtime from "../../src/runtime/index.js";
import * as timeZones from "../../src/time-zones/index.js";
import { findChromium, launchChromium } from "../support/chromium.js";
import { gridDifferences, GRID_INSTANTS, zoneGrid } from "./zone-grid.js";
import { runPreparedDecideVectors, runVectors, VECTOR_FILES, type VectorDocument, type VectorFile, type VectorResult } from "../vectors/vector-runner.js";
import type { CspViolation, NudgekitBrowserReport } from "./browser-entry.js";
import type { NudgekitRuntimeReport } from "./runtime-entry.js";
import type { NudgekitModuleReport } from "./module-entry.js";
import { emitEngineModule, type EmittedEngineModule } from "../../src/node/standalone/index.js";
import { runEngineDecideVectors } from "../vectors/vector-runner.js";

// CI installs Chromium and sets NUDGEKIT_REQUIRE_BROWSER: there these tests must run.
const chromiumPath = findChromium();
if (chromiumPath === undefined) {
  if (process.env.NUDGEKIT_REQUIRE_BROWSER === "1") throw new Error("chromium is required (NUDGEKIT_REQUIRE_BROWSER=1) but not installed");
  console.warn("\n*** chromium is not installed: the browser identity tests (golden vectors in headless Chromium, CSP) are SKIPPED here (CI runs them). apt-get install -y chromium ***\n");
}

const CSP = "script-src 'self'";
const BROWSER_LOCALE = "sv-SE";
const BROWSER_TIME_ZONE = "Pacific/Chatham"; // UTC+12:45 / +13:45
const ENTRY = fileURLToPath(new URL("./browser-entry.ts", import.meta.url));
const RUNTIME_ENTRY = fileURLToPath(new URL("./runtime-entry.ts", import.meta.url));
const MODULE_ENTRY = fileURLToPath(new URL("./module-entry.ts", import.meta.url));

const vectorTexts = new Map<string, string>(VECTOR_FILES.map((file) => [file, readFileSync(new URL(`../vectors/${file}`, import.meta.url), "utf8")]));
const vectorFiles: VectorFile[] = VECTOR_FILES.map((file) => ({ ...(JSON.parse(vectorTexts.get(file)!) as VectorDocument), file }));

/** Node built-ins under every name a bundle could import them by ("fs", "node:fs", "fs/promises", "node:test"…). */
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isNodeBuiltin = (path: string): boolean => path.startsWith("node:") || NODE_BUILTINS.has(path) || NODE_BUILTINS.has(path.split("/")[0]!);
/** The same test as an esbuild filter, so that the plugin sees only those paths. */
const NODE_BUILTIN_FILTER = new RegExp(`^(?:node:.*|(?:${builtinModules.map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})(?:/.*)?)$`);

interface Bundle {
  readonly code: string;
  readonly metafile: Metafile;
  /** Every import of a Node built-in that resolves to nothing a browser has, with its importer (must stay empty). */
  readonly nodeImports: readonly string[];
  /**
   * Imports of Node built-ins that a dependency's package.json `browser` field replaces with an empty
   * module (seedrandom's guarded `require("crypto")`), with their importer. Harmless; never from src/.
   */
  readonly disabledImports: readonly string[];
}

/**
 * esbuild, for the browser, into memory. An import of a Node built-in fails the build unless the
 * importing package maps it away for browsers (its `browser` field), as bundlers for the web do.
 */
async function bundleBrowserEntry(entry: string): Promise<Bundle> {
  const nodeImports: string[] = [];
  const inner = Symbol("no-node-builtins");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "no-node-builtins",
        setup(builder) {
          builder.onResolve({ filter: NODE_BUILTIN_FILTER }, async (args) => {
            if (args.pluginData === inner || !isNodeBuiltin(args.path)) return undefined;
            // How esbuild itself resolves it for the browser: a `browser` field may disable it.
            const resolved = await builder.resolve(args.path, { importer: args.importer, resolveDir: args.resolveDir, kind: args.kind, pluginData: inner });
            if (resolved.errors.length === 0 && !resolved.external) return undefined;
            nodeImports.push(`${args.path} (imported by ${args.importer})`);
            return { errors: [{ text: `a browser bundle must not import the Node built-in "${args.path}" (imported by ${args.importer})` }] };
          });
        },
      },
    ],
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error("esbuild produced no output");
  const disabledImports = Object.entries(result.metafile.inputs).flatMap(([input, { imports }]) =>
    imports.filter((entry) => entry.path.startsWith("(disabled):") && isNodeBuiltin(entry.original ?? "")).map((entry) => `${entry.original} (imported by ${input})`),
  );
  return { code: output.text, metafile: result.metafile, nodeImports, disabledImports };
}

const page = (script: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>nudgekit golden vectors</title></head>
<body><script type="module" src="${script}"></script></body>
</html>
`;

/** decide.json's config prepared in Node, as a server prepares it for browsers. */
const preparedDecideConfig = JSON.stringify(root.prepareConfig(vectorFiles.find((file) => file.file === "decide.json")!.config));

/** Where the engine module of decide.json's config is served: named after its digest, as an app would name it. */
const modulePath = (module: EmittedEngineModule): string => `/configs/engine-${module.digest}.js`;

/** A tiny static server on 127.0.0.1 and a free port: the pages (with the CSP header), the bundles, the engine module, the vector files. */
async function serve(bundle: string, runtimeBundle: string, moduleRunner: string, engineModule: EmittedEngineModule): Promise<Server> {
  const pages: Record<string, string> = { "/": "/bundle.js", "/runtime.html": "/runtime.js", "/module.html": "/module-runner.js" };
  const scripts: Record<string, string> = { "/bundle.js": bundle, "/runtime.js": runtimeBundle, "/module-runner.js": moduleRunner, [modulePath(engineModule)]: engineModule.code };
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const vector = path.startsWith("/vectors/") ? vectorTexts.get(path.slice("/vectors/".length)) : path === "/prepared/decide.json" ? preparedDecideConfig : undefined;
    if (Object.hasOwn(pages, path)) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": CSP, "cache-control": "no-store" });
      response.end(page(pages[path]!));
    } else if (Object.hasOwn(scripts, path)) {
      response.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      response.end(scripts[path]);
    } else if (vector !== undefined) {
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      response.end(vector);
    } else {
      response.writeHead(path === "/favicon.ico" ? 204 : 404);
      response.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return server;
}

/** The first place two JSON texts differ, with some context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}:\n  node:     …${a.slice(Math.max(0, i - 120), i + 120)}…\n  chromium: …${b.slice(Math.max(0, i - 120), i + 120)}…`;
}

describe.runIf(chromiumPath !== undefined)("golden vectors in headless Chromium under Content-Security-Policy: script-src 'self'", () => {
  let bundle: Bundle;
  let runtimeBundle: Bundle;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let report: NudgekitBrowserReport;
  let runtimeReport: NudgekitRuntimeReport;
  let violations: CspViolation[];
  let runtimeViolations: CspViolation[];
  let moduleBundle: Bundle;
  let engineModule: EmittedEngineModule;
  let moduleReport: NudgekitModuleReport;
  let moduleViolations: CspViolation[];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const timings: Record<string, number> = {};

  /** Opens a page of the server in a fresh page of `context`, recording errors and every CSP violation from page start. */
  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${path}: ${error.name}: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${path}: ${message.text()}`);
    });
    // From page start, before any page script: every violation of the policy, with where it came from.
    await page.addInitScript(() => {
      const recorded: CspViolation[] = [];
      window.nudgekitCspViolations = recorded;
      window.addEventListener(
        "securitypolicyviolation",
        (event) => {
          recorded.push({
            effectiveDirective: event.effectiveDirective,
            violatedDirective: event.violatedDirective,
            blockedURI: event.blockedURI,
            sourceFile: event.sourceFile,
            lineNumber: event.lineNumber,
            columnNumber: event.columnNumber,
            sample: event.sample,
            disposition: event.disposition,
            timeStamp: event.timeStamp,
          });
        },
        true,
      );
    });
    const { port } = server!.address() as AddressInfo;
    const response = await page.goto(`http://127.0.0.1:${port}${path}`);
    expect(response?.headers()["content-security-policy"]).toBe(CSP);
    return page;
  }

  /** Opens `path`, waits for the report its script leaves on `window[key]`, and returns it with the page's CSP violations. */
  async function pageReport<K extends "nudgekitReport" | "nudgekitRuntimeReport" | "nudgekitModuleReport">(context: BrowserContext, path: string, key: K): Promise<{ report: NonNullable<Window[K]>; violations: CspViolation[] }> {
    const page = await open(context, path);
    await page.waitForFunction((name) => window[name] !== undefined, key, { timeout: 30_000, polling: 50 });
    return { report: (await page.evaluate((name) => window[name], key)) as NonNullable<Window[K]>, violations: await page.evaluate(() => window.nudgekitCspViolations ?? []) };
  }

  beforeAll(async () => {
    let started = performance.now();
    [bundle, runtimeBundle, moduleBundle, engineModule] = await Promise.all([
      bundleBrowserEntry(ENTRY),
      bundleBrowserEntry(RUNTIME_ENTRY),
      bundleBrowserEntry(MODULE_ENTRY),
      emitEngineModule(vectorFiles.find((file) => file.file === "decide.json")!.config),
    ]);
    timings.bundleMs = performance.now() - started;
    server = await serve(bundle.code, runtimeBundle.code, moduleBundle.code, engineModule);
    started = performance.now();
    browser = await launchChromium(chromiumPath!);
    timings.launchMs = performance.now() - started;
    // A user's browser, not the test machine's defaults: another language and a zone whose offset
    // is neither whole hours nor Node's, so that nothing may depend on the runtime's locale or zone.
    const context = await browser.newContext({ locale: BROWSER_LOCALE, timezoneId: BROWSER_TIME_ZONE });
    started = performance.now();
    ({ report, violations } = await pageReport(context, "/", "nudgekitReport"));
    timings.pageMs = performance.now() - started;
    timings.runInPageMs = report.runMs;
    started = performance.now();
    ({ report: runtimeReport, violations: runtimeViolations } = await pageReport(context, "/runtime.html", "nudgekitRuntimeReport"));
    timings.runtimePageMs = performance.now() - started;
    started = performance.now();
    ({ report: moduleReport, violations: moduleViolations } = await pageReport(context, `/module.html?module=${encodeURIComponent(modulePath(engineModule))}`, "nudgekitModuleReport"));
    timings.modulePageMs = performance.now() - started;
    console.info(`browser identity: ${Object.entries(timings).map(([name, ms]) => `${name} ${Math.round(ms)}`).join(", ")} (${chromiumPath}, Chromium ${browser.version()}, ${BROWSER_LOCALE}, ${BROWSER_TIME_ZONE})`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  });

  it("bundles the library for the browser (esbuild, platform browser) without any Node built-in", () => {
    expect(bundle.nodeImports).toEqual([]);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter(isNodeBuiltin)).toEqual([]);
    for (const input of inputs) expect(bundle.metafile.inputs[input]!.imports.filter((entry) => entry.external === true)).toEqual([]);
    // Only dependencies may name a built-in, and only one their `browser` field disables.
    expect(bundle.disabledImports.filter((entry) => !entry.includes("(imported by node_modules/"))).toEqual([]);
    expect(inputs.some((input) => input.startsWith("src/rules/"))).toBe(true);
    expect(inputs.some((input) => input.startsWith("src/engine/"))).toBe(true);
  });

  it("runs every vector in the page without a page error", () => {
    expect(report.error).toBeNull();
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(report.results).not.toBeNull();
  });

  it.each(VECTOR_FILES.map((file) => [file] as const))("%s: every case gives exactly the expected output in Chromium", (file) => {
    const results = JSON.parse(report.results ?? "[]") as VectorResult[];
    const document = vectorFiles.find((candidate) => candidate.file === file)!;
    const actual = results.filter((result) => result.file === file);
    expect(actual.map((result) => result.name)).toEqual(document.cases.map((vector) => vector.name));
    const mismatches = document.cases.flatMap((vector, index) => {
      const got = actual[index]?.actual;
      return JSON.stringify(got) === JSON.stringify(vector.expected) ? [] : [{ name: vector.name, expected: vector.expected, chromium: got }];
    });
    expect(mismatches).toEqual([]);
  });

  it("gives byte for byte the output Node gives (same runner, src/ in Node)", () => {
    const node = JSON.stringify(runVectors({ root, experiments, rules, caps, channels, timeZones }, vectorFiles));
    const chromium = report.results ?? "";
    expect(chromium === node, chromium === node ? "" : firstDifference(node, chromium)).toBe(true);
  });

  it("enforces the page's policy: eval and new Function throw EvalError, and each fires a securitypolicyviolation", () => {
    expect(report.probe).toEqual({ eval: "EvalError", newFunction: "EvalError" });
    const fromProbe = violations.filter((violation) => violation.timeStamp >= report.probeStartedAt);
    expect(fromProbe).toHaveLength(2);
    for (const violation of fromProbe) {
      expect(violation).toMatchObject({ effectiveDirective: "script-src", blockedURI: "eval", disposition: "enforce" });
    }
  });

  it("loading nudgekit and running every vector triggers no CSP violation", () => {
    const fromLibrary = violations.filter((violation) => violation.timeStamp < report.probeStartedAt);
    // On failure, show the bundled code at each violation's position (the bundle is minified: one
    // long line per few hundred statements).
    const lines = bundle.code.split("\n");
    const located = fromLibrary.map((violation) => ({
      ...violation,
      code: violation.sourceFile.endsWith("/bundle.js") ? (lines[violation.lineNumber - 1] ?? "").slice(Math.max(0, violation.columnNumber - 200), violation.columnNumber + 60) : "",
    }));
    expect(located).toEqual([]);
  });
  it("bundles nudgekit/runtime for the browser without zod, schemas or any Node built-in", () => {
    expect(runtimeBundle.nodeImports).toEqual([]);
    const inputs = Object.keys(runtimeBundle.metafile.inputs);
    expect(inputs.filter((input) => input.includes("node_modules/zod/") || input === "src/rules/csp-safe-zod.ts" || /^src\/schema\/(?!weekdays|campaign-statuses)/.test(input))).toEqual([]);
    expect(inputs.some((input) => input.startsWith("src/engine/prepared/"))).toBe(true);
  });

  it("nudgekit/runtime, loading decide.json's config prepared in Node, gives every decide vector its expected output in Chromium, as Node does", () => {
    expect(runtimeReport.error).toBeNull();
    const document = vectorFiles.find((file) => file.file === "decide.json")!;
    const results = JSON.parse(runtimeReport.results ?? "[]") as VectorResult[];
    expect(results.map((result) => result.name)).toEqual(document.cases.map((vector) => vector.name));
    const mismatches = document.cases.flatMap((vector, index) => (JSON.stringify(results[index]?.actual) === JSON.stringify(vector.expected) ? [] : [{ name: vector.name, expected: vector.expected, chromium: results[index]?.actual }]));
    expect(mismatches).toEqual([]);
    const node = JSON.stringify(runPreparedDecideVectors(runtime, JSON.parse(preparedDecideConfig), document));
    expect(runtimeReport.results === node, runtimeReport.results === node ? "" : firstDifference(node, runtimeReport.results ?? "")).toBe(true);
  });

  it("time zones: with pinnedTimeZones, Node and Chromium give the same ~24,000 zone outputs (with Intl, each its own tz database)", () => {
    expect(report.zoneGrid).not.toBeNull();
    const zones = timeZones.pinnedZoneNames();
    const size = zones.length * GRID_INSTANTS.length * 4;
    const nodePinned = zoneGrid(timeZones.pinnedTimeZones, zones);
    const chromiumPinned = JSON.parse(report.zoneGrid!.pinned) as (number | null)[];
    expect(nodePinned).toHaveLength(size);
    expect(nodePinned.every((value) => value !== null)).toBe(true);
    expect(gridDifferences(zones, nodePinned, chromiumPinned)).toEqual([]);
    // Intl: reported, not asserted (Node's ICU and Chromium's carry different tz database releases).
    const intlDifferences = gridDifferences(zones, zoneGrid(timeZones.intlTimeZones, zones), JSON.parse(report.zoneGrid!.intl) as (number | null)[]);
    const byZone = new Map<string, number>();
    for (const difference of intlDifferences) byZone.set(difference.zone, (byZone.get(difference.zone) ?? 0) + 1);
    console.info(
      `zone grid: ${size} outputs (${zones.length} zones × ${GRID_INSTANTS.length} instants × 4); pinned (tz ${timeZones.pinnedTimeZones.version}): Node = Chromium; ` +
        `Intl (Node tz ${process.versions.tz ?? "?"} vs Chromium ${browser!.version()}): ${intlDifferences.length} differ, in ${[...byZone].map(([zone, count]) => `${zone} ${count}`).join(", ") || "no zone"}`,
    );
  });

  it("loading nudgekit/runtime and running the decide vectors triggers no CSP violation", () => {
    expect(runtimeViolations).toEqual([]);
  });

  it("an engine module of decide.json's config, emitted in Node and loaded by the page with import() from the same origin, gives every decide vector its expected output, as Node does", () => {
    expect(moduleReport.error).toBeNull();
    expect(JSON.parse(moduleReport.meta ?? "null")).toMatchObject({ format: "nudgekit.engine-module", digest: engineModule.digest });
    const document = vectorFiles.find((file) => file.file === "decide.json")!;
    const results = JSON.parse(moduleReport.results ?? "[]") as VectorResult[];
    expect(results.map((result) => result.name)).toEqual(document.cases.map((vector) => vector.name));
    const mismatches = document.cases.flatMap((vector, index) => (JSON.stringify(results[index]?.actual) === JSON.stringify(vector.expected) ? [] : [{ name: vector.name, expected: vector.expected, chromium: results[index]?.actual }]));
    expect(mismatches).toEqual([]);
    const node = JSON.stringify(runEngineDecideVectors(() => root.createEngine(document.config as never), document));
    expect(moduleReport.results === node, moduleReport.results === node ? "" : firstDifference(node, moduleReport.results ?? "")).toBe(true);
  });

  it("loading the engine module and running the decide vectors triggers no CSP violation (script-src 'self', no 'unsafe-eval')", () => {
    expect(moduleViolations).toEqual([]);
  });
});
