/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
import { fileURLToPath, pathToFileURL } from "node:url";

/** What to hand `new Worker()`: the script's file URL, or (`eval`) code that loads it. */
export interface WorkerScript {
  readonly script: URL | string;
  readonly eval: boolean;
}

const SCRIPT_NAME = "segment-worker";

/**
 * The worker script sits next to this module, with this module's own extension: `.js` in the ESM
 * build, `.cjs` in the CommonJS build, `.ts` when run from source (vitest, tsx).
 *
 * From source, the worker must compile TypeScript itself. `execArgv: ["--import", "tsx"]` does not
 * do it on Node 20 (module hooks registered by a worker's `--import` never apply to its entry
 * script), so a one-line bootstrap registers tsx's require hook, resolved from the script's own
 * location (the project's devDependency, whatever the working directory), then loads the script.
 *
 * Keep this module imported by the `segments/workers` entry only: if another entry shared it, code
 * splitting would move it into a chunk at the root of dist/ and the relative URL would be wrong.
 */
export function segmentWorkerScript(): WorkerScript {
  const here = moduleUrl();
  const extension = /\.[cm]?[jt]s$/.exec(here.pathname)?.[0] ?? ".js";
  const url = new URL(`./${SCRIPT_NAME}${extension}`, here);
  if (!extension.endsWith("ts")) return { script: url, eval: false };
  const path = JSON.stringify(fileURLToPath(url));
  return { script: `const load = require("node:module").createRequire(${path});\nload("tsx/cjs/api").register();\nload(${path});\n`, eval: true };
}

/**
 * This module's own URL. In the CommonJS build, tsup's rollup pass rewrites `import.meta.url` to
 * this file's URL; esbuild alone would leave `import.meta` empty, hence `__filename`. (Not tsup's
 * `shims`: with code splitting they put the shim, and so its `__filename`, in a shared chunk.)
 */
function moduleUrl(): URL {
  return typeof import.meta.url === "string" ? new URL(import.meta.url) : pathToFileURL(__filename);
}
