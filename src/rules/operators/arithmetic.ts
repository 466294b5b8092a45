import type { Evaluator } from "../evaluation-context.js";
import { parseLooseFloat, toNumeric } from "../semantics/coercion.js";
import { operandOf, type Operand } from "./operand.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Arithmetic with json-logic-js's conversions: `+` and `*` parse each operand with parseFloat
 * ("3 apples" → 3), `-`, `/`, `%`, `min` and `max` use JavaScript's ToNumber ("3 apples" → NaN).
 */

function evaluatorsOf(site: OperationSite): Evaluator[] {
  return site.args.map((arg) => arg.evaluate);
}

function operandsOf(site: OperationSite): [Operand, Operand] {
  return [operandOf(site.args[0] as CompiledArgument), operandOf(site.args[1] as CompiledArgument)];
}

function compileSum(site: OperationSite): Evaluator {
  const path = site.path;
  if (site.args.length === 1) {
    const { get, source } = operandOf(site.args[0] as CompiledArgument);
    return (data, context) => parseLooseFloat(get(data, context, source), context, path);
  }
  if (site.args.length === 2) {
    const [a, b] = operandsOf(site);
    return (data, context) => {
      const first = parseLooseFloat(a.get(data, context, a.source), context, path);
      return first + parseLooseFloat(b.get(data, context, b.source), context, path);
    };
  }
  const evaluators = evaluatorsOf(site);
  return (data, context) => {
    let sum = 0;
    for (const evaluate of evaluators) sum += parseLooseFloat(evaluate(data, context), context, path);
    return sum;
  };
}

/** json-logic-js reduces without a seed: one operand is returned unparsed, and each step re-parses. */
function compileProduct(site: OperationSite): Evaluator {
  const path = site.path;
  const evaluators = evaluatorsOf(site);
  if (evaluators.length === 1) return evaluators[0] as Evaluator;
  if (evaluators.length === 2) {
    const [a, b] = operandsOf(site);
    return (data, context) => {
      const first = parseLooseFloat(a.get(data, context, a.source), context, path);
      return first * parseLooseFloat(b.get(data, context, b.source), context, path);
    };
  }
  return (data, context) => {
    let product: unknown = (evaluators[0] as Evaluator)(data, context);
    for (let i = 1; i < evaluators.length; i++) {
      const left = parseLooseFloat(product, context, path);
      product = left * parseLooseFloat((evaluators[i] as Evaluator)(data, context), context, path);
    }
    return product;
  };
}

function compileDifference(site: OperationSite): Evaluator {
  const path = site.path;
  if (site.args.length === 1) {
    const { get, source } = operandOf(site.args[0] as CompiledArgument);
    return (data, context) => -toNumeric(get(data, context, source), context, path);
  }
  const [a, b] = operandsOf(site);
  return (data, context) => {
    const first = a.get(data, context, a.source);
    const second = b.get(data, context, b.source);
    // json-logic-js negates when the second operand evaluates to undefined.
    if (second === undefined) return -toNumeric(first, context, path);
    return toNumeric(first, context, path) - toNumeric(second, context, path);
  };
}

/** `/` and `%`: both operands through ToNumber. */
function compileNumericBinary(apply: (a: number, b: number) => number) {
  return (site: OperationSite): Evaluator => {
    const [a, b] = operandsOf(site);
    const path = site.path;
    return (data, context) => {
      const first = toNumeric(a.get(data, context, a.source), context, path);
      return apply(first, toNumeric(b.get(data, context, b.source), context, path));
    };
  };
}

function compileExtreme(pick: (...values: number[]) => number) {
  return (site: OperationSite): Evaluator => {
    const evaluators = evaluatorsOf(site);
    const path = site.path;
    if (evaluators.length === 1) {
      const { get, source } = operandOf(site.args[0] as CompiledArgument);
      return (data, context) => pick(toNumeric(get(data, context, source), context, path));
    }
    if (evaluators.length === 2) {
      const [a, b] = operandsOf(site);
      return (data, context) => {
        const first = toNumeric(a.get(data, context, a.source), context, path);
        return pick(first, toNumeric(b.get(data, context, b.source), context, path));
      };
    }
    return (data, context) => {
      // Evaluate every operand before converting, as Math.max(...args) would.
      const values = evaluators.map((evaluate) => evaluate(data, context));
      return pick(...values.map((value) => toNumeric(value, context, path)));
    };
  };
}

const ANY = Number.POSITIVE_INFINITY;

export const arithmeticOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["+", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileSum }],
  ["*", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileProduct }],
  ["-", { minArgs: 1, maxArgs: 2, pure: true, compile: compileDifference }],
  ["/", { minArgs: 2, maxArgs: 2, pure: true, compile: compileNumericBinary((a, b) => a / b) }],
  ["%", { minArgs: 2, maxArgs: 2, pure: true, compile: compileNumericBinary((a, b) => a % b) }],
  ["min", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileExtreme(Math.min) }],
  ["max", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileExtreme(Math.max) }],
]);
