import type { CompiledNode, CompiledOperation } from "../compiler/compile-node.js";
import type { RuleBackend } from "../compiler/rule-backend.js";
import type { Evaluator } from "../evaluation-context.js";
import { sourceOfTree } from "./rule-source.js";

/**
 * The code-generating rule backend: each rule becomes one JavaScript function (`new Function`, so
 * not under a Content-Security-Policy without 'unsafe-eval'), with the same results, budget charges
 * and errors as the closures. Node services get the fastest rules; browsers keep the closures,
 * which is why this backend is on a subpath of its own and never bundled unless imported. Where
 * code generation is refused (an `EvalError`: `--disallow-code-generation-from-strings`, a CSP
 * without 'unsafe-eval'), a rule runs as closures.
 *
 * @example
 * import { compileRule } from "nudgekit/rules";
 * import { codegenBackend } from "nudgekit/rules/codegen";
 *
 * const isPro = compileRule({ "==": [{ var: "user.plan" }, "pro"] }, { backend: codegenBackend });
 * isPro({ user: { plan: "pro" } }); // true
 */
export const codegenBackend: RuleBackend = Object.freeze({
  name: "codegen",
  link(root: CompiledNode, operations: ReadonlyMap<CompiledNode, CompiledOperation>): Evaluator {
    const { source, helpers } = sourceOfTree(root, operations);
    let factory: (helpers: readonly unknown[]) => Evaluator;
    try {
      // The source holds only generated names and JSON literals (rule-source.ts; proven by a test).
      factory = new Function("h", source) as typeof factory;
    } catch (error) {
      // Code generation refused (node --disallow-code-generation-from-strings, a CSP): the closures
      // give the same results, so the rule runs as closures instead of failing.
      if (error instanceof EvalError) return root.evaluate;
      throw error;
    }
    return factory(helpers);
  },
});

