import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AggregatesError, aggregatesProblems, foldEvents, parseAggregates, type BehaviourAggregates } from "../../src/segments/index.js";

const SEED = 20261123;
const T = Date.parse("2026-03-29T12:00:00Z");
const POLICY = { events: { purchase: { properties: { amount: {} } }, app_open: {} } };

/** A valid stored value to damage: two events, one with a property and k, and seen ids. */
const valid = (): Record<string, any> => ({
  v: 1,
  events: {
    app_open: { n: 4, first: T - 5 * 86_400_000, last: T, ago: [0, 2], c: [2, 1] },
    purchase: { n: 3, first: T - 86_400_000, last: T, ago: [0, 1], c: [2, 1], p: { amount: { scale: 2, k: [1, 1], sum: [1299, -50], min: [1299, -50], max: [1299, -50] } } },
  },
  seen: { t: [T, T, T - 1], id: ["a", "b", "c"] },
});

/** The [path, message] problems parseAggregates refuses `value` with. */
function problemsOf(value: unknown): [string, string][] {
  try {
    parseAggregates(value);
  } catch (error) {
    expect(error).toBeInstanceOf(AggregatesError);
    const { problems, path, message } = error as AggregatesError;
    expect(path).toBe(problems[0]?.path);
    expect(message).toMatch(/^invalid aggregates: /);
    expect(aggregatesProblems(typeof value === "string" ? safeParse(value) : value)).toEqual(typeof value === "string" && safeParse(value) === NOT_JSON ? [{ path: "", message: "aggregates must be an object" }] : problems);
    return problems.map((problem) => [problem.path, problem.message]);
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}
const NOT_JSON = Symbol("not JSON");
const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
};
const pathsOf = (value: unknown): string[] => problemsOf(value).map(([path]) => path);

/** `valid()` with one change. */
function damaged(change: (value: Record<string, any>) => void): Record<string, any> {
  const value = valid();
  change(value);
  return value;
}

describe("parseAggregates: valid data", () => {
  it("reads a value or a JSON string into a frozen copy of its own", () => {
    const value = valid();
    expect(aggregatesProblems(value)).toEqual([]);
    const parsed = parseAggregates(value);
    expect(parsed).toEqual(value);
    expect(parsed).not.toBe(value);
    expect(Object.isFrozen(value)).toBe(false);
    expect(Object.isFrozen(parsed) && Object.isFrozen(parsed.events) && Object.isFrozen(parsed.events.purchase) && Object.isFrozen(parsed.seen)).toBe(true);
    expect(parseAggregates(JSON.stringify(value))).toEqual(value);
    expect(parseAggregates({ v: 1, events: {} })).toEqual({ v: 1, events: {} });
  });

  it("what it reads can be folded on, as if it came from foldEvents", () => {
    const folded = foldEvents(null, [{ id: "x", name: "purchase", time: T + 1, properties: { amount: 1 } }], POLICY);
    const parsed = parseAggregates(JSON.stringify(folded));
    const more = [{ id: "x", name: "purchase", time: T + 1 }, { id: "y", name: "app_open", time: T + 2 }];
    expect(foldEvents(parsed, more, POLICY)).toEqual(foldEvents(folded, more, POLICY));
    expect(() => foldEvents(parseAggregates(valid()), more, POLICY)).not.toThrow();
  });
});

