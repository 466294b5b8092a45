import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { toPrimitive, toText } from "../semantics/coercion.js";
import { LONG_STRING, listHas, Members } from "../semantics/membership.js";
import { operandOf } from "./operand.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/** `cat`: concatenation; null and undefined become "" (Array.prototype.join). */
function compileCat(site: OperationSite): Evaluator {
  const evaluators = site.args.map((arg) => arg.evaluate);
  const path = site.path;
  const piece = (value: unknown, context: EvaluationContext): string =>
    value === null || value === undefined ? "" : toText(value, context, path);
  if (evaluators.length === 2) {
    const [a, b] = evaluators as [Evaluator, Evaluator];
    return (data, context) => {
      const first = a(data, context);
      const text = piece(first, context) + piece(b(data, context), context);
      context.charge(text.length, path);
      return text;
    };
  }
  return (data, context) => {
    let text = "";
    for (const evaluate of evaluators) {
      const next = piece(evaluate(data, context), context);
      // Charged piece by piece, so a doubling rule stops before building a huge string.
      context.charge(next.length, path);
      text += next;
    }
    return text;
  };
}

/** A primitive for substr's position arguments; a string is read as a number there (one unit per character). */
function position(value: unknown, context: EvaluationContext, path: string): number {
  const primitive = toPrimitive(value, context, path);
  if (typeof primitive === "string") context.charge(primitive.length, path);
  return primitive as number;
}

/** `substr`: String.prototype.substr, with a negative length counting back from the end (PHP style). */
function compileSubstr(site: OperationSite): Evaluator {
  const [sourceArg, startArg, lengthArg] = site.args as [CompiledArgument, CompiledArgument, CompiledArgument | undefined];
  const source = sourceArg.evaluate;
  const start = startArg.evaluate;
  const length = lengthArg?.evaluate;
  const path = site.path;
  return (data, context) => {
    const text = toText(source(data, context), context, path);
    // Primitives only from here on, so the native operators below run no user code.
    const from = position(start(data, context), context, path);
    const count = length === undefined ? undefined : position(length(data, context), context, path);
    if ((count as number) < 0) {
      const tail = text.substr(from);
      return tail.substr(0, (tail.length + (count as number)) as number);
    }
    return text.substr(from, count);
  };
}

/**
 * `in`: substring of a string, or element (===) of an array; false for anything else. A substring
 * search costs one unit per character of both strings; an array costs one unit per element (and
 * long strings their comparisons, see membership.ts).
 */
function compileIn(site: OperationSite): Evaluator {
  const [needleArg, haystackArg] = site.args as [CompiledArgument, CompiledArgument];
  const { get, source } = operandOf(needleArg);
  const path = site.path;
  if (haystackArg.known) {
    const haystack = haystackArg.value;
    if (typeof haystack === "string") {
      if (haystack === "") return () => false;
      const haystackLength = haystack.length;
      return (data, context) => {
        const needle = toText(get(data, context, source), context, path);
        context.charge(haystackLength + needle.length, path);
        return haystack.indexOf(needle) !== -1;
      };
    }
    if (Array.isArray(haystack)) {
      // A Set gives indexOf's answers unless the list holds objects (json-logic-js compares them by
      // identity with a fresh copy of the list) or NaN (never found by indexOf).
      if (!haystack.some((value) => (typeof value === "object" && value !== null) || Number.isNaN(value))) {
        const members = new Members(haystack);
        const set = members.shortOnly();
        if (set !== undefined) {
          return (data, context) => {
            const value = get(data, context, source);
            // A long string is not among short ones: answered without hashing it.
            return !(typeof value === "string" && value.length > LONG_STRING) && set.has(value);
          };
        }
        return (data, context) => members.has(get(data, context, source), context, path);
      }
    } else {
      return (data, context) => {
        get(data, context, source);
        return false;
      };
    }
  }
  const evaluateHaystack = haystackArg.evaluate;
  return (data, context) => {
    const value = get(data, context, source);
    const haystack = evaluateHaystack(data, context);
    if (typeof haystack === "string") {
      if (haystack === "") return false;
      const needle = toText(value, context, path);
      context.charge(haystack.length + needle.length, path);
      return haystack.indexOf(needle) !== -1;
    }
    // json-logic-js returns false for values without indexOf (and throws for data objects with an
    // own "indexOf" key); false either way.
    if (!Array.isArray(haystack)) return false;
    context.charge(haystack.length, path);
    return listHas(haystack, value, false, context, path);
  };
}

export const stringOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["cat", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, pure: true, compile: compileCat }],
  ["substr", { minArgs: 2, maxArgs: 3, pure: true, compile: compileSubstr }],
  ["in", { minArgs: 2, maxArgs: 2, pure: true, compile: compileIn }],
]);
