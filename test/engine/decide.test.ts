import { describe, expect, it } from "vitest";
import { createEngine, type EngineHistory } from "../../src/index.js";
import { foldEvents } from "../../src/segments/index.js";
import { campaign, config, DAY, HOUR, MINUTE, NOW, reachableUser } from "../support/engine-fixtures.js";

const tap = { name: "tap" };

describe("decide: trigger index and condition", () => {
  it("sends the campaigns the event triggers, and only those", () => {
    const engine = createEngine(config([campaign("a"), campaign("b", { trigger: { event: "other" } })]));
    const result = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId)).toEqual(["a"]);
    expect(result.decisions[0]).toMatchObject({ channel: "push", sendAt: NOW, deferred: false, variantId: null, content: { title: "a title" }, priority: 0, category: "promotional" });
    expect(result.records).toEqual([{ type: "delivery", delivery: { at: NOW, channel: "push", campaign: "a" } }]);
    expect(engine.decide({ event: { name: "nothing" }, user: reachableUser(), now: NOW })).toEqual({ decisions: [], suppressed: [], records: [] });
  });

  it("evaluates the trigger's condition on { event, user, session, now }", () => {
    const where = { and: [{ "==": [{ var: "event.properties.category" }, "chips"] }, { "==": [{ var: "session.platform" }, "ios"] }, { ">": [{ var: "now" }, 0] }] };
    const engine = createEngine(config([campaign("a", { trigger: { event: "add", where } })]));
    const chips = engine.decide({ event: { name: "add", properties: { category: "chips" } }, user: reachableUser(), now: NOW });
    expect(chips.decisions).toHaveLength(1);
    const fruit = engine.decide({ event: { name: "add", properties: { category: "fruit" } }, user: reachableUser(), now: NOW });
    expect(fruit.suppressed).toEqual([{ campaignId: "a", step: "trigger", reason: "condition-false", detail: "add happened but the trigger's condition does not hold" }]);
  });

  it("skips draft, paused and archived campaigns", () => {
    const engine = createEngine(config([campaign("a", { status: "paused" }), campaign("b", { status: "draft" })]));
    expect(engine.decide({ event: tap, user: reachableUser(), now: NOW }).decisions).toEqual([]);
    expect(engine.explain("a", { event: tap, user: reachableUser(), now: NOW }).steps).toEqual([{ step: "status", verdict: "fail", reason: "paused", detail: "the campaign is paused" }]);
  });
});

describe("decide: schedule", () => {
  it("sends only inside the window, days and hours in the user's zone, and says when it could", () => {
    const engine = createEngine(config([campaign("a", { schedule: { start: "2026-11-01T00:00:00Z", end: "2026-12-01T00:00:00Z", days: ["mon", "tue"], hours: { from: "09:00", to: "12:00" } } })]));
    // 13:00 in Paris on a Monday: past the hours; next is Tuesday 09:00 Paris = 08:00Z.
    const late = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(late.suppressed).toEqual([{ campaignId: "a", step: "schedule", reason: "outside-hours", detail: "13:00 is outside its hours 09:00–12:00 in Europe/Paris", retryAt: Date.parse("2026-11-24T08:00:00Z") }]);
    // Tokyo: 21:00 Monday → next is Tuesday 09:00 Tokyo = 00:00Z.
    const tokyo = engine.decide({ event: tap, user: reachableUser({ timeZone: "Asia/Tokyo" }), now: NOW });
    expect(tokyo.suppressed[0]?.retryAt).toBe(Date.parse("2026-11-24T00:00:00Z"));
    // Wednesday 10:00 Paris: wrong day; next is Monday 09:00 Paris.
    const wednesday = engine.decide({ event: tap, user: reachableUser(), now: Date.parse("2026-11-25T09:00:00Z") });
    expect(wednesday.suppressed[0]).toMatchObject({ reason: "outside-days", retryAt: Date.parse("2026-11-30T08:00:00Z") });
    expect(engine.decide({ event: tap, user: reachableUser(), now: Date.parse("2026-11-24T09:00:00Z") }).decisions).toHaveLength(1);
    // After the end: never again.
    expect(engine.decide({ event: tap, user: reachableUser(), now: Date.parse("2026-12-01T09:00:00Z") }).suppressed[0]).toMatchObject({ reason: "ended", retryAt: null });
  });

  it("falls back to the config's zone for a user with an unknown zone", () => {
    const engine = createEngine(config([campaign("a", { schedule: { hours: { from: "09:00", to: "12:00" } } })], { timeZone: "America/New_York" }));
    // 07:00 in New York.
    const result = engine.decide({ event: tap, user: reachableUser({ timeZone: "Mars/Olympus" }), now: NOW });
    expect(result.suppressed[0]).toMatchObject({ reason: "outside-hours", retryAt: Date.parse("2026-11-23T14:00:00Z") });
  });
});

