import { EvaluationContext, type Evaluator } from "../evaluation-context.js";
import { lessOrEqual } from "../semantics/comparison.js";
import { toNumeric, toText } from "../semantics/coercion.js";
import { MISSING, isForbiddenSegment, ownProperty, resolveSegments, splitPath } from "../semantics/property-path.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/** json-logic-js treats `undefined`, `""` and `null` paths as "the data itself". */
function isWholeDataPath(path: unknown): boolean {
  return path === undefined || path === "" || path === null;
}

/** `{"var": [path, default]}` with json-logic-js semantics for a value already evaluated. */
export function readVar(data: unknown, path: unknown, fallback: unknown, context: EvaluationContext): unknown {
  if (isWholeDataPath(path)) return data;
  const value = resolveSegments(data, splitPath(toText(path, context)));
  return value === MISSING ? (fallback === undefined ? null : fallback) : value;
}

/** Segment lists of the paths a rule spells out, split once at compile time. */
function staticSegments(path: unknown, limitsContext: EvaluationContext): readonly string[] {
  return splitPath(toText(path, limitsContext));
}

function compileVar(site: OperationSite): Evaluator {
  const [pathArg, fallbackArg] = site.args;
  if (pathArg === undefined) return (data) => data;
  const readFallback = compileFallback(fallbackArg);

  if (!pathArg.known) {
    // Computed path: split at run time, remembering the last split (paths rarely change per call).
    const evaluatePath = pathArg.evaluate;
    let lastPath: string | undefined;
    let lastSegments: readonly string[] = [];
    return (data, context) => {
      const path = evaluatePath(data, context);
      const fallback = readFallback(data, context);
      if (isWholeDataPath(path)) return data;
      const text = toText(path, context);
      if (text !== lastPath) {
        lastSegments = splitPath(text);
        lastPath = text;
      }
      const value = resolveSegments(data, lastSegments);
      return value === MISSING ? (fallback === undefined ? null : fallback) : value;
    };
  }

  if (isWholeDataPath(pathArg.value)) {
    if (fallbackArg === undefined || fallbackArg.known) return (data) => data;
    return (data, context) => {
      readFallback(data, context);
      return data;
    };
  }

  const segments = staticSegments(pathArg.value, new EvaluationContext(site.limits, undefined));
  if (segments.some(isForbiddenSegment)) {
    return (data, context) => {
      const fallback = readFallback(data, context);
      return fallback === undefined ? null : fallback;
    };
  }
  if (fallbackArg === undefined || (fallbackArg.known && !isObjectLike(fallbackArg.value))) {
    const fallback = fallbackArg === undefined || fallbackArg.value === undefined ? null : fallbackArg.value;
    return compileStaticRead(segments, fallback);
  }
  return (data, context) => {
    const fallback = readFallback(data, context);
    const value = resolveSegments(data, segments);
    return value === MISSING ? (fallback === undefined ? null : fallback) : value;
  };
}

function compileFallback(fallbackArg: CompiledArgument | undefined): Evaluator {
  if (fallbackArg === undefined) return () => undefined;
  return fallbackArg.evaluate;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isObjectLike(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/** Fixed paths of one and two segments are the hot path of nearly every rule; read them inline. */
function compileStaticRead(segments: readonly string[], fallback: unknown): Evaluator {
  if (segments.length === 1) {
    const key = segments[0] as string;
    return (data) => {
      if (data === null || data === undefined) return fallback;
      const value = (data as Record<string, unknown>)[key];
      return value !== undefined && hasOwn.call(data, key) ? value : fallback;
    };
  }
  if (segments.length === 2) {
    const first = segments[0] as string;
    const second = segments[1] as string;
    return (data) => {
      if (data === null || data === undefined) return fallback;
      const middle = (data as Record<string, unknown>)[first];
      if (middle === undefined || middle === null || !hasOwn.call(data, first)) return fallback;
      const value = (middle as Record<string, unknown>)[second];
      return value !== undefined && hasOwn.call(middle, second) ? value : fallback;
    };
  }
  return (data) => {
    const value = resolveSegments(data, segments);
    return value === MISSING ? fallback : value;
  };
}

/**
 * `missing` reads each key as `var` would. A key that is an array is read as `[path, default]`, as
 * json-logic-js does; unlike json-logic-js, keys taken from data are never evaluated as rules.
 */
function collectMissing(data: unknown, keys: ArrayLike<unknown>, context: EvaluationContext): readonly unknown[] {
  let missing: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = Array.isArray(key) ? readVar(data, key[0], key[1], context) : readVar(data, key, undefined, context);
    if (value === null || value === "") (missing ??= []).push(key);
  }
  return missing ?? [];
}

function compileMissing(site: OperationSite): Evaluator {
  const { args } = site;
  if (args.every((arg) => arg.known)) {
    const values = args.map((arg) => arg.value);
    const keys = Array.isArray(values[0]) ? (values[0] as readonly unknown[]) : values;
    if (keys.every((key) => typeof key === "string" || typeof key === "number")) {
      const reads = keys.map((key) => ({
        key,
        read: compileStaticRead(
          isWholeDataPath(key) ? [] : staticSegments(key, new EvaluationContext(site.limits, undefined)),
          null,
        ),
        whole: isWholeDataPath(key),
        forbidden: !isWholeDataPath(key) && splitPath(String(key)).some(isForbiddenSegment),
      }));
      return (data) => {
        let missing: unknown[] | undefined;
        for (const { key, read, whole, forbidden } of reads) {
          const value = forbidden ? null : whole ? data : read(data, undefined as never);
          if (value === null || value === "") (missing ??= []).push(key);
        }
        return missing ?? [];
      };
    }
  }
  const evaluators = args.map((arg) => arg.evaluate);
  return (data, context) => {
    const values = evaluators.map((evaluate) => evaluate(data, context));
    const keys = Array.isArray(values[0]) ? (values[0] as readonly unknown[]) : values;
    context.charge(keys.length, site.path);
    return collectMissing(data, keys, context);
  };
}

function compileMissingSome(site: OperationSite): Evaluator {
  const [needArg, optionsArg] = site.args as [CompiledArgument, CompiledArgument];
  if (optionsArg.known && !Array.isArray(optionsArg.value) && typeof optionsArg.value !== "string") {
    site.problem("the second argument must be an array of keys", 1);
  }
  const evaluateNeed = needArg.evaluate;
  const evaluateOptions = optionsArg.evaluate;
  return (data, context) => {
    const need = evaluateNeed(data, context);
    const options = evaluateOptions(data, context);
    const list = Array.isArray(options) ? options : [options];
    const keys = Array.isArray(list[0]) ? (list[0] as readonly unknown[]) : list;
    context.charge(keys.length, site.path);
    const missing = collectMissing(data, keys, context);
    // json-logic-js: `options.length - missing.length >= need` (it throws when options is null).
    const length = typeof options === "string" || Array.isArray(options) ? options.length : ownProperty(options, "length");
    const present = toNumeric(length === MISSING ? undefined : length, context) - missing.length;
    return lessOrEqual(need, present, context) ? [] : missing;
  };
}

export const dataAccessOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["var", { minArgs: 0, maxArgs: 2, pure: false, compile: compileVar }],
  ["missing", { minArgs: 0, maxArgs: Number.POSITIVE_INFINITY, pure: false, compile: compileMissing }],
  ["missing_some", { minArgs: 2, maxArgs: 2, pure: false, compile: compileMissingSome }],
]);
