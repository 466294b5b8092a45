import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { chargeStringEquality, lessOrEqual, lessThan, looseEquals } from "../semantics/comparison.js";
import { LONG_STRING } from "../semantics/membership.js";
import { isJsonPrimitive } from "../rule-shape.js";
import { operandOf } from "./operand.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

type Binary = (a: unknown, b: unknown, context: EvaluationContext, path: string) => boolean;

function binaryArgs(site: OperationSite): [CompiledArgument, CompiledArgument] {
  return site.args as [CompiledArgument, CompiledArgument];
}

/**
 * The side of an equality that is a known primitive, if any. A long string is left out: comparing
 * with it reads its characters, which the general path charges (semantics/comparison.ts).
 */
function constantSide(left: CompiledArgument, right: CompiledArgument): CompiledArgument | undefined {
  const fixed = (arg: CompiledArgument) => arg.known && isJsonPrimitive(arg.value) && !(typeof arg.value === "string" && arg.value.length > LONG_STRING);
  return fixed(right) ? right : fixed(left) ? left : undefined;
}

/** `==` / `!=`. Against a known primitive, values of the same type compare with `===`. */
function compileLooseEquality(negate: boolean) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    const knownSide = constantSide(left, right);
    const path = site.path;
    if (knownSide !== undefined) {
      const constant = knownSide.value;
      const constantType = typeof constant;
      const { get, source } = operandOf(knownSide === right ? left : right);
      // looseEquals is symmetric for the values it receives here, so argument order does not matter.
      return (data, context) => {
        const value = get(data, context, source);
        return (typeof value === constantType ? value === constant : looseEquals(value, constant, context, path)) !== negate;
      };
    }
    const a = operandOf(left);
    const b = operandOf(right);
    return (data, context) => {
      const first = a.get(data, context, a.source);
      return looseEquals(first, b.get(data, context, b.source), context, path) !== negate;
    };
  };
}

function compileStrictEquality(negate: boolean) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    // Only primitives: json-logic-js builds arrays afresh, so a known array is never === anything.
    const knownSide = constantSide(left, right);
    const path = site.path;
    if (knownSide !== undefined) {
      const constant = knownSide.value;
      const { get, source } = operandOf(knownSide === right ? left : right);
      return (data, context) => (get(data, context, source) === constant) !== negate;
    }
    const a = operandOf(left);
    const b = operandOf(right);
    return (data, context) => {
      const first = a.get(data, context, a.source);
      const second = b.get(data, context, b.source);
      if (typeof first === "string" && typeof second === "string") chargeStringEquality(first, second, context, path);
      return (first === second) !== negate;
    };
  };
}

/** `value < bound` / `value <= bound` / `bound < value` / `bound <= value` against a known number. */
function compileAgainstBound(site: OperationSite, operator: "<" | "<=" | ">" | ">=", left: CompiledArgument, bound: number): Evaluator {
  const { get, source } = operandOf(left);
  const path = site.path;
  switch (operator) {
    case "<":
      return (data, context) => {
        const value = get(data, context, source);
        return typeof value === "number" ? value < bound : lessThan(value, bound, context, path);
      };
    case "<=":
      return (data, context) => {
        const value = get(data, context, source);
        return typeof value === "number" ? value <= bound : lessOrEqual(value, bound, context, path);
      };
    case ">":
      return (data, context) => {
        const value = get(data, context, source);
        return typeof value === "number" ? bound < value : lessThan(bound, value, context, path);
      };
    case ">=":
      return (data, context) => {
        const value = get(data, context, source);
        return typeof value === "number" ? bound <= value : lessOrEqual(bound, value, context, path);
      };
  }
  throw new Error(`unreachable: ${site.operator}`);
}

