import { describe, expect, it } from "vitest";
import { assertAllInvariants, checkAllInvariants } from "../../src/testing/index.js";
import { exampleConfig, pushCampaign, SEED } from "./fixtures.js";

describe("checkAllInvariants", () => {
  it("all four hold on the example", () => {
    const report = assertAllInvariants(exampleConfig(), { maxPerDay: 6, seed: SEED, numRuns: 20 });
    expect(report.message).toMatch(/^all 4 invariants hold/);
    expect(Object.values(report.reports).every((entry) => entry.ok)).toBe(true);
  });

  it("names each invariant that fails", () => {
    const config = { segments: [{ id: "nobody", rule: false }], campaigns: [pushCampaign("a"), pushCampaign("b"), pushCampaign("c", { trigger: { segmentEntry: "nobody" } })] };
    const report = checkAllInvariants(config, { maxPerDay: 1, seed: SEED, numRuns: 20 });
    expect(report.ok).toBe(false);
    expect(report.reports.dailyMessageLimit.ok).toBe(false);
    expect(report.reports.reachability.ok).toBe(false);
    expect(report.reports.layerExclusivity.ok).toBe(true);
    expect(report.reports.criticalNotInAppOnly.ok).toBe(true);
    expect(report.message).toMatch(/^daily-message-limit: user/);
    expect(report.message).toContain("\n\nreachability: 1 of 3 active campaigns");
    expect(() => assertAllInvariants(config, { maxPerDay: 1, seed: SEED, numRuns: 20 })).toThrow(/^daily-message-limit, reachability does not hold/);
  });
});
