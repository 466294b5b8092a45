import { describe, expect, it } from "vitest";
import { recordDelivery, type CapPolicyInput, type DeliveryHistory } from "../../src/caps/index.js";
import { chooseChannel, engagementScore, readChannelUser, type Channel, type ChannelChoice, type ChannelUserInput } from "../../src/channels/index.js";
import { H, NOW, outOfSession, reachableUser } from "../support/channel-fixtures.js";

const sent = (choice: ChannelChoice): Channel[] => choice.deliveries.map((delivery) => delivery.channel);
const promo = (channels: Channel[], extra: object = {}) => ({ id: "promo", category: "promotional", channels, ...extra });
const NO_HISTORY: DeliveryHistory = { deliveries: [] };

describe("eligibility: each rejection says why", () => {
  const cases: [string, ChannelUserInput, Channel, string, string][] = [
    ["no session", outOfSession(), "in_app", "no-active-session", "the user is not in the app now (user.session.active is not true)"],
    ["offline-first app", reachableUser({ session: { active: true, online: false, platform: "web" } }), "in_app", "offline", "the app is offline (user.session.online is false): in-app messages are not decided for offline-first use"],
    ["push muted", reachableUser({ consents: { push: { optedIn: true, muted: true, tokens: [{ platform: "ios" }] } } }), "push", "muted", "the user muted push (user.consents.push.muted)"],
    ["push snoozed", reachableUser({ consents: { push: { optedIn: true, mutedUntil: "2026-11-23T13:00:00Z", tokens: [{ platform: "ios" }] } } }), "push", "muted", "push is snoozed until 2026-11-23T13:00:00.000Z (user.consents.push.mutedUntil)"],
    ["push mutedUntil unreadable", reachableUser({ consents: { push: { optedIn: true, mutedUntil: "tomorrow", tokens: [{ platform: "ios" }] } } }), "push", "muted", "user.consents.push.mutedUntil is not a valid instant (read as muted)"],
    ["push without tokens", reachableUser({ consents: { push: { optedIn: true } } }), "push", "no-valid-token", "no valid, unexpired ios or android token in user.consents.push.tokens"],
    ["push with only a web token", reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "web" }] } } }), "push", "no-valid-token", "no valid, unexpired ios or android token in user.consents.push.tokens"],
    ["push token marked invalid", reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "android", valid: false }] } } }), "push", "no-valid-token", "no valid, unexpired ios or android token in user.consents.push.tokens"],
    ["push token expired", reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "android", expiresAt: NOW }] } } }), "push", "no-valid-token", "no valid, unexpired ios or android token in user.consents.push.tokens"],
    ["push token expiry unreadable", reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "android", expiresAt: "soon" }] } } }), "push", "no-valid-token", "no valid, unexpired ios or android token in user.consents.push.tokens"],
    ["web push with only an ios token", reachableUser({ consents: { web_push: { optedIn: true, tokens: [{ platform: "ios" }] } } }), "web_push", "no-valid-token", "no valid, unexpired web token in user.consents.web_push.tokens"],
    ["email unverified", reachableUser({ consents: { email: { optedIn: true, verified: false } } }), "email", "not-verified", "the email address is not verified (user.consents.email.verified is not true)"],
    ["email bounced", reachableUser({ consents: { email: { optedIn: true, verified: true, bounced: true } } }), "email", "bounced", "the email address bounced (user.consents.email.bounced)"],
    ["sms unverified", reachableUser({ consents: { sms: { optedIn: true } } }), "sms", "not-verified", "the phone number is not verified (user.consents.sms.verified is not true)"],
    ["opt-in given as a string", reachableUser({ consents: { sms: { optedIn: "yes" as unknown as boolean, verified: true } } }), "sms", "not-opted-in", "the user has not opted in to sms (user.consents.sms.optedIn is not true)"],
  ];

  it.each(cases)("%s", (_label, user, channel, reason, detail) => {
    const choice = chooseChannel(promo([channel]), user, NOW);
    expect(choice.channel).toBeNull();
    expect(choice.rejected).toEqual([{ channel, reason, detail }]);
  });

  it("a token that expires later, a snooze that ended, and a second valid token all count", () => {
    const user = reachableUser({
      consents: { push: { optedIn: true, mutedUntil: NOW - 1, tokens: [{ platform: "ios", valid: false }, { platform: "android", expiresAt: "2026-12-01T00:00:00Z" }] } },
    });
    expect(chooseChannel(promo(["push"]), user, NOW).channel).toBe("push");
  });
});

