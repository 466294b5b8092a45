import { describe, expect, it } from "vitest";
import type { CapPolicyInput } from "../../src/caps/index.js";
import { chooseChannel, compileChannelCampaign, DEFAULT_CATEGORY_POLICIES, type Channel, type ChannelChoice, type ChannelUserInput } from "../../src/channels/index.js";
import { NOW, outOfSession, reachableUser, withoutOptIn } from "../support/channel-fixtures.js";

const sent = (choice: ChannelChoice): Channel[] => choice.deliveries.map((delivery) => delivery.channel);
const reasonOf = (choice: ChannelChoice, channel: Channel) => choice.rejected.find((rejection) => rejection.channel === channel)?.reason;

/** Everything sent out of the app is off for this user: in session, but no push, SMS or verified email. */
const inAppOnlyUser: ChannelUserInput = { session: { active: true, platform: "web" }, consents: { email: { optedIn: true, verified: false } } };
/** Caps that refuse everything: one message ever, already sent, and quiet all day but one minute. */
const refuseEverything = {
  policy: {
    caps: [{ id: "once", scope: { all: true }, limit: 1, window: { lifetime: true } }],
    quietHours: [{ id: "almost-always", channels: ["in_app", "push", "web_push", "email", "sms"], from: "00:01", to: "00:00" }],
  } satisfies CapPolicyInput,
  history: { deliveries: [{ at: NOW - 1000, channel: "push", campaign: "other" }] },
};

describe("urgent, security, payment failure, outage: outside the app, at once; in-app only in addition", () => {
  const categories = ["urgent", "security", "payment_failure", "outage"];
  const all: Channel[] = ["push", "web_push", "sms", "email", "in_app"];

  it.each(categories)("%s fans out to every channel that reaches the user, in-app beside them", (category) => {
    const choice = chooseChannel({ id: "alert", category, channels: all }, reachableUser(), NOW);
    expect(choice.strategy).toBe("all-eligible");
    expect(sent(choice)).toEqual(all);
    expect(choice.deliveries.every((delivery) => delivery.sendAt === NOW && delivery.counts === false)).toBe(true);
  });

  it.each(categories)("%s never goes in-app alone", (category) => {
    const choice = chooseChannel({ id: "alert", category, channels: all }, inAppOnlyUser, NOW);
    expect(choice.channel).toBeNull();
    expect(reasonOf(choice, "in_app")).toBe("in-app-not-alone");
    // …not with a single-channel strategy either
    const first = chooseChannel({ id: "alert", category, channels: all, strategy: "first-eligible" }, reachableUser(), NOW);
    expect(first.channel).toBe("push");
    const inAppFirst = chooseChannel({ id: "alert", category, channels: ["in_app", "email"], strategy: "first-eligible" }, reachableUser(), NOW);
    expect(inAppFirst.channel).toBe("email");
    expect(reasonOf(inAppFirst, "in_app")).toBe("in-app-not-alone");
  });

  it.each(categories)("%s cannot be configured in-app only", (category) => {
    expect(() => compileChannelCampaign({ id: "alert", category, channels: ["in_app"] })).toThrow(/never sends in-app alone: list at least one of push, web_push, sms, email at \/channels/);
  });

  it.each(categories)("%s ignores frequency caps and quiet hours, and email needs no marketing opt-in", (category) => {
    const choice = chooseChannel({ id: "alert", category, channels: ["push", "email"] }, withoutOptIn(reachableUser(), "email"), NOW, { caps: refuseEverything });
    expect(sent(choice)).toEqual(["push", "email"]);
    expect(choice.sendAt).toBe(NOW);
  });
});

