import { isOperation, operatorOf } from "./rule-shape.js";

/**
 * Does `rule` have the shape `pattern`? The json-logic-js `rule_like` helper, for tooling that
 * inspects rules (e.g. finding every rule that compares a given field). In patterns, `"@"` matches
 * anything, `"number"`, `"string"` and `"array"` match by type, `{"@": …}` matches any operator, and
 * arrays match element by element (order matters).
 */
export function ruleLike(rule: unknown, pattern: unknown): boolean {
  return like(rule, pattern, 0);
}

/** Patterns are written by people; deeper than this is a mistake or an attack. */
const MAX_PATTERN_DEPTH = 256;

function like(rule: unknown, pattern: unknown, depth: number): boolean {
  if (depth > MAX_PATTERN_DEPTH) return false;
  if (pattern === rule) return true;
  if (pattern === "@") return true;
  if (pattern === "number") return typeof rule === "number";
  if (pattern === "string") return typeof rule === "string";
  if (pattern === "array") return Array.isArray(rule);

  if (isOperation(pattern)) {
    if (!isOperation(rule)) return false;
    const patternOperator = operatorOf(pattern);
    const ruleOperator = operatorOf(rule);
    if (patternOperator !== "@" && patternOperator !== ruleOperator) return false;
    return like(rule[ruleOperator], pattern[patternOperator], depth + 1);
  }

  if (Array.isArray(pattern)) {
    if (!Array.isArray(rule) || rule.length !== pattern.length) return false;
    for (let i = 0; i < pattern.length; i++) if (!like(rule[i], pattern[i], depth + 1)) return false;
    return true;
  }
  return false;
}