describe("surfaces: the in-app format must fit the platform", () => {
  const onPlatform = (platform: string | undefined) => reachableUser({ session: { active: true, ...(platform === undefined ? {} : { platform: platform as "web" }) } });

  it.each([
    ["product_tour", "web", true],
    ["product_tour", "desktop", true],
    ["product_tour", "ios", false],
    ["product_tour", "mobile_web", false],
    ["carousel", "android", true],
    ["carousel", "web", false],
    ["full_screen", "ios", true],
    ["full_screen", "desktop", false],
    ["modal", "mobile_web", true],
    ["banner", undefined, true],
    ["carousel", undefined, false],
  ] as const)("%s on %s: %s", (format, platform, fits) => {
    const choice = chooseChannel({ id: "tour", category: "onboarding", channels: ["in_app"], format }, onPlatform(platform), NOW);
    expect(choice.channel).toBe(fits ? "in_app" : null);
    if (!fits) expect(choice.rejected[0]?.reason).toBe("surface-unsupported");
  });

  it("says where a format fits", () => {
    const choice = chooseChannel({ id: "tour", category: "onboarding", channels: ["in_app", "push"], format: "product_tour" }, onPlatform("ios"), NOW);
    expect(choice.channel).toBe("push");
    expect(choice.rejected[0]).toEqual({ channel: "in_app", reason: "surface-unsupported", detail: "a product_tour fits web, desktop, not ios (user.session.platform)" });
  });

  it("the policy can change where a format fits", () => {
    const policy = { surfaces: { product_tour: ["web", "desktop", "ios"] as ("web" | "desktop" | "ios")[] } };
    expect(chooseChannel({ id: "tour", category: "onboarding", channels: ["in_app"], format: "product_tour" }, onPlatform("ios"), NOW, { policy }).channel).toBe("in_app");
  });
});

describe("strategies", () => {
  it("first-eligible: the first eligible channel in preference order; the others are lower-ranked", () => {
    const choice = chooseChannel(promo(["sms", "push", "email"]), reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } } }), NOW);
    expect(choice.channel).toBe("push");
    expect(choice.ranked.map((entry) => entry.channel)).toEqual(["push", "email"]);
    expect(choice.rejected).toEqual([
      { channel: "sms", reason: "not-opted-in", detail: "the user has not opted in to sms (user.consents.sms.optedIn is not true)" },
      { channel: "email", reason: "lower-ranked", detail: "push carries it" },
    ]);
  });

  it("best-engagement: the highest smoothed rate from the user's own history", () => {
    const user = reachableUser({ engagement: { push: { sent: 40, engaged: 2 }, email: { sent: 10, engaged: 3 }, sms: { sent: 0, engaged: 0 } } });
    const choice = chooseChannel(promo(["push", "email", "sms"], { strategy: "best-engagement" }), user, NOW);
    // Beta(1, 1): push 3/42, email 4/12, sms 1/2 (no history: the prior's rate).
    expect(choice.ranked.map((entry) => [entry.channel, entry.score])).toEqual([
      ["sms", 0.5],
      ["email", 4 / 12],
      ["push", 3 / 42],
    ]);
    expect(choice.channel).toBe("sms");
  });

  it("best-engagement: a new user is not 0/0, and a prior per channel sets the starting rates", () => {
    const fresh = chooseChannel(promo(["push", "email"], { strategy: "best-engagement" }), reachableUser(), NOW);
    expect(fresh.ranked.map((entry) => entry.score)).toEqual([0.5, 0.5]);
    expect(fresh.channel).toBe("push"); // tie: preference order
    const policy = { engagementPrior: { push: { alpha: 1, beta: 19 }, email: { alpha: 3, beta: 17 } } };
    expect(chooseChannel(promo(["push", "email"], { strategy: "best-engagement" }), reachableUser(), NOW, { policy }).channel).toBe("email");
    // One prior for all: with Beta(1, 9), one open in two sends beats none in one.
    const shared = { engagementPrior: { alpha: 1, beta: 9 } };
    const user = reachableUser({ engagement: { push: { sent: 1, engaged: 0 }, email: { sent: 2, engaged: 1 } } });
    expect(chooseChannel(promo(["push", "email"], { strategy: "best-engagement" }), user, NOW, { policy: shared }).ranked.map((entry) => entry.score)).toEqual([2 / 12, 1 / 11]);
  });

  it("best-engagement: equal rates keep preference order (deterministic tie-break)", () => {
    const user = reachableUser({ engagement: { push: { sent: 8, engaged: 4 }, email: { sent: 2, engaged: 1 } } });
    expect(chooseChannel(promo(["email", "push"], { strategy: "best-engagement" }), user, NOW).channel).toBe("email");
    expect(chooseChannel(promo(["push", "email"], { strategy: "best-engagement" }), user, NOW).channel).toBe("push");
  });

  it("engagement data is sanitised: negative, NaN or more engagements than sends", () => {
    const view = readChannelUser({ engagement: { push: { sent: -5, engaged: 3 }, email: { sent: 4, engaged: 9 }, sms: { sent: Number.NaN, engaged: "2" } } });
    expect(view.engagement.push).toEqual({ sent: 0, engaged: 0 });
    expect(view.engagement.email).toEqual({ sent: 4, engaged: 4 });
    expect(engagementScore(view.engagement.email, { alpha: 1, beta: 1 })).toBe(5 / 6);
  });

  it("all-eligible: every eligible channel", () => {
    const choice = chooseChannel(promo(["push", "email", "sms"], { strategy: "all-eligible" }), reachableUser({ consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } } }), NOW);
    expect(sent(choice)).toEqual(["push", "email"]);
    expect(choice.channel).toBe("push");
    expect(choice.rejected.map((rejection) => rejection.reason)).toEqual(["not-opted-in"]);
  });
});

