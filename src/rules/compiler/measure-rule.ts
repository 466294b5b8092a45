import { childPointer } from "../../json/json-pointer.js";
import type { RuleLimits } from "../limits.js";
import type { RuleProblem } from "../rule-error.js";

interface Pending {
  readonly value: unknown;
  readonly depth: number;
  readonly path: string;
}

/**
 * Checks nesting depth and node count without recursion, before anything recursive walks the rule:
 * a rule of 20,000 nested operations is reported, not a stack overflow. Also stops on cycles
 * (possible in rules built in JavaScript), which exceed the depth bound.
 */
export function measureRule(rule: unknown, limits: RuleLimits): RuleProblem | undefined {
  const stack: Pending[] = [{ value: rule, depth: 1, path: "" }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop() as Pending;
    nodes++;
    if (typeof value !== "object" || value === null) continue;
    if (depth > limits.maxDepth) {
      return { path, message: `rule is nested too deeply: more than limits.maxDepth (${limits.maxDepth}) levels` };
    }
    const width = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (nodes + stack.length + width > limits.maxNodes) {
      return { path: "", message: `rule is too large: it has more than limits.maxNodes (${limits.maxNodes}) values` };
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, path: childPointer(path, i) });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: childPointer(path, key) });
      }
    }
  }
  return undefined;
}