/** `low < value < high` (or `<=`) with known numeric bounds: json-logic-js's "between". */
function compileBetween(strict: boolean, low: number, middle: CompiledArgument, high: number, path: string): Evaluator {
  const { get, source } = operandOf(middle);
  const compare: Binary = strict ? lessThan : lessOrEqual;
  if (strict) {
    return (data, context) => {
      const value = get(data, context, source);
      return typeof value === "number" ? low < value && value < high : compare(low, value, context, path) && compare(value, high, context, path);
    };
  }
  return (data, context) => {
    const value = get(data, context, source);
    return typeof value === "number" ? low <= value && value <= high : compare(low, value, context, path) && compare(value, high, context, path);
  };
}

/** `<` and `<=`, with json-logic-js's three-argument "between" form `a < b < c`. */
function compileOrdering(strict: boolean) {
  const compare: Binary = strict ? lessThan : lessOrEqual;
  const operator = strict ? "<" : "<=";
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    const third = site.args[2];
    const path = site.path;
    if (third === undefined) {
      if (right.known && typeof right.value === "number") return compileAgainstBound(site, operator, left, right.value);
      if (left.known && typeof left.value === "number") return compileAgainstBound(site, strict ? ">" : ">=", right, left.value);
      const a = operandOf(left);
      const b = operandOf(right);
      return (data, context) => {
        const first = a.get(data, context, a.source);
        return compare(first, b.get(data, context, b.source), context, path);
      };
    }
    if (left.known && third.known && typeof left.value === "number" && typeof third.value === "number") {
      return compileBetween(strict, left.value, right, third.value, site.path);
    }
    const a = operandOf(left);
    const b = operandOf(right);
    const c = operandOf(third);
    return (data, context) => {
      // All three are evaluated before comparing, as in json-logic-js.
      const first = a.get(data, context, a.source);
      const middle = b.get(data, context, b.source);
      const last = c.get(data, context, c.source);
      // json-logic-js: a third value of undefined means the two-argument form.
      if (last === undefined) return compare(first, middle, context, path);
      return compare(first, middle, context, path) && compare(middle, last, context, path);
    };
  };
}

/** `>` and `>=` as the mirrored `<` and `<=` (JavaScript defines them that way). */
function compileMirroredOrdering(strict: boolean) {
  const compare: Binary = strict ? lessThan : lessOrEqual;
  const operator = strict ? ">" : ">=";
  return (site: OperationSite): Evaluator => {
    const [left, right] = binaryArgs(site);
    if (right.known && typeof right.value === "number") return compileAgainstBound(site, operator, left, right.value);
    if (left.known && typeof left.value === "number") return compileAgainstBound(site, strict ? "<" : "<=", right, left.value);
    const a = operandOf(left);
    const b = operandOf(right);
    const path = site.path;
    return (data, context) => {
      const first = a.get(data, context, a.source);
      return compare(b.get(data, context, b.source), first, context, path);
    };
  };
}

const BETWEEN_HINT = 'for a range test use "<" or "<=" with three arguments';

export const comparisonOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["==", { minArgs: 2, maxArgs: 2, pure: true, compile: compileLooseEquality(false) }],
  ["!=", { minArgs: 2, maxArgs: 2, pure: true, compile: compileLooseEquality(true) }],
  ["===", { minArgs: 2, maxArgs: 2, pure: true, compile: compileStrictEquality(false) }],
  ["!==", { minArgs: 2, maxArgs: 2, pure: true, compile: compileStrictEquality(true) }],
  ["<", { minArgs: 2, maxArgs: 3, pure: true, compile: compileOrdering(true) }],
  ["<=", { minArgs: 2, maxArgs: 3, pure: true, compile: compileOrdering(false) }],
  [">", { minArgs: 2, maxArgs: 2, pure: true, arityHint: BETWEEN_HINT, compile: compileMirroredOrdering(true) }],
  [">=", { minArgs: 2, maxArgs: 2, pure: true, arityHint: BETWEEN_HINT, compile: compileMirroredOrdering(false) }],
]);
