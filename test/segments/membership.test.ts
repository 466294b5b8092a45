import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule, truthy } from "../../src/rules/index.js";
import { behaviouralOperators, compileSegments, DAY_MS, diffMembership, foldEvents, type SegmentDefinition } from "../../src/segments/index.js";
import { at, daysAgo, fold, POLICY, TODAY } from "../support/segment-fixtures.js";

const SEED = 20261123;
const NOW = daysAgo(0);

describe("include and exclude", () => {
  const set = compileSegments([
    { id: "both", rule: true, include: ["a", "b"] },
    { id: "neither", rule: true, exclude: ["a", "b"] },
    { id: "a-not-b", rule: true, include: ["a"], exclude: ["b"] },
    { id: "a", rule: { "==": [{ var: "user.a" }, true] } },
    { id: "b", rule: { "==": [{ var: "user.b" }, true] } },
    { id: "both-and-rule", rule: { var: "user.c" }, include: ["both"] },
  ]);

  it.each([
    [{ a: false, b: false }, ["neither"]],
    [{ a: true, b: false }, ["a-not-b", "a"]],
    [{ a: false, b: true }, ["b"]],
    [{ a: true, b: true }, ["both", "a", "b"]],
    [{ a: true, b: true, c: 1 }, ["both", "a", "b", "both-and-rule"]],
    [{ a: true, b: false, c: 1 }, ["a-not-b", "a"]],
  ])("%j → %j (definition order, dependencies defined later)", (profile, expected) => {
    expect(set.segmentsOf(profile, NOW)).toEqual(expected);
    for (const id of set.ids) expect(set.isMember(id, profile, NOW)).toBe(expected.includes(id));
    expect([...set.memberships(profile, NOW)]).toEqual(set.ids.map((id) => (expected.includes(id) ? 1 : 0)));
  });

  it("nested dependencies: include of an excluded segment's complement", () => {
    const chain = compileSegments([
      { id: "top", rule: true, exclude: ["mid"] },
      { id: "mid", rule: true, include: ["low"] },
      { id: "low", rule: { var: "user.low" } },
    ]);
    expect(chain.segmentsOf({ low: true }, NOW)).toEqual(["mid", "low"]);
    expect(chain.segmentsOf({ low: false }, NOW)).toEqual(["top"]);
    expect(chain.isMember("top", { low: false }, NOW)).toBe(true);
  });
});

describe("now", () => {
  const set = compileSegments([{ id: "recent", rule: { "<=": [{ days_since_last: "app_open" }, 1] } }]);
  const profile = { behaviour: fold([{ name: "app_open", time: daysAgo(0) }]) };

  it("epoch ms, ISO 8601 with an offset and Date are the same instant", () => {
    const later = at(TODAY + 2);
    for (const now of [later, new Date(later).toISOString(), new Date(later), "2026-11-25T01:00:00+01:00"]) expect(set.segmentsOf(profile, now)).toEqual([]);
    for (const now of [NOW, new Date(NOW).toISOString(), new Date(NOW), "2026-11-24"]) expect(set.segmentsOf(profile, now)).toEqual(["recent"]);
  });

  it("an invalid now is a TypeError on every method", () => {
    for (const now of ["2026-11-23T12:00:00", "soon", "", Number.NaN, Number.POSITIVE_INFINITY, 9e15, new Date("x"), null, undefined, {}, [NOW]] as unknown as number[]) {
      expect(() => set.segmentsOf(profile, now), String(now)).toThrow(TypeError);
      expect(() => set.memberships(profile, now)).toThrow(TypeError);
      expect(() => set.isMember("recent", profile, now)).toThrow(TypeError);
      expect(() => set.explainMembership("recent", profile, now)).toThrow(TypeError);
      expect(() => set.nextChangeAt("recent", profile, now)).toThrow(TypeError);
    }
  });

  it("an unknown segment id is a RangeError", () => {
    for (const id of ["nope", "", "__proto__", "constructor", "toString"]) {
      expect(() => set.isMember(id, profile, NOW)).toThrow(RangeError);
      expect(() => set.explainMembership(id, profile, NOW)).toThrow(RangeError);
      expect(() => set.nextChangeAt(id, profile, NOW)).toThrow(RangeError);
      expect(() => set.nextChangeAt(["recent", id], profile, NOW)).toThrow(RangeError);
    }
  });
});

