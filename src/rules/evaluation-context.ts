import type { RuleLimits } from "./limits.js";
import { RuleEvaluationError } from "./rule-error.js";

/**
 * Per-evaluation state: the root data (for operators that default to the input's `now`) and the
 * evaluation-cost budget. One instance is reused by a compiled rule across calls, so an evaluation
 * allocates nothing for it.
 */
export class EvaluationContext {
  root: unknown = undefined;
  cost = 0;
  busy = false;

  constructor(
    readonly limits: RuleLimits,
    readonly log: ((value: unknown) => void) | undefined,
  ) {}

  /** Spends `units` of the evaluation budget; stops the evaluation when it runs out. */
  charge(units: number, path: string): void {
    this.cost += units;
    if (this.cost > this.limits.maxEvaluationCost) {
      throw new RuleEvaluationError(
        "cost-limit",
        `evaluation stopped: it exceeded limits.maxEvaluationCost (${this.limits.maxEvaluationCost}) while evaluating ${path === "" ? "the rule" : path}`,
        path,
      );
    }
  }
}

/** A compiled rule node: evaluates against the current data (which map/filter/reduce rebind). */
export type Evaluator = (data: unknown, context: EvaluationContext) => unknown;
