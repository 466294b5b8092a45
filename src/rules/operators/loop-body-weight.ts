import { isOperation, operatorOf } from "../rule-shape.js";

/** Operators whose literal paths are walked segment by segment on every evaluation. */
const PATH_OPERATORS: ReadonlySet<string> = new Set(["var", "missing", "missing_some"]);

function weightOf(rule: unknown, inPath: boolean): number {
  if (typeof rule === "string") return inPath ? rule.split(".").length - 1 : 0;
  if (Array.isArray(rule)) {
    let total = 0;
    for (const element of rule) total += weightOf(element, inPath);
    return total;
  }
  if (!isOperation(rule)) return 0;
  const operator = operatorOf(rule);
  return 1 + weightOf(rule[operator], PATH_OPERATORS.has(operator));
}

/**
 * What one element visited by map, filter, reduce, all, some or none costs: one unit per operation
 * in the loop's body, plus one per dot in the literal strings of its `var`, `missing` and
 * `missing_some` operations (the extra path segments they walk); at least one. A body then runs
 * within a constant time per unit (its string and array work is charged as it happens, nested
 * loops charge their own elements), so a budget of N units bounds an evaluation's time, however
 * large the body. Parts folded at compile time still count: the weight is an upper bound, computed
 * once per compile. The rule has already been measured (bounded depth), so recursing is safe.
 *
 * @example
 * loopBodyWeight({ "+": [{ var: "accumulator" }, { var: "current.amount" }] }); // 4
 * loopBodyWeight(true); // 1
 */
export function loopBodyWeight(body: unknown): number {
  return Math.max(1, weightOf(body, false));
}
