import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSegments, DAY_MS, type SegmentSet } from "../../src/segments/index.js";
import { at, daysAgo, fold, TODAY } from "../support/segment-fixtures.js";

const SEED = 20261123;
const iso = (instant: number | null): string | null => (instant === null ? null : new Date(instant).toISOString());

describe("nextChangeAt: examples", () => {
  const set = compileSegments([
    { id: "dormant", rule: { ">=": [{ days_since_last: "app_open" }, 30] } },
    { id: "two-in-30", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 2] } },
    { id: "buyer-30", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
    { id: "pro", rule: { "==": [{ var: "user.plan" }, "pro"] } },
    { id: "everyone", rule: true },
    { id: "active-pro", rule: true, include: ["pro", "buyer-30"] },
    { id: "not-dormant-pro", rule: true, include: ["pro"], exclude: ["dormant"] },
    { id: "streak", rule: { ">=": [{ streak_days: "app_open" }, 2] } },
    { id: "ever-bought", rule: { ">=": [{ event_count: "purchase" }, 1] } },
  ]);
  const profile = {
    plan: "pro",
    behaviour: fold([
      { name: "app_open", time: "2026-11-22T08:00:00Z" },
      { name: "app_open", time: "2026-11-23T08:00:00Z" },
      { name: "purchase", time: "2026-11-18T10:00:00Z" },
      { name: "purchase", time: "2026-11-21T23:59:59.999Z" },
    ]),
  };
  const now = "2026-11-23T12:00:00Z";
  const next = (ids: string | readonly string[] | undefined, at: string | number = now, options?: { searchDays?: number }): string | null => iso(set.nextChangeAt(ids, profile, at, options));

  it("no app_open in 30 days: the UTC midnight 30 days after the last app_open's day", () => {
    expect(next("dormant")).toBe("2026-12-23T00:00:00.000Z");
    expect(next("dormant", "2026-11-23T23:59:59.999Z")).toBe("2026-12-23T00:00:00.000Z");
    expect(next("dormant", "2026-12-22T23:59:59.999Z")).toBe("2026-12-23T00:00:00.000Z");
    expect(set.isMember("dormant", profile, "2026-12-22T23:59:59.999Z")).toBe(false);
    expect(set.isMember("dormant", profile, "2026-12-23T00:00:00Z")).toBe(true);
  });

  it("a segment that depends on a behavioural one (exclude) changes with it", () => {
    expect(next("not-dormant-pro")).toBe("2026-12-23T00:00:00.000Z");
    expect(set.isMember("not-dormant-pro", profile, "2026-12-23T00:00:00Z")).toBe(false);
  });

  it("a window count drops when a day leaves the window", () => {
    // 18 Nov leaves "30d" at the start of 18 Dec (the window is then 19 Nov … 18 Dec)
    expect(next("two-in-30")).toBe("2026-12-18T00:00:00.000Z");
    // 21 Nov (its last instant) leaves at the start of 21 Dec
    expect(next("buyer-30")).toBe("2026-12-21T00:00:00.000Z");
    expect(next("buyer-30", "2026-12-20T23:00:00Z")).toBe("2026-12-21T00:00:00.000Z");
  });

  it("a segment that depends on a behavioural one (include) changes with it", () => {
    expect(next("active-pro")).toBe("2026-12-21T00:00:00.000Z");
    expect(set.isMember("active-pro", profile, "2026-12-20T23:59:59.999Z")).toBe(true);
    expect(set.isMember("active-pro", profile, "2026-12-21T00:00:00Z")).toBe(false);
  });

  it("a streak breaks two midnights after its last day", () => {
    expect(next("streak")).toBe("2026-11-25T00:00:00.000Z");
  });

  it("several segments, or all when omitted: the earliest change", () => {
    expect(next(["dormant", "two-in-30"])).toBe("2026-12-18T00:00:00.000Z");
    expect(next(undefined)).toBe("2026-11-25T00:00:00.000Z");
    expect(next([])).toBeNull();
  });

  it("rules without behaviour or clock never change by themselves → null", () => {
    expect(next("pro")).toBeNull();
    expect(next("everyone")).toBeNull();
    expect(next(["pro", "everyone"])).toBeNull();
    expect(next("ever-bought")).toBeNull(); // a count without a window does not depend on now
  });

  it("once every window has emptied, windowed segments never change → null", () => {
    expect(next("buyer-30", "2026-12-21T00:00:00Z")).toBeNull();
    expect(next("two-in-30", "2027-06-01T00:00:00Z")).toBeNull();
    expect(next("streak", "2026-11-25T00:00:00Z")).toBeNull();
  });

  it("a user who never did anything: null for windowed segments", () => {
    expect(set.nextChangeAt("buyer-30", { plan: "pro" }, now)).toBeNull();
    expect(set.nextChangeAt("streak", {}, now)).toBeNull();
    expect(set.nextChangeAt("buyer-30", "not even an object", now)).toBeNull();
  });

  it("days-since segments that have settled: the end of the search (nothing changes before it)", () => {
    const today = Date.UTC(2026, 11, 23) / DAY_MS;
    expect(set.nextChangeAt("dormant", profile, "2026-12-23T00:00:00Z")).toBe((today + 366 + 1) * DAY_MS);
    expect(set.nextChangeAt("dormant", profile, "2026-12-23T00:00:00Z", { searchDays: 10 })).toBe((today + 10 + 1) * DAY_MS);
    // not found within a short search: the end of it
    expect(next("dormant", now, { searchDays: 5 })).toBe("2026-11-29T00:00:00.000Z");
    expect(next("dormant", now, { searchDays: 30 })).toBe("2026-12-23T00:00:00.000Z");
  });

  // Regression: a search that ended before the windows emptied used to return null ("never").
  it("a windowed segment whose change lies beyond the search: the end of the search, not null", () => {
    const windowed = compileSegments([{ id: "buyer", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } }]);
    const futurePurchase = { behaviour: fold([{ name: "purchase", time: at(TODAY + 10) }]) }; // dated after now
    expect(windowed.nextChangeAt("buyer", futurePurchase, at(TODAY), { searchDays: 3 })).toBe(at(TODAY + 4));
    expect(windowed.nextChangeAt("buyer", futurePurchase, at(TODAY))).toBe(at(TODAY + 10));
    const long = compileSegments([{ id: "buyer", rule: { ">=": [{ event_count: ["purchase", "800d"] }, 1] } }], { horizonDays: 1_000 });
    const recent = { behaviour: fold([{ name: "purchase", time: at(TODAY) }], { events: { purchase: {} }, horizonDays: 1_000 }) };
    expect(long.nextChangeAt("buyer", recent, at(TODAY))).toBe(at(TODAY + 367));
    expect(long.nextChangeAt("buyer", recent, at(TODAY), { searchDays: 1_000 })).toBe(at(TODAY + 800));
  });

  it("rules reading now through var (also through a computed path) are re-checked at midnights", () => {
    const x = at(TODAY + 8, 3_600_000); // 1 am, 8 days after today
    const clocked = compileSegments([
      { id: "plain", rule: { ">=": [{ var: "now" }, x] } },
      { id: "computed", rule: { ">=": [{ var: { cat: ["n", "ow"] } }, x] } }, // regression: was null
      { id: "computed-default", rule: { ">=": [{ var: [{ if: [true, "now", "x"] }, 0] }, x] } },
      { id: "days-since", rule: { ">=": [{ days_since: [{ var: "user.signup" }] }, 3] } },
      { id: "tags", rule: { some: [{ var: "user.tags" }, { "==": [{ var: "" }, "a"] }] } }, // "" is the element, not now
    ]);
    const user = { signup: at(TODAY, 5 * 3_600_000), tags: ["a"] };
    // Not the exact instant (1 am): the first midnight at which membership differs.
    expect(clocked.nextChangeAt("plain", user, at(TODAY))).toBe(at(TODAY + 9));
    expect(clocked.nextChangeAt("computed", user, at(TODAY))).toBe(at(TODAY + 9));
    expect(clocked.nextChangeAt("computed-default", user, at(TODAY))).toBe(at(TODAY + 9));
    expect(clocked.nextChangeAt("days-since", user, at(TODAY))).toBe(at(TODAY + 4)); // 3 whole days after 5 am is 5 am: re-checked at the next midnight
    expect(clocked.nextChangeAt("tags", user, at(TODAY))).toBeNull();
  });

  // Regression (review of issue 20): `now` read through the whole data ({"var": ""} as reduce's
  // initial value) was not seen, so the search skipped the midnight the rule changes at.
  it("rules reading now through the whole data, or through a custom operator, are re-checked at every midnight", () => {
    const readsNow = { reduce: [[1], { var: "accumulator.now" }, { var: "" }] };
    const x = at(TODAY + 3);
    const custom = compileSegments(
      [
        { id: "timed", rule: { ">=": [readsNow, x] } },
        { id: "timed-buyer", rule: { and: [{ ">=": [{ event_count: ["purchase", "7d"] }, 1] }, { "<": [readsNow, x] }] } },
        { id: "by-operator", rule: { and: [{ ">=": [{ event_count: ["purchase", "7d"] }, 1] }, { "<": [{ clock_now: [] }, x] }] } },
        { id: "element", rule: { some: [{ var: "user.tags" }, { "==": [{ var: "" }, "a"] }] } }, // "" is the element: no clock
      ],
      { operators: { clock_now: { evaluate: (_args, scope) => (scope.root as { now: number }).now } } },
    );
    const buyer = { tags: ["a"], behaviour: fold([{ name: "purchase", time: at(TODAY - 1, 3_600_000) }, { name: "purchase", time: at(TODAY + 30, 3_600_000) }]) };
    for (const id of ["timed", "timed-buyer", "by-operator"]) expect(iso(custom.nextChangeAt(id, buyer, at(TODAY, 43_200_000))), id).toBe(iso(x));
    expect(custom.nextChangeAt("element", buyer, at(TODAY))).toBeNull();
  });

  it("searchDays must be an integer from 1 to 3660", () => {
    for (const searchDays of [0, -1, 1.5, 3_661, Number.NaN]) expect(() => set.nextChangeAt("dormant", profile, now, { searchDays })).toThrow(RangeError);
    expect(() => set.nextChangeAt("dormant", profile, now, { searchDays: 3_660 })).not.toThrow();
  });

  it("a segment becoming a member by itself, then leaving", () => {
    const fresh = compileSegments([{ id: "lapsing", rule: { and: [{ ">=": [{ days_since_last: "purchase" }, 3] }, { ">=": [{ event_count: ["purchase", "7d"] }, 1] }] } }]);
    const buyer = { behaviour: fold([{ name: "purchase", time: daysAgo(0) }]) };
    expect(fresh.nextChangeAt("lapsing", buyer, daysAgo(0))).toBe(at(TODAY + 3)); // enters
    expect(fresh.nextChangeAt("lapsing", buyer, at(TODAY + 3))).toBe(at(TODAY + 7)); // leaves
  });
});

