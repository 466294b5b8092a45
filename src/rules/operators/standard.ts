import { arithmeticOperators } from "./arithmetic.js";
import { arrayOperators } from "./arrays.js";
import { comparisonOperators } from "./comparison.js";
import { dataAccessOperators } from "./data-access.js";
import { logOperators } from "./log.js";
import { logicOperators } from "./logic.js";
import type { OperatorSpec } from "./operator-spec.js";
import { stringOperators } from "./strings.js";

/** The operators of json-logic-js 2.0.5, with its semantics. */
export const standardOperators: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  ...dataAccessOperators,
  ...logicOperators,
  ...comparisonOperators,
  ...arithmeticOperators,
  ...stringOperators,
  ...arrayOperators,
  ...logOperators,
]);