describe("regulatory and legal: email, kept as proof; never in-app alone", () => {
  it.each(["regulatory", "legal"])("%s goes by email with proof of delivery, and in-app in addition while in session", (category) => {
    const choice = chooseChannel({ id: "terms", category, channels: ["in_app", "email"] }, withoutOptIn(reachableUser(), "email"), NOW);
    expect(sent(choice)).toEqual(["email", "in_app"]); // the category's order: email first
    expect(choice.proofOfDelivery).toBe(true);
    const away = chooseChannel({ id: "terms", category, channels: ["in_app", "email"] }, outOfSession(), NOW);
    expect(sent(away)).toEqual(["email"]);
  });

  it.each(["regulatory", "legal"])("%s never goes in-app alone (unverified email)", (category) => {
    const choice = chooseChannel({ id: "terms", category, channels: ["email", "in_app"] }, inAppOnlyUser, NOW);
    expect(choice.channel).toBeNull();
    expect(choice.proofOfDelivery).toBe(false);
    expect(reasonOf(choice, "email")).toBe("not-verified");
    expect(reasonOf(choice, "in_app")).toBe("in-app-not-alone");
    expect(() => compileChannelCampaign({ id: "terms", category, channels: ["in_app"] })).toThrow(/never sends in-app alone/);
    expect(() => compileChannelCampaign({ id: "terms", category, channels: ["email", "push"] })).toThrow(/push is not a channel of the .* category \(it allows email, in_app\) at \/channels\/1/);
  });

  it("regulatory mail ignores caps but keeps quiet hours on email, deferring to their end", () => {
    const caps = { policy: { caps: [{ id: "one", scope: { all: true }, limit: 1, window: { calendar: "day" } }], quietHours: [{ id: "night", channels: ["email"], from: "21:00", to: "08:00" }] } satisfies CapPolicyInput, history: { deliveries: [{ at: NOW - 1, channel: "email", campaign: "x" }] } };
    const night = Date.parse("2026-11-23T22:00:00Z");
    const choice = chooseChannel({ id: "terms", category: "regulatory", channels: ["email"] }, outOfSession(), night, { caps });
    expect(choice.deliveries).toEqual([{ channel: "email", sendAt: Date.parse("2026-11-24T07:00:00Z"), deferred: true, counts: false }]);
  });
});

describe("reactivation and win-back: push or email, never in-app", () => {
  it.each(["reactivation", "win_back"])("%s uses push, else email, even when the user is in the app", (category) => {
    expect(chooseChannel({ id: "come-back", category, channels: ["push", "email"] }, reachableUser(), NOW).channel).toBe("push");
    expect(chooseChannel({ id: "come-back", category, channels: ["push", "email"] }, withoutOptIn(reachableUser(), "push"), NOW).channel).toBe("email");
  });

  it.each(["reactivation", "win_back"])("%s rejects in-app in its config", (category) => {
    expect(() => compileChannelCampaign({ id: "come-back", category, channels: ["push", "in_app"] })).toThrow(/in_app is not a channel of the .* category \(it allows push, web_push, email\) at \/channels\/1/);
  });
});

describe("high-volume transactional: email for archiving, in-app confirmation only in session", () => {
  const receipt = { id: "receipt", category: "transactional", channels: ["email", "in_app"] as Channel[] };

  it("email and an in-app confirmation while in session; email alone otherwise", () => {
    expect(sent(chooseChannel(receipt, withoutOptIn(reachableUser(), "email"), NOW))).toEqual(["email", "in_app"]);
    expect(sent(chooseChannel(receipt, outOfSession(), NOW))).toEqual(["email"]);
  });

  it("an in-app confirmation alone when email cannot carry it; nothing out of session", () => {
    expect(sent(chooseChannel(receipt, inAppOnlyUser, NOW))).toEqual(["in_app"]);
    expect(sent(chooseChannel(receipt, outOfSession(inAppOnlyUser), NOW))).toEqual([]);
  });

  it("does not count toward caps and is not held back by them", () => {
    const choice = chooseChannel(receipt, reachableUser(), NOW, { caps: refuseEverything });
    expect(choice.deliveries).toEqual([
      { channel: "email", sendAt: NOW, deferred: false, counts: false },
      { channel: "in_app", sendAt: NOW, deferred: false, counts: false },
    ]);
  });
});