/*
 * The property: for generated profiles and segments, membership is the same at `now` and at every
 * UTC midnight and random instants before the returned instant, and differs at it (unless it is
 * the end of the search); when null, it stays the same at every midnight for the next 400 days.
 */
const SEGMENTS = [
  { id: "dormant", rule: { ">=": [{ days_since_last: "app_open" }, 10] } },
  { id: "recent", rule: { "<=": [{ days_since_last: "app_open" }, 3] } },
  { id: "buyers-7d", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 2] } },
  { id: "buyers-36h", rule: { ">=": [{ event_count: ["purchase", "36h"] }, 1] } },
  { id: "active", rule: { ">=": [{ active_days: ["app_open", "14d"] }, 3] } },
  { id: "streaky", rule: { ">=": [{ streak_days: "app_open" }, 2] } },
  { id: "spender", rule: { ">": [{ event_sum: ["purchase", "amount", "30d"] }, 50] } },
  { id: "big-ticket", rule: { ">=": [{ event_max: ["purchase", "amount", "P10D"] }, 60] } },
  { id: "quiet-week", rule: { never_did: ["purchase", "1w"] } },
  { id: "rfm", rule: { ">=": [{ rfm_score: "customers" }, 300] } },
  { id: "veteran", rule: { ">=": [{ days_since_first: "purchase" }, 20] } },
  { id: "pro", rule: { "==": [{ var: "user.plan" }, "pro"] } },
  { id: "pro-active", rule: { var: "user.vip" }, include: ["pro", "active"], exclude: ["dormant"] },
  { id: "lapsed-spender", rule: true, include: ["spender"], exclude: ["buyers-7d", "recent"] },
];
const SET: SegmentSet = compileSegments(SEGMENTS, {
  horizonDays: 60,
  rfm: { customers: { event: "purchase", property: "amount", window: "20d", recency: [3, 10, 25], frequency: [2, 3], monetary: [20, 100] } },
});
const IDS = SET.ids;