describe("explainMembership", () => {
  const twoPurchases = fold([
    { name: "purchase", time: daysAgo(5), properties: { amount: 30 } },
    { name: "purchase", time: daysAgo(2), properties: { amount: 20 } },
  ]);
  const set = compileSegments([
    { id: "three-in-30", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] } },
    { id: "pro", rule: { "==": [{ var: "user.plan" }, "pro"] } },
    { id: "blocked", rule: { "==": [{ var: "user.blocked" }, true] } },
    {
      id: "loyal-pro",
      rule: { and: [{ "==": [{ var: "user.plan" }, "pro"] }, { ">=": [{ event_count: ["purchase", "30d"] }, 3] }] },
    },
    { id: "pro-unblocked", rule: { ">": [{ event_sum: ["purchase", "amount", "30d"] }, 10] }, include: ["pro"], exclude: ["blocked"] },
    { id: "no-recent-or-cheap", rule: { or: [{ never_did: ["purchase", "7d"] }, { "<": [{ event_max: ["purchase", "amount", "30d"] }, 10] }] } },
    { id: "not-buyer", rule: { "!": { ">=": [{ event_count: ["purchase"] }, 1] } } },
  ]);
  const profile = { plan: "pro", behaviour: twoPurchases };

  it("rule-not-met: the failing clause with its operands' values", () => {
    const explanation = set.explainMembership("three-in-30", profile, NOW);
    expect(explanation).toMatchObject({ segmentId: "three-in-30", member: false, reason: "rule-not-met", include: [], exclude: [] });
    expect(explanation.rule.matched).toBe(false);
    expect(explanation.rule.result).toBe(false);
    expect(explanation.rule.failed).toEqual([
      {
        path: "",
        rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] },
        operator: ">=",
        value: false,
        expected: true,
        operands: [
          { rule: { event_count: ["purchase", "30d"] }, value: 2 },
          { rule: 3, value: 3 },
        ],
      },
    ]);
    expect(explanation.rule.failed[0]?.operands.map((operand) => operand.value)).toEqual([2, 3]);
  });

  it("and: the clause that stopped it", () => {
    const failed = set.explainMembership("loyal-pro", profile, NOW).rule.failed;
    expect(failed.map((clause) => [clause.path, clause.operands.map((operand) => operand.value)])).toEqual([["/and/1", [2, 3]]]);
    const notPro = set.explainMembership("loyal-pro", { plan: "free", behaviour: twoPurchases }, NOW).rule.failed;
    expect(notPro.map((clause) => [clause.path, clause.operands.map((operand) => operand.value)])).toEqual([["/and/0", ["free", "pro"]]]);
  });

  it("or: every alternative, and ! flips what was expected", () => {
    const failed = set.explainMembership("no-recent-or-cheap", profile, NOW).rule.failed;
    expect(failed.map((clause) => ({ path: clause.path, value: clause.value, expected: clause.expected }))).toEqual([
      { path: "/or/0", value: false, expected: true },
      { path: "/or/1", value: false, expected: true },
    ]);
    expect(failed[1]?.operands.map((operand) => operand.value)).toEqual([30, 10]);
    const negated = set.explainMembership("not-buyer", profile, NOW).rule.failed;
    expect(negated).toEqual([expect.objectContaining({ path: "/!", value: true, expected: false, operands: [expect.objectContaining({ value: 2 }), expect.objectContaining({ value: 1 })] })]);
  });

  it("member: nothing failed", () => {
    const explanation = set.explainMembership("pro-unblocked", profile, NOW);
    expect(explanation).toMatchObject({
      member: true,
      reason: "member",
      include: [{ segmentId: "pro", member: true }],
      exclude: [{ segmentId: "blocked", member: false }],
      rule: { matched: true, result: true, failed: [] },
    });
  });

  it("not-in-included-segment comes first, and the rule is still explained", () => {
    const explanation = set.explainMembership("pro-unblocked", { plan: "free", blocked: true, behaviour: twoPurchases }, NOW);
    expect(explanation).toMatchObject({
      member: false,
      reason: "not-in-included-segment",
      include: [{ segmentId: "pro", member: false }],
      exclude: [{ segmentId: "blocked", member: true }],
      rule: { matched: true },
    });
  });

  it("in-excluded-segment", () => {
    const explanation = set.explainMembership("pro-unblocked", { plan: "pro", blocked: true }, NOW);
    expect(explanation).toMatchObject({ member: false, reason: "in-excluded-segment", rule: { matched: false, result: false } });
    expect(explanation.rule.failed[0]?.operands.map((operand) => operand.value)).toEqual([0, 10]);
  });

  it("the root trace has every node's value", () => {
    const { root } = set.explainMembership("loyal-pro", profile, NOW).rule;
    expect(root.operator).toBe("and");
    expect(root.children.map((child) => child.value)).toEqual([true, false]);
  });

  it("explanations agree with isMember, and a missing now value in the data is not possible (it is an argument)", () => {
    for (const id of set.ids) {
      for (const candidate of [profile, {}, { plan: "pro", blocked: true, behaviour: twoPurchases }]) {
        expect(set.explainMembership(id, candidate, NOW).member).toBe(set.isMember(id, candidate, NOW));
      }
    }
  });
});

