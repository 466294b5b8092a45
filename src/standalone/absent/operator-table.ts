/**
 * rules/compiler/operator-table.ts in an engine module whose config's rules use no behavioural
 * operator: the engine's only custom operators are those, so every compile is given an empty set of
 * them, and the table is the built-in one (the module's narrowed built-ins).
 */
import type * as real from "../../rules/compiler/operator-table.js";
import type { OperatorSpec } from "../../rules/operators/operator-spec.js";
import { BUILT_IN_OPERATOR_FAMILIES } from "../../rules/compiler/built-in-operator-families.js";

export const builtInOperators: typeof real.builtInOperators = new Map<string, OperatorSpec>(BUILT_IN_OPERATOR_FAMILIES.flatMap((family) => [...family]));
export const operatorTableFor: typeof real.operatorTableFor = (custom) => {
  if (custom !== undefined && Object.keys(custom).length > 0) throw new Error("nudgekit engine module: a custom operator was given, but this module was emitted for rules with none (a defect: please report it)");
  return builtInOperators;
};
