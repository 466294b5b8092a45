/**
 * Where each built-in operator is defined: the rule operators by the file (family) whose table
 * holds them, and the behavioural operators by the group that builds them. An engine module
 * imports only the families its config's rules use; this is how the emitter knows which.
 */
import { arithmeticOperators } from "../../rules/operators/arithmetic.js";
import { arrayOperators } from "../../rules/operators/arrays.js";
import { comparisonOperators } from "../../rules/operators/comparison.js";
import { dataAccessOperators } from "../../rules/operators/data-access.js";
import { geoOperators } from "../../rules/operators/geo.js";
import { logOperators } from "../../rules/operators/log.js";
import { logicOperators } from "../../rules/operators/logic.js";
import { messageHistoryOperators } from "../../rules/operators/message-history.js";
import type { OperatorSpec } from "../../rules/operators/operator-spec.js";
import { setOperators } from "../../rules/operators/sets.js";
import { stringOperators } from "../../rules/operators/strings.js";
import { textOperators } from "../../rules/operators/text.js";
import { timeOperators } from "../../rules/operators/time.js";
import { versionOperators } from "../../rules/operators/versions.js";
import { behaviourContext } from "../../segments/operators/behavioural-operator-table.js";
import { countingOperators } from "../../segments/operators/counting-operators.js";
import { propertyOperators } from "../../segments/operators/property-operators.js";
import { recencyOperators } from "../../segments/operators/recency-operators.js";

/** A file of src/ that exports a table (or a builder of one) under `binding`, and the operators it holds. */
export interface OperatorFamily {
  /** The module, from src/ and without its extension (`rules/operators/comparison`). */
  readonly module: string;
  readonly binding: string;
  readonly names: readonly string[];
}

const family = (module: string, binding: string, table: ReadonlyMap<string, OperatorSpec> | object): OperatorFamily =>
  Object.freeze({ module, binding, names: Object.freeze(table instanceof Map ? [...table.keys()] : Object.keys(table)) });

/** json-logic-js's operators and nudgekit's engagement operators, in the order of the built-in table (operator-table.ts). */
export const RULE_OPERATOR_FAMILIES: readonly OperatorFamily[] = Object.freeze([
  family("rules/operators/data-access", "dataAccessOperators", dataAccessOperators),
  family("rules/operators/logic", "logicOperators", logicOperators),
  family("rules/operators/comparison", "comparisonOperators", comparisonOperators),
  family("rules/operators/arithmetic", "arithmeticOperators", arithmeticOperators),
  family("rules/operators/strings", "stringOperators", stringOperators),
  family("rules/operators/arrays", "arrayOperators", arrayOperators),
  family("rules/operators/log", "logOperators", logOperators),
  family("rules/operators/time", "timeOperators", timeOperators),
  family("rules/operators/message-history", "messageHistoryOperators", messageHistoryOperators),
  family("rules/operators/geo", "geoOperators", geoOperators),
  family("rules/operators/versions", "versionOperators", versionOperators),
  family("rules/operators/text", "textOperators", textOperators),
  family("rules/operators/sets", "setOperators", setOperators),
]);

const sample = behaviourContext(1);

/** The behavioural operators an engine compiles (behaviouralOperatorTable), by the group that builds them. */
export const BEHAVIOURAL_OPERATOR_GROUPS: readonly OperatorFamily[] = Object.freeze([
  family("segments/operators/counting-operators", "countingOperators", countingOperators(sample)),
  family("segments/operators/recency-operators", "recencyOperators", recencyOperators(sample)),
  family("segments/operators/property-operators", "propertyOperators", propertyOperators(sample)),
]);
