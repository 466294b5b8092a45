import { describe, expect, it } from "vitest";
import { compileRule, RuleError } from "../../src/rules/index.js";
import { behaviouralOperators, BEHAVIOURAL_OPERATOR_NAMES, DAY_MS, SegmentConfigError, type BehaviouralOperatorOptions } from "../../src/segments/index.js";
import { at, daysAgo, fold, TODAY } from "../support/segment-fixtures.js";

// Hand-built histories with exact expected values. "Today" is 2026-11-23 (UTC); `now` is noon.
const NOW = daysAgo(0);

const purchases = [
  { name: "purchase", time: at(TODAY), properties: { amount: 10 } }, // today, first instant
  { name: "purchase", time: daysAgo(1) }, // yesterday, no amount
  { name: "purchase", time: at(TODAY - 6, DAY_MS - 1), properties: { amount: 5.25 } }, // 7th day back, last instant
  { name: "purchase", time: at(TODAY - 7), properties: { amount: 100 } }, // 8th day back, first instant
  { name: "purchase", time: daysAgo(29), properties: { amount: 1 } },
  { name: "purchase", time: daysAgo(30), properties: { amount: 2 } },
];
const appOpens = [
  { name: "app_open", time: daysAgo(0, 8) },
  { name: "app_open", time: daysAgo(1) },
  { name: "app_open", time: daysAgo(2, 1) },
  { name: "app_open", time: daysAgo(2, 20) },
  { name: "app_open", time: daysAgo(4) },
];
const behaviour = fold([...purchases, ...appOpens]);

const RFM: BehaviouralOperatorOptions["rfm"] = {
  customers: {
    event: "purchase",
    property: "amount",
    window: "30d",
    recency: [7, 30, 60, 90],
    frequency: [2, 4, 8, 16],
    monetary: [50, 100, 500, 1000],
  },
  visits: { event: "app_open", window: "7d", recency: [0, 3], frequency: [3, 5] },
};
const operators = behaviouralOperators({ rfm: RFM });

/** The value of `rule` for the example user at `now` (epoch ms, or any value put in the data as is). */
const valueOf = (rule: unknown, now: unknown = NOW, user: unknown = { behaviour }, extra: object = {}): unknown =>
  compileRule(rule, { operators })({ user, now, ...extra });
/** The value of `rule` for the example user with no `now` in the data at all. */
const valueWithoutNow = (rule: unknown, extra: object = {}): unknown => compileRule(rule, { operators })({ user: { behaviour }, ...extra });

/** The RuleError problems of compiling `rule`. */
const problemsOf = (rule: unknown, options: BehaviouralOperatorOptions = { rfm: RFM }): readonly { path: string; message: string }[] => {
  try {
    compileRule(rule, { operators: behaviouralOperators(options) });
  } catch (error) {
    expect(error).toBeInstanceOf(RuleError);
    return (error as RuleError).problems;
  }
  throw new Error(`expected ${JSON.stringify(rule)} not to compile`);
};