describe("fallback and deferral (asking nudgekit/caps)", () => {
  const policy = {
    caps: [{ id: "2-push-a-day", scope: { channel: "push" }, limit: 2, window: { calendar: "day" as const } }],
    cooldowns: [{ id: "in-app-10m", scope: { channel: "in_app" }, interval: "10m" }],
    quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }],
  };
  const twoPushesToday = { deliveries: [NOW - 3 * H, NOW - 2 * H].map((at) => ({ at, channel: "push", campaign: "earlier" })) };
  const PARIS_MIDNIGHT = Date.parse("2026-11-23T23:00:00Z");
  const PARIS_8AM = Date.parse("2026-11-24T07:00:00Z");

  it("fallback: the next channel when the preferred one is capped", () => {
    const choice = chooseChannel(promo(["push", "email"]), reachableUser(), NOW, { caps: { policy, history: twoPushesToday } });
    expect(choice.deliveries).toEqual([{ channel: "email", sendAt: NOW, deferred: false, counts: true }]);
    // The cap frees up at midnight in Paris, inside quiet hours: push could go at 08:00.
    expect(choice.rejected).toEqual([{ channel: "push", reason: "cap", rule: "2-push-a-day", retryAt: PARIS_8AM, detail: 'cap rule "2-push-a-day" refuses it until 2026-11-24T07:00:00.000Z' }]);
  });

  it("defer: wait for the exact instant the preferred channel may go", () => {
    const choice = chooseChannel(promo(["push", "email"], { onBlocked: "defer" }), reachableUser(), NOW, { caps: { policy, history: twoPushesToday } });
    expect(choice.deliveries).toEqual([{ channel: "push", sendAt: PARIS_8AM, deferred: true, counts: true }]);
    const withoutNight = { ...policy, quietHours: [] };
    expect(chooseChannel(promo(["push", "email"], { onBlocked: "defer" }), reachableUser(), NOW, { caps: { policy: withoutNight, history: twoPushesToday } }).sendAt).toBe(PARIS_MIDNIGHT);
  });

  it("fallback with nothing free now: the channel that frees up first", () => {
    const night = Date.parse("2026-11-23T21:00:00Z"); // 22:00 in Paris
    const quiet = { quietHours: [{ id: "push-night", channels: ["push"], from: "21:00", to: "07:00" }, { id: "sms-night", channels: ["sms"], from: "21:00", to: "09:00" }] };
    const choice = chooseChannel(promo(["sms", "push"]), reachableUser(), night, { caps: { policy: quiet, history: NO_HISTORY } });
    expect(choice.deliveries).toEqual([{ channel: "push", sendAt: Date.parse("2026-11-24T06:00:00Z"), deferred: true, counts: true }]);
    expect(choice.rejected.map((rejection) => [rejection.channel, rejection.reason, rejection.retryAt])).toEqual([["sms", "quiet-hours", Date.parse("2026-11-24T08:00:00Z")]]);
  });

  it("a channel that can never go (lifetime cap, quiet hours that drop) falls back even under defer", () => {
    const strict = {
      caps: [{ id: "once", scope: { campaign: "promo" }, limit: 1, window: { lifetime: true as const } }],
      quietHours: [{ id: "no-sms-at-night", channels: ["sms"], from: "21:00", to: "08:00", action: "drop" as const }],
    };
    const sentOnce = { deliveries: [{ at: NOW - H, channel: "push", campaign: "promo" }] };
    const never = chooseChannel(promo(["push"], { onBlocked: "defer" }), reachableUser(), NOW, { caps: { policy: strict, history: sentOnce } });
    expect(never.channel).toBeNull();
    expect(never.rejected).toEqual([{ channel: "push", reason: "cap", rule: "once", retryAt: null, detail: 'cap rule "once" refuses it for good' }]);
    const night = Date.parse("2026-11-23T22:00:00Z");
    const dropped = chooseChannel(promo(["sms", "email"], { onBlocked: "defer" }), reachableUser(), night, { caps: { policy: { quietHours: strict.quietHours }, history: NO_HISTORY } });
    expect(dropped.channel).toBe("email");
    expect(dropped.rejected[0]).toMatchObject({ channel: "sms", reason: "quiet-hours", detail: 'quiet-hours rule "no-sms-at-night" drops it (until 2026-11-24T07:00:00.000Z)' });
  });

  it("in-app never waits: in a cooldown it falls back, or nothing goes", () => {
    const history = { deliveries: [{ at: NOW - 60_000, channel: "in_app", campaign: "tip" }] };
    const choice = chooseChannel(promo(["in_app", "email"], { onBlocked: "defer" }), reachableUser(), NOW, { caps: { policy, history } });
    expect(choice.channel).toBe("email");
    expect(choice.rejected[0]).toMatchObject({ channel: "in_app", reason: "cooldown", retryAt: NOW + 9 * 60_000 });
    expect(chooseChannel(promo(["in_app"]), reachableUser(), NOW, { caps: { policy, history } }).deliveries).toEqual([]);
  });

  it("all-eligible: sends planned in one fan-out count against a cap they share", () => {
    const shared = { caps: [{ id: "pressure", scope: { channels: ["push", "email", "sms"] }, limit: 2, window: { rolling: "24h" } }] };
    const choice = chooseChannel(promo(["push", "email", "sms"], { strategy: "all-eligible" }), reachableUser(), NOW, { caps: { policy: shared, history: NO_HISTORY } });
    expect(sent(choice)).toEqual(["push", "email"]);
    expect(choice.rejected[0]).toMatchObject({ channel: "sms", reason: "cap", rule: "pressure", detail: 'cap rule "pressure" refuses it until 2026-11-24T12:00:00.000Z; it goes now on push, email' });
  });

  it("all-eligible with defer: refused channels wait, one after the other under a shared cooldown", () => {
    const spaced: CapPolicyInput = { cooldowns: [{ id: "1h-apart", scope: { all: true }, interval: "1h" }] };
    const choice = chooseChannel(promo(["push", "email", "sms"], { strategy: "all-eligible", onBlocked: "defer" }), outOfSession(), NOW, { caps: { policy: spaced, history: NO_HISTORY } });
    expect(choice.deliveries.map((delivery) => [delivery.channel, delivery.sendAt])).toEqual([
      ["push", NOW],
      ["email", NOW + H],
      ["sms", NOW + 2 * H],
    ]);
  });

  it("a session cap counts the in-app messages of the user's session", () => {
    const perSession = { caps: [{ id: "1-per-session", scope: { channel: "in_app" }, limit: 1, window: { session: true as const } }] };
    const history = recordDelivery(undefined, { at: NOW - H, channel: "in_app", campaign: "tip", session: "session-1" });
    expect(chooseChannel(promo(["in_app"]), reachableUser(), NOW, { caps: { policy: perSession, history } }).channel).toBeNull();
    const newSession = reachableUser({ session: { active: true, platform: "web", id: "session-2" } });
    expect(chooseChannel(promo(["in_app"]), newSession, NOW, { caps: { policy: perSession, history } }).channel).toBe("in_app");
  });

  it("tags and placement reach cap scopes", () => {
    const byTag = { caps: [{ id: "deals", scope: { tag: "deal" }, limit: 1, window: { rolling: "7d" } }, { id: "slot", scope: { placement: "home-top" }, limit: 1, window: { rolling: "1d" } }] };
    const tagged = { deliveries: [{ at: NOW - H, channel: "email", campaign: "other", tags: ["deal"] }] };
    // Nothing else may go now: push waits until the tagged email leaves the 7-day window.
    expect(chooseChannel(promo(["push"], { tags: ["deal"] }), reachableUser(), NOW, { caps: { policy: byTag, history: tagged } }).deliveries).toEqual([
      { channel: "push", sendAt: NOW - H + 7 * 24 * H, deferred: true, counts: true },
    ]);
    expect(chooseChannel(promo(["push"], { tags: ["other"] }), reachableUser(), NOW, { caps: { policy: byTag, history: tagged } }).sendAt).toBe(NOW);
    const placed = { deliveries: [{ at: NOW - H, channel: "in_app", campaign: "other", placement: "home-top" }] };
    expect(chooseChannel(promo(["in_app"], { placement: "home-top" }), reachableUser(), NOW, { caps: { policy: byTag, history: placed } }).rejected[0]?.rule).toBe("slot");
  });
});

