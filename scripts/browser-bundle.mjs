// How nudgekit's scripts measure what a web app ships: one esbuild bundle (bundle, minify,
// platform "browser", format "esm", target es2022) of a tiny entry module, gzipped at level 9.
// Shared by scripts/report-sizes.mjs and scripts/size-without-parts.mjs.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { root } from "./check-browser-entries.mjs";

export { esbuild };

/** The entry that decides in a browser: `loadEngine(prepared).decide(input)`, imported from `from`. */
export const DECIDE_PATH = (from) => `import { loadEngine } from ${JSON.stringify(from)};\nexport function decide(prepared, input) {\n  return loadEngine(prepared).decide(input);\n}\n`;

/** The package a node_modules path belongs to ("@scope/name" or "name"). */
export function packageOf(input) {
  const parts = input.slice(input.lastIndexOf("node_modules/") + "node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Bundles `contents` (an entry module resolved from the package root) for the browser, minified:
 * its sizes, its metafile, and the packages with code in the output (a package reached but
 * tree-shaken away does not count).
 */
export async function measureBundle(contents, { external = [], plugins = [] } = {}) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: "entry.js", loader: "js" },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    external,
    plugins,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const [output] = Object.values(result.metafile.outputs);
  const dependencies = [...new Set(Object.entries(output.inputs).filter(([input, { bytesInOutput }]) => bytesInOutput > 0 && input.includes("node_modules/")).map(([input]) => packageOf(input)))].sort();
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, metafile: result.metafile, dependencies };
}
