import type { ExplainNode } from "../../rules/explain-rule.js";
import { truthy } from "../../rules/semantics/truthiness.js";

/** A clause that made a rule fail, with the values its operands had. */
export interface FailedClause {
  /** JSON pointer of the clause in the rule. */
  readonly path: string;
  readonly rule: unknown;
  readonly operator?: string;
  readonly value: unknown;
  /** Whether the clause needed to be truthy (false under a `!`). */
  readonly expected: boolean;
  readonly operands: readonly { readonly rule: unknown; readonly value: unknown }[];
}

/**
 * The clauses responsible for a rule's falsy result: `and`, `or`, `!` and `!!` are looked through,
 * down to the comparisons and operators whose values decided it.
 */
export function failedClauses(root: ExplainNode): FailedClause[] {
  const failed: FailedClause[] = [];
  const visit = (node: ExplainNode, expected: boolean): void => {
    if (!node.evaluated || truthy(node.value) === expected) return;
    const evaluatedChildren = node.children.filter((child) => child.evaluated);
    if ((node.operator === "and" && expected) || (node.operator === "or" && !expected)) {
      // and → the child that stopped it; or (needed falsy) → the child that was truthy.
      const culprit = evaluatedChildren.at(-1);
      if (culprit !== undefined) return visit(culprit, expected);
    }
    if ((node.operator === "or" && expected) || (node.operator === "and" && !expected)) {
      for (const child of evaluatedChildren) visit(child, expected);
      if (evaluatedChildren.length > 0) return;
    }
    if (node.operator === "!" && evaluatedChildren.length === 1) return visit(evaluatedChildren[0] as ExplainNode, !expected);
    if (node.operator === "!!" && evaluatedChildren.length === 1) return visit(evaluatedChildren[0] as ExplainNode, expected);
    failed.push({
      path: node.path,
      rule: node.rule,
      ...(node.operator === undefined ? {} : { operator: node.operator }),
      value: node.value,
      expected,
      operands: node.children.map((child) => ({ rule: child.rule, value: child.value })),
    });
  };
  visit(root, true);
  return failed;
}
