import { compareVersions } from "compare-versions";
import type { Evaluator } from "../evaluation-context.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * App-version gates: `{"version_gte": [{"var": "app.version"}, "5.2"]}`. Versions are semver-like
 * strings of one to four numeric parts with optional pre-release and build ("5", "5.2", "5.2.1",
 * "v5.2.1-beta.2", "10.4.1.1234"); missing parts count as 0 and a pre-release sorts before its
 * release. Numbers are read as strings (5.2 → "5.2"). Anything else compares false.
 */

const VERSION = /^v?\d{1,9}(?:\.\d{1,9}(?:\.\d{1,9}(?:\.\d{1,9})?)?(?:-[\da-z-]+(?:\.[\da-z-]+)*)?(?:\+[\da-z-]+(?:\.[\da-z-]+)*)?)?$/i;

/** Longest version text; anything longer is not a version and is rejected before it is read. */
const MAX_VERSION_LENGTH = 128;

/**
 * The version a value names, as compare-versions reads it, or undefined. A pre-release or build on
 * two parts ("5.2-beta") gets a third as 0 ("5.2.0-beta"): compare-versions only parses those on three.
 */
export function toVersion(value: unknown): string | undefined {
  const text = typeof value === "number" && Number.isFinite(value) && value >= 0 ? String(value) : value;
  // VERSION allows a pre-release or build on two parts at least: only two need a third.
  return typeof text === "string" && text.length <= MAX_VERSION_LENGTH && VERSION.test(text) ? text.replace(/^(v?\d+\.\d+)(?=[-+])/i, "$1.0") : undefined;
}

/**
 * Units charged per version read from data and not remembered: checking and comparing one (at
 * most MAX_VERSION_LENGTH characters) takes up to about two microseconds.
 */
export const VERSION_PARSE_COST = 32;

function versionArg(site: OperationSite, index: number): (data: unknown, context: Parameters<Evaluator>[1]) => string | undefined {
  const arg = site.args[index] as CompiledArgument;
  if (arg.known) {
    const version = toVersion(arg.value);
    if (version === undefined) site.problem(`${JSON.stringify(arg.value)} is not a version such as "5.2.1"`, index);
    return () => version;
  }
  const evaluate = arg.evaluate;
  const path = site.path;
  return (data, context) => {
    context.charge(VERSION_PARSE_COST, path);
    return toVersion(evaluate(data, context));
  };
}

/** Distinct versions remembered per gate; apps ship few, so this is rarely reached. */
const REMEMBERED_VERSIONS = 256;

/**
 * A gate against a literal version: the order of each distinct data value is computed once and
 * remembered (bounded), since the same few app versions are compared over and over.
 */
function compileLiteralGate(site: OperationSite, accept: (order: number) => boolean, literal: string | undefined): Evaluator {
  const evaluate = (site.args[0] as CompiledArgument).evaluate;
  const path = site.path;
  const verdicts = new Map<string, boolean>();
  return (data, context) => {
    const value = evaluate(data, context);
    const key = typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
    // Too long to be a version: answered without hashing it, and never kept (a megabyte per entry).
    if (key === undefined || literal === undefined || key.length > MAX_VERSION_LENGTH) return false;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      context.charge(VERSION_PARSE_COST, path);
      const version = toVersion(value);
      verdict = version !== undefined && accept(compareVersions(version, literal));
      if (verdicts.size >= REMEMBERED_VERSIONS) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return verdict;
  };
}

function compileVersionTest(accept: (order: number) => boolean) {
  return (site: OperationSite): Evaluator => {
    const a = versionArg(site, 0);
    const b = versionArg(site, 1);
    const [left, right] = site.args as [CompiledArgument, CompiledArgument];
    if (right.known && !left.known) return compileLiteralGate(site, accept, b(undefined, undefined as never));
    return (data, context) => {
      const left = a(data, context);
      const right = b(data, context);
      return left !== undefined && right !== undefined && accept(compareVersions(left, right));
    };
  };
}

export const versionOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["version_eq", { minArgs: 2, maxArgs: 2, pure: true, compile: compileVersionTest((order) => order === 0) }],
  ["version_gt", { minArgs: 2, maxArgs: 2, pure: true, compile: compileVersionTest((order) => order > 0) }],
  ["version_gte", { minArgs: 2, maxArgs: 2, pure: true, compile: compileVersionTest((order) => order >= 0) }],
  ["version_lt", { minArgs: 2, maxArgs: 2, pure: true, compile: compileVersionTest((order) => order < 0) }],
  ["version_lte", { minArgs: 2, maxArgs: 2, pure: true, compile: compileVersionTest((order) => order <= 0) }],
]);
