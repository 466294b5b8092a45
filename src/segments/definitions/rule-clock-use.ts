import { BEHAVIOURAL_OPERATOR_NAMES } from "../operators/behavioural-operator-table.js";
import { parseWindowDays } from "../operators/window-days.js";

/** How a rule's value can change with `now` alone (no new event, no attribute change). */
export interface ClockUse {
  /** It uses behavioural operators: values change at UTC midnights while buckets age. */
  readonly behavioural: boolean;
  /**
   * Its value may keep changing indefinitely: days since an event, RFM recency, or the rules
   * engine's own clock operators and `now` itself.
   */
  readonly unbounded: boolean;
  /**
   * Days after an event at which it stops changing the rule's behavioural values: the longest
   * window read (see `longestWindowDays`), through the segments it depends on too.
   */
  readonly windowDays: number;
}

const BEHAVIOURAL = new Set(BEHAVIOURAL_OPERATOR_NAMES);
const UNBOUNDED = new Set([
  "days_since_last",
  "days_since_first",
  "rfm_score",
  "days_since",
  "hours_since",
  "minutes_since",
  "within_last",
  "before",
  "after",
  "local_hour",
  "local_day_of_week",
]);

/** Scans a rule (as written) for operators whose value depends on `now`. */
export function ruleClockUse(rule: unknown, horizonDays: number): ClockUse {
  let behavioural = false;
  let unbounded = false;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 1_000) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const operator = keys[0] as string;
      const args = (node as Record<string, unknown>)[operator];
      if (BEHAVIOURAL.has(operator)) behavioural = true;
      if (UNBOUNDED.has(operator)) unbounded = true;
      if (operator === "var") {
        const path = Array.isArray(args) ? args[0] : args;
        if (path === "now" || (typeof path === "string" && path.startsWith("now."))) unbounded = true;
        // A computed path ({ var: { cat: ["n", "ow"] } }) may read `now`: assume it does, or
        // nextChangeAt would answer null ("never") for a rule that changes with time.
        if (typeof path === "object" && path !== null) unbounded = true;
      }
      visit(args, depth + 1);
    }
  };
  visit(rule, 0);
  return { behavioural, unbounded, windowDays: behavioural ? longestWindowDays(rule, horizonDays) : 0 };
}

/** Where the window argument of a behavioural operator is (the others read the whole horizon). */
const WINDOW_ARGUMENT: Readonly<Record<string, number>> = Object.freeze({ event_count: 1, never_did: 1, active_days: 1, event_sum: 2, event_avg: 2, event_min: 2, event_max: 2 });

/**
 * The longest window, in days, that the rule's behavioural operators read: a day's events stop
 * changing any of its values that many days later. `horizonDays` when an operator reads the whole
 * horizon (no window, a window computed from data, or an operator without one).
 *
 * @example
 * longestWindowDays({ ">=": [{ active_days: ["app_open", "30d"] }, 7] }, 90); // 30
 * longestWindowDays({ ">=": [{ event_count: "purchase" }, 1] }, 90); // 90
 */
export function longestWindowDays(rule: unknown, horizonDays: number): number {
  let longest = 0;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 1_000 || longest >= horizonDays) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) return;
    const operator = keys[0] as string;
    const args = (node as Record<string, unknown>)[operator];
    if (BEHAVIOURAL.has(operator)) {
      const at = Object.hasOwn(WINDOW_ARGUMENT, operator) ? WINDOW_ARGUMENT[operator] : undefined;
      const window = at === undefined || !Array.isArray(args) ? undefined : args[at];
      const parsed = window === undefined || (typeof window === "object" && window !== null) ? undefined : parseWindowDays(window, horizonDays);
      longest = Math.max(longest, parsed?.ok === true ? parsed.days : horizonDays);
    }
    visit(args, depth + 1);
  };
  visit(rule, 0);
  return Math.min(longest, horizonDays);
}