describe("decide: audience", () => {
  const segments = [
    { id: "buyers", rule: { ">=": [{ event_count: "purchase" }, 1] } },
    { id: "french", rule: { "==": [{ var: "user.attributes.country" }, "FR"] } },
  ];
  const behaviour = foldEvents(null, [{ name: "purchase", time: NOW - DAY }], { events: { purchase: {} } });
  const engine = createEngine(config([campaign("a", { audience: { include: ["buyers"], exclude: ["french"], where: { "==": [{ var: "user.attributes.plan" }, "plus"] } } })], { segments }));

  it("includes, excludes and checks the audience condition", () => {
    const user = (attributes: object, withBehaviour = true) => reachableUser({ attributes, ...(withBehaviour ? { behaviour } : {}) });
    expect(engine.decide({ event: tap, user: user({ plan: "plus" }), now: NOW }).decisions).toHaveLength(1);
    expect(engine.decide({ event: tap, user: user({ plan: "plus" }, false), now: NOW }).suppressed[0]).toMatchObject({ step: "audience", reason: "not-in-segment", detail: "not in segment buyers" });
    expect(engine.decide({ event: tap, user: user({ plan: "plus", country: "FR" }), now: NOW }).suppressed[0]).toMatchObject({ step: "audience", reason: "excluded-segment" });
    expect(engine.decide({ event: tap, user: user({ plan: "free" }), now: NOW }).suppressed[0]).toMatchObject({ step: "audience", reason: "condition-false" });
  });
});

