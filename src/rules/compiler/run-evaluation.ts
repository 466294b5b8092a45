import { EvaluationContext, type Evaluator } from "../evaluation-context.js";
import { RuleEvaluationError } from "../rule-error.js";

/**
 * Runs a compiled rule's root evaluator with a fresh budget and turns anything thrown into a
 * RuleEvaluationError, so that evaluation is total. `reusable` is used unless it is already busy
 * (a custom operator that calls the same compiled rule).
 */
export function runEvaluation(
  evaluate: Evaluator,
  data: unknown,
  reusable: EvaluationContext,
): { ok: true; value: unknown } | { ok: false; error: RuleEvaluationError } {
  const context = reusable.busy ? new EvaluationContext(reusable.limits, reusable.log) : reusable;
  context.busy = true;
  context.cost = 0;
  context.root = data;
  try {
    return { ok: true, value: evaluate(data, context) };
  } catch (error) {
    return { ok: false, error: toEvaluationError(error) };
  } finally {
    context.busy = false;
    context.root = undefined;
  }
}

export function toEvaluationError(error: unknown): RuleEvaluationError {
  if (error instanceof RuleEvaluationError) return error;
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new RuleEvaluationError("unexpected", `evaluation stopped: ${reason}`, undefined, error);
}