describe("event_count: window edges", () => {
  it.each([
    ["1d", 1], // today only (also its first instant)
    ["7d", 3], // today … 6 days back; the 6th day back's last instant counts
    ["8d", 4], // … and the 7th day back
    ["30d", 5],
    ["31d", 6],
  ])("%s → %i", (window, expected) => {
    expect(valueOf({ event_count: ["purchase", window] })).toBe(expected);
  });

  it("counts every event ever without a window", () => {
    expect(valueOf({ event_count: ["purchase"] })).toBe(6);
    expect(valueOf({ event_count: "purchase" })).toBe(6);
  });

  it.each([
    ["36h", 2], // 1.5 days → 2 whole UTC days: today and yesterday
    ["2w", 4], // 14 days
    ["P45D", 6],
    ["P1W", 3],
    ["PT1H", 1], // any positive duration up to a day is today
    ["1d1h", 2],
    [1, 1], // 1 ms
    [DAY_MS, 1],
    [DAY_MS + 1, 2],
    [8 * DAY_MS, 4],
  ])("any duration: %s → %i", (window, expected) => {
    expect(valueOf({ event_count: ["purchase", window] })).toBe(expected);
  });

  it("an event later today than now still counts today (windows are whole days)", () => {
    const lateToday = fold([{ name: "purchase", time: at(TODAY, DAY_MS - 1) }]);
    expect(valueOf({ event_count: ["purchase", "1d"] }, at(TODAY, 1), { behaviour: lateToday })).toBe(1);
    // … and a day after now's day is not in any window
    expect(valueOf({ event_count: ["purchase", "1d"] }, at(TODAY - 1, DAY_MS - 1), { behaviour: lateToday })).toBe(0);
  });

  it("windows move with now: the day leaving the window stops counting at UTC midnight", () => {
    const rule = { event_count: ["purchase", "7d"] };
    // The 5.25 purchase (6 days back) is in "7d" until the end of today and gone at the next midnight.
    expect(valueOf(rule, at(TODAY, DAY_MS - 1))).toBe(3);
    expect(valueOf(rule, at(TODAY + 1))).toBe(2); // today's and yesterday's
  });

  it("never done: 0 in any window, never_did true", () => {
    expect(valueOf({ event_count: ["refund", "7d"] })).toBe(0);
    expect(valueOf({ event_count: ["refund"] })).toBe(0);
    expect(valueOf({ never_did: "refund" })).toBe(true);
    expect(valueOf({ never_did: ["refund", "30d"] })).toBe(true);
    expect(valueOf({ event_count: ["purchase", "7d"] }, NOW, {})).toBe(0);
    expect(valueOf({ event_count: ["purchase", "7d"] }, NOW, null)).toBe(0);
  });

  it("never_did is true exactly when the count in the window is 0", () => {
    expect(valueOf({ never_did: "purchase" })).toBe(false);
    expect(valueOf({ never_did: ["purchase", "1d"] })).toBe(false);
    expect(valueOf({ never_did: ["purchase", "1d"] }, daysAgo(-1))).toBe(true); // tomorrow: nothing yet
    expect(valueOf({ never_did: ["purchase", "2d"] }, daysAgo(-1))).toBe(false);
  });
});

describe("active_days and streak_days", () => {
  it("active days count days with at least one event, not events", () => {
    expect(valueOf({ active_days: ["app_open", "3d"] })).toBe(3);
    expect(valueOf({ event_count: ["app_open", "3d"] })).toBe(4);
    expect(valueOf({ active_days: ["app_open", "4d"] })).toBe(3);
    expect(valueOf({ active_days: ["app_open", "5d"] })).toBe(4);
    expect(valueOf({ active_days: ["app_open", "90d"] })).toBe(4);
    expect(valueOf({ active_days: ["refund", "5d"] })).toBe(0);
  });

  it("a streak ends today, or yesterday while today has none yet", () => {
    const rule = { streak_days: "app_open" };
    expect(valueOf(rule)).toBe(3); // today, yesterday, 2 days back
    expect(valueOf(rule, daysAgo(-1))).toBe(3); // tomorrow: still alive (ends yesterday)
    expect(valueOf(rule, daysAgo(-2))).toBe(0); // broken
    expect(valueOf(rule, daysAgo(1))).toBe(2); // yesterday: yesterday and the day before
    expect(valueOf(rule, daysAgo(3))).toBe(1); // 3 days back: the day before (4 back) had one
    expect(valueOf(rule, daysAgo(5))).toBe(0); // before any event
    expect(valueOf({ streak_days: "refund" })).toBe(0);
  });
});

