import type { CapPolicy } from "../caps/policy/compile-cap-policy.js";

const DAY = 86_400_000;

/**
 * How long a user's stored history can matter after its last write: the longest rolling window,
 * cooldown or calendar period (a month, plus a day for time zones), and a day for sessions; 0 (keep
 * forever) when a lifetime cap must remember.
 */
export function historyTtl(policy: CapPolicy): number {
  let longest = 0;
  for (const cooldown of policy.cooldowns) longest = Math.max(longest, cooldown.milliseconds);
  for (const cap of policy.caps) {
    const { window } = cap;
    if (window.kind === "lifetime") return 0;
    if (window.kind === "rolling") longest = Math.max(longest, window.milliseconds);
    else if (window.kind === "calendar") longest = Math.max(longest, (window.unit === "day" ? 1 : window.unit === "week" ? 7 : 31) * DAY);
    else longest = Math.max(longest, DAY);
  }
  return Math.ceil(longest + DAY);
}
