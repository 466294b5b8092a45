import { describe, expect, it } from "vitest";
import { createEngine, type EngineConfigInput } from "../../src/index.js";

// The opening example of docs/engine.md, run as written.
describe("docs/engine.md examples", () => {
  const config: EngineConfigInput = {
    timeZone: "Europe/Paris",
    behaviour: { events: { checkout_started: {}, purchase: {}, app_open: {} } },
    caps: {
      caps: [{ id: "marketing-2-a-day", scope: { tag: "marketing" }, limit: 2, window: { calendar: "day" } }],
      quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }],
    },
    campaigns: [
      {
        id: "cart-abandonment",
        priority: 80,
        category: "promotional",
        tags: ["marketing"],
        channels: ["push", "email"],
        onBlocked: "defer",
        trigger: { event: "checkout_started", where: { ">": [{ var: "event.properties.value" }, 0] }, delay: "1h", cancelOn: ["purchase"] },
        content: {
          push: { title: "Still thinking it over?", body: '{{ user.attributes.first_name | default: "Hi" }}, your {{ event.properties.product_name }} is waiting' },
          email: { subject: "Your cart", html: '<p>Hi {{ user.attributes.first_name | default: "there" }}</p>' },
        },
      },
    ],
  };
  const engine = createEngine(config);
  const user = {
    id: "u-ada",
    attributes: { first_name: "Ada" },
    timeZone: "Europe/Paris",
    session: { active: false },
    consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } },
  };
  const event = { name: "checkout_started", properties: { value: 42, product_name: "chips" } };

  it("decide records a pending trigger; nextCheckAt says when; due sends it past the quiet hours", () => {
    const first = engine.decide({ event, user, now: "2026-11-23T20:30:00Z" });
    expect(first.decisions).toEqual([]);
    const pending = { campaign: "cart-abandonment", triggeredAt: Date.parse("2026-11-23T20:30:00Z"), dueAt: Date.parse("2026-11-23T21:30:00Z"), event };
    expect(first.records).toEqual([{ type: "pending", pending }]);
    const history = { pending: [pending] };
    expect(engine.nextCheckAt(user, "2026-11-23T20:30:00Z", history)).toBe(Date.parse("2026-11-23T21:30:00Z"));
    const at = Date.parse("2026-11-24T07:00:00Z");
    expect(engine.due({ user, history, now: "2026-11-23T21:30:00Z" })).toEqual({
      decisions: [{ campaignId: "cart-abandonment", variantId: null, channel: "push", sendAt: at, deferred: true, content: { title: "Still thinking it over?", body: "Ada, your chips is waiting" }, priority: 80, category: "promotional" }],
      suppressed: [],
      records: [
        { type: "pending-resolved", campaign: "cart-abandonment", triggeredAt: pending.triggeredAt },
        { type: "delivery", delivery: { at, channel: "push", campaign: "cart-abandonment", tags: ["marketing"] } },
      ],
    });
  });

  it("explain names the step verdicts; an untriggered campaign says what it waits for", () => {
    const explanation = engine.explain("cart-abandonment", { event: { name: "tap" }, user, now: "2026-11-23T20:30:00Z" });
    expect(explanation).toMatchObject({ outcome: "not-triggered", steps: [{ step: "trigger", verdict: "fail", detail: "waits for the event checkout_started, not tap" }] });
  });
});