describe("diffMembership", () => {
  it("entered in the order of after, exited in the order of before", () => {
    expect(diffMembership(["a", "b", "c"], ["d", "c", "a", "e"])).toEqual({ entered: ["d", "e"], exited: ["b"] });
    expect(diffMembership([], [])).toEqual({ entered: [], exited: [] });
    expect(diffMembership(new Set(["x"]), ["x", "x"])).toEqual({ entered: [], exited: [] });
  });

  it("before and after an event is folded", () => {
    const set = compileSegments([
      { id: "buyer", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
      { id: "non-buyer", rule: true, exclude: ["buyer"] },
    ]);
    const before = fold([]);
    const after = foldEvents(before, [{ name: "purchase", time: NOW }], POLICY);
    expect(diffMembership(set.segmentsOf({ behaviour: before }, NOW), set.segmentsOf({ behaviour: after }, NOW))).toEqual({ entered: ["buyer"], exited: ["non-buyer"] });
  });
});

/*
 * Random segment sets, valid by construction: segment k may only refer to segments defined by a
 * later position in a random dependency order, so there is never a cycle, and references point
 * both forward and backward in the definition order.
 */
const RULES: readonly unknown[] = [
  true,
  false,
  { "==": [{ var: "user.plan" }, "pro"] },
  { ">": [{ var: "user.age" }, 30] },
  { ">=": [{ event_count: ["purchase", "7d"] }, 1] },
  { ">=": [{ event_count: ["purchase", "30d"] }, 2] },
  { ">=": [{ days_since_last: "app_open" }, 10] },
  { never_did: "purchase" },
  { ">=": [{ active_days: ["app_open", "14d"] }, 3] },
  { ">=": [{ streak_days: "app_open" }, 2] },
  { ">": [{ event_sum: ["purchase", "amount", "30d"] }, 50] },
  { "<": [{ event_avg: ["purchase", "amount"] }, 20] },
  { and: [{ "==": [{ var: "user.plan" }, "pro"] }, { ">=": [{ event_count: ["app_open", "3d"] }, 1] }] },
  { or: [{ ">": [{ var: "user.age" }, 50] }, { "<=": [{ days_since_first: "purchase" }, 20] }] },
];

const segmentSetArb: fc.Arbitrary<SegmentDefinition[]> = fc.integer({ min: 1, max: 8 }).chain((count) =>
  fc
    .tuple(
      fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }), // dependency rank → definition position
      fc.array(fc.record({ rule: fc.constantFrom(...RULES), include: fc.array(fc.nat(), { maxLength: 2 }), exclude: fc.array(fc.nat(), { maxLength: 2 }) }), { minLength: count, maxLength: count }),
    )
    .map(([positions, specs]) => {
      // The segment of rank r may refer only to ranks > r.
      const idOfRank = (rank: number) => `s${positions[rank]}`;
      const byPosition: SegmentDefinition[] = new Array(count);
      specs.forEach((spec, rank) => {
        const later = count - rank - 1;
        const refs = (picks: number[]) => (later === 0 ? [] : [...new Set(picks.map((pick) => idOfRank(rank + 1 + (pick % later))))]);
        byPosition[positions[rank] as number] = { id: idOfRank(rank), rule: spec.rule, include: refs(spec.include), exclude: refs(spec.exclude) };
      });
      return byPosition;
    }),
);

