import { argumentsOf, isOperation, operatorOf } from "../rule-shape.js";

/** Operators whose fixed (literal) paths are walked segment by segment on every evaluation. */
const PATH_OPERATORS: ReadonlySet<string> = new Set(["var", "missing", "missing_some"]);

/** Segments beyond the first of a fixed path (a string or number literal), 0 for anything else. */
function extraSegments(path: unknown): number {
  if (typeof path === "number") return String(path).split(".").length - 1;
  if (typeof path !== "string") return 0;
  let dots = 0;
  for (let i = path.indexOf("."); i !== -1; i = path.indexOf(".", i + 1)) dots++;
  return dots;
}

/** The fixed paths an operation of PATH_OPERATORS walks, as written in its arguments. */
function fixedPaths(operator: string, args: readonly unknown[]): readonly unknown[] {
  if (operator === "var") return args.slice(0, 1);
  const keys = operator === "missing_some" ? args[1] : args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return Array.isArray(keys) ? keys.map((key) => (Array.isArray(key) ? key[0] : key)) : [keys];
}

function weightOf(rule: unknown): number {
  if (Array.isArray(rule)) {
    let total = 0;
    for (const element of rule) total += weightOf(element);
    return total;
  }
  if (!isOperation(rule)) return 0;
  const operator = operatorOf(rule);
  const { args } = argumentsOf(rule, operator);
  let total = 1;
  if (PATH_OPERATORS.has(operator)) for (const path of fixedPaths(operator, args)) total += extraSegments(path);
  for (const arg of args) total += weightOf(arg);
  return total;
}

/**
 * What one element visited by map, filter, reduce, all, some or none costs: one unit per operation
 * in the loop's body, plus one per path segment beyond the first of each fixed path a `var`,
 * `missing` or `missing_some` in it walks; at least one. A body then runs within a constant time
 * per unit (its string and array work is charged as it happens, nested loops charge their own
 * elements), so a budget of N units bounds an evaluation's time, however large the body. Parts
 * folded at compile time still count: the weight is an upper bound, computed once per compile.
 * The rule has already been measured (bounded depth), so recursing over it is safe.
 *
 * @example
 * loopBodyWeight({ "+": [{ var: "accumulator" }, { var: "current.amount" }] }); // 4
 * loopBodyWeight(true); // 1
 */
export function loopBodyWeight(body: unknown): number {
  return Math.max(1, weightOf(body));
}
