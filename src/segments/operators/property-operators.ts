import type { OperatorDefinition } from "../../rules/custom-operators.js";
import { propertyInDays, type PropertyTotals } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { readEventAggregate, readNow } from "./behaviour-reader.js";
import { checkName, checkWindow, nameReader, windowReader } from "./operator-arguments.js";

/**
 * `event_sum` / `event_avg` / `event_min` / `event_max` [event, property, window?] — over the events
 * in the window (every retained day without one) that carry the declared numeric property.
 * The sum of no values is 0; their average, minimum and maximum are null.
 */
export function propertyOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, path } = context;
  const statistic = (pick: (totals: PropertyTotals) => number | null): OperatorDefinition => ({
    minArgs: 2,
    maxArgs: 3,
    checkArgs: (args) => checkName(args, 0, "an event name") ?? checkName(args, 1, "a property name") ?? checkWindow(args, 2, horizonDays),
    prepare: (args) => {
      const name = nameReader(args, 0);
      const property = nameReader(args, 1);
      const window = windowReader(args, 2, horizonDays);
      return (values, { root }) => {
        const event = name(values);
        const key = property(values);
        const days = window(values);
        if (event === undefined || key === undefined || days === null) return null;
        const aggregate = readEventAggregate(root, path, event);
        let fromDay = Number.NEGATIVE_INFINITY;
        let toDay = Number.POSITIVE_INFINITY;
        if (days !== undefined) {
          const now = readNow(root);
          if (now === undefined) return null;
          toDay = utcDay(now);
          fromDay = toDay - days + 1;
        }
        if (aggregate === undefined) return pick({ count: 0, sum: 0, min: null, max: null });
        return pick(propertyInDays(aggregate, key, fromDay, toDay));
      };
    },
  });
  return {
    event_sum: statistic((totals) => totals.sum),
    event_avg: statistic((totals) => (totals.count === 0 ? null : totals.sum / totals.count)),
    event_min: statistic((totals) => totals.min),
    event_max: statistic((totals) => totals.max),
  };
}