const profileArb = fc.record({
  plan: fc.constantFrom("pro", "free"),
  age: fc.integer({ min: 10, max: 80 }),
  behaviour: fc
    .array(
      fc.record({
        name: fc.constantFrom("purchase", "app_open"),
        time: fc.integer({ min: at(TODAY - 60), max: at(TODAY + 1) }),
        properties: fc.record({ amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100) }),
      }),
      { maxLength: 25 },
    )
    .map((events) => fold(events)),
});
const nowArb = fc.integer({ min: at(TODAY - 10), max: at(TODAY + 40) });

/** Membership computed straight from the definitions, recursively. */
function referenceMembership(definitions: readonly SegmentDefinition[], profile: unknown, now: number): Set<string> {
  const operators = behaviouralOperators();
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const memo = new Map<string, boolean>();
  const member = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const definition = byId.get(id) as SegmentDefinition;
    const value =
      (definition.include ?? []).every(member) && !(definition.exclude ?? []).some(member) && truthy(compileRule(definition.rule, { operators })({ user: profile, now }));
    memo.set(id, value);
    return value;
  };
  return new Set(definitions.map((definition) => definition.id).filter(member));
}

describe("membership properties", () => {
  it("segmentsOf, isMember, memberships and explainMembership agree with each other and with a recursive reference", () => {
    fc.assert(
      fc.property(segmentSetArb, fc.array(fc.tuple(profileArb, nowArb), { minLength: 1, maxLength: 4 }), (definitions, checks) => {
        const set = compileSegments(definitions);
        for (const [profile, now] of checks) {
          const expected = referenceMembership(definitions, profile, now);
          const ids = set.segmentsOf(profile, now);
          expect(ids).toEqual(definitions.map((definition) => definition.id).filter((id) => expected.has(id)));
          const flags = set.memberships(profile, now);
          set.ids.forEach((id, index) => {
            const isMember = set.isMember(id, profile, now);
            expect(isMember).toBe(expected.has(id));
            expect(flags[index]).toBe(isMember ? 1 : 0);
            const explanation = set.explainMembership(id, profile, now);
            expect(explanation.member).toBe(isMember);
            expect(explanation.rule.failed.length === 0).toBe(explanation.rule.matched);
          });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("evaluation is deterministic and never mutates the profile", () => {
    fc.assert(
      fc.property(segmentSetArb, profileArb, nowArb, (definitions, profile, now) => {
        const set = compileSegments(definitions);
        const copy = JSON.parse(JSON.stringify(profile)) as unknown;
        const first = set.segmentsOf(copy, now);
        set.explainMembership(set.ids[0] as string, copy, now);
        set.nextChangeAt(undefined, copy, now, { searchDays: 30 });
        expect(copy).toEqual(JSON.parse(JSON.stringify(profile)));
        expect(set.segmentsOf(copy, now)).toEqual(first);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("evaluation never throws on any profile", () => {
  const rfm = { buyers: { event: "purchase", property: "amount", window: "30d", recency: [7, 30], frequency: [2, 5], monetary: [10, 100] } };
  const set = compileSegments(
    [
      ...RULES.map((rule, i) => ({ id: `r${i}`, rule })),
      { id: "rfm", rule: { ">=": [{ rfm_score: "buyers" }, 300] } },
      { id: "rfm-m", rule: { ">=": [{ rfm_score: ["buyers", "m"] }, 2] } },
      { id: "seen", rule: { "<": [{ first_seen: "purchase" }, { last_seen: "app_open" }] } },
      { id: "extremes", rule: { "!=": [{ event_min: ["purchase", "amount", "7d"] }, { event_max: ["purchase", "amount"] }] } },
      { id: "dyn", rule: { event_count: [{ var: "user.name" }, { var: "user.window" }] } },
      { id: "combo", rule: true, include: ["r2", "r4"], exclude: ["r6"] },
    ],
    { rfm },
  );
  const anyNow = fc.integer({ min: -8.64e15, max: 8.64e15 });

  /** Mostly `good`, sometimes anything: aggregates with the right outline and damage inside. */
  const mostly = <T,>(good: fc.Arbitrary<T>, ...bad: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
    fc.oneof({ weight: 6, arbitrary: good }, ...bad.map((arbitrary) => ({ weight: 1, arbitrary })), { weight: 1, arbitrary: fc.anything() });
  const entries = (item: fc.Arbitrary<unknown>) => fc.array(item, { maxLength: 6 });
  const hostileEvent = fc.record(
    {
      n: mostly(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -2, max: 0 }), fc.double()),
      first: mostly(fc.integer({ min: at(TODAY - 100), max: at(TODAY) }), fc.double()),
      last: mostly(fc.integer({ min: at(TODAY - 100), max: at(TODAY + 5) }), fc.double()),
      ago: mostly(entries(mostly(fc.integer({ min: 0, max: 100 }), fc.integer({ min: -5, max: -1 }), fc.double()))),
      c: mostly(entries(mostly(fc.integer({ min: 0, max: 10 }), fc.integer({ min: -5, max: -1 }), fc.double()))),
      p: mostly(
        fc.record(
          {
            amount: mostly(
              fc.record(
                {
                  scale: mostly(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -400, max: 400 }), fc.double()),
                  k: mostly(entries(mostly(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2, max: -1 })))),
                  sum: mostly(entries(mostly(fc.integer(), fc.double()))),
                  min: mostly(entries(mostly(fc.integer(), fc.double(), fc.constant(null)))),
                  max: mostly(entries(mostly(fc.integer(), fc.double(), fc.constant(null)))),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const hostileBehaviour = fc.oneof(
    fc.record({ v: fc.anything(), events: fc.oneof(fc.record({ purchase: hostileEvent, app_open: hostileEvent }, { requiredKeys: [] }), fc.anything()) }, { requiredKeys: [] }),
    fc.anything(),
  );
  const hostileProfile = fc.oneof(
    fc.anything(),
    fc.jsonValue(),
    fc.record({ plan: fc.anything(), age: fc.anything(), name: fc.oneof(fc.constantFrom("purchase", "__proto__", "constructor"), fc.anything()), window: fc.oneof(fc.constantFrom("7d", "1y", 0), fc.anything()), behaviour: hostileBehaviour }, { requiredKeys: [] }),
  );

  const evaluateEverything = (profile: unknown, now: number): void => {
    const ids = set.segmentsOf(profile, now);
    expect(Array.isArray(ids)).toBe(true);
    set.memberships(profile, now);
    for (const id of ["r4", "rfm", "dyn", "combo", "extremes"]) {
      const member = set.isMember(id, profile, now);
      expect(member).toBe(ids.includes(id));
      expect(set.explainMembership(id, profile, now).member).toBe(member);
    }
    const next = set.nextChangeAt(undefined, profile, now, { searchDays: 20 });
    expect(next === null || (Number.isInteger(next) && next > now)).toBe(true);
  };

  it("any value as the profile (fc.anything, JSON values)", () => {
    fc.assert(fc.property(hostileProfile, anyNow, evaluateEverything), { seed: SEED, numRuns: 400 });
  });

  it("hostile behaviour data at NOW", () => {
    fc.assert(fc.property(fc.record({ behaviour: hostileBehaviour }), (profile) => evaluateEverything(profile, NOW)), { seed: SEED, numRuns: 400 });
  });

  it("prototype keys from JSON.parse, cyclic and exotic objects", () => {
    const parsed = JSON.parse('{"__proto__":{"plan":"pro"},"constructor":{"prototype":1},"behaviour":{"__proto__":{"events":{}},"events":{"__proto__":{"n":1},"purchase":{"__proto__":[]}}}}') as unknown;
    evaluateEverything(parsed, NOW);
    expect(set.isMember("r2", parsed, NOW)).toBe(false); // plan only via __proto__: read as missing
    const cyclic: Record<string, unknown> = { plan: "pro" };
    cyclic.self = cyclic;
    cyclic.behaviour = { events: { purchase: cyclic } };
    evaluateEverything(cyclic, NOW);
    for (const exotic of [new Map([["plan", "pro"]]), new Date(0), /x/, Object.create(null) as object, [1, 2, 3], "pro", 42n, Symbol("s"), () => 1]) evaluateEverything(exotic, NOW);
    const frozen = Object.freeze({ plan: "pro", behaviour: Object.freeze(fold([{ name: "purchase", time: NOW }])) });
    evaluateEverything(frozen, NOW);
  });

  it("a behaviour aggregate whose getters throw does not escape", () => {
    const trap = { plan: "pro" } as Record<string, unknown>;
    Object.defineProperty(trap, "behaviour", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(() => set.segmentsOf(trap, NOW)).not.toThrow();
    expect(set.isMember("r2", trap, NOW)).toBe(true);
  });
});

describe("memoised reads are per evaluation", () => {
  it("profiles evaluated one after another, and the same profile at two instants, do not share values", () => {
    const set = compileSegments([
      { id: "a", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } },
      { id: "b", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 2] } },
    ]);
    const one = { behaviour: fold([{ name: "purchase", time: daysAgo(0) }]) };
    const two = { behaviour: fold([{ name: "purchase", time: daysAgo(0) }, { name: "purchase", time: daysAgo(1) }]) };
    expect(set.segmentsOf(one, NOW)).toEqual(["a"]);
    expect(set.segmentsOf(two, NOW)).toEqual(["a", "b"]);
    expect(set.segmentsOf(one, NOW)).toEqual(["a"]);
    expect(set.segmentsOf(two, NOW + 7 * DAY_MS)).toEqual([]);
    expect(set.segmentsOf(two, NOW + 6 * DAY_MS)).toEqual(["a"]);
  });
});

describe("answers kept for one evaluation only (issue 20: slots forgotten by generation, not cleared)", () => {
  it("each new profile and instant gets its own answers, also when the same data comes back", () => {
    const set = compileSegments([
      { id: "buyers", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } },
      { id: "frequent", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 3] } },
    ]);
    const policy = { events: { purchase: {} } };
    const at = (day: number) => `2026-11-${String(day).padStart(2, "0")}T12:00:00Z`;
    const buyer = { behaviour: foldEvents(null, [1, 2, 3].map((n) => ({ id: `p${n}`, name: "purchase", time: at(20 + n) })), policy) };
    const none = { behaviour: null };
    const sequence: [unknown, string, string[]][] = [
      [buyer, at(24), ["buyers", "frequent"]],
      [none, at(24), []],
      [buyer, at(24), ["buyers", "frequent"]],
      [buyer, at(29), ["buyers"]], // only the purchase of the 23rd is within 7 days
      [buyer, at(25), ["buyers", "frequent"]],
      [{ ...buyer }, at(24), ["buyers", "frequent"]],
    ];
    for (const [profile, now, expected] of sequence) expect(set.segmentsOf(profile, now)).toEqual(expected);
  });
});