describe("decide: experiments and holdout", () => {
  const experiment = {
    variants: [
      { id: "image", content: { push: { image: "https://cdn/x.png" } } },
      { id: "plain" },
      { id: "control" },
    ],
    control: "control",
  };
  const engine = createEngine(config([campaign("a", { experiment })]));
  const users = Array.from({ length: 3_000 }, (_, index) => reachableUser({ id: `u${index}` }));

  it("splits users deterministically, with each variant's content, and records exposures", () => {
    const counts: Record<string, number> = {};
    for (const user of users) {
      const result = engine.decide({ event: tap, user, now: NOW });
      const exposure = result.records.find((record) => record.type === "exposure");
      expect(exposure).toBeDefined();
      const variant = exposure!.type === "exposure" ? exposure!.exposure.variant! : "";
      counts[variant] = (counts[variant] ?? 0) + 1;
      if (variant === "control") {
        expect(result.decisions).toEqual([]);
        expect(result.suppressed[0]).toMatchObject({ step: "experiment", reason: "control", detail: "control of experiment a: nothing is sent; the exposure is recorded" });
      } else {
        expect(result.decisions[0]?.variantId).toBe(variant);
        expect(result.decisions[0]?.content).toEqual(variant === "image" ? { title: "a title", image: "https://cdn/x.png" } : { title: "a title" });
      }
      expect(engine.decide({ event: tap, user, now: NOW + DAY })).toEqual(engine.decide({ event: tap, user, now: NOW + DAY }));
    }
    for (const variant of ["image", "plain", "control"]) expect(counts[variant]! / users.length).toBeGreaterThan(0.3);
  });

  it("records no control exposure when the message would not have gone out anyway", () => {
    const controlUser = users.find((user) => engine.decide({ event: tap, user, now: NOW }).suppressed[0]?.reason === "control")!;
    const unreachable = { ...controlUser, consents: {} };
    const result = engine.decide({ event: tap, user: unreachable, now: NOW });
    expect(result.records).toEqual([]);
    expect(result.suppressed[0]).toMatchObject({ step: "experiment", reason: "control" });
    expect(result.suppressed[0]?.detail).toContain("no exposure is recorded");
  });

  it("holds out a share of users from every campaign, except critical categories", () => {
    const held = createEngine(
      config([campaign("promo"), campaign("pay", { category: "payment_failure", channels: ["push", "email"], content: { push: { title: "x" }, email: { subject: "y", text: "y" } } })], { holdout: { id: "h", share: 0.1 } }),
    );
    let heldOut = 0;
    for (const user of users) {
      const result = held.decide({ event: tap, user, now: NOW });
      expect(result.decisions.some((decision) => decision.campaignId === "pay")).toBe(true);
      if (result.suppressed.some((entry) => entry.reason === "holdout")) {
        heldOut++;
        expect(result.records).toContainEqual({ type: "exposure", exposure: { campaign: "promo", experiment: "h", variant: null, control: false, holdout: true, at: NOW } });
      }
    }
    expect(heldOut / users.length).toBeGreaterThan(0.07);
    expect(heldOut / users.length).toBeLessThan(0.13);
  });

  it("without a user id, an experiment cannot bucket", () => {
    const result = engine.decide({ event: tap, user: { ...reachableUser(), id: undefined }, now: NOW });
    expect(result.suppressed[0]).toMatchObject({ step: "experiment", reason: "missing-unit-id" });
  });
});

