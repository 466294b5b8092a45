import { childPointer } from "../../json/json-pointer.js";
import type { RuleProblem } from "../rule-error.js";
import { isPlainObject } from "../../json/plain-object.js";

/**
 * Copies a literal data value from a rule into a frozen JSON value, so that what a compiled rule
 * returns can never alter the rule, and reports anything that is not JSON (functions, symbols,
 * undefined, class instances). Own `__proto__` keys are copied as plain data.
 */
export function freezeLiteral(
  value: unknown,
  path: string,
  problems: RuleProblem[],
): { ok: true; value: unknown } | { ok: false } {
  const before = problems.length;
  const copy = copyJson(value, path, problems);
  return problems.length === before ? { ok: true, value: copy } : { ok: false };
}

function copyJson(value: unknown, path: string, problems: RuleProblem[]): unknown {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    return Object.freeze(value.map((element, index) => copyJson(element, childPointer(path, index), problems)));
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: copyJson(value[key], childPointer(path, key), problems),
        enumerable: true,
        writable: false,
        configurable: false,
      });
    }
    return Object.freeze(copy);
  }
  problems.push({ path, message: `${describeNonJson(value)} is not a JSON value` });
  return null;
}

function describeNonJson(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return "a bigint";
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return typeof name === "string" && name !== "" ? `a ${name} instance` : "a non-plain object";
}
