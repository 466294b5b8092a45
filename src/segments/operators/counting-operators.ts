import type { OperatorDefinition } from "../../rules/custom-operators.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { QueryKind, type BehaviourQuery } from "./behaviour-queries.js";
import { checkName, checkWindow } from "./operator-arguments.js";
import { nameValue, queryOperator, windowValue } from "./query-operator.js";

/**
 * `event_count` [event, window?] — events in the window (all events ever without one);
 * `never_did` [event, window?] — true when that count is 0;
 * `active_days` [event, window] — days with at least one event in the window;
 * `streak_days` [event] — consecutive days with the event up to today (or yesterday).
 */
export function countingOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, reader } = context;
  const countQuery = (values: readonly unknown[]): BehaviourQuery | null => {
    const event = nameValue(values[0]);
    const days = windowValue(values[1], horizonDays);
    if (event === null || days === null) return null;
    return days === undefined ? { kind: QueryKind.CountEver, event, days: 0, property: "" } : { kind: QueryKind.Count, event, days, property: "" };
  };
  const checkEventAndWindow: OperatorDefinition["checkArgs"] = (args) => checkName(args, 0, "an event name") ?? checkWindow(args, 1, horizonDays);
  return {
    event_count: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: checkEventAndWindow,
      prepare: (args) => queryOperator(reader, args, countQuery, (count) => count),
    },
    never_did: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: checkEventAndWindow,
      prepare: (args) => queryOperator(reader, args, countQuery, (count) => count === 0),
    },
    active_days: {
      minArgs: 2,
      maxArgs: 2,
      checkArgs: checkEventAndWindow,
      prepare: (args) =>
        queryOperator(
          reader,
          args,
          (values) => {
            const event = nameValue(values[0]);
            const days = windowValue(values[1], horizonDays);
            return event === null || typeof days !== "number" ? null : { kind: QueryKind.ActiveDays, event, days, property: "" };
          },
          (days) => days,
        ),
    },
    streak_days: {
      minArgs: 1,
      maxArgs: 1,
      checkArgs: (args) => checkName(args, 0, "an event name"),
      prepare: (args) =>
        queryOperator(
          reader,
          args,
          (values) => {
            const event = nameValue(values[0]);
            return event === null ? null : { kind: QueryKind.Streak, event, days: 0, property: "" };
          },
          (days) => days,
        ),
    },
  };
}
