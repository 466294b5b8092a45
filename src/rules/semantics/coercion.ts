import type { EvaluationContext } from "../evaluation-context.js";
import { RuleEvaluationError } from "../rule-error.js";

/**
 * JavaScript's type conversions for JSON values, without running code found in the data.
 *
 * json-logic-js applies JavaScript operators directly, so a data object with its own `toString` or
 * `valueOf` key (`{"toString": 1}` is valid JSON) makes it throw a TypeError. Here objects convert as
 * if those keys were absent — exactly what JavaScript does for every object without them — and
 * the native operators are applied only to the resulting primitives, which never runs user code.
 */

export type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/*
 * Each conversion charges the evaluation budget for the string work it does (see docs/rules.md,
 * Limits): an array converted to a string costs one unit per element and per character produced,
 * charged element by element as the text is built, and a string read as a number costs one unit
 * per character. `path` is the operation charged.
 */

/** ToPrimitive for JSON values: arrays join their elements with ",", other objects are "[object Object]". */
export function toPrimitive(value: unknown, context: EvaluationContext, path: string): Primitive {
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? "[function]" : (value as Primitive);
  }
  if (Array.isArray(value)) return arrayToString(value, context, path, 0);
  return "[object Object]";
}

/** ToString for JSON values (what `String(value)` gives for JSON data). */
export function toText(value: unknown, context: EvaluationContext, path: string): string {
  if (typeof value === "string") return value;
  const primitive = toPrimitive(value, context, path);
  return typeof primitive === "symbol" ? primitive.toString() : String(primitive);
}

/** ToNumber for JSON values (what unary `+value` gives for JSON data). */
export function toNumeric(value: unknown, context: EvaluationContext, path: string): number {
  if (typeof value === "number") return value;
  const primitive = toPrimitive(value, context, path);
  if (typeof primitive === "string") {
    context.charge(primitive.length, path);
    return Number(primitive);
  }
  return typeof primitive === "symbol" || typeof primitive === "bigint" ? Number.NaN : Number(primitive);
}

/** `parseFloat(value)` for JSON values, as json-logic-js `+` and `*` use it. */
export function parseLooseFloat(value: unknown, context: EvaluationContext, path: string): number {
  // parseFloat(String(n)) === n for every number except -0, which prints as "0".
  if (typeof value === "number") return value === 0 ? 0 : value;
  const text = toText(value, context, path);
  context.charge(text.length, path);
  return Number.parseFloat(text);
}

/**
 * `String(array)`: elements joined with ",", null and undefined as "". Each element costs one unit
 * (its separator) plus the characters of its text, charged before the text is appended; a nested
 * array charges its own elements.
 */
function arrayToString(array: readonly unknown[], context: EvaluationContext, path: string, depth: number): string {
  if (depth >= context.limits.maxDataDepth) {
    throw new RuleEvaluationError(
      "data-too-deep",
      `evaluation stopped: data nested deeper than limits.maxDataDepth (${context.limits.maxDataDepth}) was converted to a string`,
    );
  }
  let text = "";
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    let piece = "";
    if (Array.isArray(element)) {
      context.charge(1, path);
      piece = arrayToString(element, context, path, depth + 1);
    } else {
      if (typeof element === "string") piece = element;
      else if (typeof element === "object" && element !== null) piece = "[object Object]";
      else if (element !== null && element !== undefined) piece = typeof element === "symbol" ? element.toString() : String(element);
      context.charge(1 + piece.length, path);
    }
    text += i > 0 ? `,${piece}` : piece;
  }
  return text;
}
