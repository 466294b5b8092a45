import type { Evaluator } from "../evaluation-context.js";
import { parseLooseFloat, toNumeric } from "../semantics/coercion.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Arithmetic with json-logic-js's conversions: `+` and `*` parse each operand with parseFloat
 * ("3 apples" → 3), `-`, `/`, `%`, `min` and `max` use JavaScript's ToNumber ("3 apples" → NaN).
 */

function evaluatorsOf(site: OperationSite): Evaluator[] {
  return site.args.map((arg) => arg.evaluate);
}

function compileSum(site: OperationSite): Evaluator {
  const evaluators = evaluatorsOf(site);
  if (evaluators.length === 1) {
    const a = evaluators[0] as Evaluator;
    return (data, context) => 0 + parseLooseFloat(a(data, context), context);
  }
  if (evaluators.length === 2) {
    const [a, b] = evaluators as [Evaluator, Evaluator];
    return (data, context) => {
      const first = parseLooseFloat(a(data, context), context);
      return first + parseLooseFloat(b(data, context), context);
    };
  }
  return (data, context) => {
    let sum = 0;
    for (const evaluate of evaluators) sum = sum + parseLooseFloat(evaluate(data, context), context);
    return sum;
  };
}

/** json-logic-js reduces without a seed: one operand is returned unparsed, and each step re-parses. */
function compileProduct(site: OperationSite): Evaluator {
  const evaluators = evaluatorsOf(site);
  if (evaluators.length === 1) return evaluators[0] as Evaluator;
  return (data, context) => {
    let product: unknown = (evaluators[0] as Evaluator)(data, context);
    for (let i = 1; i < evaluators.length; i++) {
      const left = parseLooseFloat(product, context);
      product = left * parseLooseFloat((evaluators[i] as Evaluator)(data, context), context);
    }
    return product;
  };
}

function compileDifference(site: OperationSite): Evaluator {
  const evaluators = evaluatorsOf(site);
  const a = evaluators[0] as Evaluator;
  if (evaluators.length === 1) return (data, context) => -toNumeric(a(data, context), context);
  const b = evaluators[1] as Evaluator;
  return (data, context) => {
    const first = a(data, context);
    const second = b(data, context);
    // json-logic-js negates when the second operand evaluates to undefined.
    if (second === undefined) return -toNumeric(first, context);
    return toNumeric(first, context) - toNumeric(second, context);
  };
}

function compileBinary(apply: (a: number, b: number) => number) {
  return (site: OperationSite): Evaluator => {
    const [left, right] = site.args as [CompiledArgument, CompiledArgument];
    const a = left.evaluate;
    const b = right.evaluate;
    return (data, context) => {
      const first = a(data, context);
      return apply(toNumeric(first, context), toNumeric(b(data, context), context));
    };
  };
}

function compileExtreme(pick: (...values: number[]) => number) {
  return (site: OperationSite): Evaluator => {
    const evaluators = evaluatorsOf(site);
    if (evaluators.length === 1) {
      const a = evaluators[0] as Evaluator;
      return (data, context) => pick(toNumeric(a(data, context), context));
    }
    if (evaluators.length === 2) {
      const [a, b] = evaluators as [Evaluator, Evaluator];
      return (data, context) => {
        const first = toNumeric(a(data, context), context);
        return pick(first, toNumeric(b(data, context), context));
      };
    }
    return (data, context) => {
      // Evaluate every operand before converting, as Math.max(...args) would.
      const values = evaluators.map((evaluate) => evaluate(data, context));
      return pick(...values.map((value) => toNumeric(value, context)));
    };
  };
}

const ANY = Number.POSITIVE_INFINITY;

export const arithmeticOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["+", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileSum }],
  ["*", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileProduct }],
  ["-", { minArgs: 1, maxArgs: 2, pure: true, compile: compileDifference }],
  ["/", { minArgs: 2, maxArgs: 2, pure: true, compile: compileBinary((a, b) => a / b) }],
  ["%", { minArgs: 2, maxArgs: 2, pure: true, compile: compileBinary((a, b) => a % b) }],
  ["min", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileExtreme(Math.min) }],
  ["max", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileExtreme(Math.max) }],
]);
