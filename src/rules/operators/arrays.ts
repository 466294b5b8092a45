import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { truthy } from "../semantics/truthiness.js";
import { loopBodyWeight } from "./loop-body-weight.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Array operators. The second argument is a rule evaluated once per element with the element as
 * its data (for reduce: `{ current, accumulator }`). Every element visited costs the body's weight
 * (loop-body-weight.ts) in units of the evaluation budget, charged before the body runs, so rules
 * over huge or self-multiplying arrays, or with huge bodies, stop safely.
 */

function scoped(site: OperationSite): { items: Evaluator; body: Evaluator; path: string; weight: number } {
  const [itemsArg, bodyArg] = site.args as [CompiledArgument, CompiledArgument];
  return { items: itemsArg.evaluate, body: bodyArg.evaluate, path: site.path, weight: loopBodyWeight(bodyArg.rule) };
}

function compileMap(site: OperationSite): Evaluator {
  const { items, body, path, weight } = scoped(site);
  return (data, context) => {
    const list = items(data, context);
    if (!Array.isArray(list)) return [];
    const length = list.length;
    context.charge(length * weight, path);
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) out[i] = body(list[i], context);
    return out;
  };
}

function compileFilter(site: OperationSite): Evaluator {
  const { items, body, path, weight } = scoped(site);
  return (data, context) => {
    const list = items(data, context);
    if (!Array.isArray(list)) return [];
    context.charge(list.length * weight, path);
    const out: unknown[] = [];
    for (const item of list) if (truthy(body(item, context))) out.push(item);
    return out;
  };
}

function compileReduce(site: OperationSite): Evaluator {
  const { items, body, path, weight } = scoped(site);
  const initialArg = site.args[2];
  const initial: Evaluator = initialArg === undefined ? () => null : initialArg.evaluate;
  return (data, context) => {
    const list = items(data, context);
    let accumulator = initial(data, context);
    if (!Array.isArray(list)) return accumulator;
    context.charge(list.length * weight, path);
    // One literal site, so every step object has the same shape (fast, monomorphic reads).
    for (const current of list) accumulator = body({ current, accumulator }, context);
    return accumulator;
  };
}

/** Elements charged at once by all / some / none before a list has been visited further. */
const FIRST_BATCH = 16;

function chargeBatch(context: EvaluationContext, path: string, weight: number, batch: number): number {
  context.charge(batch * weight, path);
  return batch;
}

/**
 * `all` (false for an empty list), `some` and `none`, short-circuiting like json-logic-js. Elements
 * are charged ahead of the visit in batches that double (16, 16, 32, 64, …): a short list costs one
 * charge, and a list left early costs at most twice the elements visited (or 16).
 */
function compileQuantifier(kind: "all" | "some" | "none") {
  return (site: OperationSite): Evaluator => {
    const { items, body, path, weight } = scoped(site);
    const emptyResult = kind === "none";
    const stopWhen = kind !== "all"; // some/none stop at the first truthy element, all at the first falsy
    const stoppedResult = kind === "some";
    return (data, context) => {
      const list = items(data, context);
      if (!Array.isArray(list) || list.length === 0) return emptyResult;
      const length = list.length;
      let paid = length < FIRST_BATCH ? length : FIRST_BATCH;
      context.charge(paid * weight, path);
      for (let i = 0; i < length; i++) {
        if (i === paid) paid += chargeBatch(context, path, weight, Math.min(length - i, i));
        if (truthy(body(list[i], context)) === stopWhen) return stoppedResult;
      }
      return !stoppedResult;
    };
  };
}

/** `merge`: flattens array arguments one level; other values are appended. */
function compileMerge(site: OperationSite): Evaluator {
  const evaluators = site.args.map((arg) => arg.evaluate);
  const path = site.path;
  return (data, context) => {
    const parts = evaluators.map((evaluate) => evaluate(data, context));
    let length = 0;
    for (const part of parts) length += Array.isArray(part) ? part.length : 1;
    context.charge(length, path);
    const out = new Array<unknown>(length);
    let at = 0;
    for (const part of parts) {
      if (Array.isArray(part)) for (const element of part) out[at++] = element;
      else out[at++] = part;
    }
    return out;
  };
}

/** The body (second argument) runs once per element, with the element as its data. */
const ELEMENT_BODY = { 1: "input" } as const;

export const arrayOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["map", { minArgs: 2, maxArgs: 2, pure: true, argScopes: ELEMENT_BODY, compile: compileMap }],
  ["filter", { minArgs: 2, maxArgs: 2, pure: true, argScopes: ELEMENT_BODY, compile: compileFilter }],
  ["reduce", { minArgs: 2, maxArgs: 3, pure: true, argScopes: { 1: "reduce-step" }, compile: compileReduce }],
  ["all", { minArgs: 2, maxArgs: 2, pure: true, argScopes: ELEMENT_BODY, compile: compileQuantifier("all") }],
  ["some", { minArgs: 2, maxArgs: 2, pure: true, argScopes: ELEMENT_BODY, compile: compileQuantifier("some") }],
  ["none", { minArgs: 2, maxArgs: 2, pure: true, argScopes: ELEMENT_BODY, compile: compileQuantifier("none") }],
  ["merge", { minArgs: 0, maxArgs: Number.POSITIVE_INFINITY, pure: true, compile: compileMerge }],
]);