describe("decide: channels and caps", () => {
  it("falls back to the next channel and says why not the first", () => {
    const engine = createEngine(config([campaign("a", { channels: ["push", "email"], content: { push: { title: "p" }, email: { subject: "e", text: "e" } } })]));
    const user = reachableUser({ consents: { email: { optedIn: true, verified: true } } });
    const result = engine.decide({ event: tap, user, now: NOW });
    expect(result.decisions.map((decision) => decision.channel)).toEqual(["email"]);
  });

  it("suppresses at the channel step when nothing is eligible", () => {
    const engine = createEngine(config([campaign("a")]));
    const result = engine.decide({ event: tap, user: reachableUser({ consents: {} }), now: NOW });
    expect(result.suppressed[0]).toMatchObject({ step: "channel", reason: "not-opted-in" });
  });

  it("a new user with nothing but an id: the suppression and explain name the user fields each channel needs", () => {
    const engine = createEngine(config([campaign("a", { channels: ["in_app", "push", "email", "sms"], format: "banner", content: { in_app: { title: "i" }, push: { title: "p" }, email: { subject: "e", text: "e" }, sms: { text: "s" } } })]));
    const input = { event: tap, user: { id: "new-user" }, now: NOW };
    const detail =
      "no eligible channel: in_app: the user is not in the app now (user.session.active is not true); " +
      "push: the user has not opted in to push (user.consents.push.optedIn is not true); " +
      "email: the user has not opted in to email (user.consents.email.optedIn is not true); " +
      "sms: the user has not opted in to sms (user.consents.sms.optedIn is not true)";
    expect(engine.decide(input).suppressed).toEqual([{ campaignId: "a", step: "channel", reason: "no-active-session", detail }]);
    expect(engine.explain("a", input).steps.find((step) => step.step === "channel")).toEqual({ step: "channel", verdict: "fail", reason: "no-active-session", detail });
    const optedIn = { id: "new-user", consents: { push: { optedIn: true }, email: { optedIn: true } } };
    expect(engine.decide({ ...input, user: optedIn }).suppressed[0]?.detail).toBe(
      "no eligible channel: in_app: the user is not in the app now (user.session.active is not true); " +
        "push: no valid, unexpired ios or android token in user.consents.push.tokens; " +
        "email: the email address is not verified (user.consents.email.verified is not true); " +
        "sms: the user has not opted in to sms (user.consents.sms.optedIn is not true)",
    );
  });

  it("defers to the end of quiet hours at the exact instant", () => {
    const engine = createEngine(config([campaign("a", { onBlocked: "defer" })], { caps: { quietHours: [{ id: "night", channels: ["push"], from: "21:00", to: "08:00" }] } }));
    const night = Date.parse("2026-11-23T22:30:00Z"); // 23:30 in Paris
    const result = engine.decide({ event: tap, user: reachableUser(), now: night });
    expect(result.decisions[0]).toMatchObject({ channel: "push", sendAt: Date.parse("2026-11-24T07:00:00Z"), deferred: true });
    expect(result.records[0]).toEqual({ type: "delivery", delivery: { at: Date.parse("2026-11-24T07:00:00Z"), channel: "push", campaign: "a" } });
  });

  const banner = (id: string, fields: object = {}) => campaign(id, { channels: ["in_app"], format: "banner", content: { in_app: { title: id } }, ...fields });
  const oneADay = { caps: [{ id: "one-a-day", scope: { all: true as const }, limit: 1, window: { calendar: "day" as const } }] };

  it("suppresses at the caps step, with the instant it could go, when the channel cannot wait", () => {
    const engine = createEngine(config([banner("a")], { caps: oneADay }));
    const history: EngineHistory = { deliveries: [{ at: NOW - HOUR, channel: "email", campaign: "other" }] };
    const result = engine.decide({ event: tap, user: reachableUser(), history, now: NOW });
    expect(result.suppressed).toEqual([expect.objectContaining({ campaignId: "a", step: "caps", reason: "cap", retryAt: Date.parse("2026-11-23T23:00:00Z") })]);
  });

  it("a channel that can wait is deferred to the instant the cap frees up", () => {
    const engine = createEngine(config([campaign("a")], { caps: oneADay }));
    const history: EngineHistory = { deliveries: [{ at: NOW - HOUR, channel: "email", campaign: "other" }] };
    const result = engine.decide({ event: tap, user: reachableUser(), history, now: NOW });
    expect(result.decisions[0]).toMatchObject({ channel: "push", deferred: true, sendAt: Date.parse("2026-11-23T23:00:00Z") });
  });

  it("campaigns of one event share the caps: the higher priority one wins", () => {
    const engine = createEngine(config([banner("low", { priority: 1 }), banner("high", { priority: 5 })], { caps: oneADay }));
    const result = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId)).toEqual(["high"]);
    expect(result.suppressed).toEqual([expect.objectContaining({ campaignId: "low", step: "caps", reason: "cap" })]);
  });

  it("applies per-campaign caps and re-eligibility", () => {
    const engine = createEngine(config([campaign("a", { caps: [{ limit: 2, window: { rolling: "7d" } }] }), campaign("b", { reEligibility: { after: "3d" } }), campaign("c", { reEligibility: "once" })]));
    const history: EngineHistory = {
      deliveries: [
        { at: NOW - DAY, channel: "push", campaign: "a" },
        { at: NOW - 2 * DAY, channel: "push", campaign: "a" },
        { at: NOW - DAY, channel: "push", campaign: "b" },
        { at: NOW - 30 * DAY, channel: "push", campaign: "c" },
      ],
    };
    const result = engine.decide({ event: tap, user: reachableUser(), history, now: NOW });
    expect(result.decisions).toEqual([expect.objectContaining({ campaignId: "a", deferred: true, sendAt: NOW + 5 * DAY })]);
    const by = Object.fromEntries(result.suppressed.map((entry) => [entry.campaignId, entry]));
    expect(by.b).toMatchObject({ step: "trigger", reason: "not-re-eligible", retryAt: NOW + 2 * DAY });
    expect(by.c).toMatchObject({ step: "trigger", reason: "not-re-eligible", retryAt: null });
  });

  it("an in-app cooldown spaces in-app messages", () => {
    const inApp = (id: string) => campaign(id, { channels: ["in_app"], format: "banner", content: { in_app: { title: id } } });
    const engine = createEngine(config([inApp("a")], { arbitration: { inAppCooldown: "10m" } }));
    const history: EngineHistory = { deliveries: [{ at: NOW - 5 * MINUTE, channel: "in_app", campaign: "x", session: "session-1" }] };
    expect(engine.decide({ event: tap, user: reachableUser(), history, now: NOW }).suppressed[0]).toMatchObject({ step: "caps", reason: "cooldown" });
    expect(engine.decide({ event: tap, user: reachableUser(), history, now: NOW + 5 * MINUTE }).decisions).toHaveLength(1);
  });
});

