import type { ArgumentAtCompileTime, OperatorEvaluate } from "../../rules/custom-operators.js";
import type { BehaviourQuery, QueryAnswer } from "./behaviour-queries.js";
import { chargedAnswer, type BehaviourReader } from "./behaviour-reader.js";
import { parseWindowDays } from "./window-days.js";

/** A name argument's value: a non-empty string, or null. */
export function nameValue(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** A window argument's value in days: undefined when absent (no window), null when invalid. */
export function windowValue(value: unknown, horizonDays: number): number | undefined | null {
  if (value === undefined) return undefined;
  const parsed = parseWindowDays(value, horizonDays);
  return parsed.ok ? parsed.days : null;
}

/**
 * One use of an operator that asks one behaviour query. With literal arguments (the usual case)
 * the query is built once and shares its slot, so its answer is computed once per segment
 * evaluation; with arguments from data it is built and answered on every call. `queryOf` returns
 * null for an unusable argument, and `valueOf` turns an answer into the operator's value (a null
 * answer — no valid `now` — stays null). Computing an answer is charged to the rule's evaluation
 * budget (see chargedAnswer); a kept one costs nothing.
 */
export function queryOperator(
  reader: BehaviourReader,
  args: readonly ArgumentAtCompileTime[],
  queryOf: (values: readonly unknown[]) => BehaviourQuery | null,
  valueOf: (answer: Exclude<QueryAnswer, null>) => unknown,
): OperatorEvaluate {
  if (args.every((arg) => arg.known)) {
    const query = queryOf(args.map((arg) => arg.value));
    if (query === null) return () => null; // checkArgs has already refused the rule
    const slot = reader.query(query);
    return (_values, scope) => {
      const answer = reader.answer(scope.root, slot, scope);
      return answer === null ? null : valueOf(answer);
    };
  }
  return (values, scope) => {
    // Names and windows from data are read whole (a window string is trimmed before it is parsed).
    for (const value of values) if (typeof value === "string") scope.charge(value.length);
    const query = queryOf(values);
    if (query === null) return null;
    const root = scope.root;
    const answer = chargedAnswer(query, reader.event(root, query.event), reader.now(root), scope);
    return answer === null ? null : valueOf(answer);
  };
}