describe("contextual (onboarding, announcements, upsell, tooltips, surveys, cross-sell): in-app in session, otherwise push if allowed", () => {
  const categories = ["onboarding", "feature_announcement", "upsell", "tooltip", "survey", "cross_sell"];

  it.each(categories)("%s: in-app when in session, even when the campaign lists push first", (category) => {
    expect(chooseChannel({ id: "tip", category, channels: ["push", "in_app"] }, reachableUser(), NOW).channel).toBe("in_app");
  });

  it.each(categories)("%s: push when not in session, if the campaign allows it", (category) => {
    expect(chooseChannel({ id: "tip", category, channels: ["in_app", "push"] }, outOfSession(), NOW).channel).toBe("push");
    const inAppOnly = chooseChannel({ id: "tip", category, channels: ["in_app"] }, outOfSession(), NOW);
    expect(inAppOnly.channel).toBeNull();
    expect(inAppOnly.rejected).toEqual([{ channel: "in_app", reason: "no-active-session", detail: "the user is not in the app now (user.session.active is not true)" }]);
  });

  it.each(categories)("%s: email and SMS are not contextual channels", (category) => {
    expect(() => compileChannelCampaign({ id: "tip", category, channels: ["in_app", "email"] })).toThrow(/email is not a channel of the/);
  });
});

describe("promotional: any channel, in the campaign's order", () => {
  it("follows the campaign's order", () => {
    expect(chooseChannel({ id: "offer", category: "promotional", channels: ["email", "push", "in_app"] }, reachableUser(), NOW).channel).toBe("email");
    expect(chooseChannel({ id: "offer", category: "promotional", channels: ["sms", "email"] }, withoutOptIn(reachableUser(), "sms"), NOW).channel).toBe("email");
  });
});

describe("the user's own preferences win over every campaign setting", () => {
  const everyCategory = Object.keys(DEFAULT_CATEGORY_POLICIES);
  const allowed = (category: string) => [...(DEFAULT_CATEGORY_POLICIES[category]?.channels ?? [])];

  it.each(everyCategory)("%s: a channel turned off is never used", (category) => {
    for (const channel of allowed(category)) {
      const user = { ...reachableUser(), preferences: { channels: { [channel]: false } } };
      const choice = chooseChannel({ id: "m", category, channels: allowed(category) }, user, NOW);
      expect(sent(choice)).not.toContain(channel);
      expect(choice.rejected.find((rejection) => rejection.channel === channel)).toEqual({ channel, reason: "user-preference", detail: `the user turned ${channel} off (user.preferences.channels.${channel} is false)` });
    }
  });

  it.each(everyCategory)("%s: a category turned off sends nothing; turned off on one channel, not on it", (category) => {
    const off = chooseChannel({ id: "m", category, channels: allowed(category) }, { ...reachableUser(), preferences: { categories: { [category]: false } } }, NOW);
    expect(off.deliveries).toEqual([]);
    expect(off.rejected.every((rejection) => rejection.reason === "user-preference")).toBe(true);
    const [firstChannel] = allowed(category);
    const partly = chooseChannel({ id: "m", category, channels: allowed(category) }, { ...reachableUser(), preferences: { categories: { [category]: { [firstChannel!]: false } } } }, NOW);
    expect(sent(partly)).not.toContain(firstChannel);
  });

  it("a preference for another category, or `true`, changes nothing", () => {
    const user = { ...reachableUser(), preferences: { channels: { push: true }, categories: { promotional: false, security: { push: true } } } };
    expect(sent(chooseChannel({ id: "m", category: "security", channels: ["push", "email"] }, user, NOW))).toEqual(["push", "email"]);
  });
});

describe("every default is overridable in config", () => {
  it("changes a category's fields and adds a category", () => {
    const policy = {
      categories: {
        outage: { strategy: "first-eligible" as const, ignoreQuietHours: false },
        reactivation: { channels: ["push", "email", "in_app"] as Channel[], inAppAlone: true },
        newsletter: { channels: ["email"] as Channel[] },
      },
    };
    expect(chooseChannel({ id: "o", category: "outage", channels: ["push", "email"] }, reachableUser(), NOW, { policy }).deliveries).toHaveLength(1);
    expect(chooseChannel({ id: "r", category: "reactivation", channels: ["in_app", "push"] }, reachableUser(), NOW, { policy }).channel).toBe("in_app");
    expect(chooseChannel({ id: "n", category: "newsletter", channels: ["email"] }, reachableUser(), NOW, { policy }).channel).toBe("email");
    // Others keep their defaults.
    expect(chooseChannel({ id: "s", category: "security", channels: ["push", "email"] }, reachableUser(), NOW, { policy }).deliveries).toHaveLength(2);
  });
});
