import { describe, expect, it } from "vitest";
import { applyOutcome, applyRecords, createEngine, loadEngine, prepareConfig, type Engine, type EngineConfigInput, type EngineHistory, type FullEngineHistory } from "../../src/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { DAY, HOUR, MINUTE, NOW, reachableUser } from "../support/engine-fixtures.js";

/*
 * Issue 21: engagement-aware rules as config, not code. The engine gives trigger and audience rules
 * (and segments) the user's message history, and `applyOutcome` keeps its engagement.
 */

/** Each way an engine runs its rules: closures, generated code, and a prepared config loaded. */
function engines(config: EngineConfigInput): [string, Engine][] {
  return [
    ["closures", createEngine(config, { backend: "closures" })],
    ["codegen", createEngine(config, { backend: codegenBackend })],
    ["prepared", loadEngine(JSON.parse(JSON.stringify(prepareConfig(config))))],
  ];
}

const user = reachableUser({ timeZone: "UTC", session: { active: false } });
const email = { subject: "Still thinking it over?", html: "<p>Your cart is waiting</p>" };

describe("clicked the cart push but did not buy in 24 h → email (pure config)", () => {
  const config: EngineConfigInput = {
    timeZone: "UTC",
    campaigns: [
      { id: "cart-push", category: "promotional", channels: ["push"], trigger: { event: "checkout_started", delay: "1h" }, content: { push: { title: "Your cart" } } },
      {
        id: "cart-email",
        category: "promotional",
        channels: ["email"],
        // Checked again when the delay is over: 24 hours after the push went out.
        trigger: { event: "checkout_started", delay: "25h" },
        audience: { where: { and: [{ ">": [{ clicked: [{ campaign: "cart-push" }, "25h"] }, 0] }, { "==": [{ converted: [{ campaign: "cart-push" }, "25h"] }, 0] }] } },
        content: { email },
      },
    ],
  };

  /** Checkout at NOW, the push an hour later, then the outcomes given, then the due check at NOW + 25 h. */
  function play(engine: Engine, outcomes: (history: FullEngineHistory) => FullEngineHistory) {
    let history = applyRecords(undefined, engine.decide({ event: { name: "checkout_started" }, user, now: NOW }).records);
    expect(history.pending.map((pending) => pending.campaign).sort()).toEqual(["cart-email", "cart-push"]);
    const push = engine.due({ user, history, now: NOW + HOUR });
    expect(push.decisions.map((decision) => [decision.campaignId, decision.channel])).toEqual([["cart-push", "push"]]);
    history = outcomes(applyRecords(history, push.records));
    const input = { user, history: deepFreeze(history), now: NOW + 25 * HOUR };
    return { result: engine.due(input), explanation: engine.explain("cart-email", input) };
  }
  const click = (history: FullEngineHistory) => applyOutcome(history, { outcome: "click", id: "o-1", userId: "user-1", time: NOW + HOUR + 5 * MINUTE, campaignId: "cart-push" });

  it.each(engines(config))("sends the email after a click without a purchase (%s)", (_name, engine) => {
    const { result } = play(engine, click);
    expect(result.decisions.map((decision) => [decision.campaignId, decision.channel, decision.sendAt])).toEqual([["cart-email", "email", NOW + 25 * HOUR]]);
  });

  it.each(engines(config))("sends nothing after a purchase credited to the push, and explains why (%s)", (_name, engine) => {
    const bought = (history: FullEngineHistory) => applyOutcome(click(history), { name: "purchase", id: "order-9", userId: "user-1", time: NOW + 3 * HOUR, revenue: 4_200, currency: "EUR", campaignId: "cart-push" });
    const { result, explanation } = play(engine, bought);
    expect(result.decisions).toEqual([]);
    expect(result.suppressed).toEqual([{ campaignId: "cart-email", step: "audience", reason: "condition-false", detail: "the audience condition does not hold" }]);
    expect(explanation.outcome).toBe("suppressed");
    expect(explanation.steps.find((step) => step.step === "audience")).toMatchObject({ verdict: "fail", reason: "condition-false" });
  });

  it.each(engines(config))("sends nothing when the push was not clicked, or only opened (%s)", (_name, engine) => {
    expect(play(engine, (history) => history).result.decisions).toEqual([]);
    const opened = (history: FullEngineHistory) => applyOutcome(history, { outcome: "open", id: "o-2", userId: "user-1", time: NOW + 2 * HOUR, campaignId: "cart-push" });
    expect(play(engine, opened).result.decisions).toEqual([]);
  });
});