describe("recency: days_since_last / days_since_first / last_seen / first_seen", () => {
  it("whole UTC days, 0 today", () => {
    expect(valueOf({ days_since_last: "purchase" })).toBe(0);
    expect(valueOf({ days_since_last: "purchase" }, at(TODAY, DAY_MS - 1))).toBe(0);
    expect(valueOf({ days_since_last: "purchase" }, at(TODAY + 1))).toBe(1);
    expect(valueOf({ days_since_last: "purchase" }, daysAgo(-40))).toBe(40);
    expect(valueOf({ days_since_first: "purchase" })).toBe(30);
    expect(valueOf({ days_since_last: "app_open" }, daysAgo(-2))).toBe(2);
  });

  it("first and last seen are the exact instants", () => {
    expect(valueOf({ last_seen: "purchase" })).toBe(at(TODAY));
    expect(valueOf({ first_seen: "purchase" })).toBe(daysAgo(30));
    expect(valueOf({ last_seen: "app_open" })).toBe(daysAgo(0, 8));
  });

  it("null for a user who never did it", () => {
    for (const operator of ["days_since_last", "days_since_first", "last_seen", "first_seen"]) expect(valueOf({ [operator]: "refund" })).toBeNull();
  });
});

describe("property statistics", () => {
  it("sum / avg / min / max in a window over the events carrying the property", () => {
    expect(valueOf({ event_sum: ["purchase", "amount", "7d"] })).toBe(15.25); // 10 + 5.25; yesterday's had none
    expect(valueOf({ event_avg: ["purchase", "amount", "7d"] })).toBe(7.625);
    expect(valueOf({ event_min: ["purchase", "amount", "7d"] })).toBe(5.25);
    expect(valueOf({ event_max: ["purchase", "amount", "7d"] })).toBe(10);
    expect(valueOf({ event_sum: ["purchase", "amount", "8d"] })).toBe(115.25);
    expect(valueOf({ event_max: ["purchase", "amount", "8d"] })).toBe(100);
    expect(valueOf({ event_sum: ["purchase", "amount", "30d"] })).toBe(116.25);
  });

  it("without a window: every retained day", () => {
    expect(valueOf({ event_sum: ["purchase", "amount"] })).toBe(118.25);
    expect(valueOf({ event_avg: ["purchase", "amount"] })).toBe(118.25 / 5);
    expect(valueOf({ event_min: ["purchase", "amount"] })).toBe(1);
  });

  it("no values: sum 0, avg / min / max null", () => {
    const yesterday = daysAgo(1); // only the purchase without an amount
    for (const [event, property, now] of [["purchase", "amount", yesterday], ["refund", "amount", NOW], ["purchase", "undeclared", NOW], ["app_open", "amount", NOW]] as const) {
      expect(valueOf({ event_sum: [event, property, "1d"] }, now)).toBe(0);
      expect(valueOf({ event_avg: [event, property, "1d"] }, now)).toBeNull();
      expect(valueOf({ event_min: [event, property, "1d"] }, now)).toBeNull();
      expect(valueOf({ event_max: [event, property, "1d"] }, now)).toBeNull();
    }
  });

  it("negative and zero values, and decimals stored exactly", () => {
    const refunds = fold([
      { name: "purchase", time: daysAgo(0), properties: { amount: -0.1 } },
      { name: "purchase", time: daysAgo(0), properties: { amount: 0.3 } },
      { name: "purchase", time: daysAgo(1), properties: { amount: 0 } },
    ]);
    expect(valueOf({ event_sum: ["purchase", "amount", "2d"] }, NOW, { behaviour: refunds })).toBe(0.2);
    expect(valueOf({ event_min: ["purchase", "amount", "2d"] }, NOW, { behaviour: refunds })).toBe(-0.1);
    expect(valueOf({ event_avg: ["purchase", "amount", "1d"] }, NOW, { behaviour: refunds })).toBe(0.1);
  });
});

