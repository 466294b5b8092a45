import { BEHAVIOURAL_OPERATOR_NAMES } from "../operators/behavioural-operator-table.js";

/** How a rule's value can change with `now` alone (no new event, no attribute change). */
export interface ClockUse {
  /** It uses behavioural operators: values change at UTC midnights while buckets age. */
  readonly behavioural: boolean;
  /**
   * Its value may keep changing indefinitely: days since an event, RFM recency, or the rules
   * engine's own clock operators and `now` itself.
   */
  readonly unbounded: boolean;
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
export function ruleClockUse(rule: unknown): ClockUse {
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
  return { behavioural, unbounded };
}
