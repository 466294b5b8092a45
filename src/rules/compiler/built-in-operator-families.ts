import { engagementOperators } from "../operators/engagement.js";
import type { OperatorTable } from "../operators/operator-spec.js";
import { standardOperators } from "../operators/standard.js";

/**
 * The tables the built-in operators come from, in order: json-logic-js's, then nudgekit's
 * engagement operators. Its own file because an engine module (emitEngineModule) puts another in
 * its place, with only the operators its config's rules use.
 */
export const BUILT_IN_OPERATOR_FAMILIES: readonly OperatorTable[] = [standardOperators, engagementOperators];
