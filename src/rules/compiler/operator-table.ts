import { customOperatorSpec, type CustomOperators } from "../custom-operators.js";
import type { OperatorSpec, OperatorTable } from "../operators/operator-spec.js";
import { BUILT_IN_OPERATOR_FAMILIES } from "./built-in-operator-families.js";

/** json-logic-js's operators plus nudgekit's engagement operators. */
export const builtInOperators: OperatorTable = new Map<string, OperatorSpec>(BUILT_IN_OPERATOR_FAMILIES.flatMap((family) => [...family]));

/** Tables built for a given `operators` option object, so repeated compiles reuse them. */
const tables = new WeakMap<CustomOperators, OperatorTable>();

/** The operator table for a compile: built-ins, plus the caller's operators (which may not shadow them). */
export function operatorTableFor(custom: CustomOperators | undefined): OperatorTable {
  if (custom === undefined) return builtInOperators;
  const cached = tables.get(custom);
  if (cached !== undefined) return cached;
  const table = new Map(builtInOperators);
  for (const name of Object.keys(custom)) {
    if (builtInOperators.has(name)) throw new TypeError(`custom operator ${JSON.stringify(name)} would replace a built-in operator`);
    table.set(name, customOperatorSpec(name, custom[name] as NonNullable<CustomOperators[string]>));
  }
  tables.set(custom, table);
  return table;
}
