import type { ArgumentAtCompileTime, OperatorDefinition, OperatorEvaluate } from "../../rules/custom-operators.js";
import { activeDaysInDays, countInDays, streakEndingAt } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { QueryKind } from "./behaviour-queries.js";
import { checkName, checkWindow, knownName, knownWindow, nameReader, windowReader } from "./operator-arguments.js";

/**
 * `event_count` [event, window?] — events in the window (all events ever without one);
 * `never_did` [event, window?] — true when that count is 0;
 * `active_days` [event, window] — days with at least one event in the window;
 * `streak_days` [event] — consecutive days with the event up to today (or yesterday).
 *
 * With literal arguments (the usual case) each use is a shared query, computed once per segment
 * evaluation; arguments computed from data are read and checked on every call.
 */
export function countingOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, reader } = context;

  /** The count for this use of event_count / never_did: (values, root) → count or null. */
  const eventCount = (args: readonly ArgumentAtCompileTime[]): ((values: readonly unknown[], root: unknown) => number | null) => {
    const fixedEvent = knownName(args, 0);
    const fixedWindow = knownWindow(args, 1, horizonDays);
    if (fixedEvent !== undefined && fixedWindow !== null) {
      const slot =
        fixedWindow.days === undefined
          ? reader.query({ kind: QueryKind.CountEver, event: fixedEvent, days: 0, property: "" })
          : reader.query({ kind: QueryKind.Count, event: fixedEvent, days: fixedWindow.days, property: "" });
      return (_values, root) => reader.answer(root, slot) as number | null;
    }
    const name = nameReader(args, 0);
    const window = windowReader(args, 1, horizonDays);
    return (values, root) => {
      const event = name(values);
      const days = window(values);
      if (event === undefined || days === null) return null;
      const aggregate = reader.event(root, event);
      if (days === undefined) return aggregate?.n ?? 0;
      const now = reader.now(root);
      if (now === undefined) return null;
      if (aggregate === undefined) return 0;
      const today = utcDay(now);
      return countInDays(aggregate, today - days + 1, today);
    };
  };

  return {
    event_count: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: (args) => checkName(args, 0, "an event name") ?? checkWindow(args, 1, horizonDays),
      prepare: (args): OperatorEvaluate => {
        const count = eventCount(args);
        return (values, scope) => count(values, scope.root);
      },
    },
    never_did: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: (args) => checkName(args, 0, "an event name") ?? checkWindow(args, 1, horizonDays),
      prepare: (args): OperatorEvaluate => {
        const count = eventCount(args);
        return (values, scope) => {
          const events = count(values, scope.root);
          return events === null ? null : events === 0;
        };
      },
    },
    active_days: {
      minArgs: 2,
      maxArgs: 2,
      checkArgs: (args) => checkName(args, 0, "an event name") ?? checkWindow(args, 1, horizonDays),
      prepare: (args): OperatorEvaluate => {
        const fixedEvent = knownName(args, 0);
        const fixedWindow = knownWindow(args, 1, horizonDays);
        if (fixedEvent !== undefined && fixedWindow?.days !== undefined) {
          const slot = reader.query({ kind: QueryKind.ActiveDays, event: fixedEvent, days: fixedWindow.days, property: "" });
          return (_values, scope) => reader.answer(scope.root, slot);
        }
        const name = nameReader(args, 0);
        const window = windowReader(args, 1, horizonDays);
        return (values, { root }) => {
          const event = name(values);
          const days = window(values);
          const now = reader.now(root);
          if (event === undefined || typeof days !== "number" || now === undefined) return null;
          const aggregate = reader.event(root, event);
          if (aggregate === undefined) return 0;
          const today = utcDay(now);
          return activeDaysInDays(aggregate, today - days + 1, today);
        };
      },
    },
    streak_days: {
      minArgs: 1,
      maxArgs: 1,
      checkArgs: (args) => checkName(args, 0, "an event name"),
      prepare: (args): OperatorEvaluate => {
        const fixedEvent = knownName(args, 0);
        if (fixedEvent !== undefined) {
          const slot = reader.query({ kind: QueryKind.Streak, event: fixedEvent, days: 0, property: "" });
          return (_values, scope) => reader.answer(scope.root, slot);
        }
        const name = nameReader(args, 0);
        return (values, { root }) => {
          const event = name(values);
          const now = reader.now(root);
          if (event === undefined || now === undefined) return null;
          const aggregate = reader.event(root, event);
          return aggregate === undefined ? 0 : streakEndingAt(aggregate, utcDay(now));
        };
      },
    },
  };
}
