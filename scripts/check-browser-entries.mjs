// After `npm run build`: every subpath export a browser may import bundles for the browser, with
// its runtime dependencies, without reaching a Node built-in module.
//
//   node scripts/check-browser-entries.mjs
//
// Each entry's ESM build (the "import" target in package.json "exports") is bundled by esbuild
// exactly as a web app's bundler would (`platform: "browser"`, so "browser" fields and conditions
// apply). A Node built-in that a dependency maps away in its "browser" field (seedrandom's
// `require("crypto")`, mapped to `false`) is fine; any other import of one fails, and the failure
// names the chain of imports that reaches it: through the built files, then (when the entry has
// a source under src/) through the source files, which is where it must be fixed. Each bundle
// is then loaded (in Node: it needs no Node API) and must export what the built entry exports;
// the root entry's bundle must decide.
//
// Also exports the list of browser subpaths, for scripts/report-sizes.mjs.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** Subpath exports that are not for browsers, and why. Everything else in "exports" must bundle for one. */
export const NOT_FOR_BROWSERS = {
  "./redis": "server-side adapter: a cap store shared by several processes through a Redis server, which a browser cannot reach",
  "./standalone": "Node only by design: emits engine modules at build time (esbuild, node:fs); the modules it writes are for browsers",
  "./segments/workers": "Node only by design: batch segment evaluation on worker threads (node:worker_threads, node:os, node:url)",
  "./package.json": "metadata, not code",
  "./schema/engine-config.schema.json": "a JSON Schema for editors and validators, not code",
  "./schema/campaign.schema.json": "a JSON Schema for editors and validators, not code",
};

/** Browser entries that must not bundle the validation path: they exist to run without zod. */
export const WITHOUT_ZOD = new Set(["./runtime"]);