const profileArb = fc.record({
  plan: fc.constantFrom("pro", "free"),
  vip: fc.boolean(),
  behaviour: fc
    .array(
      fc.record({
        name: fc.constantFrom("purchase", "app_open"),
        day: fc.integer({ min: -70, max: 5 }),
        ms: fc.integer({ min: 0, max: DAY_MS - 1 }),
        amount: fc.integer({ min: 0, max: 10_000 }),
      }),
      { maxLength: 20 },
    )
    .map((events) => fold(events.map(({ name, day, ms, amount }) => ({ name, time: at(TODAY + day, ms), properties: { amount: amount / 100 } })))),
});
const nowArb = fc.oneof(fc.integer({ min: at(TODAY - 15), max: at(TODAY + 60) }), fc.integer({ min: TODAY - 15, max: TODAY + 60 }).map((day) => at(day)));
const idsArb = fc.oneof(
  fc.constantFrom(...IDS).map((id): string | string[] | undefined => id),
  fc.subarray([...IDS], { minLength: 1, maxLength: 3 }),
  fc.constant(undefined),
);

/** Membership of `ids` (all when undefined) at `instant`, as one string. */
function membershipOf(ids: string | readonly string[] | undefined, profile: unknown, instant: number): string {
  const wanted = ids === undefined ? IDS : typeof ids === "string" ? [ids] : ids;
  const flags = SET.memberships(profile, instant);
  return wanted.map((id) => flags[IDS.indexOf(id)]).join("");
}