describe("rfm_score", () => {
  it("r, f, m and combined from the thresholds", () => {
    // today: 0 days since → r 5; 5 purchases in 30d → f 3; 116.25 in 30d → m 3
    expect(valueOf({ rfm_score: ["customers", "r"] })).toBe(5);
    expect(valueOf({ rfm_score: ["customers", "f"] })).toBe(3);
    expect(valueOf({ rfm_score: ["customers", "m"] })).toBe(3);
    expect(valueOf({ rfm_score: ["customers", "rfm"] })).toBe(533);
    expect(valueOf({ rfm_score: "customers" })).toBe(533);
    // 40 days later: 40 days since (≤ 60, ≤ 90) → 3; nothing in the window → 1, 1
    expect(valueOf({ rfm_score: "customers" }, daysAgo(-40))).toBe(311);
    // 91 days later: past every recency threshold
    expect(valueOf({ rfm_score: ["customers", "r"] }, daysAgo(-91))).toBe(1);
  });

  it("threshold edges: at most for recency, at least for frequency", () => {
    expect(valueOf({ rfm_score: ["customers", "r"] }, daysAgo(-7))).toBe(5); // 7 ≤ 7
    expect(valueOf({ rfm_score: ["customers", "r"] }, daysAgo(-8))).toBe(4);
    // visits: 5 app opens in 7d (≥ 3, ≥ 5) → 3; last today (0 ≤ 0, ≤ 3) → 3
    expect(valueOf({ rfm_score: ["visits", "f"] })).toBe(3);
    expect(valueOf({ rfm_score: ["visits", "r"] })).toBe(3);
  });

  it("a model without monetary thresholds scores m as 0 in the combined score", () => {
    expect(valueOf({ rfm_score: "visits" })).toBe(330);
    // "m" is a compile error with a literal dimension, but 0 when the dimension comes from data
    expect(valueOf({ rfm_score: ["visits", { var: "d" }] }, NOW, { behaviour }, { d: "m" })).toBe(0);
  });

  it("0 for a user who never did the event, in every dimension", () => {
    for (const dimension of ["r", "f", "m", "rfm"]) expect(valueOf({ rfm_score: ["customers", dimension] }, NOW, { behaviour: fold([]) })).toBe(0);
  });
});

describe("missing or invalid now in the data", () => {
  const needsNow = [
    { event_count: ["purchase", "7d"] },
    { never_did: ["purchase", "7d"] },
    { active_days: ["app_open", "7d"] },
    { streak_days: "app_open" },
    { days_since_last: "purchase" },
    { days_since_first: "purchase" },
    { event_sum: ["purchase", "amount", "7d"] },
    { event_avg: ["purchase", "amount", "7d"] },
    { event_min: ["purchase", "amount", "7d"] },
    { event_max: ["purchase", "amount", "7d"] },
    { rfm_score: "customers" },
    { rfm_score: ["customers", "f"] },
    // data-driven arguments take the other code path
    { event_count: [{ var: "e" }, "7d"] },
    { active_days: [{ var: "e" }, "7d"] },
    { streak_days: { var: "e" } },
    { days_since_last: { var: "e" } },
    { event_sum: ["purchase", "amount", { var: "w" }] },
    { rfm_score: [{ var: "m" }] },
  ];
  const badNows = [null, "2026-11-23T12:00:00" /* no offset */, "yesterday", "", {}, [NOW], true, Number.MAX_VALUE];

  it.each(needsNow.map((rule) => [JSON.stringify(rule), rule] as const))("%s → null", (_, rule) => {
    const extra = { e: "app_open", w: "7d", m: "customers" };
    expect(valueWithoutNow(rule, extra)).toBeNull();
    for (const now of badNows) expect(valueOf(rule, now, { behaviour }, extra), JSON.stringify(now)).toBeNull();
    expect(valueOf(rule, NOW, { behaviour }, extra)).not.toBeNull();
  });

  it("an ISO 8601 now with an offset is read as its instant", () => {
    expect(valueOf({ event_count: ["purchase", "7d"] }, "2026-11-23T12:00:00Z")).toBe(3);
    // 23 Nov 01:00 at +02:00 is still 22 Nov in UTC
    expect(valueOf({ days_since_last: "purchase" }, "2026-11-23T01:00:00+02:00")).toBe(-1);
    expect(valueOf({ days_since_last: "app_open" }, "2026-11-24T01:00:00+02:00")).toBe(0);
  });

  it("values that do not depend on now need none", () => {
    expect(valueWithoutNow({ event_count: "purchase" })).toBe(6);
    expect(valueWithoutNow({ never_did: "purchase" })).toBe(false);
    expect(valueWithoutNow({ last_seen: "purchase" })).toBe(at(TODAY));
    expect(valueWithoutNow({ first_seen: "purchase" })).toBe(daysAgo(30));
    expect(valueWithoutNow({ event_sum: ["purchase", "amount"] })).toBe(118.25);
    expect(valueOf({ event_max: ["purchase", "amount"] }, "not a date")).toBe(100);
  });
});

