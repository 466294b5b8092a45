/// <reference types="node" />
// Node only: tsconfig.json (the browser-safe check of src/) excludes src/node and has no Node types.
import { fileURLToPath } from "node:url";

/** What to hand `new Worker()`: the script's file URL, or (`eval`) code that loads it. */
export interface WorkerScript {
  readonly script: URL | string;
  readonly eval: boolean;
}

/**
 * The worker script `name` next to the module at `here`, with that module's extension: `.js` in
 * the ESM build, `.cjs` in the CommonJS build, `.ts` when run from source (vitest, tsx). The
 * caller passes its own URL and must be imported by one entry only (code splitting would move a
 * shared module into a chunk at the root of dist/, away from the script).
 *
 * From source, the worker must compile TypeScript itself. `execArgv: ["--import", "tsx"]` does not
 * do it on Node 20 (module hooks registered by a worker's `--import` never apply to its entry
 * script), so a one-line bootstrap registers tsx's require hook, resolved from the script's own
 * location (the project's devDependency, whatever the working directory), then loads the script.
 */
export function workerScriptNextTo(here: URL, name: string): WorkerScript {
  const extension = /\.[cm]?[jt]s$/.exec(here.pathname)?.[0] ?? ".js";
  const url = new URL(`./${name}${extension}`, here);
  if (!extension.endsWith("ts")) return { script: url, eval: false };
  const path = JSON.stringify(fileURLToPath(url));
  return { script: `const load = require("node:module").createRequire(${path});\nload("tsx/cjs/api").register();\nload(${path});\n`, eval: true };
}
