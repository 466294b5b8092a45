import { describe, expect, it } from "vitest";
import { ConfigError, createEngine } from "../../src/index.js";
import { compileMetricsConfig, createOutcomeState, foldOutcomes, kpis, MetricsConfigError, settleOutcomes, type AttributionModel, type MetricsEvent } from "../../src/metrics/index.js";

const H = 3_600_000;
const T = Date.UTC(2026, 10, 2, 10);
const config = (model: AttributionModel) =>
  compileMetricsConfig({
    attribution: { model, influence: { messages: 1, window: "2h" } },
    campaigns: [
      { id: "a", conversions: [{ id: "buy", event: "purchase", window: "24h" }] },
      { id: "b", conversions: [{ id: "buy", event: "purchase", window: "24h" }] },
      { id: "c", conversions: [{ id: "buy", event: "purchase", window: "24h" }] },
    ],
  });
const sent = (campaign: string, at: number): MetricsEvent => ({ outcome: "sent", id: `s-${campaign}`, userId: "u", time: at, campaignId: campaign, channel: "push", deliveryId: campaign });
const delivered = (campaign: string, at: number): MetricsEvent => ({ outcome: "delivered", id: `d-${campaign}`, userId: "u", time: at, deliveryId: campaign });
const touches: MetricsEvent[] = [sent("a", T), delivered("a", T), sent("b", T + H), delivered("b", T + H), sent("c", T + 2 * H), delivered("c", T + 2 * H)];
const purchase: MetricsEvent = { name: "purchase", id: "p1", userId: "u", time: T + 3 * H, revenue: 900, currency: "EUR", orderId: "o1" };

const credited = (model: AttributionModel, events: MetricsEvent[]) =>
  Object.fromEntries(kpis(foldOutcomes(createOutcomeState(), events, config(model)), { by: ["campaign"] }).map((row) => [row.campaign, [row.conversions, row.revenue["EUR"] ?? 0]]));

describe("attribution models", () => {
  it("credit a conversion to the messages whose window holds it, as each model says", () => {
    expect(credited("last-touch", [...touches, purchase])).toEqual({ a: [0, 0], b: [0, 0], c: [1, 900] });
    expect(credited("first-touch", [...touches, purchase])).toEqual({ a: [1, 900], b: [0, 0], c: [0, 0] });
    expect(credited("all-touch", [...touches, purchase])).toEqual({ a: [1, 900], b: [1, 900], c: [1, 900] });
    expect(credited("linear", [...touches, purchase])).toEqual({ a: [1 / 3, 300], b: [1 / 3, 300], c: [1 / 3, 300] });
    // influenced: the last 1 message within 2 hours
    expect(credited("influenced", [...touches, purchase])).toEqual({ a: [0, 0], b: [0, 0], c: [1, 900] });
  });

  it("an explicit campaignId overrides the model; a repeated orderId counts once; outside the window nothing is credited", () => {
    expect(credited("last-touch", [...touches, { ...purchase, campaignId: "a" }])).toEqual({ a: [1, 900], b: [0, 0], c: [0, 0] });
    expect(credited("last-touch", [...touches, purchase, { ...purchase, id: "p2", time: T + 4 * H }])).toEqual({ a: [0, 0], b: [0, 0], c: [1, 900] });
    expect(credited("last-touch", [...touches, { ...purchase, time: T + 30 * H }])).toEqual({ a: [0, 0], b: [0, 0], c: [0, 0] });
  });

  it("counts an event that comes after its user was settled past it as late, not folded", () => {
    const metrics = config("last-touch");
    const state = settleOutcomes(foldOutcomes(createOutcomeState(), touches, metrics), metrics, T + 10 * H);
    foldOutcomes(state, [purchase], metrics);
    expect(state.counts.late).toBe(1);
    expect(state.counts.folded).toBe(touches.length);
  });

  it("counts invalid and hostile events instead of throwing, and keeps nothing of the caller's", () => {
    const metrics = config("last-touch");
    const hostile = [null, 7, { outcome: "click", id: "x", userId: "u", time: Number.NaN, campaignId: "a" }, JSON.parse('{"__proto__": {"polluted": true}, "name": "purchase", "userId": "u", "time": 1}'), { name: "purchase", userId: "u", time: 1e20 }];
    const state = foldOutcomes(createOutcomeState(), hostile, metrics);
    expect(state.counts.invalid + state.counts.ignored + state.counts.folded).toBe(hostile.length);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("reports every config problem with its path", () => {
    expect(() => compileMetricsConfig({ campaigns: [{ id: "a", conversions: [{ id: "x", event: "purchase", window: "400d" }, { id: "x", event: "p", window: "1h", where: { nope: [] } }] }] })).toThrow(MetricsConfigError);
    try {
      compileMetricsConfig({ campaigns: [{ id: "a", conversions: [{ id: "x", event: "purchase", window: "1h", where: { nope: [] } }] }] });
    } catch (error) {
      expect((error as MetricsConfigError).problems[0]?.path).toBe("/campaigns/0/conversions/0/where");
    }
  });

  it("createEngine checks conversions' rules as compileMetricsConfig does, with paths", () => {
    const campaign = { id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi" } }, conversions: [{ id: "buy", event: "purchase", window: "1h", where: { nope: [] } }] };
    expect(() => createEngine({ campaigns: [campaign] } as never)).toThrow(ConfigError);
    try {
      createEngine({ campaigns: [campaign] } as never);
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.path)).toEqual(["/campaigns/0/conversions/0/where"]);
    }
  });
});
