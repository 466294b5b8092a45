import { ConfigError } from "../engine/config-error.js";
import { createEngine } from "../engine/create-engine.js";
import type { Engine } from "../engine/engine.js";
import type { EngineOptions } from "../engine/engine-options.js";
import type { LocatedProblem } from "../validation/located-problems.js";

/** The user's config compiled by `createEngine`, or why it was refused (as data: checks report it, they do not throw). */
export type EngineUnderTest = { readonly ok: true; readonly engine: Engine } | { readonly ok: false; readonly problems: readonly LocatedProblem[] };

/** Shown per problem in messages; the report keeps them all. */
const SHOWN = 8;

export function engineUnderTest(config: unknown, options: EngineOptions = {}): EngineUnderTest {
  try {
    return { ok: true, engine: createEngine(config, options.timeZones === undefined ? {} : { timeZones: options.timeZones }) };
  } catch (error) {
    // A ConfigError lists every problem; anything else is a bug in nudgekit, still reported rather than thrown.
    if (error instanceof ConfigError) return { ok: false, problems: error.problems };
    return { ok: false, problems: [{ path: "", message: `createEngine threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` }] };
  }
}

/** The problems as indented lines, the first few in full. */
export function formatProblems(problems: readonly LocatedProblem[]): string {
  const lines = problems.slice(0, SHOWN).map((problem) => `  ${problem.path === "" ? "(config)" : problem.path}: ${problem.message}`);
  if (problems.length > SHOWN) lines.push(`  … and ${problems.length - SHOWN} more`);
  return lines.join("\n");
}

/** The message of a check that could not run because the config is invalid. */
export function refusedConfigMessage(problems: readonly LocatedProblem[]): string {
  return `createEngine refused the config (${problems.length} problem${problems.length === 1 ? "" : "s"}), so nothing could be checked:\n${formatProblems(problems)}`;
}
