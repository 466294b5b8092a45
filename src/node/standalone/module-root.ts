/// <reference types="node" />
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * This module's own URL (see segment-workers/worker-script.ts for the `__filename` fallback of the
 * CommonJS build).
 */
function ownUrl(): URL {
  return typeof import.meta.url === "string" ? new URL(import.meta.url) : pathToFileURL(__filename);
}

/** The engine module's own source file, under a root: a root holds the library's modules one file each. */
const STANDALONE_ENGINE = "standalone/standalone-engine";

/**
 * Where the library's modules are, one file each, for esbuild to bundle an engine module from:
 * `dist/modules/` in the installed package (written by the build, scripts/build-module-tree.mjs),
 * or `src/` when nudgekit runs from its sources (its own tests).
 *
 * @throws Error when neither is there: a package built without its module tree, or nudgekit
 * bundled into an application (its files are then not where its code runs).
 * @example
 * moduleRoot(); // "/app/node_modules/nudgekit/dist/modules"
 */
export function moduleRoot(from: URL = ownUrl()): string {
  let directory = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(directory, "package.json"))) {
      const inSources = fileURLToPath(from).endsWith(".ts");
      for (const [root, extension] of inSources ? ([["src", ".ts"], ["dist/modules", ".js"]] as const) : ([["dist/modules", ".js"], ["src", ".ts"]] as const)) {
        if (existsSync(join(directory, root, `${STANDALONE_ENGINE}${extension}`))) return join(directory, root);
      }
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  throw new Error(`nudgekit's module tree (dist/modules) is not found above ${fileURLToPath(from)}: emitEngineModule must run from an installed nudgekit package (node_modules/nudgekit), not from a bundle of it; reinstall nudgekit if it is installed`);
}
