import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assignVariant, checkLayerExclusivity, compileExperiment, type Experiment, type GlobalHoldout } from "../src/experiments/index.js";
import { compileRule, validateRule } from "../src/rules/index.js";

const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../examples/${name}`, import.meta.url)), "utf8")) as unknown;
const rules = read("trigger-rules.json") as { id: string; rule: unknown }[];
const inputs = read("inputs.json") as { label: string; data: unknown }[];

describe("the bundled examples (npm run demo)", () => {
  it.each(rules.map((trigger) => [trigger.id, trigger.rule] as const))("%s is a valid rule", (_id, rule) => {
    expect(validateRule(rule)).toEqual([]);
  });

  it("fire exactly where the demo says they do", () => {
    const fired = inputs.map((input) => rules.filter((trigger) => compileRule(trigger.rule)(input.data) === true).map((trigger) => trigger.id));
    expect(fired).toEqual([
      ["cart-abandonment-push", "team-upgrade-nudge", "camera-cross-sell"],
      ["win-back-daytime"],
      ["near-store-offer", "team-upgrade-nudge", "weekend-brunch-card"],
      [],
    ]);
  });

  it("experiments are valid, layer-exclusive, and assign as the demo prints", () => {
    const { holdout, experiments } = read("experiments.json") as { holdout: GlobalHoldout; experiments: Experiment[] };
    experiments.forEach((experiment) => compileExperiment(experiment));
    expect(checkLayerExclusivity(experiments)).toEqual([]);
    const byId = new Map(experiments.map((experiment) => [experiment.id, experiment]));
    const assign = (experimentId: string, unitId: string) => {
      const assignment = assignVariant(byId.get(experimentId)!, unitId, { holdout });
      return [assignment.variantId, assignment.reason];
    };
    expect(assign("cart-abandonment-push", "u-ada")).toEqual(["reminder", "assigned"]);
    expect(assign("team-upgrade-nudge", "u-ada")).toEqual(["control", "assigned"]);
    expect(assign("near-store-offer", "u-chloe")).toEqual(["control", "assigned"]);
    expect(assign("weekend-brunch-card", "u-chloe")).toEqual([null, "other-experiment-in-layer"]);
    expect(assign("cart-abandonment-push", "qa-device-1")).toEqual(["reminder-with-discount", "forced"]);
  });
});