describe("parseAggregates: damaged data is refused with paths", () => {
  it("not JSON, not an object, wrong version, unknown fields", () => {
    expect(problemsOf('{"v":1,"events":')).toEqual([["", expect.stringMatching(/^not JSON: /) as unknown as string]]);
    expect(pathsOf("")).toEqual([""]);
    expect(problemsOf("[1,2]")).toEqual([["", "aggregates must be an object"]]);
    for (const value of [null, 1, "null", [], new Date(0), new Map()]) expect(pathsOf(value)).toEqual([""]);
    expect(problemsOf({ v: 2, events: {} })).toEqual([["/v", "unsupported aggregates version 2 (this build reads version 1)"]]);
    expect(pathsOf({ v: "1", events: {} })).toEqual(["/v"]);
    expect(pathsOf({ v: 1n, events: {} })).toEqual(["/v"]); // not JSON, but must be reported, not thrown on
    expect(pathsOf({ v: { big: 1n }, events: {} })).toEqual(["/v"]);
    expect(pathsOf({ events: {} })).toEqual(["/v"]);
    expect(pathsOf({ v: 1 })).toEqual(["/events"]);
    expect(pathsOf({ v: 1, events: [] })).toEqual(["/events"]);
    expect(problemsOf(damaged((value) => (value.extra = 1)))).toEqual([["/extra", "unknown field"]]);
    expect(pathsOf(damaged((value) => (value.events.app_open.zz = 1)))).toEqual(["/events/app_open/zz"]);
    expect(pathsOf(damaged((value) => (value.events.purchase.p.amount.avg = [1, 1])))).toEqual(["/events/purchase/p/amount/avg"]);
    expect(pathsOf(damaged((value) => (value.seen.x = 1)))).toEqual(["/seen/x"]);
  });

  it("reserved names, also as own keys from JSON.parse, and pointer escaping", () => {
    expect(pathsOf('{"v":1,"events":{"__proto__":{"n":1,"first":0,"last":0,"ago":[0],"c":[1]}}}')).toEqual(["/events/__proto__"]);
    expect(pathsOf(damaged((value) => (value.events.constructor = value.events.app_open)))).toEqual(["/events/constructor"]);
    const text = JSON.stringify(valid()).replace('"amount"', '"__proto__"');
    expect(pathsOf(text)).toEqual(["/events/purchase/p/__proto__"]);
    expect(pathsOf(damaged((value) => (value.events["a/b~"] = { n: 0 })))[0]).toBe("/events/a~1b~0/n");
  });

  it("counts and instants", () => {
    expect(problemsOf(damaged((value) => (value.events.app_open.n = 0)))).toEqual([
      ["/events/app_open/n", "must be a positive integer"],
      ["/events/app_open/n", "must be at least the sum of daily counts (3)"],
    ]);
    expect(pathsOf(damaged((value) => (value.events.app_open.n = 2.5)))).toEqual(["/events/app_open/n"]);
    expect(problemsOf(damaged((value) => (value.events.app_open.n = 2)))).toEqual([["/events/app_open/n", "must be at least the sum of daily counts (3)"]]);
    expect(pathsOf(damaged((value) => (value.events.app_open.last = Number.NaN)))).toEqual(["/events/app_open/last"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.first = "2026-03-29T12:00:00Z")))).toEqual(["/events/app_open/first"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.last = 8.64e15 + 1)))).toEqual(["/events/app_open/last"]);
    expect(problemsOf(damaged((value) => (value.events.app_open.first = T + 1)))).toEqual([["/events/app_open/first", "must not be after last"]]);
  });

  it("daily arrays: misaligned, not ascending, not positive, NaN", () => {
    expect(problemsOf(damaged((value) => (value.events.app_open.c = [2])))).toEqual([["/events/app_open/c", "must have 2 entries (one per day), has 1"]]);
    expect(pathsOf(damaged((value) => (value.events.app_open.ago = [0, 2, 5])))).toEqual(["/events/app_open/c"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.ago = [2, 0])))).toEqual(["/events/app_open/ago/1"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.ago = [0, 0])))).toEqual(["/events/app_open/ago/1"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.ago = [-1, 2])))).toEqual(["/events/app_open/ago/0"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.ago = "0,2")))).toEqual(["/events/app_open/ago", "/events/app_open/c"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.c = [2, 0])))).toEqual(["/events/app_open/c/1"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.c = [Number.NaN, 1])))).toEqual(["/events/app_open/c/0"]);
    expect(pathsOf(damaged((value) => (value.events.app_open.c = [1, null])))).toEqual(["/events/app_open/c/1"]);
  });

  it("properties: scale, k, sums and extremes", () => {
    const amount = (change: (days: Record<string, any>) => void) => damaged((value) => change(value.events.purchase.p.amount));
    expect(pathsOf(damaged((value) => (value.events.purchase.p = [])))).toEqual(["/events/purchase/p"]);
    expect(pathsOf(damaged((value) => (value.events.purchase.p.amount = 5)))).toEqual(["/events/purchase/p/amount"]);
    expect(pathsOf(amount((days) => (days.scale = 7)))).toEqual(["/events/purchase/p/amount/scale"]);
    expect(pathsOf(amount((days) => (days.sum = [1299])))).toEqual(["/events/purchase/p/amount/sum"]);
    expect(pathsOf(amount((days) => (days.sum = [12.99, -50])))).toEqual(["/events/purchase/p/amount/sum/0"]);
    expect(pathsOf(amount((days) => (days.min = [1299, Number.NaN])))).toEqual(["/events/purchase/p/amount/min/1"]);
    expect(pathsOf(amount((days) => (days.max = [2 ** 53, -50])))).toEqual(["/events/purchase/p/amount/max/0"]);
    expect(pathsOf(amount((days) => (days.k = [3, 1])))).toEqual(["/events/purchase/p/amount/k/0"]); // more than the day's 2 events
    // A day with k = 0 has no values: min / max must be null there.
    expect(pathsOf(amount((days) => Object.assign(days, { k: [1, 0], sum: [1299, 0], min: [1299, 0], max: [1299, null] })))).toEqual(["/events/purchase/p/amount/min/1"]);
    expect(() => parseAggregates(amount((days) => Object.assign(days, { k: [1, 0], sum: [1299, 0], min: [1299, null], max: [1299, null] })))).not.toThrow();
    // Without k, every event of the day has a value: no nulls.
    expect(pathsOf(amount((days) => Object.assign(days, { k: undefined, min: [1299, null] })))).toEqual(["/events/purchase/p/amount/min/1"]);
  });

  it("seen ids: aligned, typed, in descending time order", () => {
    expect(pathsOf(damaged((value) => (value.seen = [])))).toEqual(["/seen"]);
    expect(problemsOf(damaged((value) => (value.seen.id = ["a", "b"])))).toEqual([["/seen/id", "must have 3 entries (one per day), has 2"]]);
    expect(pathsOf(damaged((value) => (value.seen.id = ["a", 2, "c"])))).toEqual(["/seen/id/1"]);
    expect(pathsOf(damaged((value) => (value.seen.t = [T, "x", T])))).toEqual(["/seen/t/1"]);
    expect(pathsOf(damaged((value) => (value.seen.t = [T - 1, T, T])))).toEqual(["/seen/t/1"]);
  });

  it("lists every problem at once", () => {
    const value = damaged((value) => {
      value.v = 0;
      value.events.app_open.c = [2, 0];
      value.events.purchase.p.amount.scale = -1;
      value.seen.id = [];
    });
    expect(pathsOf(value)).toEqual(["/v", "/events/app_open/c/1", "/events/purchase/p/amount/scale", "/seen/id"]);
  });

  it("foldEvents refuses the same damaged aggregates (caller-owned ones are always checked)", () => {
    const value = damaged((value) => (value.events.app_open.ago = [2, 0])) as unknown as BehaviourAggregates;
    expect(() => foldEvents(value, [], POLICY)).toThrow(AggregatesError);
  });
});

