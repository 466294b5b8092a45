import type { OperatorDefinition, OperatorEvaluate, OperatorScope } from "../../rules/custom-operators.js";
import { parseDuration } from "../../time/duration.js";
import type { PropertyTotals } from "../aggregates/day-queries.js";
import { utcDay } from "../aggregates/utc-day.js";
import type { BehaviourContext } from "./behaviour-context.js";
import { QueryKind } from "./behaviour-queries.js";
import type { ParsedRfmModel } from "./rfm-model-schema.js";
import { parseWindowDays } from "./window-days.js";


const DIMENSIONS = ["r", "f", "m", "rfm"] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** Scores are 1 + the number of thresholds passed; 0 for a user who never did the event. */
export function scoreAtLeast(value: number, limits: readonly number[]): number {
  let score = 1;
  for (const limit of limits) if (value >= limit) score++;
  return score;
}

export function scoreAtMost(value: number, limits: readonly number[]): number {
  let score = 1;
  for (const limit of limits) if (value <= limit) score++;
  return score;
}

/**
 * `rfm_score` [model, dimension?] — the user's score in a configured RFM model: "r", "f", "m", or
 * (default) "rfm", the three as one number (5, 4, 3 → 543). A user who never did the event scores 0.
 */
export function rfmOperators(context: BehaviourContext, models: ReadonlyMap<string, ParsedRfmModel>): Record<string, OperatorDefinition> {
  const { horizonDays, reader } = context;
  /** The score of one model and dimension; its counts and totals are the queries event_count and event_sum ask. */
  const scorer = (model: ParsedRfmModel, dimension: Dimension): ((scope: OperatorScope) => number | null) => {
    const window = parseWindowDays(model.window, horizonDays);
    if (!window.ok) return () => null;
    const { event, property, recency, frequency, monetary } = model;
    const eventSlot = reader.eventSlot(event);
    const countSlot = reader.query({ kind: QueryKind.Count, event, days: window.days, property: "" });
    const totalsSlot = property === undefined || monetary === undefined ? -1 : reader.query({ kind: QueryKind.Property, event, days: window.days, property });
    return (scope) => {
      const root = scope.root;
      const now = reader.now(root);
      if (now === undefined) return null;
      const aggregate = reader.keptEvent(root, eventSlot, event);
      if (aggregate === undefined) return 0;
      const r = dimension === "r" || dimension === "rfm" ? scoreAtMost(utcDay(now) - utcDay(aggregate.last), recency) : 0;
      const f = dimension === "f" || dimension === "rfm" ? scoreAtLeast(reader.answer(root, countSlot, scope) as number, frequency) : 0;
      const m =
        (dimension === "m" || dimension === "rfm") && totalsSlot >= 0 ? scoreAtLeast((reader.answer(root, totalsSlot, scope) as PropertyTotals).sum, monetary as number[]) : 0;
      return dimension === "r" ? r : dimension === "f" ? f : dimension === "m" ? m : r * 100 + f * 10 + m;
    };
  };
  const scorers = new Map<string, (scope: OperatorScope) => number | null>();
  const scorerOf = (name: string, dimension: Dimension): ((scope: OperatorScope) => number | null) | undefined => {
    const model = models.get(name);
    if (model === undefined) return undefined;
    const key = JSON.stringify([name, dimension]);
    let score = scorers.get(key);
    if (score === undefined) {
      score = scorer(model, dimension);
      scorers.set(key, score);
    }
    return score;
  };
  return {
    rfm_score: {
      minArgs: 1,
      maxArgs: 2,
      checkArgs: (args) => {
        const [model, dimension] = args;
        if (model?.known && !(typeof model.value === "string" && models.has(model.value))) {
          const known = [...models.keys()];
          return `argument 1 must name a configured RFM model (${known.length === 0 ? "none are configured: models are given to behaviouralOperators or compileSegments with their rfm option, and an engine config cannot define any" : known.map((name) => JSON.stringify(name)).join(", ")}), got ${JSON.stringify(model.value)}`;
        }
        if (dimension?.known && !DIMENSIONS.includes(dimension.value as Dimension)) return `argument 2 must be one of "r", "f", "m", "rfm", got ${JSON.stringify(dimension.value)}`;
        if (model?.known && (dimension?.value === "m" || dimension === undefined || dimension.value === "rfm")) {
          const parsed = models.get(model.value as string) as ParsedRfmModel;
          if (dimension?.value === "m" && (parsed.property === undefined || parsed.monetary === undefined)) {
            return `RFM model ${JSON.stringify(model.value)} has no monetary score: give it a property and monetary thresholds`;
          }
        }
        return undefined;
      },
      prepare: (args): OperatorEvaluate => {
        const [model, dimension] = args;
        if (model?.known && (dimension === undefined || dimension.known)) {
          const fixedDimension = dimension === undefined || dimension.value === undefined ? "rfm" : dimension.value;
          const score = typeof model.value === "string" && DIMENSIONS.includes(fixedDimension as Dimension) ? scorerOf(model.value, fixedDimension as Dimension) : undefined;
          if (score === undefined) return () => null;
          return (_values, scope) => score(scope);
        }
        return (values, scope) => {
          const name = values[0];
          const chosen = values[1] === undefined ? "rfm" : values[1];
          if (typeof name !== "string" || !DIMENSIONS.includes(chosen as Dimension)) return null;
          const score = scorerOf(name, chosen as Dimension);
          return score === undefined ? null : score(scope);
        };
      },
    },
  };
}
