import type { CapPolicyInput } from "../policy/cap-policy-schema.js";
import { compileCapPolicy } from "../policy/compile-cap-policy.js";
import type { CapPolicy } from "../policy/cap-policy-model.js";
import { matchesScope } from "../policy/matches-scope.js";
import { calendarPeriod } from "../windows/calendar-period.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import type { Delivery, DeliveryHistory } from "./delivery.js";

/**
 * Drops the deliveries no rule can see at `now` or later, so a history stays bounded: outside every
 * rolling window and cooldown, before the current calendar period, and (with `session`) in other
 * sessions. Decisions at `now` and later do not change (property-tested). Calendar periods are read
 * in `timeZone` with `options.timeZones` (default `intlTimeZones`): use the provider the checks use.
 *
 * @example
 * const policy = { caps: [{ id: "daily", scope: { all: true }, limit: 3, window: { calendar: "day" } }] };
 * const history = { deliveries: [{ at: Date.parse("2026-11-22T12:00:00Z"), channel: "push", campaign: "a" }, { at: Date.parse("2026-11-23T08:00:00Z"), channel: "push", campaign: "b" }] };
 * compactHistory(history, policy, Date.parse("2026-11-23T12:00:00Z"), "UTC").deliveries.length; // → 1 (yesterday's is no longer counted)
 */
export function compactHistory(history: DeliveryHistory, policyInput: CapPolicyInput | CapPolicy, now: number, timeZone: string, currentSession?: string, options: { readonly timeZones?: TimeZoneProvider } = {}): DeliveryHistory {
  const policy = compileCapPolicy(policyInput);
  const stillSeen = (delivery: Delivery): boolean => {
    if (delivery.counts === false) return false; // counted by nothing
    for (const cooldown of policy.cooldowns) if (matchesScope(cooldown.scope, delivery) && delivery.at > now - cooldown.milliseconds) return true;
    for (const cap of policy.caps) {
      if (!matchesScope(cap.scope, delivery)) continue;
      const { window } = cap;
      if (window.kind === "lifetime") return true;
      if (window.kind === "rolling" && delivery.at > now - window.milliseconds) return true;
      // Kept when the period has no start (NaN: a provider without an offset): dropping would undercount.
      if (window.kind === "calendar" && !(delivery.at < calendarPeriod(now, window.unit, window.weekStartsOn, timeZone, options.timeZones).start)) return true;
      if (window.kind === "session" && delivery.session !== undefined && (currentSession === undefined || delivery.session === currentSession)) return true;
    }
    return delivery.at > now; // not yet sent: keep
  };
  return { deliveries: history.deliveries.filter(stillSeen) };
}
