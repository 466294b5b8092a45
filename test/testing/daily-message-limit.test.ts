import { describe, expect, it } from "vitest";
import { assertDailyMessageLimit, checkDailyMessageLimit, InvariantError } from "../../src/testing/index.js";
import { exampleConfig, pushCampaign, SEED } from "./fixtures.js";

describe("checkDailyMessageLimit", () => {
  it("holds on the example: at most 6 counted messages a day, and at most 3 pushes (its push cap)", () => {
    const all = checkDailyMessageLimit(exampleConfig(), { maxPerDay: 6, seed: SEED, numRuns: 30 });
    expect(all.message).toMatch(/^no user received more than 6 messages/);
    expect(all).toMatchObject({ ok: true, invariant: "daily-message-limit", runs: 30, seed: SEED });
    expect(checkDailyMessageLimit(exampleConfig(), { maxPerDay: 3, channels: ["push"], seed: SEED, numRuns: 20 }).ok).toBe(true);
  });

  it("fails on the example for a limit of 1, with the day's deliveries", () => {
    const report = checkDailyMessageLimit(exampleConfig(), { maxPerDay: 1, seed: SEED, numRuns: 25 });
    expect(report.ok).toBe(false);
    expect(report.counterexample!.count).toBeGreaterThan(1);
    expect(report.counterexample!.deliveries).toHaveLength(report.counterexample!.count);
  });

  it("three campaigns firing on one event with no caps break a limit of 2: the counterexample names them", () => {
    const config = { campaigns: [pushCampaign("a"), pushCampaign("b"), pushCampaign("c")] };
    const report = checkDailyMessageLimit(config, { maxPerDay: 2, seed: SEED, numRuns: 50 });
    expect(report.ok).toBe(false);
    const counterexample = report.counterexample!;
    expect(counterexample.count).toBe(3);
    expect(counterexample.deliveries.map((entry) => entry.delivery.campaign).sort()).toEqual(["a", "b", "c"]);
    // Shrunk to the essentials: one tap.
    expect(counterexample.events.map((event) => event.name)).toEqual(["tap"]);
    expect(counterexample.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report.message).toContain(`received 3 messages on ${counterexample.day}`);
    expect(report.message).toMatch(/push a by decide on tap/);
    expect(report.message).toMatch(/replay with \{ seed: \d+, path: "[\d:]+" \}/);
    // The same seed and path replay it.
    const replayed = checkDailyMessageLimit(config, { maxPerDay: 2, seed: report.seed!, path: report.path!, numRuns: 50 });
    expect(replayed.counterexample?.count).toBe(3);
  });

  it("a calendar-day cap of 2 makes the same config pass", () => {
    const config = { caps: { caps: [{ id: "two-a-day", scope: { all: true }, limit: 2, window: { calendar: "day" } }] }, campaigns: [pushCampaign("a"), pushCampaign("b"), pushCampaign("c")] };
    expect(checkDailyMessageLimit(config, { maxPerDay: 2, seed: SEED, numRuns: 50 }).ok).toBe(true);
  });

  it("does not count uncounted deliveries (payment failures) and filters by channel", () => {
    const urgent = (id: string) => ({ ...pushCampaign(id), category: "payment_failure" });
    expect(checkDailyMessageLimit({ campaigns: [urgent("x"), urgent("y"), urgent("z")] }, { maxPerDay: 0, seed: SEED, numRuns: 30 }).ok).toBe(true);
    expect(checkDailyMessageLimit({ campaigns: [pushCampaign("a"), pushCampaign("b")] }, { maxPerDay: 0, channels: ["email"], seed: SEED, numRuns: 30 }).ok).toBe(true);
  });

  it("reports a config createEngine refuses instead of throwing", () => {
    const report = checkDailyMessageLimit({ campaigns: [{ ...pushCampaign("a"), channels: ["fax"] }] }, { maxPerDay: 2, seed: SEED });
    expect(report.ok).toBe(false);
    expect(report.runs).toBe(0);
    expect(report.configProblems!.some((problem) => problem.path.startsWith("/campaigns/0/channels"))).toBe(true);
    expect(report.message).toMatch(/^createEngine refused the config \(\d+ problems?\)/);
    expect(report.message).toContain("/campaigns/0/channels");
    expect(checkDailyMessageLimit("not a config", { maxPerDay: 2 }).ok).toBe(false);
  });

  it("the assert variant throws an InvariantError with the report's message", () => {
    const config = { campaigns: [pushCampaign("a"), pushCampaign("b")] };
    expect(() => assertDailyMessageLimit(config, { maxPerDay: 1, seed: SEED, numRuns: 30 })).toThrow(InvariantError);
    expect(() => assertDailyMessageLimit(config, { maxPerDay: 1, seed: SEED, numRuns: 30 })).toThrow(/daily-message-limit does not hold:\nuser ".*" received 2 messages/);
    const once = { campaigns: [pushCampaign("a", { reEligibility: "once" }), pushCampaign("b", { reEligibility: "once" })] };
    expect(assertDailyMessageLimit(once, { maxPerDay: 2, seed: SEED, numRuns: 30 }).ok).toBe(true);
  });

  it("accepts the user's own arbitraries", async () => {
    const fc = await import("fast-check");
    const users = fc.constant({ id: "me", timeZone: "Asia/Tokyo", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } });
    const events = fc.constant([{ id: "1", name: "tap", time: Date.parse("2026-11-23T14:59:00Z") }, { id: "2", name: "tap", time: Date.parse("2026-11-23T15:01:00Z") }]);
    // 23:59 and 00:01 in Tokyo: two local days, one message each.
    const report = checkDailyMessageLimit({ campaigns: [pushCampaign("a")] }, { maxPerDay: 1, users, events, seed: SEED, numRuns: 3 });
    expect(report.ok).toBe(true);
    const utc = checkDailyMessageLimit({ campaigns: [pushCampaign("a")] }, { maxPerDay: 1, users: users.map((user) => ({ ...user, timeZone: "UTC" })), events, seed: SEED, numRuns: 3 });
    expect(utc.ok).toBe(false);
    expect(utc.counterexample).toMatchObject({ timeZone: "UTC", day: "2026-11-23", count: 2 });
  });

  it("refuses a limit that is not a whole number", () => {
    expect(() => checkDailyMessageLimit({ campaigns: [] }, { maxPerDay: 1.5 })).toThrow(RangeError);
  });
});
