import type { CustomOperators } from "../../rules/custom-operators.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { countingOperators } from "./counting-operators.js";
import { propertyOperators } from "./property-operators.js";
import { recencyOperators } from "./recency-operators.js";

/**
 * The builders of the behavioural operators an engine compiles (see behaviouralOperatorTable), in
 * order. Its own file because an engine module (emitEngineModule) puts another in its place, with
 * only the groups its config's rules use.
 */
export const BEHAVIOURAL_OPERATOR_GROUPS: readonly ((context: BehaviourContext) => CustomOperators)[] = [countingOperators, recencyOperators, propertyOperators];
