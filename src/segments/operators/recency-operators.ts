import type { OperatorDefinition, OperatorEvaluate } from "../../rules/custom-operators.js";
import type { EventAggregate } from "../aggregates/behaviour-aggregates.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { checkName } from "./operator-arguments.js";
import { nameValue } from "./query-operator.js";

/**
 * `days_since_last` / `days_since_first` [event] — whole UTC days from the day of the latest /
 * earliest event to today (0 = today), null when the user never did it;
 * `last_seen` / `first_seen` [event] — that event's epoch milliseconds, or null.
 */
export function recencyOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { reader } = context;
  const eventOperator = (read: (aggregate: EventAggregate, root: unknown) => number | null): OperatorDefinition => ({
    minArgs: 1,
    maxArgs: 1,
    checkArgs: (args) => checkName(args, 0, "an event name"),
    prepare: (args): OperatorEvaluate => {
      const fixedEvent = args[0]?.known === true ? nameValue(args[0].value) : null;
      if (fixedEvent !== null) {
        const slot = reader.eventSlot(fixedEvent);
        return (_values, { root }) => {
          const aggregate = reader.keptEvent(root, slot, fixedEvent);
          return aggregate === undefined ? null : read(aggregate, root);
        };
      }
      return (values, { root }) => {
        const event = nameValue(values[0]);
        if (event === null) return null;
        const aggregate = reader.event(root, event);
        return aggregate === undefined ? null : read(aggregate, root);
      };
    },
  });
  const daysSince = (instant: (aggregate: EventAggregate) => number) => (aggregate: EventAggregate, root: unknown) => {
    const now = reader.now(root);
    return now === undefined ? null : utcDay(now) - utcDay(instant(aggregate));
  };
  return {
    days_since_last: eventOperator(daysSince((aggregate) => aggregate.last)),
    days_since_first: eventOperator(daysSince((aggregate) => aggregate.first)),
    last_seen: eventOperator((aggregate) => aggregate.last),
    first_seen: eventOperator((aggregate) => aggregate.first),
  };
}
