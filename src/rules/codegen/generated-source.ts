import type { CompileOptions } from "../compile-options.js";
import type { CompiledNode, CompiledOperation } from "../compiler/compile-node.js";
import { compileTree } from "../compiler/compile-tree.js";
import { RuleError } from "../rule-error.js";
import { sourceOfTree, type RuleSource } from "./rule-source.js";

/**
 * The JavaScript `codegenBackend` generates for a rule, to read or review: the body of a function of
 * the helpers `h` that returns `function rule(d, c)` (the data, the evaluation context). `helpers`
 * are the values the source refers to as `h0`, `h1`…: the parts left to closures, constants without
 * a literal, and the semantics' own functions. A rule that folds to a constant has no source (null).
 *
 * @throws RuleError listing every problem of an invalid rule, as compileRule does.
 * @example
 * import { ruleSource } from "nudgekit/rules/codegen";
 *
 * ruleSource({ "==": [{ var: "plan" }, "pro"] })?.source;
 * // 'const h0 = h[0], h1 = h[1];\nreturn function rule(d, c) { … t1["plan"] … t0 === "pro" … }'
 */
export function ruleSource(rule: unknown, options: Omit<CompileOptions, "backend"> = {}): RuleSource | null {
  const operations = new Map<CompiledNode, CompiledOperation>();
  const { node, env } = compileTree(rule, options, undefined, (compiled, operation) => operations.set(compiled, operation));
  if (node === undefined || env.problems.length > 0) throw new RuleError(env.problems);
  return node.known ? null : sourceOfTree(node, operations);
}
