/** bestSendTime: the user's own hours, the population's for new users, exploration, load spreading, DST, hostile input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestSendTime, HOURS_OF_WEEK } from "../../src/channels/index.js";
import { pinnedTimeZones } from "../../src/time-zones/index.js";

const H = 3_600_000;
const D = 24 * H;
const MONDAY = Date.UTC(2026, 10, 30, 8); // Monday 30 November 2026, 09:00 in Paris
const paris = { timeZone: "Europe/Paris", timeZones: pinnedTimeZones, epsilon: 0 };
/** Local wall clock of an instant in Paris, "HH:MM". */
const parisTime = (at: number): string => new Date(at).toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });

describe("bestSendTime", () => {
  it("sends at the hour the user engages in, at their own minute, on the 5-minute grid", () => {
    // Opens on earlier Mondays at 19:30 in Paris (18:30 UTC in winter).
    const opens = [1, 2, 3, 4].map((week) => ({ at: MONDAY - 7 * week * D + 10.5 * H, kind: "opened" }));
    const best = bestSendTime(opens, MONDAY, { ...paris, unitId: "u1" });
    expect(best.reason).toBe("user");
    expect(parisTime(best.at).slice(0, 2)).toBe("19");
    expect(best.hourOfWeek).toBe(24 + 19);
    expect((best.at - MONDAY) % (5 * 60_000)).toBe(0);
    expect(best.at).toBeGreaterThanOrEqual(MONDAY);
    expect(best.at).toBeLessThanOrEqual(MONDAY + D);
    // Users who share the hour spread over its minutes.
    const minutes = new Set(Array.from({ length: 40 }, (_, index) => parisTime(bestSendTime(opens, MONDAY, { ...paris, unitId: `user-${index}` }).at)));
    expect(minutes.size).toBeGreaterThan(6);
  });

  it("gives a user without history the population's best hour, and weighs their own engagement in as it grows", () => {
    const prior = Array.from({ length: HOURS_OF_WEEK }, (_, bin) => (bin % 24 === 12 ? 10 : 1)); // noon, every day
    expect(parisTime(bestSendTime([], MONDAY, { ...paris, prior, unitId: "new" }).at).slice(0, 2)).toBe("12");
    expect(bestSendTime([], MONDAY, { ...paris, prior }).reason).toBe("population");
    const evening = (count: number) => Array.from({ length: count }, (_, index) => ({ at: MONDAY - (index + 1) * 7 * D + 10.5 * H, kind: "clicked" }));
    expect(parisTime(bestSendTime(evening(1), MONDAY, { ...paris, prior, priorStrength: 50 }).at).slice(0, 2)).toBe("12");
    expect(parisTime(bestSendTime(evening(8), MONDAY, { ...paris, prior, priorStrength: 5 }).at).slice(0, 2)).toBe("19");
    // No prior and no data: every hour alike, the window's first instant.
    expect(bestSendTime([], MONDAY, paris)).toMatchObject({ at: MONDAY, reason: "no-preference" });
  });

  it("reads hours on the local clock across a DST change", () => {
    // Opens at 19:30 Paris in summer (17:30 UTC); the window is the Monday after clocks went back (CET).
    const summer = [1, 2, 3].map((week) => ({ at: Date.UTC(2026, 9, 19 - 7 * (week - 1), 17, 30), kind: "opened" })); // Mondays in October, CEST
    const afterChange = Date.UTC(2026, 10, 2, 8); // Monday 2 November, 09:00 CET
    const best = bestSendTime(summer, afterChange, { ...paris, halfLifeMs: 365 * D });
    expect(parisTime(best.at).slice(0, 2)).toBe("19");
    expect(new Date(best.at).getUTCHours()).toBe(18);
  });

  it("explores a share epsilon of the time, deterministically, and never outside the window", () => {
    const opens = [1, 2].map((week) => ({ at: MONDAY - 7 * week * D + 10.5 * H, kind: "opened" }));
    const runs = Array.from({ length: 2_000 }, (_, index) => bestSendTime(opens, MONDAY, { ...paris, epsilon: 0.1, unitId: `u${index}` }));
    const explored = runs.filter((run) => run.reason === "exploration").length / runs.length;
    expect(explored).toBeGreaterThan(0.08);
    expect(explored).toBeLessThan(0.12);
    expect(bestSendTime(opens, MONDAY, { ...paris, epsilon: 1, unitId: "u7" })).toEqual(bestSendTime(opens, MONDAY, { ...paris, epsilon: 1, unitId: "u7" }));
  });

  it("counts only people's opens and clicks, of the channel asked for, before now", () => {
    const at = MONDAY - 7 * D + 10.5 * H;
    expect(bestSendTime([{ at, kind: "opened", machine: true }], MONDAY, paris).reason).toBe("no-preference");
    expect(bestSendTime([{ at, kind: "converted" }], MONDAY, paris).reason).toBe("no-preference");
    expect(bestSendTime([{ at, kind: "opened", channel: "email" }], MONDAY, { ...paris, channel: "push" }).reason).toBe("no-preference");
    expect(bestSendTime([{ at: MONDAY + H, kind: "opened" }], MONDAY, paris).reason).toBe("no-preference");
    expect(() => bestSendTime([], MONDAY, { withinMs: 30 * 60_000 })).toThrow(RangeError);
    expect(() => bestSendTime([], MONDAY, { prior: [1, 2] })).toThrow(/168 weights/);
  });

  it("never throws on hostile engagement, and always answers within the window on the grid", () => {
    const entry = fc.oneof(
      fc.record({ at: fc.oneof(fc.integer({ min: MONDAY - 400 * D, max: MONDAY + D }), fc.constant(Number.NaN), fc.constant(8.64e15 + 1), fc.constant("2026-11-01")), kind: fc.constantFrom("opened", "clicked", "converted", "__proto__"), machine: fc.boolean(), channel: fc.constantFrom("push", "email", 7) }),
      fc.constantFrom(null, 5, "x", [], JSON.parse('{"__proto__": {"at": 1}}')),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }), fc.constantFrom("Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Mars/Olympus"), fc.integer({ min: 1, max: 168 }), (entries, now, timeZone, hours) => {
        const best = bestSendTime(entries, now, { timeZone, timeZones: pinnedTimeZones, withinMs: hours * H, unitId: "u", epsilon: 0.2 });
        expect(best.at).toBeGreaterThanOrEqual(now);
        expect(best.at).toBeLessThanOrEqual(now + hours * H);
        expect(best.share).toBeGreaterThan(0);
        expect(best.share).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("bestSendTime with Thompson sampling over hours", () => {
  const thompson = { timeZone: "Europe/Paris", timeZones: pinnedTimeZones, exploration: "thompson" as const };
  const opens = (count: number) => Array.from({ length: count }, (_, index) => ({ at: MONDAY - (index % 4 + 1) * 7 * D + 10.5 * H - (index % 3) * 60_000, kind: "opened" }));

  it("is deterministic: the same user, seed and day give the same instant", () => {
    const first = bestSendTime(opens(3), MONDAY, { ...thompson, unitId: "u-9", seed: "digest" });
    expect(bestSendTime(opens(3), MONDAY, { ...thompson, unitId: "u-9", seed: "digest" })).toEqual(first);
  });

  it("explores much for a user with little engagement and little for one with much", () => {
    const evening = (count: number) => Array.from({ length: 200 }, (_, index) => bestSendTime(opens(count), MONDAY, { ...thompson, unitId: `u-${index}` }));
    const atEvening = (picks: ReturnType<typeof evening>) => picks.filter((pick) => parisTime(pick.at).startsWith("19")).length;
    const settled = evening(40);
    const unsure = evening(1);
    expect(atEvening(settled)).toBeGreaterThan(190);
    expect(atEvening(unsure)).toBeLessThan(atEvening(settled));
    // Off the greedy hour, the pick says it explored; on it, what settled it.
    for (const pick of [...settled, ...unsure]) expect(pick.reason).toBe(parisTime(pick.at).startsWith("19") ? "user" : "exploration");
  });

  it("spreads users without any data over the window instead of sending all at its start", () => {
    const hours = new Set(Array.from({ length: 100 }, (_, index) => bestSendTime([], MONDAY, { ...thompson, unitId: `new-${index}` }).hourOfWeek));
    expect(hours.size).toBeGreaterThan(10);
    // With no prior strength and no data there is nothing to draw from: the window's first instant.
    expect(bestSendTime([], MONDAY, { ...thompson, priorStrength: 0, unitId: "x" })).toMatchObject({ at: MONDAY, reason: "no-preference" });
  });

  it("refuses an unknown exploration", () => {
    expect(() => bestSendTime([], MONDAY, { exploration: "random" as never })).toThrow(RangeError);
  });
});
