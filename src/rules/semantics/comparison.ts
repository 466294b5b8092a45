import type { EvaluationContext } from "../evaluation-context.js";
import { toPrimitive, type Primitive } from "./coercion.js";

/*
 * JavaScript's `==` and relational operators for JSON values. Objects are first converted with the
 * safe `toPrimitive`; the native operator then runs on primitives only, so the result is exactly
 * JavaScript's and no code from the data runs.
 */

function isObjectLike(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** `a == b` */
export function looseEquals(a: unknown, b: unknown, context: EvaluationContext): boolean {
  if (typeof a === typeof b) return a === b;
  const aObject = isObjectLike(a);
  const bObject = isObjectLike(b);
  if (!aObject && !bObject) return (a as Primitive) == (b as Primitive);
  if (aObject && bObject) return a === b;
  // One object, one primitive: null/undefined equal only each other.
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const left = aObject ? toPrimitive(a, context) : (a as Primitive);
  const right = bObject ? toPrimitive(b, context) : (b as Primitive);
  return left == right;
}

/** `a < b` */
export function lessThan(a: unknown, b: unknown, context: EvaluationContext): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return (toPrimitive(a, context) as number) < (toPrimitive(b, context) as number);
}

/** `a <= b` */
export function lessOrEqual(a: unknown, b: unknown, context: EvaluationContext): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  return (toPrimitive(a, context) as number) <= (toPrimitive(b, context) as number);
}
