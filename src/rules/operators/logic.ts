import type { Evaluator } from "../evaluation-context.js";
import { truthy } from "../semantics/truthiness.js";
import { operandOf } from "./operand.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/**
 * `if` / `?:`: `[cond, then, cond, then, …, else?]`. Conditions known at compile time prune their
 * branch, so `{"if": [true, x, y]}` compiles to `x` alone.
 */
function compileIf(site: OperationSite): Evaluator {
  const pending: CompiledArgument[] = [];
  const args = site.args;
  let i = 0;
  for (; i < args.length - 1; i += 2) {
    const condition = args[i] as CompiledArgument;
    const consequent = args[i + 1] as CompiledArgument;
    if (condition.known) {
      if (truthy(condition.value)) return chain(pending, consequent.evaluate);
      continue;
    }
    pending.push(condition, consequent);
  }
  const otherwise: Evaluator = i === args.length - 1 ? (args[i] as CompiledArgument).evaluate : () => null;
  return chain(pending, otherwise);
}

/** Builds the evaluator for `pending` condition/consequent pairs followed by `otherwise`. */
function chain(pending: readonly CompiledArgument[], otherwise: Evaluator): Evaluator {
  if (pending.length === 0) return otherwise;
  if (pending.length === 2) {
    const condition = (pending[0] as CompiledArgument).evaluate;
    const consequent = (pending[1] as CompiledArgument).evaluate;
    return (data, context) => (truthy(condition(data, context)) ? consequent(data, context) : otherwise(data, context));
  }
  const evaluators = pending.map((arg) => arg.evaluate);
  const length = evaluators.length;
  return (data, context) => {
    for (let i = 0; i < length; i += 2) {
      if (truthy((evaluators[i] as Evaluator)(data, context))) return (evaluators[i + 1] as Evaluator)(data, context);
    }
    return otherwise(data, context);
  };
}

/** `and`: the first falsy value, or the last value. */
function compileAnd(site: OperationSite): Evaluator {
  const evaluators = site.args.map((arg) => arg.evaluate);
  if (evaluators.length === 1) return evaluators[0] as Evaluator;
  if (evaluators.length === 2) {
    const [a, b] = evaluators as [Evaluator, Evaluator];
    return (data, context) => {
      const first = a(data, context);
      return truthy(first) ? b(data, context) : first;
    };
  }
  const length = evaluators.length;
  return (data, context) => {
    let current: unknown;
    for (let i = 0; i < length; i++) {
      current = (evaluators[i] as Evaluator)(data, context);
      if (!truthy(current)) return current;
    }
    return current;
  };
}

/** `or`: the first truthy value, or the last value. */
function compileOr(site: OperationSite): Evaluator {
  const evaluators = site.args.map((arg) => arg.evaluate);
  if (evaluators.length === 1) return evaluators[0] as Evaluator;
  if (evaluators.length === 2) {
    const [a, b] = evaluators as [Evaluator, Evaluator];
    return (data, context) => {
      const first = a(data, context);
      return truthy(first) ? first : b(data, context);
    };
  }
  const length = evaluators.length;
  return (data, context) => {
    let current: unknown;
    for (let i = 0; i < length; i++) {
      current = (evaluators[i] as Evaluator)(data, context);
      if (truthy(current)) return current;
    }
    return current;
  };
}

function compileNot(site: OperationSite): Evaluator {
  const { get, source } = operandOf(site.args[0] as CompiledArgument);
  return (data, context) => !truthy(get(data, context, source));
}

function compileDoubleNot(site: OperationSite): Evaluator {
  const { get, source } = operandOf(site.args[0] as CompiledArgument);
  return (data, context) => truthy(get(data, context, source));
}

const ANY = Number.POSITIVE_INFINITY;

export const logicOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["if", { minArgs: 0, maxArgs: ANY, pure: true, compile: compileIf }],
  ["?:", { minArgs: 0, maxArgs: ANY, pure: true, compile: compileIf }],
  ["and", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileAnd }],
  ["or", { minArgs: 1, maxArgs: ANY, pure: true, compile: compileOr }],
  ["!", { minArgs: 1, maxArgs: 1, pure: true, compile: compileNot }],
  ["!!", { minArgs: 1, maxArgs: 1, pure: true, compile: compileDoubleNot }],
]);
