import type { OperatorDefinition } from "../../rules/custom-operators.js";
import { activeDaysInDays, countInDays, streakEndingAt } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { readEventAggregate, readNow } from "./behaviour-reader.js";
import { checkName, checkWindow, nameReader, windowReader } from "./operator-arguments.js";

/**
 * `event_count` [event, window?] — events in the window (all events ever without one);
 * `never_did` [event, window?] — true when that count is 0;
 * `active_days` [event, window] — days with at least one event in the window;
 * `streak_days` [event] — consecutive days with the event up to today (or yesterday).
 */
export function countingOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, path } = context;

  const eventCount = (args: Parameters<NonNullable<OperatorDefinition["prepare"]>>[0]) => {
    const name = nameReader(args, 0);
    const window = windowReader(args, 1, horizonDays);
    return (values: readonly unknown[], root: unknown): number | null => {
      const event = name(values);
      const days = window(values);
      if (event === undefined || days === null) return null;
      const aggregate = readEventAggregate(root, path, event);
      if (days === undefined) return aggregate?.n ?? 0;
      const now = readNow(root);
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
      prepare: (args) => {
        const count = eventCount(args);
        return (values, scope) => count(values, scope.root);
      },
    },
    never_did: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: (args) => checkName(args, 0, "an event name") ?? checkWindow(args, 1, horizonDays),
      prepare: (args) => {
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
      prepare: (args) => {
        const name = nameReader(args, 0);
        const window = windowReader(args, 1, horizonDays);
        return (values, { root }) => {
          const event = name(values);
          const days = window(values);
          const now = readNow(root);
          if (event === undefined || typeof days !== "number" || now === undefined) return null;
          const aggregate = readEventAggregate(root, path, event);
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
      prepare: (args) => {
        const name = nameReader(args, 0);
        return (values, { root }) => {
          const event = name(values);
          const now = readNow(root);
          if (event === undefined || now === undefined) return null;
          const aggregate = readEventAggregate(root, path, event);
          return aggregate === undefined ? 0 : streakEndingAt(aggregate, utcDay(now));
        };
      },
    },
  };
}
