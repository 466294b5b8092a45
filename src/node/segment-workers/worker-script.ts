/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
import { pathToFileURL } from "node:url";
import { workerScriptNextTo, type WorkerScript } from "../worker-threads/worker-script.js";

export type { WorkerScript } from "../worker-threads/worker-script.js";

/**
 * The segment worker script, next to this module (see workerScriptNextTo). Keep this module
 * imported by the `segments/workers` entry only: if another entry shared it, code splitting would
 * move it into a chunk at the root of dist/ and the relative URL would be wrong.
 */
export function segmentWorkerScript(): WorkerScript {
  return workerScriptNextTo(moduleUrl(), "segment-worker");
}

/**
 * This module's own URL. In the CommonJS build, tsup's rollup pass rewrites `import.meta.url` to
 * this file's URL; esbuild alone would leave `import.meta` empty, hence `__filename`. (Not tsup's
 * `shims`: with code splitting they put the shim, and so its `__filename`, in a shared chunk.)
 */
function moduleUrl(): URL {
  return typeof import.meta.url === "string" ? new URL(import.meta.url) : pathToFileURL(__filename);
}
