import type { EvaluationContext, Evaluator } from "../evaluation-context.js";
import { readStatic, type StaticRead } from "../semantics/static-read.js";
import type { CompiledArgument } from "./operator-spec.js";

/**
 * How an operator reads one argument: `get(data, context, source)`. There are exactly two getters —
 * a fixed-path read, or a call of the argument's closure — so every call site that uses an operand
 * sees at most two targets and V8 inlines both. For `var` arguments (most of them) that removes a
 * megamorphic closure call per read.
 */
export type OperandGetter = (data: unknown, context: EvaluationContext, source: never) => unknown;

export interface Operand {
  readonly get: OperandGetter;
  readonly source: never;
}

const viaStaticRead = (data: unknown, _context: EvaluationContext, read: StaticRead): unknown => readStatic(data, read);
const viaEvaluator = (data: unknown, context: EvaluationContext, evaluate: Evaluator): unknown => evaluate(data, context);

export function operandOf(arg: CompiledArgument): Operand {
  return arg.read !== undefined
    ? { get: viaStaticRead as OperandGetter, source: arg.read as never }
    : { get: viaEvaluator as OperandGetter, source: arg.evaluate as never };
}
