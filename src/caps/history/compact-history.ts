import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy, type CapPolicy } from "../policy/compile-cap-policy.js";
import { matchesScope } from "../policy/matches-scope.js";
import { calendarPeriod } from "../windows/calendar-period.js";
import type { Delivery, DeliveryHistory } from "./delivery.js";

/**
 * Drops the deliveries no rule can see at `now` or later, so a history stays bounded: outside every
 * rolling window and cooldown, before the current calendar period, and (with `session`) in other
 * sessions. Decisions at `now` and later do not change (property-tested).
 */
export function compactHistory(history: DeliveryHistory, policyInput: CapPolicyInput | CapPolicy, now: number, timeZone: string, currentSession?: string): DeliveryHistory {
  const policy = compileCapPolicy(policyInput);
  const stillSeen = (delivery: Delivery): boolean => {
    if (delivery.counts === false) return false; // counted by nothing
    for (const cooldown of policy.cooldowns) if (matchesScope(cooldown.scope, delivery) && delivery.at > now - cooldown.milliseconds) return true;
    for (const cap of policy.caps) {
      if (!matchesScope(cap.scope, delivery)) continue;
      const { window } = cap;
      if (window.kind === "lifetime") return true;
      if (window.kind === "rolling" && delivery.at > now - window.milliseconds) return true;
      if (window.kind === "calendar" && delivery.at >= calendarPeriod(now, window.unit, window.weekStartsOn, timeZone).start) return true;
      if (window.kind === "session" && delivery.session !== undefined && (currentSession === undefined || delivery.session === currentSession)) return true;
    }
    return delivery.at > now; // not yet sent: keep
  };
  return { deliveries: history.deliveries.filter(stillSeen) };
}
