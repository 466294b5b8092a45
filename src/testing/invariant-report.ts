import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
import type { LocatedProblem } from "../validation/located-problems.js";

/**
 * What every invariant check returns. A failed invariant is a value, never an exception, so a
 * report can be logged, asserted on or collected; the `assert…` variants turn it into an Error.
 */
export interface InvariantReport<Counterexample> {
  /** Which invariant: `daily-message-limit`, `reachability`, `layer-exclusivity`, `critical-not-in-app-only`. */
  readonly invariant: string;
  readonly ok: boolean;
  /** One readable paragraph: what held, or what broke and how to reproduce it. */
  readonly message: string;
  /** Generated cases (or samples) that were run. */
  readonly runs: number;
  /** The smallest failing case found (after shrinking, where the check shrinks). */
  readonly counterexample?: Counterexample;
  /** The fast-check seed used: pass it back as `{ seed }` to replay the run. */
  readonly seed?: number;
  /** With `seed`, the fast-check path of the counterexample: `{ seed, path }` replays just it. */
  readonly path?: string;
  /** When `createEngine` refused the config: every problem, with its JSON pointer. */
  readonly configProblems?: readonly LocatedProblem[];
}

/** fast-check parameters the checks accept. */
export interface CheckOptions {
  /** Fix it to replay a run (reports give the seed they used). */
  readonly seed?: number;
  /** Generated cases (per campaign for reachability). */
  readonly numRuns?: number;
  /** With `seed`, replays one failing case (a report's `path`). */
  readonly path?: string;
  /** The engine's time-zone provider (`createEngine`'s `timeZones` option; default `intlTimeZones`). */
  readonly timeZones?: TimeZoneProvider;
}

/** Thrown by the `assert…` variants: the report's message, with the report attached. */
export class InvariantError extends Error {
  readonly report: InvariantReport<unknown>;

  constructor(report: InvariantReport<unknown>) {
    super(`${report.invariant} does not hold:\n${report.message}`);
    this.name = "InvariantError";
    this.report = report;
  }
}

/** Returns the report when it holds; throws an InvariantError with its message otherwise. */
export function assertReport<R extends InvariantReport<unknown>>(report: R): R {
  if (!report.ok) throw new InvariantError(report);
  return report;
}

/** fast-check's parameters from the options, leaving out what is not set. */
export function runParameters(options: CheckOptions, defaultRuns: number): { seed?: number; numRuns: number; path?: string } {
  return {
    numRuns: Math.max(1, Math.floor(options.numRuns ?? defaultRuns)),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.path === undefined ? {} : { path: options.path }),
  };
}

/** How to replay a run, for messages. */
export function replayHint(seed: number, path?: string | null): string {
  return path === undefined || path === null ? `replay with { seed: ${seed} }` : `replay with { seed: ${seed}, path: ${JSON.stringify(path)} }`;
}