describe("parseAggregates: hostile input (fast-check)", () => {
  const anything = fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true });

  it("any value either parses or throws AggregatesError; aggregatesProblems never throws", () => {
    fc.assert(
      fc.property(fc.oneof(anything, fc.jsonValue(), fc.string()), (value) => {
        expect(Array.isArray(aggregatesProblems(value))).toBe(true);
        try {
          parseAggregates(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AggregatesError);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("valid aggregates with any field replaced by anything: refused with AggregatesError, or read and folded on without a throw", () => {
    const slots: ((value: Record<string, any>, junk: unknown) => void)[] = [
      (value, junk) => (value.v = junk),
      (value, junk) => (value.events = junk),
      (value, junk) => (value.events.app_open = junk),
      (value, junk) => (value.events.app_open.n = junk),
      (value, junk) => (value.events.app_open.last = junk),
      (value, junk) => (value.events.app_open.ago = junk),
      (value, junk) => (value.events.app_open.c[1] = junk),
      (value, junk) => (value.events.purchase.p = junk),
      (value, junk) => (value.events.purchase.p.amount = junk),
      (value, junk) => (value.events.purchase.p.amount.k = junk),
      (value, junk) => (value.events.purchase.p.amount.sum[0] = junk),
      (value, junk) => (value.events.purchase.p.amount.min[1] = junk),
      (value, junk) => (value.seen = junk),
      (value, junk) => (value.seen.t[0] = junk),
      (value, junk) => (value.seen.id = junk),
      (value, junk) => (value.events.other = junk),
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: slots.length - 1 }), fc.oneof(anything, fc.jsonValue())), { minLength: 1, maxLength: 3 }), (changes) => {
        const value = valid();
        for (const [slot, junk] of changes) {
          try {
            slots[slot]?.(value, junk);
          } catch {
            // the parent was replaced by a primitive: nothing to change there
          }
        }
        let parsed: BehaviourAggregates;
        try {
          parsed = parseAggregates(value);
        } catch (error) {
          expect(error).toBeInstanceOf(AggregatesError);
          expect(() => foldEvents(value as unknown as BehaviourAggregates, [], POLICY)).toThrow(AggregatesError);
          return;
        }
        const folded = foldEvents(parsed, [{ id: "new", name: "purchase", time: T + 5, properties: { amount: 2 } }], POLICY);
        expect(parseAggregates(JSON.stringify(folded))).toEqual(folded);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
