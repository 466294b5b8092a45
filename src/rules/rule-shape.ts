/**
 * The syntax of JSON Logic: which values are operations, which operator they name and what their
 * arguments are. Mirrors json-logic-js `is_logic` / `get_operator` / unary-argument handling.
 */

/** An object with exactly one key is an operation; anything else is a literal. */
export function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

/** The operator of an operation (its only key). */
export function operatorOf(operation: Record<string, unknown>): string {
  return Object.keys(operation)[0] as string;
}

/** The arguments of an operation; a single non-array argument is the unary shorthand (`{"var":"x"}`). */
export function argumentsOf(operation: Record<string, unknown>, operator: string): { args: readonly unknown[]; unary: boolean } {
  const raw = operation[operator];
  return Array.isArray(raw) ? { args: raw, unary: false } : { args: [raw], unary: true };
}

/** A JSON primitive: null, a string, a number or a boolean. */
export function isJsonPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}