describe("nextChangeAt: property", () => {
  it("membership is unchanged before the returned instant and changes at it; null means never (400 days)", () => {
    fc.assert(
      fc.property(
        profileArb,
        nowArb,
        idsArb,
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 3, maxLength: 3 }),
        (profile, now, ids, searchDays, fractions) => {
          const next = SET.nextChangeAt(ids, profile, now, searchDays === undefined ? undefined : { searchDays });
          const initial = membershipOf(ids, profile, now);
          const today = Math.floor(now / DAY_MS);
          if (next === null) {
            for (let day = today + 1; day <= today + 400; day++) expect(membershipOf(ids, profile, at(day)), `at ${iso(at(day))}`).toBe(initial);
            return;
          }
          expect(next % DAY_MS).toBe(0); // a UTC midnight …
          expect(next).toBeGreaterThan(now); // … after now
          for (let midnight = at(today + 1); midnight < next; midnight += DAY_MS) expect(membershipOf(ids, profile, midnight), `at ${iso(midnight)}`).toBe(initial);
          for (const fraction of fractions) {
            const instant = Math.min(next - 1, Math.floor(now + fraction * (next - now))); // rounding could reach next
            expect(membershipOf(ids, profile, instant), `at ${iso(instant)}`).toBe(initial);
          }
          expect(membershipOf(ids, profile, next - 1)).toBe(initial);
          const endOfSearch = at(today + (searchDays ?? 366) + 1);
          if (next !== endOfSearch) {
            expect(membershipOf(ids, profile, next), `at ${iso(next)}`).not.toBe(initial);
            // and the new membership holds for the whole of that day
            expect(membershipOf(ids, profile, next + DAY_MS - 1)).toBe(membershipOf(ids, profile, next));
          } else {
            expect(next).toBeLessThanOrEqual(endOfSearch);
          }
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("asking again at the returned instant moves forward, and the chain of changes matches day-by-day evaluation", () => {
    fc.assert(
      fc.property(profileArb, nowArb, idsArb, (profile, now, ids) => {
        // Walk the changes for 120 days and compare with evaluating every midnight.
        const horizon = at(Math.floor(now / DAY_MS) + 121);
        const predicted: number[] = [];
        let cursor = now;
        for (let step = 0; step < 200; step++) {
          const next = SET.nextChangeAt(ids, profile, cursor, { searchDays: 120 });
          if (next === null || next >= horizon) break;
          expect(next).toBeGreaterThan(cursor);
          if (membershipOf(ids, profile, next) !== membershipOf(ids, profile, cursor)) predicted.push(next);
          cursor = next;
        }
        const observed: number[] = [];
        let previous = membershipOf(ids, profile, now);
        for (let midnight = at(Math.floor(now / DAY_MS) + 1); midnight < horizon; midnight += DAY_MS) {
          const current = membershipOf(ids, profile, midnight);
          if (current !== previous) observed.push(midnight);
          previous = current;
        }
        expect(predicted.map(iso)).toEqual(observed.map(iso));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("nextChangeAt: event aggregates looked up once per call (issue 20)", () => {
  it("a profile changed between two calls is read afresh (one call's lookups are never reused by the next)", () => {
    const set = compileSegments([{ id: "buyer-7", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } }]);
    const profile: { behaviour: unknown } = { behaviour: fold([{ name: "purchase", time: "2026-11-20T10:00:00Z" }]) };
    const now = "2026-11-23T12:00:00Z";
    expect(iso(set.nextChangeAt("buyer-7", profile, now))).toBe("2026-11-27T00:00:00.000Z");
    // The same object, its aggregates replaced in place: the next call sees the new purchase.
    profile.behaviour = fold([{ name: "purchase", time: "2026-11-22T10:00:00Z" }]);
    expect(iso(set.nextChangeAt("buyer-7", profile, now))).toBe("2026-11-29T00:00:00.000Z");
    profile.behaviour = null;
    expect(set.nextChangeAt("buyer-7", profile, now)).toBeNull();
  });
});

/*
 * Segments whose values change only when a day enters or leaves a window (no "days since", no RFM,
 * no clock operators): nextChangeAt tries only the midnights that can change them, not every one.
 * Dense profiles (many days, streaks, events dated after now) make those midnights many and close.
 */
describe("nextChangeAt: windowed segments, only the midnights that can change them (issue 20)", () => {
  const WINDOWED = compileSegments(
    [
      { id: "streak-3", rule: { ">=": [{ streak_days: "app_open" }, 3] } },
      { id: "streak-1", rule: { ">=": [{ streak_days: "app_open" }, 1] } },
      { id: "buyers-2d", rule: { ">=": [{ event_count: ["purchase", "2d"] }, 2] } },
      { id: "active-5-of-9", rule: { ">=": [{ active_days: ["app_open", "9d"] }, 5] } },
      { id: "spend-13d", rule: { ">": [{ event_sum: ["purchase", "amount", "13d"] }, 40] } },
      { id: "no-purchase-3d", rule: { never_did: ["purchase", "3d"] } },
      { id: "ever-opened", rule: { ">=": [{ event_count: "app_open" }, 4] } },
      { id: "last-seen", rule: { "!=": [{ last_seen: "purchase" }, null] } },
      { id: "mixed", rule: { or: [{ "==": [{ event_count: ["app_open", "1d"] }, 1] }, { ">=": [{ event_avg: ["purchase", "amount", "20d"] }, 50] }] }, exclude: ["streak-3"] },
    ],
    { horizonDays: 30 },
  );
  const dense = fc
    .array(fc.record({ name: fc.constantFrom("purchase", "app_open"), day: fc.integer({ min: -40, max: 12 }), ms: fc.integer({ min: 0, max: DAY_MS - 1 }), amount: fc.integer({ min: 0, max: 9_000 }) }), { maxLength: 40 })
    .map((events) => ({ behaviour: fold(events.map(({ name, day, ms, amount }) => ({ name, time: at(TODAY + day, ms), properties: { amount: amount / 100 } })), { events: { purchase: { properties: { amount: {} } }, app_open: {} }, horizonDays: 30 }) }));
  const ids = fc.oneof(fc.constantFrom(...WINDOWED.ids).map((id): string | string[] | undefined => id), fc.subarray([...WINDOWED.ids], { minLength: 1 }), fc.constant(undefined));

  it("equals evaluating every midnight: the first change within 80 days, or null when none comes", () => {
    fc.assert(
      fc.property(dense, fc.integer({ min: at(TODAY - 20), max: at(TODAY + 30) }), ids, (profile, now, asked) => {
        const wanted = asked === undefined ? WINDOWED.ids : typeof asked === "string" ? [asked] : asked;
        const membership = (instant: number): string => {
          const flags = WINDOWED.memberships(profile, instant);
          return wanted.map((id) => flags[WINDOWED.ids.indexOf(id)]).join("");
        };
        const initial = membership(now);
        let expected: number | null = null;
        for (let day = Math.floor(now / DAY_MS) + 1; day <= Math.floor(now / DAY_MS) + 80; day++) {
          if (membership(day * DAY_MS) !== initial) {
            expected = day * DAY_MS;
            break;
          }
        }
        expect(iso(WINDOWED.nextChangeAt(asked, profile, now, { searchDays: 80 }))).toBe(iso(expected));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
