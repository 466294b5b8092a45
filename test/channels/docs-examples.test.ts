import { describe, expect, it } from "vitest";
import { chooseChannel, compileChannelCampaign, compileChannelPolicy } from "../../src/channels/index.js";

// The examples in docs/channels.md, run as written.
describe("docs/channels.md examples", () => {
  const campaign = { id: "cart-reminder", category: "promotional", channels: ["in_app", "push", "email"] as ("in_app" | "push" | "email")[], format: "modal" as const };
  const user = {
    timeZone: "Europe/Paris",
    session: { active: false },
    consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } },
  };
  const caps = { policy: { quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }] }, history: { deliveries: [] } };
  const now = "2026-11-23T22:00:00Z";

  it("the opening example: email now, push in quiet hours, in-app without a session", () => {
    expect(chooseChannel(campaign, user, now, { caps })).toEqual({
      campaignId: "cart-reminder",
      category: "promotional",
      strategy: "first-eligible",
      channel: "email",
      sendAt: Date.parse(now),
      deliveries: [{ channel: "email", sendAt: Date.parse(now), deferred: false, counts: true }],
      ranked: [
        { channel: "push", score: null, engagement: null },
        { channel: "email", score: null, engagement: null },
      ],
      rejected: [
        { channel: "in_app", reason: "no-active-session", detail: "the user is not in the app now (user.session.active is not true)" },
        { channel: "push", reason: "quiet-hours", rule: "night", retryAt: Date.parse("2026-11-24T07:00:00Z"), detail: 'quiet-hours rule "night" refuses it until 2026-11-24T07:00:00.000Z' },
      ],
      proofOfDelivery: false,
      timeZone: "Europe/Paris",
    });
  });

  it("with onBlocked: defer it waits for push until 08:00 in Paris", () => {
    const choice = chooseChannel({ ...campaign, onBlocked: "defer" }, user, now, { caps });
    expect([choice.channel, choice.sendAt]).toEqual(["push", Date.parse("2026-11-24T07:00:00Z")]);
  });

  it("the policy example compiles and does what its comments say", () => {
    const policy = compileChannelPolicy({
      categories: { outage: { ignoreQuietHours: false }, newsletter: { channels: ["email"] } },
      surfaces: { product_tour: ["web", "desktop", "ios"] },
      engagementPrior: { push: { alpha: 1, beta: 19 }, email: { alpha: 1, beta: 49 } },
      defaultTimeZone: "Europe/Paris",
    });
    expect(policy.categories.get("outage")).toMatchObject({ ignoreQuietHours: false, strategy: "all-eligible" });
    expect(policy.categories.get("newsletter")?.channels).toEqual(["email"]);
    expect(policy.surfaces.product_tour.has("ios")).toBe(true);
    expect(policy.priors.push).toEqual({ alpha: 1, beta: 19 });
    expect(policy.priors.sms).toEqual({ alpha: 1, beta: 1 });
  });

  it("the error message quoted for a reactivation campaign that lists in-app", () => {
    expect(() => compileChannelCampaign({ id: "come-back", category: "reactivation", channels: ["push", "in_app"] })).toThrow(
      "invalid campaign channels: in_app is not a channel of the reactivation category (it allows push, web_push, email) at /channels/1",
    );
  });
});