describe("time zones", () => {
  const quiet = { policy: { quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "07:00" }] }, history: NO_HISTORY };
  const at = Date.parse("2026-11-23T22:30:00Z");

  it("quiet hours are read in the user's zone", () => {
    expect(chooseChannel(promo(["push"]), reachableUser({ timeZone: "America/New_York" }), at, { caps: quiet }).sendAt).toBe(at); // 17:30 there
    expect(chooseChannel(promo(["push"]), reachableUser({ timeZone: "Europe/Paris" }), at, { caps: quiet }).sendAt).toBe(Date.parse("2026-11-24T06:00:00Z"));
  });

  it("a missing or unknown zone falls back to the policy's default, and says which was used", () => {
    for (const timeZone of [undefined, "Mars/Olympus", "__proto__", 42]) {
      const user = { ...reachableUser(), timeZone } as ChannelUserInput;
      const choice = chooseChannel(promo(["push"]), user, at, { caps: quiet, policy: { defaultTimeZone: "Asia/Tokyo" } });
      expect(choice.timeZone).toBe("Asia/Tokyo"); // 07:30 there: allowed
      expect(choice.sendAt).toBe(at);
    }
    expect(chooseChannel(promo(["push"]), { ...reachableUser(), timeZone: "nowhere" }, at, { caps: quiet }).timeZone).toBe("UTC");
  });
});

