import { describe, expect, it } from "vitest";
import { propertyInDays } from "../../src/segments/aggregates/day-queries.js";
import {
  AggregatesError,
  DAY_MS,
  emptyAggregates,
  foldEvents,
  foldEventsWithReport,
  parseAggregates,
  type BehaviourAggregates,
  type EventAggregate,
} from "../../src/segments/index.js";

const POLICY = {
  events: {
    purchase: { properties: { amount: { decimals: 2 }, qty: { decimals: 0 } } },
    app_open: {},
  },
};
const T = Date.parse("2026-03-29T12:00:00Z");
const day = (time: number) => Math.floor(time / DAY_MS);

/** Every object reachable from `value` is frozen (arrays too, unless `arrays` is false). */
function expectDeepFrozen(value: unknown, arrays = true): void {
  if (typeof value !== "object" || value === null || (!arrays && Array.isArray(value))) return;
  expect(Object.isFrozen(value)).toBe(true);
  for (const child of Object.values(value)) expectDeepFrozen(child, arrays);
}

const eventOf = (aggregates: BehaviourAggregates, name: string): EventAggregate => {
  const event = aggregates.events[name];
  if (event === undefined) throw new Error(`no aggregate for ${name}`);
  return event;
};

describe("refused events: reason and index, never a throw", () => {
  it("reports each refused event with its index and reason, and folds the rest", () => {
    const report = foldEventsWithReport(
      null,
      [
        null, // 0
        { name: "app_open", time: T }, // 1 ok
        [], // 2
        "app_open", // 3
        { time: T }, // 4
        { name: "", time: T }, // 5
        { name: 42, time: T }, // 6
        { name: "app_open", time: "2026-03-29T02:30:00" }, // 7: a local time, no offset
        { name: "app_open" }, // 8
        { name: "app_open", time: "yesterday" }, // 9
        { name: "app_open", time: Number.POSITIVE_INFINITY }, // 10
        { name: "app_open", time: 8.64e15 + 1 }, // 11: beyond the Date range
        { name: "app_open", time: "2026-02-30T10:00:00Z" }, // 12: no such day
        { name: "app_open", time: T, id: "" }, // 13
        { name: "app_open", time: T, id: "x".repeat(257) }, // 14
        { name: "app_open", time: T, id: Number.NaN }, // 15
        { name: "app_open", time: T, id: { id: 1 } }, // 16
        { name: "app_open", time: T, id: true }, // 17
        { name: "app_open", time: T + 1, id: "x".repeat(256) }, // 18 ok
        { name: "app_open", time: T + 2, id: 0 }, // 19 ok
      ],
      POLICY,
    );
    expect(report.rejected.map(({ index, reason }) => [index, reason])).toEqual([
      [0, "not-an-object"],
      [2, "not-an-object"],
      [3, "not-an-object"],
      [4, "missing-name"],
      [5, "missing-name"],
      [6, "missing-name"],
      [7, "invalid-time"],
      [8, "invalid-time"],
      [9, "invalid-time"],
      [10, "invalid-time"],
      [11, "invalid-time"],
      [12, "invalid-time"],
      [13, "invalid-id"],
      [14, "invalid-id"],
      [15, "invalid-id"],
      [16, "invalid-id"],
      [17, "invalid-id"],
    ]);
    for (const rejection of report.rejected) expect(rejection.message.length).toBeGreaterThan(0);
    expect(report.rejected.find((rejection) => rejection.index === 7)?.message).toContain("2026-03-29T02:30:00");
    expect(report.accepted).toBe(3);
    expect(eventOf(report.aggregates, "app_open").n).toBe(3);
    expect(report.aggregates.seen).toEqual({ t: [T + 2, T + 1], id: ["0", "x".repeat(256)] });
  });

  it("accepts epoch ms (also fractional), ISO 8601 with Z or an offset, and a date alone (UTC midnight)", () => {
    const report = foldEventsWithReport(
      null,
      [
        { name: "app_open", time: T },
        { name: "app_open", time: "2026-03-29T12:00:00Z" },
        { name: "app_open", time: "2026-03-29T17:30:00+05:30" },
        { name: "app_open", time: "2026-03-29T04:00:00-08:00" },
        { name: "app_open", time: "2026-03-29" },
        { name: "app_open", time: T + 0.5 },
      ],
      POLICY,
    );
    expect(report.rejected).toEqual([]);
    expect(eventOf(report.aggregates, "app_open")).toEqual({ n: 6, first: Date.parse("2026-03-29T00:00:00Z"), last: T + 0.5, ago: [0], c: [6] });
  });

  it("with options.now, refuses events more than maxFutureMs after now (and only then)", () => {
    const events = [
      { name: "app_open", time: T + DAY_MS },
      { name: "app_open", time: T + DAY_MS + 1 },
      { name: "app_open", time: T - 400 * DAY_MS },
    ];
    const report = foldEventsWithReport(null, events, POLICY, { now: T });
    expect(report.rejected.map(({ index, reason }) => [index, reason])).toEqual([[1, "future-time"]]);
    expect(report.rejected[0]?.message).toContain(new Date(T + DAY_MS + 1).toISOString());
    expect(foldEventsWithReport(null, events, POLICY, { now: "2026-03-29T12:00:00Z" }).rejected).toEqual(report.rejected);
    expect(foldEventsWithReport(null, events, { ...POLICY, maxFutureMs: 0 }, { now: T }).rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(foldEventsWithReport(null, events, POLICY).rejected).toEqual([]); // no now: no check
  });

  it("an invalid options.now is a TypeError (a caller bug, not bad data)", () => {
    expect(() => foldEvents(null, [], POLICY, { now: "2026-03-29T02:30:00" })).toThrow(TypeError);
    expect(() => foldEvents(null, [], POLICY, { now: Number.NaN })).toThrow(TypeError);
  });

  it("accepts any iterable of events, and an empty one", () => {
    function* events() {
      yield { name: "app_open", time: T };
      yield { name: "app_open", time: T + 1 };
    }
    expect(eventOf(foldEvents(null, events(), POLICY), "app_open").n).toBe(2);
    expect(foldEvents(null, [], POLICY)).toEqual(emptyAggregates());
    expect(foldEvents(undefined, new Set(), POLICY)).toEqual({ v: 1, events: {} });
  });
});

describe("untracked events", () => {
  it("are counted and not stored, whatever else is wrong with them", () => {
    const report = foldEventsWithReport(
      null,
      [
        { name: "page_view", time: T },
        { name: "page_view", time: "not a time", id: "" }, // untracked is decided first
        { name: "__proto__", time: T },
        { name: "constructor", time: T },
        { name: "toString", time: T },
        { name: "hasOwnProperty", time: T },
        { name: "app_open", time: T },
      ],
      POLICY,
    );
    expect([report.untracked, report.accepted, report.rejected.length]).toEqual([6, 1, 0]);
    expect(Object.keys(report.aggregates.events)).toEqual(["app_open"]);
    expect(Object.getPrototypeOf(report.aggregates.events)).toBe(Object.prototype);
  });

  it("an event whose name is inherited, not own, is untracked (null-prototype event objects work)", () => {
    const inherited = Object.create({ name: "app_open" }) as object;
    const bare = Object.assign(Object.create(null) as object, { name: "app_open", time: T });
    const report = foldEventsWithReport(null, [inherited, bare], POLICY);
    expect(report.rejected.map((r) => r.reason)).toEqual(["not-an-object"]);
    expect(report.accepted).toBe(1);
  });
});

describe("tracked events named like Object.prototype members", () => {
  it("are folded and merged by own key: toString, valueOf, hasOwnProperty, isPrototypeOf (review of issue 19)", () => {
    const names = ["toString", "valueOf", "hasOwnProperty", "isPrototypeOf"];
    const policy = { events: Object.fromEntries(names.map((name) => [name, { properties: { toString: { decimals: 0 } } }])) };
    let aggregates: BehaviourAggregates | null = null;
    for (const [index, name] of names.entries()) {
      aggregates = foldEvents(aggregates, [{ id: `a${index}`, name, time: T + index, properties: { toString: 3 } }], policy);
      aggregates = foldEvents(aggregates, [{ id: `b${index}`, name, time: T + 100 + index, properties: { toString: 4 } }], policy);
    }
    for (const name of names) {
      expect(eventOf(aggregates!, name).n).toBe(2);
      expect(eventOf(aggregates!, name).p).toEqual({ toString: expect.objectContaining({ sum: [7] }) });
    }
  });
});

describe("numeric properties", () => {
  it("reports unusable values with index and property, and still counts the event", () => {
    const report = foldEventsWithReport(
      null,
      [
        { name: "purchase", time: T, properties: { amount: Number.NaN } }, // 0
        { name: "purchase", time: T, properties: { amount: "12.50" } }, // 1
        { name: "purchase", time: T, properties: { amount: Number.POSITIVE_INFINITY, qty: -Infinity } }, // 2
        { name: "purchase", time: T, properties: { amount: 1e300 } }, // 3
        { name: "purchase", time: T, properties: { amount: 9.1e13 } }, // 4: 9.1e15 cents > 2^53
        { name: "purchase", time: T, properties: { amount: 9e13, qty: true } }, // 5: 9e15 cents is fine; qty is not
        { name: "purchase", time: T, properties: { amount: null, qty: undefined, other: "ignored" } }, // 6: null / missing / undeclared are not reported
        { name: "purchase", time: T, properties: "not an object" }, // 7: reported once, the event still counts
      ],
      POLICY,
    );
    expect(report.ignoredProperties.map(({ index, property }) => [index, property])).toEqual([
      [0, "amount"],
      [1, "amount"],
      [2, "amount"],
      [2, "qty"],
      [3, "amount"],
      [4, "amount"],
      [5, "qty"],
      [7, "properties"],
    ]);
    for (const ignored of report.ignoredProperties) expect(ignored.message.length).toBeGreaterThan(0);
    const purchase = eventOf(report.aggregates, "purchase");
    expect(purchase.n).toBe(8);
    expect(purchase.c).toEqual([8]);
    expect(purchase.p).toEqual({ amount: { scale: 2, k: [1], sum: [9e15], min: [9e15], max: [9e15] } });
  });

  it("reports a tracked property or a time nested 20,000 levels deep, and never throws (issue 19)", () => {
    const deep = (levels: number): unknown => {
      let value: unknown = 1;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    const deepObject = JSON.parse(`${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`) as unknown;
    const report = foldEventsWithReport(
      null,
      [
        { name: "purchase", time: T, properties: { amount: deep(20_000) } }, // 0: the property is reported, the event counts
        { name: "purchase", time: deep(20_000) }, // 1: refused
        { name: "purchase", time: T, properties: deep(20_000) }, // 2: properties not an object
        { name: "purchase", time: T, properties: { qty: deepObject } }, // 3
        { name: "purchase", time: T, properties: { amount: 10n } }, // 4: a bigint (not from JSON, but from a caller)
      ],
      POLICY,
    );
    expect(report.rejected).toEqual([{ index: 1, reason: "invalid-time", message: "time an array is not epoch milliseconds or an ISO 8601 instant with an offset" }]);
    expect(report.ignoredProperties.map(({ index, property, message }) => [index, property, message])).toEqual([
      [0, "amount", "an array is not a finite number within ±2^53 units of 10^-2"],
      [2, "properties", "properties must be an object, got an array: no declared property was recorded"],
      [3, "qty", "an object is not a finite number within ±2^53 units of 10^-0"],
      [4, "amount", "10n is not a finite number within ±2^53 units of 10^-2"],
    ]);
    expect(eventOf(report.aggregates, "purchase").n).toBe(4);
  });

  it("stores values as exact integers of 10^-decimals, so 0.1 + 0.2 is 0.3", () => {
    const report = foldEventsWithReport(
      null,
      [
        { name: "purchase", time: T, properties: { amount: 0.1, qty: 1 } },
        { name: "purchase", time: T + 1, properties: { amount: 0.2, qty: 2 } },
      ],
      POLICY,
    );
    const purchase = eventOf(report.aggregates, "purchase");
    expect(purchase.p).toEqual({ amount: { scale: 2, sum: [30], min: [10], max: [20] }, qty: { scale: 0, sum: [3], min: [1], max: [2] } });
    const totals = propertyInDays(purchase, "amount", day(T), day(T));
    expect(totals).toEqual({ count: 2, sum: 0.3, min: 0.1, max: 0.2 });
    expect(0.1 + 0.2).not.toBe(0.3); // what a float sum would have given
  });

  it("rounds with Math.round(value × 10^decimals), as documented (binary values, halves up)", () => {
    const policy = { events: { m: { properties: { x: { decimals: 2 }, whole: { decimals: 0 }, fine: { decimals: 6 } } } } };
    const values = [
      { x: 1.005, whole: -2.5, fine: 0.1234565 },
      { x: 2.675, whole: 2.5, fine: -0.0000004 },
      { x: -0.004, whole: -0.4, fine: 1e-7 },
    ];
    const aggregates = foldEvents(null, values.map((properties, i) => ({ name: "m", time: T + i * DAY_MS, properties })), policy);
    const p = eventOf(aggregates, "m").p ?? {};
    // Days are most recent first: -0.004, 2.675, 1.005. No -0 is ever stored.
    // 2.675 × 100 is 267.5 in binary (rounded up); 1.005 × 100 is 100.49999999999999 (rounded down).
    expect(p.x).toEqual({ scale: 2, sum: [0, 268, 100], min: [0, 268, 100], max: [0, 268, 100] });
    expect(p.whole).toEqual({ scale: 0, sum: [0, 3, -2], min: [0, 3, -2], max: [0, 3, -2] });
    expect(p.fine?.sum).toEqual([0, 0, 123457]);
    expect(JSON.stringify(aggregates)).not.toContain("-0");
    for (const column of [p.x?.sum, p.whole?.sum, p.fine?.sum]) for (const value of column ?? []) expect(Object.is(value, -0)).toBe(false);
  });

  it("keeps per-day sum / min / max with negatives, and k with null min / max where some events had no value", () => {
    const aggregates = foldEvents(
      null,
      [
        { name: "purchase", time: T, properties: { amount: -5.5 } },
        { name: "purchase", time: T + 1, properties: { amount: 3.25 } },
        { name: "purchase", time: T + 2 },
        { name: "purchase", time: T - DAY_MS },
        { name: "purchase", time: T - 2 * DAY_MS, properties: { amount: 10 } },
      ],
      POLICY,
    );
    expect(eventOf(aggregates, "purchase")).toEqual({
      n: 5,
      first: T - 2 * DAY_MS,
      last: T + 2,
      ago: [0, 1, 2],
      c: [3, 1, 1],
      p: { amount: { scale: 2, k: [2, 0, 1], sum: [-225, 0, 1000], min: [-550, null, 1000], max: [325, null, 1000] } },
    });
    expect(propertyInDays(eventOf(aggregates, "purchase"), "amount", day(T) - 2, day(T))).toEqual({ count: 3, sum: 7.75, min: -5.5, max: 10 });
  });

  it("keeps the stored scale when the policy's decimals change later", () => {
    const first = foldEvents(null, [{ name: "purchase", time: T, properties: { amount: 1.23 } }], POLICY);
    const changed = { events: { purchase: { properties: { amount: { decimals: 4 } } } } };
    const next = foldEvents(first, [{ name: "purchase", time: T + 1, properties: { amount: 1.23456 } }], changed);
    expect(eventOf(next, "purchase").p).toEqual({ amount: { scale: 2, sum: [246], min: [123], max: [123] } });
    // A fresh user gets the new scale.
    expect(eventOf(foldEvents(null, [{ name: "purchase", time: T, properties: { amount: 1.23456 } }], changed), "purchase").p?.amount?.scale).toBe(4);
  });

  it("a day whose sum passes 2^53 units is still written and read back (no longer exact, as documented)", () => {
    const aggregates = foldEvents(
      null,
      [
        { name: "purchase", time: T, properties: { amount: 5e13 } },
        { name: "purchase", time: T + 1, properties: { amount: 5e13 } },
      ],
      POLICY,
    );
    expect(eventOf(aggregates, "purchase").p?.amount?.sum).toEqual([1e16]);
    const text = JSON.stringify(aggregates);
    expect(parseAggregates(text)).toEqual(aggregates);
    expect(() => foldEvents(JSON.parse(text) as BehaviourAggregates, [{ name: "purchase", time: T + 2 }], POLICY)).not.toThrow();
  });
});

describe("duplicates", () => {
  it("counts an id once within a call and across calls; a numeric id equals its string", () => {
    const event = { id: "p1", name: "purchase", time: T, properties: { amount: 10 } };
    const once = foldEventsWithReport(null, [event, { ...event }, { ...event, time: "2026-03-29T12:00:00Z" }], POLICY);
    expect([once.accepted, once.duplicates]).toEqual([1, 2]);
    expect(eventOf(once.aggregates, "purchase").n).toBe(1);
    const again = foldEventsWithReport(once.aggregates, [event], POLICY);
    expect([again.accepted, again.duplicates]).toEqual([0, 1]);
    expect(again.aggregates).toEqual(once.aggregates);

    const numeric = foldEventsWithReport(null, [{ id: 7, name: "app_open", time: T }, { id: "7", name: "app_open", time: T }], POLICY);
    expect([numeric.accepted, numeric.duplicates]).toEqual([1, 1]);
    expect(numeric.aggregates.seen?.id).toEqual(["7"]);
  });

  it("two different events under one id keep one of them, the same one whatever the order", () => {
    const a = { id: "x", name: "purchase", time: T, properties: { amount: 10 } };
    const b = { id: "x", name: "purchase", time: T + DAY_MS, properties: { amount: 99 } };
    const c = { id: "x", name: "app_open", time: T - DAY_MS };
    const d = { id: "x", name: "purchase", time: T, properties: { amount: 11 } };
    const orders = [
      [a, b, c, d],
      [d, c, b, a],
      [b, d, a, c],
      [c, a, d, b],
    ];
    const reports = orders.map((events) => foldEventsWithReport(null, events, POLICY));
    for (const report of reports) {
      expect(report.aggregates).toEqual(reports[0]?.aggregates);
      expect(JSON.stringify(report.aggregates)).toBe(JSON.stringify(reports[0]?.aggregates));
      expect([report.accepted, report.duplicates]).toEqual([1, 3]);
    }
    const kept = reports[0]?.aggregates as BehaviourAggregates;
    expect(Object.values(kept.events).reduce((total, event) => total + event.n, 0)).toBe(1);
  });

  it("across calls, of two different events under one id the one folded first is kept (it cannot be un-counted)", () => {
    const a = { id: "x", name: "purchase", time: T, properties: { amount: 10 } };
    const b = { id: "x", name: "app_open", time: T + 1 };
    const ab = foldEvents(foldEvents(null, [a], POLICY), [b], POLICY);
    const ba = foldEvents(foldEvents(null, [b], POLICY), [a], POLICY);
    expect(Object.keys(ab.events)).toEqual(["purchase"]);
    expect(Object.keys(ba.events)).toEqual(["app_open"]);
  });

  it("events without ids are always counted; untracked and refused events never take an id", () => {
    const report = foldEventsWithReport(
      null,
      [
        { name: "app_open", time: T },
        { name: "app_open", time: T },
        { id: "same", name: "page_view", time: T },
        { id: "same", name: "app_open", time: "2026-03-29T02:30:00" },
        { id: "same", name: "app_open", time: T },
      ],
      POLICY,
    );
    expect([report.accepted, report.duplicates, report.untracked, report.rejected.length]).toEqual([3, 0, 1, 1]);
  });

  it("within one call every id is compared, even with maxIds 0 or a zero window", () => {
    for (const dedupe of [{ maxIds: 0 }, { windowDays: 0 }]) {
      const report = foldEventsWithReport(null, [{ id: "a", name: "app_open", time: T - 30 * DAY_MS }, { id: "a", name: "app_open", time: T - 30 * DAY_MS }, { id: "b", name: "app_open", time: T }], { ...POLICY, dedupe });
      expect([report.accepted, report.duplicates]).toEqual([2, 1]);
    }
    expect(foldEvents(null, [{ id: "a", name: "app_open", time: T }], { ...POLICY, dedupe: { maxIds: 0 } }).seen).toBeUndefined();
  });
});

describe("deduplication limits (documented: streaming dedupe with bounded memory)", () => {
  it("an id older than the dedupe window, relative to the user's latest event of any name, is forgotten and counted again", () => {
    const policy = { ...POLICY, dedupe: { windowDays: 7 } };
    const old = { id: "old", name: "purchase", time: T - 8 * DAY_MS };
    const edge = { id: "edge", name: "purchase", time: T - 7 * DAY_MS };
    const folded = foldEvents(null, [old, edge, { id: "new", name: "app_open", time: T }], policy);
    expect(folded.seen).toEqual({ t: [T, T - 7 * DAY_MS], id: ["new", "edge"] });
    const again = foldEventsWithReport(folded, [old, edge], policy);
    expect([again.accepted, again.duplicates]).toEqual([1, 1]);
    expect(eventOf(again.aggregates, "purchase").n).toBe(3); // "old" counted twice: the documented limit
  });

  it("a later event pushes earlier ids out of the window", () => {
    const policy = { ...POLICY, dedupe: { windowDays: 7 } };
    const first = { id: "p1", name: "purchase", time: T };
    const folded = foldEvents(foldEvents(null, [first], policy), [{ id: "o1", name: "app_open", time: T + 10 * DAY_MS }], policy);
    expect(folded.seen?.id).toEqual(["o1"]);
    expect(eventOf(foldEvents(folded, [first], policy), "purchase").n).toBe(2);
  });

  it("at most maxIds ids are kept, the most recent first (ties by id); older ones are counted again", () => {
    const policy = { ...POLICY, dedupe: { maxIds: 3 } };
    const events = ["e", "d", "c", "b", "a"].map((id, i) => ({ id, name: "app_open", time: T - i * 3_600_000 }));
    events.push({ id: "0", name: "app_open", time: T - 3_600_000 }); // ties with "d"
    const folded = foldEvents(null, events, policy);
    expect(folded.seen).toEqual({ t: [T, T - 3_600_000, T - 3_600_000], id: ["e", "0", "d"] });
    const again = foldEventsWithReport(folded, events, policy);
    expect([again.accepted, again.duplicates]).toEqual([3, 3]);
  });
});

describe("retention horizon", () => {
  it("events older than the horizon update n, first and last but keep no daily bucket, in either order", () => {
    const policy = { ...POLICY, horizonDays: 90 };
    const recent = { name: "app_open", time: T };
    const kept = { name: "app_open", time: T - 89 * DAY_MS };
    const dropped = { name: "app_open", time: T - 90 * DAY_MS };
    const expected = { n: 3, first: T - 90 * DAY_MS, last: T, ago: [0, 89], c: [1, 1] };
    expect(eventOf(foldEvents(null, [recent, kept, dropped], policy), "app_open")).toEqual(expected);
    expect(eventOf(foldEvents(foldEvents(null, [dropped, kept], policy), [recent], policy), "app_open")).toEqual(expected);
    expect(eventOf(foldEvents(foldEvents(null, [recent], policy), [dropped, kept], policy), "app_open")).toEqual(expected);
  });

  it("the default horizon is 90 days, counted per event name from its own latest day", () => {
    const aggregates = foldEvents(
      null,
      [
        { name: "app_open", time: T },
        { name: "app_open", time: T - 200 * DAY_MS },
        { name: "purchase", time: T - 200 * DAY_MS },
        { name: "purchase", time: T - 289 * DAY_MS },
      ],
      POLICY,
    );
    expect(eventOf(aggregates, "app_open")).toMatchObject({ n: 2, ago: [0], c: [1] });
    expect(eventOf(aggregates, "purchase")).toMatchObject({ n: 2, ago: [0, 89], c: [1, 1] });
  });
});

describe("the result", () => {
  it("is deep-frozen, versioned, with names in code-point order and no seen without ids", () => {
    const aggregates = foldEvents(
      null,
      [
        { name: "b", time: T, properties: { z: 1, Z: 2, a: 3 } },
        { name: "B", time: T },
        { name: "a", time: T },
        { name: "é", time: T },
      ],
      { events: { b: { properties: { z: {}, Z: {}, a: {} } }, a: {}, B: {}, é: {} } },
    );
    expectDeepFrozen(aggregates, false);
    expectDeepFrozen(parseAggregates(JSON.stringify(aggregates)), false);
    expect(aggregates.v).toBe(1);
    expect(Object.keys(aggregates.events)).toEqual(["B", "a", "b", "é"]);
    expect(Object.keys(eventOf(aggregates, "b").p ?? {})).toEqual(["Z", "a", "z"]);
    expect("seen" in aggregates).toBe(false);
    expect(Object.keys(aggregates)).toEqual(["v", "events"]);
  });

  it("never freezes or shares caller-owned aggregates, and refuses invalid ones with AggregatesError", () => {
    const mine = JSON.parse(JSON.stringify(foldEvents(null, [{ id: "a", name: "app_open", time: T }], POLICY))) as BehaviourAggregates;
    const result = foldEvents(mine, [{ name: "purchase", time: T }], POLICY);
    expect(Object.isFrozen(mine)).toBe(false);
    expect(Object.isFrozen(mine.events.app_open)).toBe(false);
    expect(result.events.app_open).toEqual(mine.events.app_open);
    expect(result.events.app_open).not.toBe(mine.events.app_open);
    expect(result.seen?.id).not.toBe(mine.seen?.id);
    expectDeepFrozen(result, false);

    const broken = { v: 1, events: { app_open: { n: 1, first: T, last: T, ago: [0, 1], c: [1] } } } as unknown as BehaviourAggregates;
    expect(() => foldEvents(broken, [], POLICY)).toThrow(AggregatesError);
    try {
      foldEvents(broken, [], POLICY);
    } catch (error) {
      expect((error as AggregatesError).path).toBe("/events/app_open/c");
    }
  });

  it("time 0 and -0 fold to the same value in either order (no -0 stored)", () => {
    const policy = { events: { a: {} } };
    const one = foldEvents(null, [{ id: "p", name: "a", time: 0 }, { id: "q", name: "a", time: -0 }], policy);
    const other = foldEvents(null, [{ id: "q", name: "a", time: -0 }, { id: "p", name: "a", time: 0 }], policy);
    expect(one).toEqual(other);
    expect(Object.is(eventOf(one, "a").first, 0)).toBe(true);
    expect(parseAggregates(JSON.stringify(one))).toEqual(one);
  });
});

// Results are deep-frozen (arrays too): a later fold trusts them without validating them again.
describe("fold results are deep-frozen", () => {
  it("arrays of fold results are frozen too, so known-valid aggregates cannot be corrupted", () => {
    const aggregates = foldEvents(null, [{ name: "app_open", time: T }], POLICY);
    expectDeepFrozen(aggregates);
  });

  it("a caller changing an array of a result cannot make the next fold write invalid aggregates", () => {
    const aggregates = foldEvents(null, [{ name: "app_open", time: T }], POLICY);
    try {
      (eventOf(aggregates, "app_open").ago as number[]).push(1); // throws when frozen (ES modules are strict)
    } catch {
      // frozen: nothing changed
    }
    const next = foldEvents(aggregates, [{ name: "app_open", time: T + 1 }], POLICY);
    expect(() => parseAggregates(JSON.stringify(next))).not.toThrow();
  });
});
