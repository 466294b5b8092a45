import { describe, expect, it } from "vitest";
import { assertCampaignLayers, checkCampaignLayers } from "../../src/testing/index.js";
import { exampleConfig, pushCampaign, SEED } from "./fixtures.js";

const inLayer = (id: string, range: [number, number], layer = "L") => pushCampaign(id, { experiment: { variants: [{ id: "a" }, { id: "b" }], layer: { id: layer, range } } });

describe("checkCampaignLayers", () => {
  it("holds on the example (one experiment in its layer)", () => {
    const report = checkCampaignLayers(exampleConfig(), { seed: SEED });
    expect(report.ok).toBe(true);
    expect(report.message).toContain("1 campaign experiment in 1 layer(s) own disjoint slices");
  });

  it("samples unit ids when a layer holds several campaigns on disjoint slices", () => {
    const config = { layers: [{ id: "L" }, { id: "M" }], campaigns: [inLayer("one", [0, 0.5]), inLayer("two", [0.5, 1]), inLayer("three", [0, 1], "M")] };
    const report = assertCampaignLayers(config, { seed: SEED, numRuns: 300 });
    expect(report.runs).toBe(300);
  });

  it("reports overlapping slices by campaign, with a unit that gets both, though createEngine refuses the config", () => {
    const config = { layers: [{ id: "L" }], campaigns: [inLayer("one", [0, 0.6]), inLayer("two", [0.5, 1])] };
    const report = checkCampaignLayers(config, { seed: SEED, numRuns: 500 });
    expect(report.ok).toBe(false);
    expect(report.counterexample!.problems).toEqual([{ path: "/campaigns/1/experiment/layer/range", message: 'campaign "two": overlaps experiment "one" in layer "L" (buckets 5000…5999)' }]);
    const unit = report.counterexample!.unit!;
    expect(unit.layer).toBe("L");
    expect(unit.assignments.map((entry) => entry.campaignId)).toEqual(["one", "two"]);
    expect(report.configProblems?.some((problem) => problem.message.includes("overlaps"))).toBe(true);
    expect(report.message).toContain("/campaigns/1/experiment/layer/range");
    expect(report.message).toContain(`unit ${JSON.stringify(unit.unitId)} gets`);
  });

  it("a config refused for another reason is not ok, but says the layers are fine", () => {
    const config = { layers: [{ id: "L" }], campaigns: [inLayer("one", [0, 0.5]), { ...inLayer("two", [0.5, 1]), category: "nope" }] };
    const report = checkCampaignLayers(config, { seed: SEED, numRuns: 50 });
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/own disjoint slices.*but createEngine refused the config/s);
  });
});
