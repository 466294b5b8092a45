import { builtInOperators } from "./compiler/operator-table.js";

/** Names of every built-in operator (json-logic-js's and nudgekit's), e.g. for editor autocompletion. */
export const builtInOperatorNames: readonly string[] = Object.freeze([...builtInOperators.keys()]);