describe("never opens push → prefer email (pure config)", () => {
  const neverOpensPush = { and: [{ ">=": [{ received: [{ channel: "push" }, "30d"] }, 3] }, { "==": [{ opened: [{ channel: "push" }, "30d"] }, 0] }] };
  const content = { push: { title: "20% off" }, email: { subject: "20% off", html: "<p>This week only</p>" } };
  const config: EngineConfigInput = {
    timeZone: "UTC",
    campaigns: [
      { id: "sale", category: "promotional", channels: ["push", "email"], trigger: { event: "sale_started" }, audience: { where: { "!": neverOpensPush } }, content },
      { id: "sale-by-email", category: "promotional", channels: ["email", "push"], trigger: { event: "sale_started" }, audience: { where: neverOpensPush }, content },
    ],
  };
  const pushes: EngineHistory = { deliveries: [1, 8, 15].map((days) => ({ at: NOW - days * DAY, channel: "push", campaign: "weekly", tags: ["marketing"] })) };
  const decide = (engine: Engine, history: EngineHistory) => engine.decide({ event: { name: "sale_started" }, user, history, now: NOW });

  it.each(engines(config))("sends email to a user who received push and never opened it (%s)", (_name, engine) => {
    const result = decide(engine, pushes);
    expect(result.decisions.map((decision) => [decision.campaignId, decision.channel])).toEqual([["sale-by-email", "email"]]);
    expect(result.suppressed).toEqual([{ campaignId: "sale", step: "audience", reason: "condition-false", detail: "the audience condition does not hold" }]);
  });

  it.each(engines(config))("keeps push for a user who opens it, and for a new user (%s)", (_name, engine) => {
    const opened = applyOutcome(pushes, { outcome: "open", id: "o-1", userId: "user-1", time: NOW - 8 * DAY + HOUR, campaignId: "weekly" });
    expect(opened.engagement).toEqual([{ at: NOW - 8 * DAY + HOUR, kind: "opened", campaign: "weekly", channel: "push", tags: ["marketing"], id: "o-1" }]);
    expect(decide(engine, opened).decisions.map((decision) => [decision.campaignId, decision.channel])).toEqual([["sale", "push"]]);
    expect(decide(engine, {}).decisions.map((decision) => [decision.campaignId, decision.channel])).toEqual([["sale", "push"]]);
    // A privacy proxy's open is no open.
    const proxied = applyOutcome(pushes, { outcome: "open", id: "o-2", userId: "user-1", time: NOW - 8 * DAY + HOUR, campaignId: "weekly", machine: true });
    expect(decide(engine, proxied).decisions.map((decision) => decision.campaignId)).toEqual(["sale-by-email"]);
  });
});

