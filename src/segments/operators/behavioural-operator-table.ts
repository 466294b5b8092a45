import type { CustomOperators } from "../../rules/custom-operators.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { BehaviourReader, DEFAULT_BEHAVIOUR_PATH } from "./behaviour-reader.js";
import { BEHAVIOURAL_OPERATOR_GROUPS } from "./behavioural-operator-groups.js";

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

/** Where and how aggregates are kept, for options already validated: what every behavioural operator reads through. */
export function behaviourContext(horizonDays: number, behaviourPath: readonly string[] = DEFAULT_BEHAVIOUR_PATH): BehaviourContext {
  return { horizonDays, reader: new BehaviourReader(Object.freeze([...behaviourPath])) };
}

/**
 * The behavioural operators that need no model, for options already validated: a loaded engine's
 * (no validation code). `rfm_score` is not among them: it needs RFM models, which only
 * `behaviouralOperators` (nudgekit/segments) is given, and an engine config has none, so its rules
 * never use it.
 */
export function behaviouralOperatorTable(context: BehaviourContext): CustomOperators {
  return Object.freeze(Object.assign({}, ...BEHAVIOURAL_OPERATOR_GROUPS.map((group) => group(context))) as CustomOperators);
}
