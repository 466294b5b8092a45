import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { Members } from "../semantics/membership.js";
import type { CompiledArgument, OperationSite, OperatorSpec } from "./operator-spec.js";

/*
 * Set tests between two lists: `[items, list]`, in the argument order of `in`.
 *   any_in  — at least one of items is in list    ("has any of these tags")
 *   all_in  — every one of items is in list        (true when items is empty)
 *   none_in — no item is in list                   (true when items is empty)
 * A single non-array value as items is a list of one. A list that is not an array is empty.
 * Membership is strict equality (===), as in `in`; only primitives can be members. Each item and
 * list element costs one unit of the evaluation budget, and long strings their comparisons
 * (semantics/membership.ts).
 */

type Quantifier = "any" | "all" | "none";

function asItems(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Only primitives can be members (strict equality, as in `in`). */
function canBeMember(item: unknown): boolean {
  return typeof item !== "object" || item === null;
}

function decide(quantifier: Quantifier, items: readonly unknown[], list: Members, context: EvaluationContext, path: string): boolean {
  if (quantifier === "all") {
    for (const item of items) if (!(canBeMember(item) && list.has(item, context, path))) return false;
    return true;
  }
  for (const item of items) if (canBeMember(item) && list.has(item, context, path)) return quantifier === "any";
  return quantifier === "none";
}

function compileSetTest(quantifier: Quantifier) {
  return (site: OperationSite): Evaluator => {
    const [itemsArg, listArg] = site.args as [CompiledArgument, CompiledArgument];
    const items = itemsArg.evaluate;
    const path = site.path;
    if (listArg.known) {
      if (!Array.isArray(listArg.value)) site.problem(`the second argument must be an array, got ${JSON.stringify(listArg.value)}`, 1);
      const members = new Members(Array.isArray(listArg.value) ? listArg.value : []);
      return (data, context) => {
        const values = asItems(items(data, context));
        context.charge(values.length, path);
        return decide(quantifier, values, members, context, path);
      };
    }
    const list = listArg.evaluate;
    return (data, context: EvaluationContext) => {
      const values = asItems(items(data, context));
      const listed = list(data, context);
      const listedItems: readonly unknown[] = Array.isArray(listed) ? listed : [];
      context.charge(values.length + listedItems.length, path);
      return decide(quantifier, values, new Members(listedItems, true), context, path);
    };
  };
}

export const setOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ["any_in", { minArgs: 2, maxArgs: 2, pure: true, compile: compileSetTest("any") }],
  ["all_in", { minArgs: 2, maxArgs: 2, pure: true, compile: compileSetTest("all") }],
  ["none_in", { minArgs: 2, maxArgs: 2, pure: true, compile: compileSetTest("none") }],
]);
