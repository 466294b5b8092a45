/**
 * The browser side of the nudgekit/runtime check in test/browser/browser-identity.test.ts, bundled
 * on its own (it must carry no zod) and served as /runtime.js under the same policy. It loads the
 * prepared form of decide.json's config — prepared in Node, as a server would, and fetched as
 * JSON — with `loadEngine`, runs every decide vector on it, and publishes the results as
 * `window.nudgekitRuntimeReport`.
 */
import * as runtime from "../../src/runtime/index.js";
import { runPreparedDecideVectors, type VectorDocument } from "../vectors/vector-runner.js";

export interface NudgekitRuntimeReport {
  /** JSON text of `VectorResult[]`, or null when the run failed (see `error`). */
  readonly results: string | null;
  readonly error: string | null;
}

declare global {
  interface Window {
    nudgekitRuntimeReport?: NudgekitRuntimeReport;
  }
}

async function fetchText(path: string): Promise<string> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.text();
}

async function main(): Promise<void> {
  let results: string | null = null;
  let error: string | null = null;
  try {
    const document = JSON.parse(await fetchText("/vectors/decide.json")) as VectorDocument;
    const prepared: unknown = JSON.parse(await fetchText("/prepared/decide.json"));
    results = JSON.stringify(runPreparedDecideVectors(runtime, prepared, { ...document, file: "decide.json" }));
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}\n${caught.stack ?? ""}` : String(caught);
  }
  window.nudgekitRuntimeReport = { results, error };
}

void main();
