import type { MetricsConfig } from "../config/outcome-config-model.js";
import { addCounts, copyOpenUser, isOpen } from "../state/merge-outcomes.js";
import { createOutcomeState, type OutcomeState } from "../state/outcome-state.js";
import { settleUser } from "../state/settle-user.js";

/**
 * What reports read: the state's counts with everything still open settled and closed into them
 * (the state itself does not change). Copies only the users with something open, not the whole
 * state; the result has no users.
 */
export function finalState(state: OutcomeState): { final: OutcomeState; config: MetricsConfig | null } {
  const config = state.config;
  if (config === null) return { final: state, config };
  const final = createOutcomeState();
  final.config = config;
  addCounts(final, state);
  for (const user of state.users.values()) if (isOpen(user)) settleUser(final, copyOpenUser(user), config, Number.POSITIVE_INFINITY);
  return { final, config };
}
