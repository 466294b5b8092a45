/**
 * A journey's goal is a conversion of its messages in nudgekit/metrics: each message counts under the
 * journey's id with its step as the variant, and the attribution model credits the goal (last-touch:
 * the last step sent before it).
 */
import { describe, expect, it } from "vitest";
import { applyRecords, createEngine, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import { compileMetricsConfig, createOutcomeState, deliveryIdOf, foldOutcomes, kpis, MetricsConfigError, outcomesOfResult, type MetricsEvent } from "../../src/metrics/index.js";
import { reachableUser } from "../support/engine-fixtures.js";

const T = Date.parse("2026-03-02T10:00:00Z");
const DAY = 86_400_000;
const push = (title: string) => ({ type: "message" as const, channels: ["push" as const], content: { push: { title } } });
const config: EngineConfigInput = {
  campaigns: [],
  journeys: [
    {
      id: "onboarding",
      entry: { event: "signed_up" },
      goal: { event: "purchase", where: { ">=": [{ var: "event.properties.total" }, 10] }, window: "14d" },
      start: "welcome",
      nodes: { welcome: { ...push("Welcome"), next: "wait" }, wait: { type: "delay", for: "2d", next: "tip" }, tip: push("A tip") },
    },
  ],
};

describe("journeys in nudgekit/metrics", () => {
  it("credits the goal to the last step sent before it, and reports per step", () => {
    const engine = createEngine(config);
    const metrics = compileMetricsConfig(config);
    const user = { ...reachableUser(), session: { active: false } };
    const events: MetricsEvent[] = [];
    let history: EngineHistory = {};
    const signedUp = engine.decide({ event: { name: "signed_up" }, user, history, now: T });
    events.push(...outcomesOfResult("user-1", signedUp));
    history = applyRecords(history, signedUp.records);
    const woken = engine.due({ user, history, now: T + 2 * DAY });
    events.push(...outcomesOfResult("user-1", woken));
    expect(events.map((event) => ("variantId" in event ? event.variantId : null))).toEqual(["welcome", "tip"]);
    expect(events[1]).toMatchObject({ campaignId: "onboarding", deliveryId: `onboarding/push/${T + 2 * DAY}/1/tip/0` });
    events.push({ name: "purchase", id: "p1", userId: "user-1", time: T + 3 * DAY, properties: { total: 25 }, revenue: 2500, currency: "EUR" });
    const rows = kpis(foldOutcomes(createOutcomeState(), events, metrics), { by: ["campaign", "variant"] });
    expect(rows.map((row) => [row.campaign, row.variant, row.sent, row.conversions])).toEqual([
      ["onboarding", "tip", 1, 1],
      ["onboarding", "welcome", 1, 0],
    ]);
    expect(rows[0]?.byConversion).toEqual([expect.objectContaining({ id: "goal", campaign: "onboarding", conversions: 1, revenue: { EUR: 2500 } })]);
    // A purchase the goal's where refuses is no conversion.
    const small = kpis(foldOutcomes(createOutcomeState(), [...events.slice(0, 2), { name: "purchase", id: "p2", userId: "user-1", time: T + 3 * DAY, properties: { total: 5 } }], metrics), { by: [] });
    expect(small[0]?.conversions).toBe(0);
  });

  it("gives two steps sent at one instant two delivery ids", () => {
    const at = { campaignId: "onboarding", channel: "push", sendAt: T };
    expect(deliveryIdOf({ ...at, journey: { entry: 1, node: "a", iteration: 0 } })).not.toBe(deliveryIdOf({ ...at, journey: { entry: 1, node: "b", iteration: 0 } }));
    expect(deliveryIdOf(at)).toBe(`onboarding/push/${T}`);
  });

  it("refuses a journey id that a campaign has, and a goal rule that is not JSON Logic, with their paths", () => {
    expect(() => compileMetricsConfig({ campaigns: [{ id: "onboarding" }], journeys: [{ id: "onboarding" }] })).toThrow(/at \/journeys\/0\/id/);
    expect(() => compileMetricsConfig({ campaigns: [], journeys: [{ id: "j", goal: { event: "purchase", where: { nope: [] }, window: "1d" } }] })).toThrow(MetricsConfigError);
  });
});
