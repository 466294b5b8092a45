/**
 * nudgekit/rules — JSON Logic compiled to closures, with json-logic-js 2.0.5 semantics, engagement
 * operators (time, geo, versions, strings, sets), validation with JSON-pointer paths and explain traces.
 *
 * @module nudgekit/rules
 */
export { compileRule } from "./compile-rule.js";
export type { CompileOptions, CompiledRule } from "./compile-options.js";
export { validateRule } from "./validate-rule.js";
export { explainRule, type ExplainNode, type RuleExplanation } from "./explain-rule.js";
export { formatExplanation } from "./format-explanation.js";
export { ruleLike } from "./rule-like.js";
export { RuleError, RuleEvaluationError, type RuleEvaluationErrorCode, type RuleProblem } from "./rule-error.js";
export { LocatedProblemsError, type LocatedProblem } from "../validation/located-problems.js";
export { DEFAULT_RULE_LIMITS, type RuleLimits } from "./limits.js";
export type {
  ArgumentAtCompileTime,
  CustomOperators,
  OperatorDefinition,
  OperatorEvaluate,
  OperatorFunction,
  OperatorScope,
} from "./custom-operators.js";
export { truthy } from "./semantics/truthiness.js";
export { builtInOperatorNames } from "./built-in-operator-names.js";
