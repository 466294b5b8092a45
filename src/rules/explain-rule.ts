import type { CompileOptions } from "./compile-options.js";
import { compileTree } from "./compiler/compile-tree.js";
import { runEvaluation } from "./compiler/run-evaluation.js";
import { Tracer, type TraceNode } from "./compiler/tracer.js";
import { EvaluationContext } from "./evaluation-context.js";
import { RuleError, type RuleEvaluationError } from "./rule-error.js";

/** The evaluation of one rule node. */
export interface ExplainNode {
  /** JSON pointer of the node in the rule. */
  readonly path: string;
  /** The node as written. */
  readonly rule: unknown;
  /** The operator, for operations. */
  readonly operator?: string;
  /** False when the node was never reached (short-circuited `and`/`or`/`if`, an empty map…). */
  readonly evaluated: boolean;
  /** The value of its last evaluation. */
  readonly value?: unknown;
  /** How often it ran: more than once inside map / filter / reduce / all / some / none. */
  readonly evaluations: number;
  /** Its first values (at most 20), when it ran more than once. */
  readonly values?: readonly unknown[];
  readonly children: readonly ExplainNode[];
}

export interface RuleExplanation {
  /** What the compiled rule returns for this data. */
  readonly result: unknown;
  /** Set when the evaluation was stopped (the result is then null). */
  readonly error?: RuleEvaluationError;
  readonly root: ExplainNode;
}

/**
 * Evaluates `rule` on `data` recording the value of every node, so a caller can show why a trigger
 * did or did not fire. Nothing is folded or short-cut at compile time, so every node reached is
 * recorded; the result is the same as `compileRule(rule, options)(data)`.
 *
 * @throws RuleError when the rule is invalid.
 */
export function explainRule(rule: unknown, data: unknown, options: CompileOptions = {}): RuleExplanation {
  const validated = compileTree(rule, options, undefined);
  if (validated.node === undefined || validated.env.problems.length > 0) throw new RuleError(validated.env.problems);

  const tracer = new Tracer();
  const { node, env } = compileTree(rule, options, tracer);
  if (node === undefined) throw new RuleError(env.problems);
  const outcome = runEvaluation(node.evaluate, data, new EvaluationContext(env.limits, options.log));
  if (!outcome.ok) options.onError?.(outcome.error);
  const root = toExplainNode(tracer.roots[0] as TraceNode);
  return outcome.ok ? { result: outcome.value, root } : { result: null, error: outcome.error, root };
}

function toExplainNode(node: TraceNode): ExplainNode {
  const explained: {
    -readonly [K in keyof ExplainNode]: ExplainNode[K];
  } = {
    path: node.path,
    rule: node.rule,
    evaluated: node.evaluations > 0,
    evaluations: node.evaluations,
    children: node.children.map(toExplainNode),
  };
  if (node.operator !== undefined) explained.operator = node.operator;
  if (node.evaluations > 0) explained.value = node.lastValue;
  if (node.evaluations > 1) explained.values = node.values;
  return explained;
}
