import jsonLogic from "json-logic-js";

/**
 * json-logic-js 2.0.5 `apply`, the semantic reference, with its `log` operator silenced.
 * Returns `{ threw: true }` when json-logic-js throws.
 */
export function referenceApply(rule: unknown, data: unknown): { threw: false; value: unknown } | { threw: true } {
  const log = console.log;
  console.log = () => undefined;
  try {
    return { threw: false, value: jsonLogic.apply(rule as never, data as never) };
  } catch {
    return { threw: true };
  } finally {
    console.log = log;
  }
}

export { jsonLogic };
