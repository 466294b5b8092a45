import { LocatedProblemsError, summarizeProblems } from "../validation/located-problems.js";

/** One problem found in a rule, located by a JSON pointer (RFC 6901) into the rule. */
export interface RuleProblem {
  /** JSON pointer to the offending node, e.g. `/and/1/==`; `""` is the whole rule. */
  readonly path: string;
  /** What is wrong, phrased for the person who wrote the rule. */
  readonly message: string;
}

/**
 * Thrown by `compileRule` when a rule is invalid. `path` and `message` describe the first problem;
 * `problems` lists every problem found, in document order.
 */
export class RuleError extends LocatedProblemsError {
  constructor(problems: readonly RuleProblem[]) {
    super(summarizeProblems(problems, "the rule root", "invalid rule"), problems);
    this.name = "RuleError";
  }
}

/** Why an evaluation stopped early. The compiled rule then returns `null` instead of throwing. */
export type RuleEvaluationErrorCode =
  /** The evaluation-cost budget (`limits.maxEvaluationCost`) ran out: output or iteration growth. */
  | "cost-limit"
  /** Data nested deeper than `limits.maxDataDepth` had to be converted to a string. */
  | "data-too-deep"
  /** A caller-registered operator threw. */
  | "operator-threw"
  /** Anything else the runtime raised (e.g. a stack overflow on non-JSON input). */
  | "unexpected";

/** Reported to `CompileOptions.onError` when an evaluation is stopped; never thrown to the caller. */
export class RuleEvaluationError extends Error {
  readonly code: RuleEvaluationErrorCode;
  /** JSON pointer of the node that was being evaluated, when known. */
  readonly path: string | undefined;
  override readonly cause: unknown;
  /**
   * For "cost-limit": the units of `limits.maxEvaluationCost` charged when the evaluation stopped,
   * the charge that did not fit included (see docs/rules.md, Limits, for what costs a unit).
   */
  readonly cost: number | undefined;

  constructor(code: RuleEvaluationErrorCode, message: string, path?: string, cause?: unknown, cost?: number) {
    super(message);
    this.name = "RuleEvaluationError";
    this.code = code;
    this.path = path;
    this.cause = cause;
    this.cost = cost;
  }
}