describe("arguments computed from data", () => {
  const data = (extra: object) => ({ user: { behaviour }, now: NOW, ...extra });
  const run = (rule: unknown, extra: object) => compileRule(rule, { operators })(data(extra));

  it("give the same values as literals", () => {
    expect(run({ event_count: [{ var: "e" }, { var: "w" }] }, { e: "purchase", w: "7d" })).toBe(3);
    expect(run({ event_count: [{ var: "e" }, { var: "w" }] }, { e: "purchase", w: DAY_MS * 8 })).toBe(4);
    expect(run({ event_count: [{ var: "e" }] }, { e: "purchase" })).toBe(6);
    expect(run({ never_did: [{ var: "e" }, "1d"] }, { e: "refund" })).toBe(true);
    expect(run({ active_days: [{ var: "e" }, { var: "w" }] }, { e: "app_open", w: "36h" })).toBe(2);
    expect(run({ streak_days: { var: "e" } }, { e: "app_open" })).toBe(3);
    expect(run({ days_since_first: { var: "e" } }, { e: "purchase" })).toBe(30);
    expect(run({ last_seen: { var: "e" } }, { e: "purchase" })).toBe(at(TODAY));
    expect(run({ event_sum: [{ var: "e" }, { var: "p" }, { var: "w" }] }, { e: "purchase", p: "amount", w: "P8D" })).toBe(115.25);
    expect(run({ event_avg: [{ var: "e" }, { var: "p" }] }, { e: "purchase", p: "amount" })).toBe(118.25 / 5);
    expect(run({ event_max: ["purchase", { var: "p" }, "1d"] }, { p: "amount" })).toBe(10);
    expect(run({ rfm_score: [{ var: "m" }, { var: "d" }] }, { m: "customers", d: "f" })).toBe(3);
    expect(run({ rfm_score: [{ var: "m" }] }, { m: "customers" })).toBe(533);
    expect(run({ rfm_score: ["customers", { var: "d" }] }, { d: "r" })).toBe(5);
  });

  it("invalid ones give null, never an exception", () => {
    const cases: [unknown, object][] = [
      [{ event_count: [{ var: "e" }, "7d"] }, { e: 5 }],
      [{ event_count: [{ var: "e" }, "7d"] }, { e: "" }],
      [{ event_count: [{ var: "e" }, "7d"] }, {}],
      [{ event_count: ["purchase", { var: "w" }] }, { w: "91d" }], // beyond the horizon
      [{ event_count: ["purchase", { var: "w" }] }, { w: "1mo" }],
      [{ event_count: ["purchase", { var: "w" }] }, { w: 0 }],
      [{ event_count: ["purchase", { var: "w" }] }, { w: -1 }],
      [{ event_count: ["purchase", { var: "w" }] }, {}],
      [{ never_did: ["purchase", { var: "w" }] }, { w: "P1Y" }],
      [{ active_days: ["app_open", { var: "w" }] }, { w: [] }],
      [{ streak_days: { var: "e" } }, { e: {} }],
      [{ days_since_last: { var: "e" } }, { e: null }],
      [{ event_sum: ["purchase", { var: "p" }, "7d"] }, { p: 1 }],
      [{ event_avg: ["purchase", "amount", { var: "w" }] }, { w: "100d" }],
      [{ rfm_score: [{ var: "m" }] }, { m: "nope" }],
      [{ rfm_score: [{ var: "m" }] }, { m: "__proto__" }],
      [{ rfm_score: ["customers", { var: "d" }] }, { d: "x" }],
    ];
    for (const [rule, extra] of cases) expect(run(rule, extra), JSON.stringify([rule, extra])).toBeNull();
  });

  it("an expression of literals is a literal (checked and parsed at compile time)", () => {
    expect(valueOf({ event_count: ["purchase", { cat: ["3", "1d"] }] })).toBe(6);
    expect(problemsOf({ event_count: ["purchase", { cat: ["9", "1d"] }] })).toHaveLength(1);
  });
});

