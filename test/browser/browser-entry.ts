/**
 * The browser side of test/browser/browser-identity.test.ts, bundled by esbuild (platform
 * "browser") and served as /bundle.js to a page whose Content-Security-Policy is `script-src 'self'`.
 *
 * It imports the library from src/ as an app bundling nudgekit would, and on load, as page code
 * (never from a DevTools evaluation, which Chromium exempts from the page's eval restrictions):
 * 1. fetches /vectors/<file> for every vector file, runs them with the same runner Node uses, and
 *    keeps the results as JSON text (so that hostile keys such as "__proto__" reach Node intact);
 * 2. waits for any CSP violation event to be delivered, then marks the time (`probeStartedAt`);
 * 3. tries `eval` and `new Function` itself, which the policy must refuse with an EvalError;
 * 4. publishes everything as `window.nudgekitReport`.
 * `window.runNudgekitVectors(files)` stays available for running vectors by hand.
 */
import * as root from "../../src/index.js";
import * as caps from "../../src/caps/index.js";
import * as channels from "../../src/channels/index.js";
import * as experiments from "../../src/experiments/index.js";
import * as rules from "../../src/rules/index.js";
import * as timeZones from "../../src/time-zones/index.js";
import { zoneGrid } from "./zone-grid.js";
import { runVectors, VECTOR_FILES, type NudgekitModules, type VectorDocument, type VectorFile, type VectorResult } from "../vectors/vector-runner.js";

const nudgekit: NudgekitModules = { root, experiments, rules, caps, channels, timeZones };

/** A `securitypolicyviolation` event, as the test's init script records it from page start. */
export interface CspViolation {
  readonly effectiveDirective: string;
  readonly violatedDirective: string;
  readonly blockedURI: string;
  readonly sourceFile: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
  readonly sample: string;
  readonly disposition: string;
  /** `event.timeStamp`: milliseconds since the page's time origin, as `performance.now()`. */
  readonly timeStamp: number;
}

export interface NudgekitBrowserReport {
  /** JSON text of `VectorResult[]`, or null when the run failed (see `error`). */
  readonly results: string | null;
  readonly error: string | null;
  /** How long fetching and running the vectors took, in ms. */
  readonly runMs: number;
  /** `performance.now()` when the CSP probe started: violations before it come from the library. */
  readonly probeStartedAt: number;
  /** What `eval` and `new Function` threw (constructor name), or "none" when they ran. */
  readonly probe: { readonly eval: string; readonly newFunction: string };
  /** JSON text of the zone grid (test/browser/zone-grid.ts) with each provider, or null when it failed (see `error`). */
  readonly zoneGrid: { readonly intl: string; readonly pinned: string } | null;
}

declare global {
  interface Window {
    runNudgekitVectors(files: readonly VectorFile[]): VectorResult[];
    nudgekitReport?: NudgekitBrowserReport;
    /** Filled by the test's init script, from before any page script runs. */
    nudgekitCspViolations?: CspViolation[];
  }
}

window.runNudgekitVectors = (files) => runVectors(nudgekit, files);

async function fetchVectorFiles(): Promise<VectorFile[]> {
  const files: VectorFile[] = [];
  for (const file of VECTOR_FILES) {
    const response = await fetch(`/vectors/${file}`);
    if (!response.ok) throw new Error(`GET /vectors/${file}: ${response.status}`);
    const document = JSON.parse(await response.text()) as VectorDocument;
    files.push({ ...document, file });
  }
  return files;
}

function attempt(run: () => unknown): string {
  try {
    run();
    return "none";
  } catch (error) {
    return error instanceof Error ? error.constructor.name : typeof error;
  }
}

/** Lets queued tasks (violation events are dispatched as tasks) run before going on. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

async function main(): Promise<void> {
  const started = performance.now();
  let results: string | null = null;
  let error: string | null = null;
  try {
    results = JSON.stringify(window.runNudgekitVectors(await fetchVectorFiles()));
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}\n${caught.stack ?? ""}` : String(caught);
  }
  const runMs = performance.now() - started;
  let grid: NudgekitBrowserReport["zoneGrid"] = null;
  try {
    const zones = timeZones.pinnedZoneNames();
    grid = { intl: JSON.stringify(zoneGrid(timeZones.intlTimeZones, zones)), pinned: JSON.stringify(zoneGrid(timeZones.pinnedTimeZones, zones)) };
  } catch (caught) {
    error = `${error ?? ""}zone grid: ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`;
  }
  await settle();
  const probeStartedAt = performance.now();
  const probe = {
    // Indirect eval and the Function constructor both compile a string: `script-src 'self'`
    // (without 'unsafe-eval') must refuse them.
    eval: attempt(() => (0, eval)("1")),
    newFunction: attempt(() => new Function("return 1")()),
  };
  await settle();
  window.nudgekitReport = { results, error, runMs, probeStartedAt, probe, zoneGrid: grid };
}

void main();
