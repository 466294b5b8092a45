import type { CustomOperators } from "../../rules/custom-operators.js";
import { BehaviourReader, DEFAULT_BEHAVIOUR_PATH } from "./behaviour-reader.js";
import { countingOperators } from "./counting-operators.js";
import { propertyOperators } from "./property-operators.js";
import { recencyOperators } from "./recency-operators.js";
import type { ParsedRfmModel } from "./rfm-model-schema.js";
import { rfmOperators } from "./rfm-operators.js";

/** The names of the behavioural operators. */
export const BEHAVIOURAL_OPERATOR_NAMES: readonly string[] = Object.freeze([
  "event_count",
  "never_did",
  "active_days",
  "streak_days",
  "days_since_last",
  "days_since_first",
  "last_seen",
  "first_seen",
  "event_sum",
  "event_avg",
  "event_min",
  "event_max",
  "rfm_score",
]);

/** The operators for options already validated (a loaded engine's: no validation code). */
export function behaviouralOperatorTable(horizonDays: number, behaviourPath: readonly string[] = DEFAULT_BEHAVIOUR_PATH, models: ReadonlyMap<string, ParsedRfmModel> = new Map()): CustomOperators {
  const reader = new BehaviourReader(Object.freeze([...behaviourPath]));
  const context = { horizonDays, reader };
  return Object.freeze({
    ...countingOperators(context),
    ...recencyOperators(context),
    ...propertyOperators(context),
    ...rfmOperators(context, models),
  });
}
