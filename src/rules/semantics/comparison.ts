import type { EvaluationContext } from "../evaluation-context.js";
import { toPrimitive, type Primitive } from "./coercion.js";
import { LONG_STRING } from "./membership.js";

/*
 * JavaScript's `==` and relational operators for JSON values. Objects are first converted with the
 * safe `toPrimitive`; the native operator then runs on primitives only, so the result is exactly
 * JavaScript's and no code from the data runs.
 *
 * The string work is charged to the evaluation budget first (docs/rules.md, Limits): two strings
 * of the same length, longer than LONG_STRING, cost their length to test for equality (strings of
 * different lengths differ at once, and short ones compare in constant time, as in membership
 * tests), two strings cost the shorter length to order, and a string compared with a number is
 * read as a number, which costs its length.
 */

function isObjectLike(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** Charges `a === b` for two strings: a character-by-character comparison only when the lengths agree. */
export function chargeStringEquality(a: string, b: string, context: EvaluationContext, path: string): void {
  if (a.length === b.length && a.length > LONG_STRING) context.charge(a.length, path);
}

/** Charges the string work of comparing two primitives with `==`, `<` or `<=`. */
function chargePrimitives(a: Primitive, b: Primitive, context: EvaluationContext, path: string): void {
  if (typeof a === "string") {
    context.charge(typeof b === "string" ? Math.min(a.length, b.length) : a.length, path);
  } else if (typeof b === "string") {
    context.charge(b.length, path);
  }
}

/** `a == b` */
export function looseEquals(a: unknown, b: unknown, context: EvaluationContext, path: string): boolean {
  if (typeof a === typeof b) {
    if (typeof a === "string") chargeStringEquality(a, b as string, context, path);
    return a === b;
  }
  const aObject = isObjectLike(a);
  const bObject = isObjectLike(b);
  if (aObject && bObject) return a === b;
  if (!aObject && !bObject) {
    chargePrimitives(a as Primitive, b as Primitive, context, path);
    return (a as Primitive) == (b as Primitive);
  }
  // One object, one primitive: null/undefined equal only each other.
  if (a === null || a === undefined || b === null || b === undefined) return false;
  const left = aObject ? toPrimitive(a, context, path) : (a as Primitive);
  const right = bObject ? toPrimitive(b, context, path) : (b as Primitive);
  chargePrimitives(left, right, context, path);
  return left == right;
}

/** `a < b`, or `a <= b` when `orEqual`. */
function relation(a: unknown, b: unknown, context: EvaluationContext, path: string, orEqual: boolean): boolean {
  if (typeof a !== "number" || typeof b !== "number") {
    a = toPrimitive(a, context, path);
    b = toPrimitive(b, context, path);
    chargePrimitives(a as Primitive, b as Primitive, context, path);
  }
  return orEqual ? (a as number) <= (b as number) : (a as number) < (b as number);
}

/** `a < b` */
export function lessThan(a: unknown, b: unknown, context: EvaluationContext, path: string): boolean {
  return relation(a, b, context, path, false);
}

/** `a <= b` */
export function lessOrEqual(a: unknown, b: unknown, context: EvaluationContext, path: string): boolean {
  return relation(a, b, context, path, true);
}
