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
   * The windows, in days, its behavioural operators read (see `behaviouralWindows`), through the
   * segments it depends on too, ascending; null when a window is computed from data. A day's events
   * can only change its values on that day, the two after it (streaks), and that many days after
   * it (leaving a window): `nextChangeAt` tries those midnights instead of every one.
   */
  readonly windows: readonly number[] | null;
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
  // The message history's windows end at `now`, and its entries' instants are not whole days.
  "received",
  "opened",
  "clicked",
  "converted",
  "last_message_at",
  "last_opened_at",
  "last_clicked_at",
  "last_converted_at",
]);

/** Operators whose second argument is evaluated on each element: `{"var": ""}` there is the element. */
const LOOPS = new Set(["all", "some", "none", "map", "filter", "reduce"]);

/** Where the window argument of a behavioural operator is (the others have none). */
const WINDOW_ARGUMENT: Readonly<Record<string, number>> = Object.freeze({ event_count: 1, never_did: 1, active_days: 1, event_sum: 2, event_avg: 2, event_min: 2, event_max: 2 });

const NO_OPERATORS: ReadonlySet<string> = new Set();

/**
 * Scans a rule (as written), in one walk, for operators whose value depends on `now` and for the
 * windows its behavioural operators read (see `ClockUse.windows`). What it cannot see through
 * counts as depending on `now`: a custom operator (`customOperators`: it is given the whole data),
 * a computed `var` path, the whole data read by `{"var": ""}` outside a loop's body, a rule nested
 * deeper than 1,000 levels (which may also hide any window: windows null).
 */
export function ruleClockUse(rule: unknown, horizonDays: number, customOperators: ReadonlySet<string> = NO_OPERATORS): ClockUse {
  let behavioural = false;
  let unbounded = false;
  const windows = new Set<number>();
  let windowsKnown = true;
  const visit = (node: unknown, depth: number, inLoopBody: boolean): void => {
    if (depth > 1_000) {
      unbounded = true;
      windowsKnown = false;
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1, inLoopBody);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const keys = Object.keys(node);
    if (keys.length !== 1) return;
    const operator = keys[0] as string;
    const args = (node as Record<string, unknown>)[operator];
    if (BEHAVIOURAL.has(operator)) {
      behavioural = true;
      const at = Object.hasOwn(WINDOW_ARGUMENT, operator) ? WINDOW_ARGUMENT[operator] : undefined;
      const window = at === undefined || !Array.isArray(args) ? undefined : args[at];
      if (typeof window === "object" && window !== null) windowsKnown = false; // computed from data: any length
      else if (window !== undefined) {
        // A literal that is not a window is refused when the rule compiles; the horizon bounds it here.
        const parsed = parseWindowDays(window, horizonDays);
        windows.add(parsed.ok ? parsed.days : horizonDays);
      }
    }
    if (UNBOUNDED.has(operator) || customOperators.has(operator)) unbounded = true;
    if (operator === "var") {
      const path = Array.isArray(args) ? args[0] : args;
      if (path === "now" || (typeof path === "string" && path.startsWith("now."))) unbounded = true;
      // A computed path ({ var: { cat: ["n", "ow"] } }) may read `now`: assume it does, or
      // nextChangeAt would answer null ("never") for a rule that changes with time.
      if (typeof path === "object" && path !== null) unbounded = true;
      // The whole data (now included), unless it is a loop's element.
      if ((path === "" || path === null || path === undefined) && !inLoopBody) unbounded = true;
    }
    if (LOOPS.has(operator) && Array.isArray(args)) {
      args.forEach((arg, index) => visit(arg, depth + 1, index === 1 ? true : inLoopBody));
    } else visit(args, depth + 1, inLoopBody);
  };
  visit(rule, 0, false);
  return { behavioural, unbounded, windows: windowsKnown ? [...windows].sort((a, b) => a - b) : null };
}

/**
 * The windows, in days, that the rule's behavioural operators read, ascending; null when a window
 * is computed from data (any length may be read). Operators without a window add none: counts and
 * totals over all events, `last_seen` and `first_seen` do not depend on the day, a streak changes
 * only on the two days after an event, and "days since" operators are `unbounded`.
 *
 * @example
 * behaviouralWindows({ ">=": [{ active_days: ["app_open", "30d"] }, 7] }, 90); // [30]
 * behaviouralWindows({ or: [{ event_count: ["purchase", "7d"] }, { never_did: "purchase" }] }, 90); // [7]
 * behaviouralWindows({ event_count: ["purchase", { var: "user.window" }] }, 90); // null
 */
export function behaviouralWindows(rule: unknown, horizonDays: number): number[] | null {
  return ruleClockUse(rule, horizonDays).windows as number[] | null;
}

/** The windows of a segment and of those it depends on (null when any is unknown). */
export function windowsThrough(own: readonly number[] | null, dependencies: readonly (readonly number[] | null)[]): number[] | null {
  if (own === null || dependencies.includes(null)) return null;
  return [...new Set([...own, ...(dependencies as (readonly number[])[]).flat()])].sort((a, b) => a - b);
}
