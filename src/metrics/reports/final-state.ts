import type { MetricsConfig } from "../config/outcome-config-model.js";
import { cloneOutcomes } from "../state/merge-outcomes.js";
import type { OutcomeState } from "../state/outcome-state.js";
import { settleUser } from "../state/settle-user.js";

/** What reports read: a copy of the state with everything settled and closed (the state itself does not change). */
export function finalState(state: OutcomeState): { final: OutcomeState; config: MetricsConfig | null } {
  const config = state.config;
  if (config === null) return { final: state, config };
  const final = cloneOutcomes(state);
  for (const user of final.users.values()) settleUser(final, user, config, Number.POSITIVE_INFINITY);
  return { final, config };
}
