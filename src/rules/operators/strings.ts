import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { toPrimitive, toText } from "../semantics/coercion.js";
import { operandOf } from "./operand.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/** `cat`: concatenation; null and undefined become "" (Array.prototype.join). */
function compileCat(site: OperationSite): Evaluator {
  const evaluators = site.args.map((arg) => arg.evaluate);
  const path = site.path;
  const piece = (value: unknown, context: EvaluationContext): string =>
    value === null || value === undefined ? "" : toText(value, context);
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

/** `substr`: String.prototype.substr, with a negative length counting back from the end (PHP style). */
function compileSubstr(site: OperationSite): Evaluator {
  const [sourceArg, startArg, lengthArg] = site.args as [CompiledArgument, CompiledArgument, CompiledArgument | undefined];
  const source = sourceArg.evaluate;
  const start = startArg.evaluate;
  const length = lengthArg?.evaluate;
  return (data, context) => {
    const text = toText(source(data, context), context);
    // Primitives only from here on, so the native operators below run no user code.
    const from = toPrimitive(start(data, context), context) as number;
    const count = length === undefined ? undefined : (toPrimitive(length(data, context), context) as number);
    if ((count as number) < 0) {
      const tail = text.substr(from);
      return tail.substr(0, (tail.length + (count as number)) as number);
    }
    return text.substr(from, count);
  };
}

/** A known array of primitives becomes a Set; NaN keeps indexOf semantics (never found). */
function membershipSet(values: readonly unknown[]): ReadonlySet<unknown> | undefined {
  for (const value of values) {
    if ((typeof value === "object" && value !== null) || Number.isNaN(value)) return undefined;
  }
  return new Set(values);
}

/** `in`: substring of a string, or element (===) of an array; false for anything else. */
function compileIn(site: OperationSite): Evaluator {
  const [needleArg, haystackArg] = site.args as [CompiledArgument, CompiledArgument];
  const { get, source } = operandOf(needleArg);
  const path = site.path;
  if (haystackArg.known) {
    const haystack = haystackArg.value;
    if (typeof haystack === "string") {
      if (haystack === "") return () => false;
      return (data, context) => haystack.indexOf(toText(get(data, context, source), context)) !== -1;
    }
    if (Array.isArray(haystack)) {
      const set = membershipSet(haystack);
      if (set !== undefined) return (data, context) => set.has(get(data, context, source));
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
    if (typeof haystack === "string") return haystack !== "" && haystack.indexOf(toText(value, context)) !== -1;
    if (Array.isArray(haystack)) {
      context.charge(haystack.length, path);
      return haystack.indexOf(value) !== -1;
    }
    // json-logic-js returns false for values without indexOf (and throws for data objects with an
    // own "indexOf" key); false either way.
    return false;
  };
}

export const stringOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["cat", { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, pure: true, compile: compileCat }],
  ["substr", { minArgs: 2, maxArgs: 3, pure: true, compile: compileSubstr }],
  ["in", { minArgs: 2, maxArgs: 2, pure: true, compile: compileIn }],
]);
