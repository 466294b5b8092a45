import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { RuleError } from "../../rules/rule-error.js";
import { prefixProblems } from "./parse-sections.js";

/** Compiles a rule found at `path` in the config; its problems are reported under that path. */
export function compileRuleAt(rule: unknown, path: string, options: CompileOptions, problems: LocatedProblem[]): CompiledRule | null {
  try {
    return compileRule(rule, options);
  } catch (error) {
    if (error instanceof RuleError) problems.push(...prefixProblems(error.problems, path));
    else problems.push({ path, message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
