import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSegments, countSegments, evaluateSegments, SegmentEvaluation, type MembershipRow } from "../../src/segments/index.js";
import { daysAgo, fold } from "../support/segment-fixtures.js";

const SEED = 20261123;
const NOW = daysAgo(0);

const segments = compileSegments([
  { id: "pro", rule: { "==": [{ var: "user.plan" }, "pro"] } },
  { id: "buyer-7d", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } },
  { id: "pro-buyer", rule: true, include: ["pro", "buyer-7d"] },
  { id: "nobody", rule: false },
  { id: "__proto__", rule: { var: "user.flag" } },
]);
const bought = fold([{ name: "purchase", time: daysAgo(1) }]);
const profiles = [
  { id: "u1", plan: "pro", behaviour: bought },
  { id: 42, plan: "free", behaviour: bought, flag: true },
  { plan: "pro" },
  { id: null, plan: "pro", behaviour: bought },
  { id: Number.NaN, plan: "free" },
  { id: { nested: 1 }, plan: "free" },
  "not an object",
  null,
];
const expectedRows: MembershipRow[] = [
  { userId: "u1", segments: ["pro", "buyer-7d", "pro-buyer"] },
  { userId: "42", segments: ["buyer-7d", "__proto__"] },
  { userId: null, segments: ["pro"] },
  { userId: null, segments: ["pro", "buyer-7d", "pro-buyer"] },
  { userId: null, segments: [] },
  { userId: null, segments: [] },
  { userId: null, segments: [] },
  { userId: null, segments: [] },
];
const expectedCounts = { profiles: 8, members: { pro: 3, "buyer-7d": 3, "pro-buyer": 2, nobody: 0, ["__proto__"]: 1 } };

