import { describe, expect, it } from "vitest";
import { assertReachability, checkReachability, InvariantError } from "../../src/testing/index.js";
import { exampleConfig, pushCampaign, SEED } from "./fixtures.js";

describe("checkReachability", () => {
  it("reaches every active campaign of the example, the due-triggered ones included", () => {
    const report = checkReachability(exampleConfig(), { seed: SEED, numRuns: 60 });
    expect(report.message).toMatch(/^all 8 active campaigns were sent to some generated user/);
    expect(report.ok).toBe(true);
    const byId = new Map(report.campaigns.map((reach) => [reach.campaignId, reach]));
    expect(byId.get("win-back")).toMatchObject({ reached: true, trigger: "inactivity:app_open" });
    expect(byId.get("nps-survey")).toMatchObject({ reached: true, trigger: "segmentEntry:active-7-days" });
    expect(byId.get("terms-update")).toMatchObject({ reached: true, trigger: "scheduled" });
    expect(byId.get("cross-sell-drinks")?.witness?.event?.properties).toMatchObject({ category: "chips" });
    expect(byId.get("cart-abandonment")?.witness?.event?.properties?.value).toBeGreaterThan(0);
  });

  it("names a campaign whose condition can never hold, with the suppression seen most", () => {
    const config = exampleConfig();
    config.campaigns.push(pushCampaign("impossible", { trigger: { event: "checkout_started", where: { and: [{ "==": [{ var: "event.properties.value" }, 1] }, { "==": [{ var: "event.properties.value" }, 2] }] } } }));
    config.campaigns.push(pushCampaign("drafted", { status: "draft", trigger: { event: "checkout_started", where: { "==": [1, 2] } } }));
    const report = checkReachability(config, { seed: SEED, numRuns: 40 });
    expect(report.ok).toBe(false);
    const unreachable = report.counterexample!.unreachable;
    expect(unreachable.map((reach) => reach.campaignId)).toEqual(["impossible"]);
    expect(unreachable[0]!.probes).toBe(40);
    expect(unreachable[0]!.suppressions[0]).toMatchObject({ step: "trigger", reason: "condition-false", count: 40 });
    expect(report.message).toContain("1 of 9 active campaigns were never sent in 40 cases each:");
    expect(report.message).toContain("impossible (event:checkout_started): most often suppressed at trigger/condition-false (40 of 40)");
    expect(() => assertReachability(config, { seed: SEED, numRuns: 10, campaigns: ["impossible"] })).toThrow(InvariantError);
  });

  it("names a due-triggered campaign nobody can enter, and an audience that excludes everyone", () => {
    const config = {
      segments: [{ id: "nobody", rule: false }, { id: "everybody", rule: true }],
      campaigns: [
        pushCampaign("entry", { trigger: { segmentEntry: "nobody" } }),
        pushCampaign("excluded", { audience: { exclude: ["everybody"] } }),
        pushCampaign("fine"),
      ],
    };
    const report = checkReachability(config, { seed: SEED, numRuns: 20 });
    expect(report.counterexample!.unreachable.map((reach) => [reach.campaignId, reach.suppressions[0]?.step, reach.suppressions[0]?.reason])).toEqual([
      ["entry", "trigger", "not-in-segment"],
      ["excluded", "audience", "excluded-segment"],
    ]);
    expect(report.campaigns.find((reach) => reach.campaignId === "fine")?.reached).toBe(true);
  });

  it("reports a config createEngine refuses instead of throwing", () => {
    const report = checkReachability({ campaigns: [pushCampaign("a", { trigger: { event: "tap", where: { nope: [1] } } })] });
    expect(report).toMatchObject({ ok: false, runs: 0, campaigns: [] });
    expect(report.configProblems?.[0]?.path).toMatch(/^\/campaigns\/0\/trigger\/where/);
  });

  it("refuses to check a campaign that is not active or does not exist", () => {
    expect(() => checkReachability({ campaigns: [pushCampaign("a")] }, { campaigns: ["b"] })).toThrow(/no active campaign "b"/);
  });
});