describe("decide: arbitration", () => {
  const inApp = (id: string, fields: object = {}) => campaign(id, { channels: ["in_app"], format: "modal", content: { in_app: { title: id } }, ...fields });

  it("shows at most one modal per event: priority, then the smaller id", () => {
    const engine = createEngine(config([inApp("zeta", { priority: 3 }), inApp("beta", { priority: 3 }), inApp("alpha", { priority: 1 })]));
    const result = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId)).toEqual(["beta"]);
    expect(result.suppressed.map((entry) => [entry.campaignId, entry.step, entry.reason])).toEqual([
      ["zeta", "arbitration", "blocking-limit"],
      ["alpha", "arbitration", "blocking-limit"],
    ]);
    expect(result.decisions[0]).toMatchObject({ format: "modal", dismissible: true });
  });

  it("limits each placement, lets other formats through, and caps messages per event", () => {
    const card = (id: string, priority: number) => inApp(id, { format: "card", placement: "cart", priority });
    const engine = createEngine(config([card("c1", 2), card("c2", 1), inApp("m", { priority: 0 }), campaign("p", { priority: -1 })], { arbitration: { maxPerEvent: 2 } }));
    const result = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId)).toEqual(["c1", "m"]);
    expect(Object.fromEntries(result.suppressed.map((entry) => [entry.campaignId, entry.reason]))).toEqual({ c2: "placement-limit", p: "max-per-event" });
  });
});

describe("decide: personalisation", () => {
  it("renders user and event fields, with fallbacks; HTML-escaped for email only", () => {
    const engine = createEngine(
      config([
        campaign("a", {
          channels: ["push", "email"],
          strategy: "all-eligible",
          content: {
            push: {
              title: "Hi {{ user.attributes.first_name | default: \"there\" }}, {{ event.properties.product }} is waiting",
              deepLink: "shop://p/{{ event.properties.id }}",
              buttons: [{ id: "open", label: "Open {{ event.properties.product }}", action: { type: "deep_link", url: "shop://p/{{ event.properties.id | url_encode }}" } }],
            },
            email: { subject: "Hi {{ user.attributes.first_name }}", html: "<p>Hi {{ user.attributes.first_name | default: \"there\" }}</p>" },
          },
        }),
      ]),
    );
    const user = reachableUser({ attributes: { first_name: "<script>x</script>" } });
    const result = engine.decide({ event: { name: "tap", properties: { product: "Chips & Dip", id: "a b/c" } }, user, now: NOW });
    const content = Object.fromEntries(result.decisions.map((decision) => [decision.channel, decision.content]));
    // Text as is in a push, values URL-encoded in links (once: url_encode already did it), HTML-escaped in an email's HTML only.
    expect(content.push).toEqual({
      title: "Hi <script>x</script>, Chips & Dip is waiting",
      deepLink: "shop://p/a%20b%2Fc",
      buttons: [{ id: "open", label: "Open Chips & Dip", action: { type: "deep_link", url: "shop://p/a+b%2Fc" } }],
    });
    expect(content.email).toEqual({ subject: "Hi <script>x</script>", html: "<p>Hi &lt;script&gt;x&lt;/script&gt;</p>" });
    const anonymous = engine.decide({ event: tap, user: { ...reachableUser(), attributes: null }, now: NOW });
    expect(anonymous.decisions[0]?.content.title).toBe("Hi there,  is waiting");
  });
});

