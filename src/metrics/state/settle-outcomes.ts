import type { MetricsConfig } from "../config/outcome-config-model.js";
import { useConfig } from "./fold-outcomes.js";
import type { OutcomeState } from "./outcome-state.js";
import { settleUser } from "./settle-user.js";

/**
 * Attributes and counts what can no longer change once every event before `until` has been folded,
 * and frees it: memory then holds the open attribution windows, not the log. After it, an event
 * before `until` of a user it changed is late (counted in `counts.late`, not folded). Reports give
 * the same figures with or without settling, as long as no event comes late: a stream that folds
 * events up to an hour late can settle at `latest event time − 1 hour`. Updates `state` and returns it.
 *
 * @example
 * foldOutcomes(state, batch, config);
 * settleOutcomes(state, config, latestTime - 3_600_000);
 */
export function settleOutcomes(state: OutcomeState, config: MetricsConfig, until: number): OutcomeState {
  if (Number.isNaN(until)) throw new RangeError("until must be an instant (epoch ms) or ±Infinity, not NaN");
  useConfig(state, config);
  for (const user of state.users.values()) {
    // Nothing to apply and nothing closing before `until`: the user stays as they are.
    if (user.pendingFrom >= until && user.wakeAt >= until) continue;
    settleUser(state, user, config, until);
  }
  return state;
}