describe("segments read the history in the engine", () => {
  const config: EngineConfigInput = {
    timeZone: "UTC",
    segments: [
      {
        id: "clicked-cart-no-buy",
        rule: { and: [{ ">=": [{ hours_since: { last_clicked_at: "cart-push" } }, 24] }, { "==": [{ converted: ["cart-push", "7d"] }, 0] }] },
      },
    ],
    campaigns: [
      { id: "cart-email", category: "promotional", channels: ["email"], trigger: { segmentEntry: "clicked-cart-no-buy" }, reEligibility: { after: "7d" }, content: { email } },
      { id: "tip", category: "promotional", channels: ["push"], trigger: { event: "app_open" }, audience: { exclude: ["clicked-cart-no-buy"] }, content: { push: { title: "Tip" } } },
    ],
  };
  const clicked: EngineHistory = { engagement: [{ at: NOW - 30 * HOUR, kind: "clicked", campaign: "cart-push", channel: "push" }] };

  it.each(engines(config))("due and audiences (%s)", (_name, engine) => {
    expect(engine.due({ user, history: clicked, now: NOW }).decisions.map((decision) => decision.campaignId)).toEqual(["cart-email"]);
    expect(engine.due({ user, history: clicked, now: NOW - 7 * HOUR }).decisions).toEqual([]);
    expect(engine.due({ user, now: NOW }).decisions).toEqual([]);
    // The change is found at a midnight (UTC) at the latest, as for the rules engine's clock operators.
    expect(engine.nextCheckAt(user, NOW - 7 * HOUR, clicked)).toBe(Date.parse("2026-11-24T00:00:00Z"));
    expect(engine.decide({ event: { name: "app_open" }, user, history: clicked, now: NOW }).suppressed).toEqual([{ campaignId: "tip", step: "audience", reason: "excluded-segment", detail: "in excluded segment clicked-cart-no-buy" }]);
    expect(engine.decide({ event: { name: "app_open" }, user, now: NOW }).decisions.map((decision) => decision.campaignId)).toEqual(["tip"]);
  });
});

describe("hostile histories never make a decision throw", () => {
  const config: EngineConfigInput = {
    timeZone: "UTC",
    campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap", where: { "==": [{ clicked: [{}, "30d"] }, 0] } }, content: { push: { title: "a" } } }],
  };
  const sends = (engine: Engine, history: unknown) => engine.decide({ event: { name: "tap" }, user, history: history as EngineHistory, now: NOW }).decisions.length;

  it.each(engines(config))("malformed entries are skipped; prototype keys read as missing (%s)", (_name, engine) => {
    const click = { at: NOW - HOUR, kind: "clicked", campaign: "x" };
    expect(sends(engine, { engagement: [click] })).toBe(0);
    for (const bad of [{ ...click, at: 9e15 }, { ...click, at: "2026-11-23T11:00:00Z" }, { ...click, at: Number.NaN }, { ...click, kind: "tapped" }, { ...click, campaign: "" }, { ...click, channel: ["push"] }, Object.create(click), null, [click], "clicked"]) {
      expect(sends(engine, { engagement: [bad] })).toBe(1);
    }
    for (const history of [JSON.parse(`{"__proto__": {"engagement": [${JSON.stringify(click)}]}}`), Object.create({ engagement: [click] }), "history", 42, [click], { engagement: { 0: click, length: 1 } }]) {
      expect(sends(engine, history)).toBe(1);
    }
  });

  it.each(engines(config))("a huge history stops the rule at its budget: the condition does not hold (%s)", (_name, engine) => {
    const huge = { engagement: new Array(3_000_000).fill({ at: NOW - HOUR, kind: "opened", campaign: "x" }) };
    const result = engine.decide({ event: { name: "tap" }, user, history: huge, now: NOW });
    expect(result.suppressed).toEqual([{ campaignId: "a", step: "trigger", reason: "condition-false", detail: "tap happened but the trigger's condition does not hold" }]);
  });

  it("decide changes nothing in the history, and returns nothing of it", () => {
    const engine = createEngine(config);
    const history = deepFreeze({ deliveries: [{ at: NOW - DAY, channel: "push", campaign: "a", tags: ["t"] }], engagement: [{ at: NOW - 40 * DAY, kind: "clicked" as const, campaign: "x" }] });
    const before = JSON.stringify(history);
    const result = engine.decide({ event: { name: "tap" }, user, history, now: NOW });
    expect(result.decisions).toHaveLength(1);
    expect(JSON.stringify(history)).toBe(before);
    const seen = new Set<unknown>([history, history.deliveries, history.engagement, ...history.deliveries, ...history.engagement, history.deliveries[0]!.tags]);
    const walk = (value: unknown): void => {
      expect(seen.has(value)).toBe(false);
      if (typeof value === "object" && value !== null) for (const child of Object.values(value)) walk(child);
    };
    walk(result);
  });
});
