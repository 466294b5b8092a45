import type { Evaluator } from "../evaluation-context.js";
import type { CompiledNode, CompiledOperation } from "./compile-node.js";

/**
 * How a compiled rule tree becomes the function that evaluates it. Without a backend, compileRule
 * runs the tree of closures itself (no `eval`: safe under a strict Content-Security-Policy); the
 * code-generating backend (`codegenBackend` from nudgekit/rules/codegen) turns it into JavaScript
 * source with the same semantics, compiled with `new Function`.
 */
export interface RuleBackend {
  readonly name: string;
  /**
   * Builds the evaluator of `root`; `operations` describes every operation node compiled under it.
   * @internal
   */
  link(root: CompiledNode, operations: ReadonlyMap<CompiledNode, CompiledOperation>): Evaluator;
}

/**
 * The `backend` option, checked: undefined or `"closures"` (closures) or a rule backend. The name
 * `"codegen"` is only understood where the code generator is bundled (the `nudgekit` entry under
 * Node, where it is the default); elsewhere it is refused with what to do instead.
 */
export function ruleBackendOption(backend: unknown): RuleBackend | undefined {
  if (backend === undefined || backend === "closures") return undefined;
  if (typeof backend !== "object" || backend === null || typeof (backend as Partial<RuleBackend>).link !== "function") {
    throw new TypeError('options.backend must be "closures" or a rule backend: codegenBackend from nudgekit/rules/codegen ("codegen" by name only for createEngine from nudgekit under Node)');
  }
  return backend as RuleBackend;
}
