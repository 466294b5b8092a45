import type { CompileOptions, CompiledRule } from "./compile-options.js";
import { constantRule, type CompiledNode, type CompiledOperation } from "./compiler/compile-node.js";
import { compileTree } from "./compiler/compile-tree.js";
import { ruleBackendOption } from "./compiler/rule-backend.js";
import { toEvaluationError } from "./compiler/run-evaluation.js";
import { EvaluationContext } from "./evaluation-context.js";
import { RuleError } from "./rule-error.js";

/**
 * Compiles a JSON Logic rule once into a tree of closures (no eval, no `new Function`: it runs
 * under a strict Content-Security-Policy). The result evaluates the rule with json-logic-js 2.0.5
 * semantics plus nudgekit's engagement operators, and never throws: when an evaluation has to stop
 * (see RuleLimits) it returns `null` and tells `options.onError`.
 *
 * @throws RuleError listing every problem (unknown operator, wrong arity, bad literal…) with its path.
 */
export function compileRule(rule: unknown, options: CompileOptions = {}): CompiledRule {
  const backend = ruleBackendOption(options.backend);
  const operations = backend === undefined ? undefined : new Map<CompiledNode, CompiledOperation>();
  const { node, env } = compileTree(rule, options, undefined, operations === undefined ? undefined : (compiled, operation) => operations.set(compiled, operation));
  if (node === undefined || env.problems.length > 0) throw new RuleError(env.problems);

  if (node.known) return constantRule(node.value);

  const evaluate = backend === undefined || operations === undefined ? node.evaluate : backend.link(node, operations);
  const { onError, log } = options;
  const limits = env.limits;
  const shared = new EvaluationContext(limits, log);
  return function compiledRule(data: unknown): unknown {
    // Inlined runEvaluation: this is the hot path, and it must not allocate a result object.
    const context = shared.busy ? new EvaluationContext(limits, log) : shared;
    context.busy = true;
    context.cost = 0;
    context.root = data;
    try {
      return evaluate(data, context);
    } catch (error) {
      onError?.(toEvaluationError(error));
      return null;
    } finally {
      context.busy = false;
      context.root = undefined;
    }
  };
}
