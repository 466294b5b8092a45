import type { OperatorDefinition, OperatorEvaluate } from "../../rules/custom-operators.js";
import { propertyInDays, type PropertyTotals } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { QueryKind } from "./behaviour-queries.js";
import { checkName, checkWindow, knownName, knownWindow, nameReader, windowReader } from "./operator-arguments.js";

const NO_VALUES: PropertyTotals = Object.freeze({ count: 0, sum: 0, min: null, max: null });

/**
 * `event_sum` / `event_avg` / `event_min` / `event_max` [event, property, window?] — over the events
 * in the window (every retained day without one) that carry the declared numeric property.
 * The sum of no values is 0; their average, minimum and maximum are null.
 */
export function propertyOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, reader } = context;
  const statistic = (pick: (totals: PropertyTotals) => number | null): OperatorDefinition => ({
    minArgs: 2,
    maxArgs: 3,
    checkArgs: (args) => checkName(args, 0, "an event name") ?? checkName(args, 1, "a property name") ?? checkWindow(args, 2, horizonDays),
    prepare: (args): OperatorEvaluate => {
      const fixedEvent = knownName(args, 0);
      const fixedProperty = knownName(args, 1);
      const fixedWindow = knownWindow(args, 2, horizonDays);
      if (fixedEvent !== undefined && fixedProperty !== undefined && fixedWindow !== null) {
        const slot =
          fixedWindow.days === undefined
            ? reader.query({ kind: QueryKind.PropertyEver, event: fixedEvent, days: 0, property: fixedProperty })
            : reader.query({ kind: QueryKind.Property, event: fixedEvent, days: fixedWindow.days, property: fixedProperty });
        return (_values, { root }) => {
          const totals = reader.answer(root, slot) as PropertyTotals | null;
          return totals === null ? null : pick(totals);
        };
      }
      const name = nameReader(args, 0);
      const property = nameReader(args, 1);
      const window = windowReader(args, 2, horizonDays);
      return (values, { root }) => {
        const event = name(values);
        const key = property(values);
        const days = window(values);
        if (event === undefined || key === undefined || days === null) return null;
        const aggregate = reader.event(root, event);
        let fromDay = Number.NEGATIVE_INFINITY;
        let toDay = Number.POSITIVE_INFINITY;
        if (days !== undefined) {
          const now = reader.now(root);
          if (now === undefined) return null;
          toDay = utcDay(now);
          fromDay = toDay - days + 1;
        }
        if (aggregate === undefined) return pick(NO_VALUES);
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
