import type { CompileOptions } from "./compile-options.js";
import { compileTree } from "./compiler/compile-tree.js";
import type { RuleProblem } from "./rule-error.js";

/**
 * Every problem in a rule, each with a JSON pointer; an empty list means `compileRule` accepts it.
 * Does not throw for a bad rule (only for bad options, such as a custom operator shadowing a built-in).
 */
export function validateRule(rule: unknown, options: Pick<CompileOptions, "operators" | "limits"> = {}): RuleProblem[] {
  return [...compileTree(rule, options, undefined).env.problems];
}