describe("delayed triggers and due", () => {
  const behaviourPolicy = { events: { purchase: {}, app_open: {}, checkout: {} } };
  const cart = campaign("cart", { trigger: { event: "checkout", delay: "1h", cancelOn: ["purchase"] }, content: { push: { title: "{{ event.properties.item }}" } } });

  it("a delayed trigger becomes pending, then due sends it with the event's content", () => {
    const engine = createEngine(config([cart], { behaviour: behaviourPolicy }));
    const user = reachableUser();
    const first = engine.decide({ event: { name: "checkout", properties: { item: "chips" } }, user, now: NOW });
    expect(first.decisions).toEqual([]);
    const pending = first.records.flatMap((record) => (record.type === "pending" ? [record.pending] : []));
    expect(pending).toEqual([{ campaign: "cart", triggeredAt: NOW, dueAt: NOW + HOUR, event: { name: "checkout", properties: { item: "chips" } } }]);
    expect(engine.explain("cart", { event: { name: "checkout" }, user, now: NOW }).outcome).toBe("pending");
    // A second trigger while one waits is refused.
    expect(engine.decide({ event: { name: "checkout" }, user, history: { pending }, now: NOW + MINUTE }).suppressed[0]).toMatchObject({ reason: "already-pending" });
    expect(engine.due({ user, history: { pending }, now: NOW + 30 * MINUTE }).decisions).toEqual([]);
    expect(engine.nextCheckAt(user, NOW + 30 * MINUTE, { pending })).toBe(NOW + HOUR);
    const due = engine.due({ user, history: { pending }, now: NOW + HOUR });
    expect(due.decisions[0]).toMatchObject({ campaignId: "cart", channel: "push", content: { title: "chips" } });
    expect(due.records).toContainEqual({ type: "pending-resolved", campaign: "cart", triggeredAt: NOW });
  });

  it("a cancel event after the trigger cancels it", () => {
    const engine = createEngine(config([cart], { behaviour: behaviourPolicy }));
    const behaviour = foldEvents(null, [{ name: "purchase", time: NOW + 10 * MINUTE }], behaviourPolicy);
    const pending = [{ campaign: "cart", triggeredAt: NOW, dueAt: NOW + HOUR, event: { name: "checkout" } }];
    const due = engine.due({ user: reachableUser({ behaviour }), history: { pending }, now: NOW + HOUR });
    expect(due.decisions).toEqual([]);
    expect(due.suppressed).toEqual([{ campaignId: "cart", step: "trigger", reason: "cancelled", detail: "purchase happened after the trigger", retryAt: null }]);
    expect(due.records).toEqual([{ type: "pending-resolved", campaign: "cart", triggeredAt: NOW }]);
    // Asked later, nextCheckAt says to call due now: the cancelled trigger must be cleared (it would block the next one).
    expect(engine.nextCheckAt(reachableUser({ behaviour }), NOW + 2 * HOUR, { pending })).toBe(NOW + 2 * HOUR);
  });

  it("inactivity: due once the user has not done the event for the period, once per user", () => {
    const engine = createEngine(config([campaign("winback", { category: "win_back", trigger: { inactivity: { event: "app_open", for: "14d" } } })], { behaviour: behaviourPolicy }));
    const behaviour = foldEvents(null, [{ name: "app_open", time: NOW - 10 * DAY }], behaviourPolicy);
    const user = reachableUser({ behaviour, session: { active: false } });
    expect(engine.due({ user, now: NOW }).suppressed[0]).toMatchObject({ step: "trigger", reason: "active", retryAt: NOW + 4 * DAY });
    expect(engine.nextCheckAt(user, NOW)).toBe(NOW + 4 * DAY);
    const due = engine.due({ user, now: NOW + 4 * DAY });
    expect(due.decisions.map((decision) => decision.campaignId)).toEqual(["winback"]);
    const history = { deliveries: due.records.flatMap((record) => (record.type === "delivery" ? [record.delivery] : [])) };
    expect(engine.due({ user, history, now: NOW + 5 * DAY }).suppressed[0]).toMatchObject({ reason: "not-re-eligible", retryAt: null });
    expect(engine.nextCheckAt(user, NOW + 5 * DAY, history)).toBeNull();
  });

  it("segment entry: due while in the segment; nextCheckAt from the segment's next change", () => {
    const segments = [{ id: "lapsed", rule: { ">=": [{ days_since_last: "purchase" }, 30] } }];
    const engine = createEngine(config([campaign("lapsed-buyer", { trigger: { segmentEntry: "lapsed" } })], { segments, behaviour: behaviourPolicy }));
    const behaviour = foldEvents(null, [{ name: "purchase", time: Date.parse("2026-11-01T10:00:00Z") }], behaviourPolicy);
    const user = reachableUser({ behaviour });
    expect(engine.due({ user, now: NOW }).decisions).toEqual([]);
    expect(engine.nextCheckAt(user, NOW)).toBe(Date.parse("2026-12-01T00:00:00Z"));
    expect(engine.due({ user, now: Date.parse("2026-12-01T00:00:00Z") }).decisions).toHaveLength(1);
  });

  it("scheduled: a local wall-clock time in each user's zone", () => {
    const engine = createEngine(config([campaign("xmas", { trigger: { scheduled: { at: "2026-12-24T09:00" } } })]));
    const paris = reachableUser();
    const tokyo = reachableUser({ timeZone: "Asia/Tokyo" });
    expect(engine.nextCheckAt(paris, NOW)).toBe(Date.parse("2026-12-24T08:00:00Z"));
    expect(engine.nextCheckAt(tokyo, NOW)).toBe(Date.parse("2026-12-24T00:00:00Z"));
    expect(engine.due({ user: tokyo, now: Date.parse("2026-12-24T00:00:00Z") }).decisions).toHaveLength(1);
    expect(engine.due({ user: paris, now: Date.parse("2026-12-24T00:00:00Z") }).decisions).toHaveLength(0);
  });
});

