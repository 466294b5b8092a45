import type { OperatorDefinition } from "../../rules/custom-operators.js";
import type { PropertyTotals } from "../aggregates/day-queries.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { QueryKind, type BehaviourQuery } from "./behaviour-queries.js";
import { checkName, checkWindow } from "./operator-arguments.js";
import { nameValue, queryOperator, windowValue } from "./query-operator.js";

/**
 * `event_sum` / `event_avg` / `event_min` / `event_max` [event, property, window?] — over the events
 * in the window (every retained day without one) that carry the declared numeric property.
 * The sum of no values is 0; their average, minimum and maximum are null.
 */
export function propertyOperators(context: BehaviourContext): Record<string, OperatorDefinition> {
  const { horizonDays, reader } = context;
  const totalsQuery = (values: readonly unknown[]): BehaviourQuery | null => {
    const event = nameValue(values[0]);
    const property = nameValue(values[1]);
    const days = windowValue(values[2], horizonDays);
    if (event === null || property === null || days === null) return null;
    return days === undefined ? { kind: QueryKind.PropertyEver, event, days: 0, property } : { kind: QueryKind.Property, event, days, property };
  };
  const statistic = (pick: (totals: PropertyTotals) => number | null): OperatorDefinition => ({
    minArgs: 2,
    maxArgs: 3,
    checkArgs: (args) => checkName(args, 0, "an event name") ?? checkName(args, 1, "a property name") ?? checkWindow(args, 2, horizonDays),
    prepare: (args) => queryOperator(reader, args, totalsQuery, (totals) => pick(totals as PropertyTotals)),
  });
  return {
    event_sum: statistic((totals) => totals.sum),
    event_avg: statistic((totals) => (totals.count === 0 ? null : totals.sum / totals.count)),
    event_min: statistic((totals) => totals.min),
    event_max: statistic((totals) => totals.max),
  };
}
