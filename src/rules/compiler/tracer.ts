import type { Evaluator } from "../evaluation-context.js";
import { isOperation, operatorOf } from "../rule-shape.js";

/** How many values of one node an explanation keeps when the node runs many times (map, filter…). */
export const MAX_TRACED_VALUES = 20;

/** The recorded evaluation of one rule node. */
export interface TraceNode {
  readonly path: string;
  readonly rule: unknown;
  readonly operator: string | undefined;
  evaluations: number;
  lastValue: unknown;
  readonly values: unknown[];
  readonly children: TraceNode[];
}

/**
 * Records, while a rule compiled for explanation runs, the value of every node it evaluates. The
 * tree mirrors the rule: the compiler calls `enter` before compiling a node's children and `wrap`
 * after.
 */
export class Tracer {
  readonly roots: TraceNode[] = [];
  private readonly stack: TraceNode[] = [];

  /** `data`: the node is data as written (an operator's data argument), never an operation. */
  enter(rule: unknown, path: string, data = false): void {
    const node: TraceNode = {
      path,
      rule,
      operator: !data && isOperation(rule) ? operatorOf(rule) : undefined,
      evaluations: 0,
      lastValue: undefined,
      values: [],
      children: [],
    };
    const parent = this.stack[this.stack.length - 1];
    (parent === undefined ? this.roots : parent.children).push(node);
    this.stack.push(node);
  }

  wrap(evaluate: Evaluator): Evaluator {
    const node = this.stack.pop();
    if (node === undefined) throw new Error("Tracer.wrap without enter");
    return (data, context) => {
      const value = evaluate(data, context);
      node.evaluations++;
      node.lastValue = value;
      if (node.values.length < MAX_TRACED_VALUES) node.values.push(value);
      return value;
    };
  }
}