describe("explain", () => {
  it("shows each step and its verdict", () => {
    const engine = createEngine(config([campaign("a", { channels: ["push", "email"], content: { push: { title: "p" }, email: { subject: "e", text: "e" } } })]));
    const explanation = engine.explain("a", { event: tap, user: reachableUser({ consents: { email: { optedIn: true, verified: true } } }), now: NOW });
    expect(explanation.outcome).toBe("sent");
    expect(explanation.steps.map((step) => [step.step, step.verdict])).toEqual([
      ["schedule", "pass"],
      ["trigger", "pass"],
      ["audience", "pass"],
      ["experiment", "pass"],
      ["channel", "pass"],
      ["caps", "pass"],
      ["arbitration", "pass"],
    ]);
    expect(explanation.steps.find((step) => step.step === "channel")?.detail).toBe("eligible: email");
    expect(explanation.decisions).toHaveLength(1);
  });

  it("says when another event would be needed, and refuses unknown campaigns", () => {
    const engine = createEngine(config([campaign("a")]));
    expect(engine.explain("a", { event: { name: "other" }, user: {}, now: NOW })).toMatchObject({
      outcome: "not-triggered",
      steps: [{ step: "trigger", verdict: "fail", detail: "waits for the event tap, not other" }],
    });
    expect(() => engine.explain("nope", { user: {}, now: NOW })).toThrow(RangeError);
  });

  it("agrees with decide", () => {
    const engine = createEngine(config([campaign("a", { schedule: { hours: { from: "09:00", to: "10:00" } } })]));
    const input = { event: tap, user: reachableUser(), now: NOW };
    const explanation = engine.explain("a", input);
    expect(explanation.suppression).toEqual(engine.decide(input).suppressed[0]);
    expect(explanation.steps.map((step) => step.verdict)).toEqual(["fail", "not-reached", "not-reached", "not-reached", "not-reached", "not-reached", "not-reached"]);
  });
});