describe("compile-time errors, with paths", () => {
  it("bad windows", () => {
    const [problem] = problemsOf({ and: [true, { ">=": [{ event_count: ["purchase", "1mo"] }, 1] }] });
    expect(problem).toMatchObject({ path: "/and/1/>=/0" });
    expect(problem?.message).toContain("1mo");
    for (const window of ["0d", 0, -1, "P1M", "P1Y", "", "soon", null, true, [7]]) {
      expect(problemsOf({ event_count: ["purchase", window] }), JSON.stringify(window)).toHaveLength(1);
    }
    expect(problemsOf({ active_days: ["app_open", "xx"] })[0]?.message).toMatch(/argument 2/);
    expect(problemsOf({ event_sum: ["purchase", "amount", "P1M"] })[0]?.message).toMatch(/months or years/);
  });

  it("windows beyond horizonDays", () => {
    expect(problemsOf({ event_count: ["purchase", "91d"] })[0]?.message).toMatch(/91 days.*90-day/);
    expect(problemsOf({ event_count: ["purchase", "13w"] })).toHaveLength(1); // 91 days
    expect(problemsOf({ event_count: ["purchase", "2161h"] })).toHaveLength(1); // 90 days and an hour → 91
    expect(() => compileRule({ event_count: ["purchase", "90d"] }, { operators })).not.toThrow();
    expect(() => compileRule({ event_count: ["purchase", "2160h"] }, { operators })).not.toThrow();
    // with a shorter horizon
    expect(problemsOf({ active_days: ["app_open", "31d"] }, { horizonDays: 30 })[0]?.message).toMatch(/30-day/);
    expect(problemsOf({ event_max: ["purchase", "amount", "5w"] }, { horizonDays: 30 })).toHaveLength(1);
    expect(() => compileRule({ active_days: ["app_open", "30d"] }, { operators: behaviouralOperators({ horizonDays: 30 }) })).not.toThrow();
  });

  it("non-string or empty names", () => {
    expect(problemsOf({ event_count: [5, "7d"] })[0]?.message).toMatch(/argument 1 must be an event name/);
    expect(problemsOf({ days_since_last: [""] })[0]?.message).toMatch(/argument 1/);
    expect(problemsOf({ last_seen: [null] })).toHaveLength(1);
    expect(problemsOf({ event_sum: ["purchase", 3, "7d"] })[0]?.message).toMatch(/argument 2 must be a property name/);
    expect(problemsOf({ streak_days: [["app_open"]] })).toHaveLength(1);
  });

  it("arity", () => {
    expect(problemsOf({ active_days: ["app_open"] })[0]?.message).toMatch(/takes 2 arguments/);
    expect(problemsOf({ event_count: [] })).toHaveLength(1);
    expect(problemsOf({ event_count: ["a", "1d", "x"] })).toHaveLength(1);
    expect(problemsOf({ event_sum: ["purchase"] })).toHaveLength(1);
    expect(problemsOf({ days_since_last: ["a", "b"] })).toHaveLength(1);
  });

  it("RFM: unknown model, unknown dimension, m without monetary", () => {
    expect(problemsOf({ rfm_score: "nope" })[0]?.message).toMatch(/configured RFM model \("customers", "visits"\)/);
    expect(problemsOf({ rfm_score: "customers" }, {})[0]?.message).toMatch(/none are configured/);
    expect(problemsOf({ rfm_score: ["customers", "x"] })[0]?.message).toMatch(/"r", "f", "m", "rfm"/);
    expect(problemsOf({ rfm_score: ["visits", "m"] })[0]?.message).toMatch(/no monetary score/);
    expect(problemsOf({ rfm_score: [7] })).toHaveLength(1);
  });

  it("every problem at once, each at its path", () => {
    const problems = problemsOf({ or: [{ event_count: ["purchase", "1y"] }, { event_sum: ["purchase", 1] }, { rfm_score: "zzz" }] });
    expect(problems.map((problem) => problem.path)).toEqual(["/or/0", "/or/1", "/or/2"]);
  });
});

