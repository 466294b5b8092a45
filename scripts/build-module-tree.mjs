// After tsup: dist/modules/, nudgekit's browser code one module per source file (ES2022, unbundled),
// for emitEngineModule to bundle an engine module from (src/node/standalone/module-root.ts). tsup's
// chunks cannot serve: an engine module replaces two files by narrowed ones (the operator tables),
// and tree-shakes per file. Only the files an engine module can reach are written: those reachable
// from the module's own entry, the zone providers, the two replaced tables (with every operator
// family they import) and the stand-ins of absent features.
import { readdirSync, rmSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");
const out = join(root, "dist", "modules");
const ENTRIES = [
  "standalone/standalone-engine.ts",
  "time-zones/intl-time-zones.ts",
  "time-zones/pinned/pinned-time-zones.ts",
  "rules/compiler/built-in-operator-families.ts",
  "segments/operators/behavioural-operator-groups.ts",
  // The stand-ins of the features a config may not use (src/node/standalone/absent-features.ts).
  ...readdirSync(join(src, "standalone", "absent")).map((file) => `standalone/absent/${file}`),
].map((file) => join(src, file));

// Which files: esbuild's own resolution, packages left outside.
const reach = await build({ entryPoints: ENTRIES, bundle: true, write: false, metafile: true, packages: "external", format: "esm", platform: "neutral", outdir: out, logLevel: "silent" });
const underSrc = (file) => {
  const path = relative(src, file);
  return path !== "" && !path.startsWith("..") && !isAbsolute(path);
};
const files = Object.keys(reach.metafile.inputs).map((input) => join(root, input)).filter(underSrc).sort();

rmSync(out, { recursive: true, force: true });
await build({ entryPoints: files, outbase: src, outdir: out, bundle: false, format: "esm", platform: "neutral", target: "es2022", logLevel: "warning" });
console.log(`dist/modules: ${files.length} modules for emitEngineModule`);
