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
  /** limits.maxEvaluationCost, kept here so that charging reads one field. */
  private readonly maxCost: number;

  constructor(
    readonly limits: RuleLimits,
    readonly log: ((value: unknown) => void) | undefined,
  ) {
    this.maxCost = limits.maxEvaluationCost;
  }

  /**
   * Spends `units` of the evaluation budget; stops the evaluation when it runs out. Operators
   * charge before they do the work, so a stopped evaluation never did the work it could not pay for.
   */
  charge(units: number, path: string): void {
    if ((this.cost += units) > this.maxCost) this.stop(path);
  }

  private stop(path: string): never {
    throw new RuleEvaluationError(
      "cost-limit",
      `evaluation stopped: it exceeded limits.maxEvaluationCost (${this.maxCost}) while evaluating ${path === "" ? "the rule" : path}`,
      path,
      undefined,
      this.cost,
    );
  }
}

/** A compiled rule node: evaluates against the current data (which map/filter/reduce rebind). */
export type Evaluator = (data: unknown, context: EvaluationContext) => unknown;
