import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { RuleError } from "../../rules/rule-error.js";
import { prefixProblems } from "./parse-sections.js";

/**
 * The rule found at `path` in the config as written, for the IR, when it is valid (null when not:
 * its problems go to `problems` under that path). Checking a rule compiles it: the compiled rule
 * goes to `compiled`, keyed by that source, for `linkEngine` to use instead of compiling it again.
 */
export function validRuleSource(rule: unknown, path: string, options: CompileOptions, problems: LocatedProblem[], compiled: Map<unknown, CompiledRule>): unknown {
  try {
    compiled.set(rule, compileRule(rule, options));
    return rule;
  } catch (error) {
    if (error instanceof RuleError) problems.push(...prefixProblems(error.problems, path));
    else problems.push({ path, message: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
