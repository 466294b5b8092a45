import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { lessOrEqual, lessThan, looseEquals } from "../semantics/comparison.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

type Binary = (a: unknown, b: unknown, context: EvaluationContext) => boolean;

function binaryArgs(site: OperationSite): [CompiledArgument, CompiledArgument] {
  return site.args as [CompiledArgument, CompiledArgument];
}

/** `==` / `!=`. When one side is a known primitive, values of the same type compare with `===`. */
function compileLooseEquality(negate: boolean) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    const knownSide = right.known ? right : left.known ? left : undefined;
    if (knownSide !== undefined && (typeof knownSide.value !== "object" || knownSide.value === null)) {
      const constant = knownSide.value;
      const constantType = typeof constant;
      const other = (knownSide === right ? left : right).evaluate;
      const constantOnRight = knownSide === right;
      return (data, context) => {
        const value = other(data, context);
        const equal =
          typeof value === constantType
            ? value === constant
            : constantOnRight
              ? looseEquals(value, constant, context)
              : looseEquals(constant, value, context);
        return equal !== negate;
      };
    }
    const a = left.evaluate;
    const b = right.evaluate;
    return (data, context) => looseEquals(a(data, context), b(data, context), context) !== negate;
  };
}

function compileStrictEquality(negate: boolean) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    if (right.known && (typeof right.value !== "object" || right.value === null)) {
      const constant = right.value;
      const a = left.evaluate;
      return (data, context) => (a(data, context) === constant) !== negate;
    }
    const a = left.evaluate;
    const b = right.evaluate;
    return (data, context) => (a(data, context) === b(data, context)) !== negate;
  };
}

/**
 * `<` and `<=`, with json-logic-js's three-argument "between" form: `a < b < c`. All arguments are
 * evaluated before comparing, as in json-logic-js.
 */
function compileOrdering(compare: Binary) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    const a = left.evaluate;
    const b = right.evaluate;
    const third = site.args[2];
    if (third === undefined) {
      if (right.known && typeof right.value === "number") {
        const bound = right.value;
        return (data, context) => {
          const value = a(data, context);
          return typeof value === "number" ? (compare === lessThan ? value < bound : value <= bound) : compare(value, bound, context);
        };
      }
      return (data, context) => compare(a(data, context), b(data, context), context);
    }
    const c = third.evaluate;
    return (data, context) => {
      const first = a(data, context);
      const middle = b(data, context);
      const last = c(data, context);
      // json-logic-js: a missing third value (undefined) means the two-argument form.
      if (last === undefined) return compare(first, middle, context);
      return compare(first, middle, context) && compare(middle, last, context);
    };
  };
}

/** `>` and `>=` as the mirrored `<` and `<=`. */
function compileMirroredOrdering(compare: Binary) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    const a = left.evaluate;
    const b = right.evaluate;
    if (right.known && typeof right.value === "number") {
      const bound = right.value;
      return (data, context) => {
        const value = a(data, context);
        return typeof value === "number" ? (compare === lessThan ? bound < value : bound <= value) : compare(bound, value, context);
      };
    }
    return (data, context) => {
      const first = a(data, context);
      return compare(b(data, context), first, context);
    };
  };
}

const BETWEEN_HINT = "for a range test use \"<\" or \"<=\" with three arguments";

export const comparisonOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["==", { minArgs: 2, maxArgs: 2, pure: true, compile: compileLooseEquality(false) }],
  ["!=", { minArgs: 2, maxArgs: 2, pure: true, compile: compileLooseEquality(true) }],
  ["===", { minArgs: 2, maxArgs: 2, pure: true, compile: compileStrictEquality(false) }],
  ["!==", { minArgs: 2, maxArgs: 2, pure: true, compile: compileStrictEquality(true) }],
  ["<", { minArgs: 2, maxArgs: 3, pure: true, compile: compileOrdering(lessThan) }],
  ["<=", { minArgs: 2, maxArgs: 3, pure: true, compile: compileOrdering(lessOrEqual) }],
  [">", { minArgs: 2, maxArgs: 2, pure: true, arityHint: BETWEEN_HINT, compile: compileMirroredOrdering(lessThan) }],
  [">=", { minArgs: 2, maxArgs: 2, pure: true, arityHint: BETWEEN_HINT, compile: compileMirroredOrdering(lessOrEqual) }],
]);
