import { childPointer } from "../json/json-pointer.js";
import type { LocatedProblem } from "./located-problems.js";

/** Values looked at, at most: a config is far smaller; a hostile one stops here (its schema reports the rest). */
const MAX_VALUES = 1_000_000;

/**
 * Every own `__proto__` key in a config (JSON.parse makes one an ordinary key): a strict object's
 * schema reports it as unknown, but a record of names (placement limits, tracked events, forced
 * variants) would drop it without a word, and the name would silently fall back to its default.
 * Walked without recursion, so nesting depth cannot overflow the stack.
 *
 * @example
 * reservedKeyProblems(JSON.parse('{"arbitration":{"placements":{"__proto__":2}}}'));
 * // [{ path: "/arbitration/placements/__proto__", message: 'key "__proto__" is reserved (it would reach Object.prototype)' }]
 */
export function reservedKeyProblems(config: unknown): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: config, path: "" }];
  for (let seen = 0; stack.length > 0 && seen < MAX_VALUES; seen++) {
    const { value, path } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: childPointer(path, index) });
      continue;
    }
    if (Object.hasOwn(value, "__proto__")) problems.push({ path: childPointer(path, "__proto__"), message: 'key "__proto__" is reserved (it would reach Object.prototype)' });
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      if (key !== "__proto__") stack.push({ value: (value as Record<string, unknown>)[key], path: childPointer(path, key) });
    }
  }
  return problems;
}
