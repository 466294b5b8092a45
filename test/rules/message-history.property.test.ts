import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, explainRule, type RuleEvaluationError } from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { isDeliveryEntry, isEngagementEntry } from "../../src/message-history/history-entries.js";
import { deepFreeze } from "../support/deep-freeze.js";

/*
 * Issue 21: the message-history operators give the same answers, costs and stopped evaluations
 * with closures and with generated code, and the answers of a plain reference implementation,
 * over random (and partly malformed) histories.
 */

const NOW = Date.parse("2026-11-23T12:00:00Z");
const HOUR = 3_600_000;
const campaigns = ["a", "b", "c"] as const;
const channels = ["push", "email"] as const;
const tags = ["x", "y"] as const;
const windows = { "1h": HOUR, "24h": 24 * HOUR, "7d": 7 * 24 * HOUR, "30d": 30 * 24 * HOUR } as const;

const at = fc.oneof(
  fc.integer({ min: -40 * 24, max: 2 }).map((hours) => NOW + hours * HOUR),
  fc.constantFrom(NOW, NOW - HOUR, NOW - 24 * HOUR, NOW - 24 * HOUR - 1, NOW + 1, NOW - 731 * 24 * HOUR),
  fc.constantFrom<unknown>("2026-11-23T11:00:00Z", 9e15, Number.NaN, null),
);
const tagList = fc.oneof(fc.constant(undefined), fc.array(fc.constantFrom<unknown>(...tags, 3), { maxLength: 3 }), fc.constant("x"));
const optional = <T,>(arbitrary: fc.Arbitrary<T>) => fc.oneof(fc.constant(undefined), arbitrary);
const withoutUndefined = (entry: Record<string, unknown>) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));

const delivery = fc
  .record({ at, channel: fc.oneof(fc.constantFrom<unknown>(...channels), fc.constant(undefined), fc.constant(5)), campaign: fc.constantFrom<unknown>(...campaigns, "", undefined), tags: tagList })
  .map(withoutUndefined);
const engagement = fc
  .record({ at, kind: fc.constantFrom<unknown>("opened", "clicked", "converted", "read", undefined), campaign: fc.constantFrom<unknown>(...campaigns, undefined), channel: optional(fc.constantFrom<unknown>(...channels, 7)), tags: tagList })
  .map(withoutUndefined);
const history = fc.record({ deliveries: fc.array(fc.oneof({ weight: 9, arbitrary: delivery }, { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 3, "x", []) }), { maxLength: 12 }), engagement: fc.array(engagement, { maxLength: 12 }) });

const texts = <T extends string>(values: readonly T[]) => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length }));
const selector = fc.oneof(
  fc.constantFrom(...campaigns),
  fc.record({ campaign: texts(campaigns), channel: texts(channels), tag: texts(tags) }, { requiredKeys: [] }),
);
const countOperator = fc.constantFrom("received", "opened", "clicked", "converted");
const latestOperator = fc.constantFrom("last_message_at", "last_opened_at", "last_clicked_at", "last_converted_at");
const windowText = fc.constantFrom(...(Object.keys(windows) as (keyof typeof windows)[]));

/** A history operation with a literal selector and window, or both from data (`sel`, `win`). */
const operation = fc.oneof(
  fc.tuple(countOperator, selector, optional(windowText)).map(([operator, select, window]) => ({ [operator]: window === undefined ? [select] : [select, window] })),
  fc.tuple(latestOperator, optional(selector)).map(([operator, select]) => ({ [operator]: select === undefined ? [] : [select] })),
  countOperator.map((operator) => ({ [operator]: [{ var: "sel" }, { var: "win" }] })),
);

type Selector = string | { campaign?: string | string[]; channel?: string | string[]; tag?: string | string[] };
const asList = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** The answer, written plainly from the documentation. */
function reference(rule: Record<string, unknown>, data: { now: number; history: { deliveries: unknown[]; engagement: unknown[] }; sel?: unknown; win?: unknown }): unknown {
  const [operator, args] = Object.entries(rule)[0] as [string, unknown[]];
  let [select, window] = args as [unknown, unknown];
  if (typeof select === "object" && select !== null && "var" in select) [select, window] = [data.sel, data.win];
  const spec = typeof select === "string" ? { campaign: select } : ((select ?? {}) as Exclude<Selector, string>);
  const span = window === undefined ? 730 * 24 * HOUR : windows[window as keyof typeof windows];
  const deliveries = operator === "received" || operator === "last_message_at";
  const kind = { opened: "opened", clicked: "clicked", converted: "converted", last_opened_at: "opened", last_clicked_at: "clicked", last_converted_at: "converted" }[operator];
  const list = (deliveries ? data.history.deliveries.filter(isDeliveryEntry) : data.history.engagement.filter(isEngagementEntry)) as { at: number; kind?: string; campaign: string; channel?: string; tags?: unknown }[];
  const matching = list.filter(
    (entry) =>
      entry.at >= NOW - span &&
      entry.at <= NOW &&
      (deliveries || entry.kind === kind) &&
      (asList(spec.campaign)?.includes(entry.campaign) ?? true) &&
      (asList(spec.channel)?.includes(entry.channel as string) ?? true) &&
      (asList(spec.tag) === undefined || (Array.isArray(entry.tags) && entry.tags.some((tag) => asList(spec.tag)!.includes(tag as string)))),
  );
  if (operator.startsWith("last_")) return matching.length === 0 ? null : Math.max(...matching.map((entry) => entry.at));
  return matching.length;
}

function run(rule: unknown, data: unknown, backend?: typeof codegenBackend, budget?: number) {
  const errors: Pick<RuleEvaluationError, "code" | "path" | "cost">[] = [];
  const value = compileRule(rule, { ...(backend === undefined ? {} : { backend }), ...(budget === undefined ? {} : { limits: { maxEvaluationCost: budget } }), onError: ({ code, path, cost }) => errors.push({ code, path, cost }) })(data);
  return { value, errors };
}

describe("message-history operators: closures ≡ codegen ≡ reference (issue 21)", () => {
  const runs = Number(process.env.NUDGEKIT_DIFFERENTIAL_RUNS ?? 1_000);

  it("on random histories, selectors and windows", () => {
    fc.assert(
      fc.property(operation, history, selector, windowText, (rule, list, sel, win) => {
        const data = deepFreeze({ now: NOW, history: list, sel, win });
        const closures = run(rule, data);
        expect(closures.errors).toEqual([]);
        expect(run(rule, data, codegenBackend)).toEqual(closures);
        expect(closures.value).toEqual(reference(rule, data as never));
        expect(explainRule(rule, data).result).toEqual(closures.value);
      }),
      { numRuns: runs },
    );
  });

  it("inside comparisons and loops, and under a small budget: the same values, costs and stops", () => {
    const composite = fc.oneof(
      fc.tuple(operation, fc.integer({ min: 0, max: 3 })).map(([inner, n]) => ({ ">=": [inner, n] })),
      fc.tuple(operation, operation).map(([a, b]) => ({ and: [a, { "!": b }] })),
      operation.map((inner) => ({ map: [[1, 2], inner] })),
      operation.map((inner) => ({ hours_since: inner })),
    );
    fc.assert(
      fc.property(composite, history, selector, windowText, fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }), (rule, list, sel, win, budget) => {
        const data = deepFreeze({ now: NOW, history: list, sel, win });
        expect(run(rule, data, codegenBackend, budget)).toEqual(run(rule, data, undefined, budget));
      }),
      { numRuns: runs },
    );
  });
});
