/**
 * The browser side of the engine module check in test/browser/browser-identity.test.ts, served as
 * /module-runner.js under the same policy. As an app picks up a new config without being rebuilt,
 * it loads the engine module emitted in Node for decide.json's config with `import()` from the same
 * origin (its URL is the page's `?module=` parameter), checks it with `engineOfModule`, runs every
 * decide vector on it, and publishes the results as `window.nudgekitModuleReport`.
 */
import { engineOfModule } from "../../src/runtime/index.js";
import { runEngineDecideVectors, type VectorDocument } from "../vectors/vector-runner.js";

export interface NudgekitModuleReport {
  /** JSON text of `VectorResult[]`, or null when the run failed (see `error`). */
  readonly results: string | null;
  /** The module's `meta`, as JSON. */
  readonly meta: string | null;
  readonly error: string | null;
}

declare global {
  interface Window {
    nudgekitModuleReport?: NudgekitModuleReport;
  }
}

async function main(): Promise<void> {
  let results: string | null = null;
  let meta: string | null = null;
  let error: string | null = null;
  try {
    const response = await fetch("/vectors/decide.json");
    if (!response.ok) throw new Error(`GET /vectors/decide.json: ${response.status}`);
    const document = (await response.json()) as VectorDocument;
    const url = new URL(location.href).searchParams.get("module");
    if (url === null) throw new Error("no ?module= parameter");
    const module: unknown = await import(/* @vite-ignore */ url);
    meta = JSON.stringify((module as { meta?: unknown }).meta);
    const engine = engineOfModule(module);
    results = JSON.stringify(runEngineDecideVectors(() => engine, { ...document, file: "decide.json" }));
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}\n${caught.stack ?? ""}` : String(caught);
  }
  window.nudgekitModuleReport = { results, meta, error };
}

void main();
