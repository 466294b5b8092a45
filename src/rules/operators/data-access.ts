import { EvaluationContext, type Evaluator } from "../evaluation-context.js";
import { toNumeric, toText } from "../semantics/coercion.js";
import { lessOrEqual } from "../semantics/comparison.js";
import { MISSING, ownProperty, resolveSegments, splitPath } from "../semantics/property-path.js";
import { readStatic, staticRead, type StaticRead } from "../semantics/static-read.js";
import { isJsonPrimitive } from "../rule-shape.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/** json-logic-js treats `undefined`, `""` and `null` paths as "the data itself". */
function isWholeDataPath(path: unknown): boolean {
  return path === undefined || path === "" || path === null;
}

/**
 * `{"var": [path, default]}` with json-logic-js semantics, for a path and default already evaluated.
 * Splitting and walking a path costs one unit per character of the path (`at`: the operation).
 */
export function readVar(data: unknown, path: unknown, fallback: unknown, context: EvaluationContext, at: string): unknown {
  if (isWholeDataPath(path)) return data;
  const text = toText(path, context, at);
  context.charge(text.length, at);
  const segments = splitPath(text);
  const value = segments === undefined ? MISSING : resolveSegments(data, segments);
  return value === MISSING ? (fallback === undefined ? null : fallback) : value;
}

/** Converts paths known at compile time: work proportional to the rule, done once, is not budgeted. */
function compileTimeContext(site: OperationSite): EvaluationContext {
  return new EvaluationContext({ ...site.limits, maxEvaluationCost: Number.POSITIVE_INFINITY }, undefined);
}

/**
 * The static read for a path known at compile time, or "forbidden" when the path names a forbidden
 * segment (`__proto__`, `constructor`, `prototype`), which always reads as missing.
 */
function staticReadOf(
  path: unknown,
  fallback: string | number | boolean | null,
  limitsContext: EvaluationContext,
  inReduceStep = false,
): StaticRead | "forbidden" {
  if (isWholeDataPath(path)) return staticRead([], fallback);
  const segments = splitPath(toText(path, limitsContext, ""));
  return segments === undefined ? "forbidden" : staticRead(segments, fallback, inReduceStep);
}

function compileVar(site: OperationSite): Evaluator {
  const [pathArg, fallbackArg] = site.args;
  if (pathArg === undefined) return (data) => data;
  const readFallback: Evaluator = fallbackArg === undefined ? () => undefined : fallbackArg.evaluate;
  const orNull = (fallback: unknown) => (fallback === undefined ? null : fallback);

  if (pathArg.known) {
    const fallbackIsFixed = fallbackArg === undefined || (fallbackArg.known && isJsonPrimitive(fallbackArg.value));
    const fixedFallback = fallbackArg === undefined ? null : (fallbackArg.value as string | number | boolean | null);
    const read = staticReadOf(pathArg.value, fixedFallback, compileTimeContext(site), site.scope === "reduce-step");
    if (read === "forbidden") return (data, context) => orNull(readFallback(data, context));
    if (fallbackIsFixed) {
      site.declareStaticRead(read);
      return (data) => readStatic(data, read);
    }
    // A computed or array/object default: evaluated every time (json-logic-js evaluates all arguments).
    return (data, context) => {
      const fallback = readFallback(data, context);
      const value = resolveSegments(data, read.segments);
      return value === MISSING ? orNull(fallback) : value;
    };
  }

  // Computed path: split at run time, remembering the last split (paths rarely change per call).
  // Comparing, splitting and walking it cost one unit per character of the path.
  const evaluatePath = pathArg.evaluate;
  const at = site.path;
  let lastPath: string | undefined;
  let lastSegments: readonly string[] | undefined;
  return (data, context) => {
    const path = evaluatePath(data, context);
    const fallback = readFallback(data, context);
    if (isWholeDataPath(path)) return data;
    const text = toText(path, context, at);
    context.charge(text.length, at);
    if (text !== lastPath) {
      lastSegments = splitPath(text);
      lastPath = text;
    }
    const value = lastSegments === undefined ? MISSING : resolveSegments(data, lastSegments);
    return value === MISSING ? orNull(fallback) : value;
  };
}

