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
 * and a string read as a number costs one unit per character. `path` is the operation charged.
 */

/** ToPrimitive for JSON values: arrays join their elements with ",", other objects are "[object Object]". */
export function toPrimitive(value: unknown, context: EvaluationContext, path: string): Primitive {
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" ? "[function]" : (value as Primitive);
  }
  if (Array.isArray(value)) {
    const text = arrayToString(value, context, path, 0);
    context.charge(text.length, path);
    return text;
  }
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

/** The text of an array; charges its elements here and (at the top) its characters in toPrimitive. */
function arrayToString(array: readonly unknown[], context: EvaluationContext, path: string, depth: number): string {
  if (depth >= context.limits.maxDataDepth) {
    throw new RuleEvaluationError(
      "data-too-deep",
      `evaluation stopped: data nested deeper than limits.maxDataDepth (${context.limits.maxDataDepth}) was converted to a string`,
    );
  }
  const length = array.length;
  context.charge(length, path);
  let text = "";
  for (let i = 0; i < length; i++) {
    if (i > 0) text += ",";
    const element = array[i];
    if (element === null || element === undefined) continue;
    if (typeof element === "string") text += element;
    else if (Array.isArray(element)) text += arrayToString(element, context, path, depth + 1);
    else if (typeof element === "object") text += "[object Object]";
    else text += typeof element === "symbol" ? element.toString() : String(element);
  }
  return text;
}