describe("options", () => {
  it("invalid options are a SegmentConfigError with paths", () => {
    const problemPaths = (options: unknown): string[] => {
      try {
        behaviouralOperators(options as BehaviouralOperatorOptions);
      } catch (error) {
        expect(error).toBeInstanceOf(SegmentConfigError);
        return (error as SegmentConfigError).problems.map((problem) => problem.path);
      }
      throw new Error("expected a SegmentConfigError");
    };
    expect(problemPaths({ horizonDays: 0 })).toEqual(["/horizonDays"]);
    expect(problemPaths({ horizonDays: 1.5 })).toEqual(["/horizonDays"]);
    expect(problemPaths({ horizon: 3 })).toEqual([""]);
    expect(problemPaths({ rfm: { a: { event: "purchase", window: "100d", recency: [1], frequency: [1] } } })).toEqual(["/rfm/a/window"]);
    expect(problemPaths({ rfm: { a: { event: "purchase", window: "30d", recency: [3, 1], frequency: [1] } } })).toEqual(["/rfm/a/recency"]);
    expect(problemPaths({ rfm: { a: { event: "purchase", window: "30d", recency: [1], frequency: [1, 2, 3, 4, 5, 6, 7, 8, 9] } } })).toEqual(["/rfm/a/frequency"]);
  });

  it("behaviourPath moves where the aggregates are read", () => {
    const moved = behaviouralOperators({ behaviourPath: ["account", "history"] });
    const rule = compileRule({ event_count: ["purchase", "7d"] }, { operators: moved });
    expect(rule({ account: { history: behaviour }, now: NOW })).toBe(3);
    expect(rule({ user: { behaviour }, now: NOW })).toBe(0);
  });

  it("every listed operator is registered", () => {
    expect(Object.keys(operators).sort()).toEqual([...BEHAVIOURAL_OPERATOR_NAMES].sort());
  });
});

describe("the same operators in a trigger (compileRule on { event, user, now })", () => {
  const trigger = compileRule(
    {
      and: [
        { "==": [{ var: "event.name" }, "checkout_started"] },
        { ">=": [{ event_count: ["purchase", "30d"] }, 3] },
        { "<": [{ days_since_last: "app_open" }, 7] },
        { ">": [{ event_sum: ["purchase", "amount", "8d"] }, 100] },
      ],
    },
    { operators },
  );

  it("fires on the matching event for a user with the behaviour", () => {
    expect(trigger({ event: { name: "checkout_started" }, user: { behaviour }, now: NOW })).toBe(true);
    expect(trigger({ event: { name: "checkout_started" }, user: { behaviour }, now: "2026-11-23T12:00:00Z" })).toBe(true);
  });

  it("and not otherwise", () => {
    expect(trigger({ event: { name: "other" }, user: { behaviour }, now: NOW })).toBe(false);
    expect(trigger({ event: { name: "checkout_started" }, user: { behaviour }, now: daysAgo(-8) })).toBe(false);
    expect(trigger({ event: { name: "checkout_started" }, user: {}, now: NOW })).toBe(false);
  });

  it("never mutates the data", () => {
    const data = JSON.parse(JSON.stringify({ event: { name: "checkout_started" }, user: { behaviour }, now: NOW })) as unknown;
    const copy = structuredClone(data);
    trigger(data);
    expect(data).toEqual(copy);
  });
});