describe("arguments and hostile data", () => {
  it("now may be epoch ms, an ISO instant with offset or a Date; anything else is a TypeError", () => {
    const iso = chooseChannel(promo(["email"]), reachableUser(), "2026-11-23T13:00:00+01:00");
    expect(iso.sendAt).toBe(NOW);
    expect(chooseChannel(promo(["email"]), reachableUser(), new Date(NOW)).sendAt).toBe(NOW);
    for (const bad of [Number.NaN, "2026-11-23T12:00:00", new Date(Number.NaN), Infinity]) {
      expect(() => chooseChannel(promo(["email"]), reachableUser(), bad)).toThrow(TypeError);
    }
  });

  it("polluted prototypes and inherited properties read as absent", () => {
    const inherited = Object.create({ session: { active: true }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } }) as object;
    expect(chooseChannel(promo(["in_app", "push"]), inherited, NOW).channel).toBeNull();
    const polluted = JSON.parse('{"__proto__": {"optedIn": true, "verified": true}, "consents": {"email": {"__proto__": {"optedIn": true, "verified": true}}}}') as unknown;
    expect(chooseChannel(promo(["email"]), polluted, NOW).rejected[0]?.reason).toBe("not-opted-in");
    expect(({} as { optedIn?: unknown }).optedIn).toBeUndefined();
  });

  it("non-object users, arrays and nulls give a choice with reasons, never an exception", () => {
    for (const user of [null, undefined, 42, "user", [], [reachableUser()], { consents: [] }, { session: "active" }, { consents: { push: { optedIn: true, tokens: "t" } } }]) {
      const choice = chooseChannel(promo(["in_app", "push", "web_push", "email", "sms"]), user, NOW);
      expect(choice.channel).toBeNull();
      expect(choice.rejected).toHaveLength(5);
    }
  });

  it("a huge token list is read until the first valid token", () => {
    const tokens = Array.from({ length: 200_000 }, () => ({ platform: "ios", valid: false }));
    tokens.push({ platform: "ios", valid: true });
    expect(chooseChannel(promo(["push"]), reachableUser({ consents: { push: { optedIn: true, tokens } } }), NOW).channel).toBe("push");
  });

  it("does not mutate the user, the campaign or the history", () => {
    const user = reachableUser({ engagement: { push: { sent: 3, engaged: 1 } } });
    const campaign = promo(["push", "email", "sms"], { strategy: "all-eligible", tags: ["a"] });
    const history = { deliveries: [{ at: NOW - H, channel: "push", campaign: "x" }] };
    const before = JSON.stringify([user, campaign, history]);
    chooseChannel(campaign, user, NOW, { caps: { policy: { caps: [{ id: "c", scope: { all: true }, limit: 2, window: { rolling: "1d" } }] }, history } });
    expect(JSON.stringify([user, campaign, history])).toBe(before);
  });
});