/** How `missing` reads one key: as `var` would; an array key is `[path, default]`, as in json-logic-js. */
function readKey(data: unknown, key: unknown, context: EvaluationContext, at: string): unknown {
  return Array.isArray(key) ? readVar(data, key[0], key[1], context, at) : readVar(data, key, undefined, context, at);
}

/**
 * The keys of `missing` that read as null or "". Unlike json-logic-js, keys taken from data are
 * never evaluated as rules.
 */
function collectMissing(data: unknown, keys: ArrayLike<unknown>, context: EvaluationContext, at: string): unknown[] {
  const missing: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const value = readKey(data, keys[i], context, at);
    if (value === null || value === "") missing.push(keys[i]);
  }
  return missing;
}

/** Keys known at compile time (strings and numbers), each read through a precompiled static read. */
interface KnownKey {
  readonly key: string | number;
  readonly read: StaticRead | "forbidden";
}

function knownKeys(keys: readonly unknown[], site: OperationSite): KnownKey[] | undefined {
  if (!keys.every((key) => typeof key === "string" || typeof key === "number")) return undefined;
  const context = compileTimeContext(site);
  return (keys as (string | number)[]).map((key) => ({ key, read: staticReadOf(key, null, context) }));
}

function collectMissingKnown(data: unknown, keys: readonly KnownKey[]): unknown[] {
  const missing: unknown[] = [];
  for (const { key, read } of keys) {
    const value = read === "forbidden" ? null : readStatic(data, read);
    if (value === null || value === "") missing.push(key);
  }
  return missing;
}

/** The keys of `missing`: one array argument, or the arguments themselves. */
function keysOf(values: readonly unknown[]): readonly unknown[] {
  return Array.isArray(values[0]) ? (values[0] as readonly unknown[]) : values;
}

function compileMissing(site: OperationSite): Evaluator {
  const { args } = site;
  if (args.every((arg) => arg.known)) {
    const keys = knownKeys(keysOf(args.map((arg) => arg.value)), site);
    if (keys !== undefined) return (data) => collectMissingKnown(data, keys);
  }
  const evaluators = args.map((arg) => arg.evaluate);
  return (data, context) => {
    const keys = keysOf(evaluators.map((evaluate) => evaluate(data, context)));
    context.charge(keys.length, site.path);
    return collectMissing(data, keys, context, site.path);
  };
}

/** json-logic-js: `options.length - missing.length >= need ? [] : missing` (it throws when options is null). */
function missingSomeResult(need: unknown, options: unknown, missing: unknown[], context: EvaluationContext, at: string): unknown[] {
  const length = typeof options === "string" || Array.isArray(options) ? options.length : ownProperty(options, "length");
  const present = toNumeric(length === MISSING ? undefined : length, context, at) - missing.length;
  return lessOrEqual(need, present, context, at) ? [] : missing;
}

function compileMissingSome(site: OperationSite): Evaluator {
  const [needArg, optionsArg] = site.args as [CompiledArgument, CompiledArgument];
  if (optionsArg.known && !Array.isArray(optionsArg.value) && typeof optionsArg.value !== "string") {
    site.problem("the second argument must be an array of keys", 1);
  }
  const evaluateNeed = needArg.evaluate;
  if (optionsArg.known) {
    const options = optionsArg.value;
    const keys = knownKeys(keysOf(Array.isArray(options) ? options : [options]), site);
    if (keys !== undefined) {
      return (data, context) => missingSomeResult(evaluateNeed(data, context), options, collectMissingKnown(data, keys), context, site.path);
    }
  }
  const evaluateOptions = optionsArg.evaluate;
  return (data, context) => {
    const need = evaluateNeed(data, context);
    const options = evaluateOptions(data, context);
    const keys = keysOf(Array.isArray(options) ? options : [options]);
    context.charge(keys.length, site.path);
    return missingSomeResult(need, options, collectMissing(data, keys, context, site.path), context, site.path);
  };
}

export const dataAccessOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["var", { minArgs: 0, maxArgs: 2, pure: false, compile: compileVar }],
  ["missing", { minArgs: 0, maxArgs: Number.POSITIVE_INFINITY, pure: false, compile: compileMissing }],
  ["missing_some", { minArgs: 2, maxArgs: 2, pure: false, compile: compileMissingSome }],
]);