/** Every subpath export a browser may import, with its built ESM file (relative to the package root). */
export function browserEntries() {
  return Object.entries(pkg.exports)
    .filter(([subpath]) => !(subpath in NOT_FOR_BROWSERS))
    .map(([subpath, target]) => {
      const file = target?.import?.default;
      if (typeof file !== "string") throw new Error(`exports["${subpath}"] has no "import" → "default" target`);
      return { subpath, specifier: subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, file: file.replace(/^\.\//, "") };
    });
}

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (specifier) => specifier.startsWith("node:") || builtins.has(specifier);

/**
 * An esbuild plugin that lets esbuild resolve each Node built-in it meets as it would for a browser
 * and, when that fails (no "browser" field maps it away), records who imports it and keeps it out
 * of the bundle (external) so the build goes on and every such import is found in one run.
 */
function builtinTracker(found) {
  return {
    name: "node-builtin-tracker",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.probing || !isBuiltin(args.path)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { probing: true } });
        // Resolved through a "browser" field (to `false` or a shim): fine, let esbuild carry on.
        // Resolved to an installed package of the same name (a polyfill): only works here, not
        // for a user who lacks it, so it counts as a Node built-in too.
        const polyfill = resolved.errors.length === 0 && resolved.path.split("\\").join("/").includes(`/node_modules/${args.path.replace(/^node:/, "")}/`);
        if (resolved.errors.length === 0 && !polyfill) return undefined;
        found.push({ specifier: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/** The shortest chain of imports from `entry` to `target` in an esbuild metafile (paths as in the metafile). */
function importChain(metafile, entry, target) {
  const previous = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === target) break;
    for (const { path, external } of metafile.inputs[file]?.imports ?? []) {
      if (external || previous.has(path)) continue;
      previous.set(path, file);
      queue.push(path);
    }
  }
  if (!previous.has(target)) return [target];
  const chain = [];
  for (let file = target; file !== null; file = previous.get(file)) chain.unshift(file);
  return chain;
}

/**
 * Bundles one file for the browser; resolves to the Node built-ins it reaches (each with its import
 * chain), the built-ins that "browser" fields map away, esbuild's warnings and the bundle's code.
 */
export async function nodeBuiltinsReached(entryFile) {
  const found = [];
  const result = await esbuild.build({
    entryPoints: [join(root, entryFile)],
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [builtinTracker(found)],
  });
  const entry = relative(root, join(root, entryFile)).split("\\").join("/");
  const disabled = Object.keys(result.metafile.inputs).filter((input) => input.startsWith("(disabled):"));
  const reached = found.map(({ specifier, importer }) => {
    const from = relative(root, importer).split("\\").join("/");
    return { specifier, chain: [...importChain(result.metafile, entry, from), specifier] };
  });
  const [output] = Object.values(result.metafile.outputs);
  const bundlesZod = Object.entries(output.inputs).some(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.includes("node_modules/zod/"));
  return { reached, disabled, warnings: result.warnings, code: result.outputFiles[0].text, bundlesZod };
}

/** dist/x/index.js → src/x/index.ts, when that source exists (tsup's entries follow this layout). */
function sourceOf(file) {
  const source = file.replace(/^dist\//, "src/").replace(/\.js$/, ".ts");
  return existsSync(join(root, source)) ? source : undefined;
}

/**
 * What a browser bundle of the main entry must still do: decide. Consumers' bundlers honour
 * `"sideEffects": false` and drop the bare `import "./chunk-….js"` lines tsup's code splitting
 * leaves in dist/ (esbuild warns "ignored-bare-import"); running the bundle proves nothing needed
 * was dropped with them.
 */
function decides(mod) {
  const engine = mod.createEngine({ campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi {{ user.id }}" } } }] });
  const user = { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
  const result = engine.decide({ event: { name: "tap" }, user, now: "2026-11-23T12:00:00Z" });
  return result.decisions.length === 1 && result.decisions[0].content.title === "Hi u";
}

/** Loads a bundle in Node (it needs no Node API) and checks it exports what the built entry exports. */
async function runBundle(code, file, directory) {
  const bundlePath = join(directory, `${file.replace(/[\\/]/g, "_")}.browser.mjs`);
  writeFileSync(bundlePath, code);
  const bundled = await import(pathToFileURL(bundlePath).href);
  const built = await import(pathToFileURL(join(root, file)).href);
  const missing = Object.keys(built).filter((name) => !(name in bundled));
  if (missing.length > 0) return `the bundle lacks export(s) ${missing.join(", ")}`;
  if (file === pkg.exports["."].import.default.replace(/^\.\//, "") && !decides(bundled)) return "createEngine(config).decide(input) from the bundle gave a wrong result";
  if (file === pkg.exports["./runtime"].import.default.replace(/^\.\//, "")) {
    const { prepareConfig } = await import(pathToFileURL(join(root, pkg.exports["."].import.default)).href);
    if (!decides({ createEngine: (config) => bundled.loadEngine(JSON.parse(JSON.stringify(prepareConfig(config)))) })) return "loadEngine(prepared).decide(input) from the bundle gave a wrong result";
  }
  return undefined;
}

async function main() {
  let failures = 0;
  const directory = mkdtempSync(join(tmpdir(), "nudgekit-browser-"));
  try {
    for (const [subpath, reason] of Object.entries(NOT_FOR_BROWSERS)) console.log(`skip ${subpath}: ${reason}`);
    for (const { subpath, specifier, file } of browserEntries()) {
      if (!existsSync(join(root, file))) {
        console.log(`FAIL ${specifier}: ${file} does not exist (run \`npm run build\` first)`);
        failures++;
        continue;
      }
      let outcome;
      try {
        outcome = await nodeBuiltinsReached(file);
      } catch (error) {
        console.log(`FAIL ${specifier}: esbuild could not bundle ${file} for the browser`);
        for (const message of error.errors ?? [{ text: String(error) }]) {
          console.log(`       ${message.location ? `${message.location.file}:${message.location.line}: ` : ""}${message.text}`);
        }
        failures++;
        continue;
      }
      if (outcome.reached.length > 0) {
        failures++;
        console.log(`FAIL ${specifier} (${file}) reaches Node built-in(s):`);
        for (const { specifier: builtin, chain } of outcome.reached) console.log(`       ${builtin}: ${chain.join(" → ")}`);
        const source = sourceOf(file);
        if (source !== undefined) {
          // The built chain goes through tsup's chunk-*.js files; the source chain says where to fix it.
          const fromSource = await nodeBuiltinsReached(source).catch(() => undefined);
          for (const { specifier: builtin, chain } of fromSource?.reached ?? []) console.log(`       in source: ${builtin}: ${chain.join(" → ")}`);
        }
        continue;
      }
      if (WITHOUT_ZOD.has(subpath) && outcome.bundlesZod) {
        failures++;
        console.log(`FAIL ${specifier} (${file}) bundles zod: a module it reaches imports a schema (keep schemas in their own files)`);
        continue;
      }
      const problem = await runBundle(outcome.code, file, directory).catch((error) => `the bundle does not load: ${error instanceof Error ? error.message : String(error)}`);
      if (problem !== undefined) {
        failures++;
        console.log(`FAIL ${specifier} (${file}): ${problem}`);
        continue;
      }
      const notes = [];
      if (outcome.disabled.length > 0) notes.push(`mapped away by "browser" fields: ${outcome.disabled.map((input) => input.slice("(disabled):".length)).join(", ")}`);
      const dropped = outcome.warnings.filter((warning) => warning.id === "ignored-bare-import").length;
      if (dropped > 0) notes.push(`${dropped} bare chunk import(s) dropped by "sideEffects": false`);
      if (WITHOUT_ZOD.has(subpath)) notes.push("no zod bundled");
      console.log(`ok   ${specifier} (${file}): no Node built-in reached, bundle loads${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
      for (const warning of outcome.warnings.filter((w) => w.id !== "ignored-bare-import")) {
        console.log(`       esbuild warning: ${warning.location ? `${warning.location.file}:${warning.location.line}: ` : ""}${warning.text}`);
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  if (failures > 0) {
    console.error(`${failures} browser entry check(s) failed`);
    process.exit(1);
  }
  console.log("all browser entries bundle for the browser without Node built-ins");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