async function* asyncProfiles<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe("evaluateSegments", () => {
  it("a synchronous iterable with for … of streams rows and counts every segment (zeros included)", () => {
    const run = evaluateSegments(profiles, segments, NOW);
    expect(run).toBeInstanceOf(SegmentEvaluation);
    expect(run.done).toBe(false);
    const rows: MembershipRow[] = [];
    for (const row of run) rows.push(row);
    expect(rows).toEqual(expectedRows);
    expect(run.done).toBe(true);
    expect(run.counts).toEqual(expectedCounts);
    expect(Object.keys(run.counts.members)).toEqual(segments.ids);
    expect(Object.hasOwn(run.counts.members, "__proto__")).toBe(true);
  });

  it("an async generator with for await", async () => {
    const run = evaluateSegments(asyncProfiles(profiles), segments, NOW);
    const rows: MembershipRow[] = [];
    for await (const row of run) rows.push(row);
    expect(rows).toEqual(expectedRows);
    expect(run.counts).toEqual(expectedCounts);
    expect(run.done).toBe(true);
  });

  it("a synchronous iterable with for await, and a generator (read lazily)", async () => {
    let read = 0;
    function* lazy() {
      for (const profile of profiles) {
        read++;
        yield profile;
      }
    }
    const run = evaluateSegments(lazy(), segments, NOW);
    expect(read).toBe(0);
    const rows: MembershipRow[] = [];
    for await (const row of run) {
      rows.push(row);
      expect(read).toBe(rows.length); // one profile at a time
      expect(run.counts.profiles).toBe(rows.length); // counts so far
    }
    expect(rows).toEqual(expectedRows);
    expect(run.counts).toEqual(expectedCounts);
  });

  it("counts of an empty stream list every segment with 0", async () => {
    const zeros = { profiles: 0, members: { pro: 0, "buyer-7d": 0, "pro-buyer": 0, nobody: 0, ["__proto__"]: 0 } };
    const run = evaluateSegments([], segments, NOW);
    expect(run.counts).toEqual(zeros);
    expect([...run]).toEqual([]);
    expect(run.done).toBe(true);
    expect(await countSegments(asyncProfiles([]), segments, NOW)).toEqual(zeros);
  });

  it("userId: a string as is, a finite number as decimal text, anything else null", () => {
    const ids = [...evaluateSegments([{ id: "" }, { id: 0 }, { id: -1.5 }, { id: 1e21 }, { id: Number.POSITIVE_INFINITY }, { id: true }, { id: ["a"] }, [1], {}], compileSegments([]), NOW)].map((row) => row.userId);
    expect(ids).toEqual(["", "0", "-1.5", "1e+21", null, null, null, null, null]);
    const inherited = Object.create({ id: "inherited" }) as object;
    expect([...evaluateSegments([inherited, JSON.parse('{"__proto__":{"id":"x"}}')], compileSegments([]), NOW)].map((row) => row.userId)).toEqual([null, null]);
  });

  it("an evaluation can be iterated only once", async () => {
    const run = evaluateSegments(profiles, segments, NOW);
    expect([...run]).toHaveLength(profiles.length);
    expect(() => [...run]).toThrow(TypeError);
    await expect(async () => {
      for await (const _row of run);
    }).rejects.toThrow(TypeError);
    const asyncRun = evaluateSegments(asyncProfiles(profiles), segments, NOW);
    for await (const _row of asyncRun);
    await expect(async () => {
      for await (const _row of asyncRun);
    }).rejects.toThrow(/only once/);
  });

  it("an AsyncIterable iterated with a plain for throws a TypeError saying to use for await", () => {
    const run = evaluateSegments(asyncProfiles(profiles), segments, NOW);
    expect(() => {
      for (const _row of run);
    }).toThrow(/for await/);
    expect(() => [...evaluateSegments(asyncProfiles([]), segments, NOW)]).toThrow(TypeError);
  });

  it("an invalid now is a TypeError at once", async () => {
    expect(() => evaluateSegments(profiles, segments, "tomorrow")).toThrow(TypeError);
    expect(() => evaluateSegments(profiles, segments, Number.NaN)).toThrow(TypeError);
    await expect(countSegments(profiles, segments, "2026-11-23T12:00:00")).rejects.toThrow(TypeError);
  });

  it("now as ISO text or a Date gives the same rows", () => {
    const iso = [...evaluateSegments(profiles, segments, new Date(NOW).toISOString())];
    const date = [...evaluateSegments(profiles, segments, new Date(NOW))];
    expect(iso).toEqual(expectedRows);
    expect(date).toEqual(expectedRows);
  });

  it("breaking out early leaves counts of what was streamed", () => {
    const run = evaluateSegments(profiles, segments, NOW);
    for (const _row of run) break;
    expect(run.done).toBe(false);
    expect(run.counts.profiles).toBe(1);
    expect(run.counts.members.pro).toBe(1);
  });

  it("an error from the profile source reaches the caller", async () => {
    async function* failing() {
      yield profiles[0];
      throw new Error("database went away");
    }
    await expect(countSegments(failing(), segments, NOW)).rejects.toThrow("database went away");
  });

  it("an endless source streams (memory does not grow with it)", () => {
    function* endless() {
      for (let i = 0; ; i++) yield { id: i, plan: i % 2 === 0 ? "pro" : "free" };
    }
    const run = evaluateSegments(endless(), segments, NOW);
    let seen = 0;
    for (const row of run) {
      if (++seen === 10_000) {
        expect(row.userId).toBe("9999");
        break;
      }
    }
    expect(run.counts.members.pro).toBe(5_000);
  });
});

describe("countSegments", () => {
  it("drains and returns the counts, sync or async", async () => {
    expect(await countSegments(profiles, segments, NOW)).toEqual(expectedCounts);
    expect(await countSegments(asyncProfiles(profiles), segments, NOW)).toEqual(expectedCounts);
    expect(await countSegments(new Set(profiles), segments, NOW)).toEqual(expectedCounts);
  });

  it("property: counts equal the number of profiles whose segmentsOf contains each id; rows equal segmentsOf", async () => {
    const profileArb = fc.oneof(
      fc.record({ id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), plan: fc.constantFrom("pro", "free"), flag: fc.boolean(), behaviour: fc.constantFrom(bought, fold([])) }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(profileArb, { maxLength: 30 }), fc.boolean(), async (list, useAsync) => {
        const run = evaluateSegments(useAsync ? asyncProfiles(list) : list, segments, NOW);
        const rows: MembershipRow[] = [];
        for await (const row of run) rows.push(row);
        expect(rows.map((row) => row.segments)).toEqual(list.map((profile) => segments.segmentsOf(profile, NOW)));
        const expected = Object.fromEntries(segments.ids.map((id) => [id, rows.filter((row) => row.segments.includes(id)).length]));
        expect(run.counts).toEqual({ profiles: list.length, members: expected });
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
