import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarPeriod, checkCaps, compileCapPolicy, recordDelivery, type CapScope, type Delivery, type DeliveryHistory } from "../../src/caps/index.js";
import { chooseChannel, compileChannelCampaign, DEFAULT_CATEGORY_POLICIES, type Channel, type ChannelCampaignInput } from "../../src/channels/index.js";
import { capPolicy, channelCampaign, channelUser, H, NEVER_IN_APP_ALONE, START, ZONES } from "../support/channel-arbitraries.js";

const SEED = 20261202;
const now = fc.integer({ min: START, max: START + 365 * 24 * H });

/** The raw user's own field, read independently of src/channels. */
function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

describe("channel choice properties (fast-check)", () => {
  it("never a channel the user has not opted into (in-app needs none; a category's legal basis stands in for email)", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, (campaign, user, time) => {
        const choice = chooseChannel(campaign, user, time);
        const legalBasis = DEFAULT_CATEGORY_POLICIES[campaign.category]!.legalBasis;
        for (const { channel } of choice.deliveries) {
          if (channel === "in_app") continue;
          expect(at(user, "consents", channel, "optedIn") === true || legalBasis.includes(channel)).toBe(true);
          if (channel === "email" || channel === "sms") expect(at(user, "consents", channel, "verified")).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("never in-app without an active, online session", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, (campaign, user, time) => {
        const choice = chooseChannel(campaign, user, time);
        if (choice.deliveries.some((delivery) => delivery.channel === "in_app")) {
          expect(at(user, "session", "active")).toBe(true);
          expect(at(user, "session", "online")).not.toBe(false);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("never in-app alone for urgent or regulatory messages, whatever the strategy, caps or user", () => {
    fc.assert(
      fc.property(channelCampaign(NEVER_IN_APP_ALONE), channelUser, now, fc.option(capPolicy, { nil: undefined }), (campaign, user, time, caps) => {
        const choice = chooseChannel(campaign, user, time, caps === undefined ? {} : { caps: { policy: caps, history: { deliveries: [] } } });
        if (choice.deliveries.length > 0) expect(choice.deliveries.some((delivery) => delivery.channel !== "in_app")).toBe(true);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it("the user's preferences always win: a channel or category turned off carries nothing", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, (campaign, user, time) => {
        const choice = chooseChannel(campaign, user, time);
        for (const { channel } of choice.deliveries) {
          expect(at(user, "preferences", "channels", channel)).not.toBe(false);
          expect(at(user, "preferences", "categories", campaign.category)).not.toBe(false);
          expect(at(user, "preferences", "categories", campaign.category, channel)).not.toBe(false);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("deterministic, and pure: equal inputs give equal choices; nothing given is changed", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, capPolicy, (campaign, user, time, caps) => {
        const history = { deliveries: [{ at: time - H, channel: "push", campaign: "other" }] };
        const inputs = JSON.stringify([campaign, user, caps, history]);
        const first = chooseChannel(campaign, user, time, { caps: { policy: caps, history } });
        const [campaign2, user2, caps2, history2] = JSON.parse(inputs) as [ChannelCampaignInput, unknown, typeof caps, DeliveryHistory];
        const second = chooseChannel(campaign2, user2, time, { caps: { policy: caps2, history: history2 } });
        expect(second).toEqual(first);
        expect(JSON.stringify([campaign, user, caps, history])).toBe(inputs);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("every channel the campaign lists is either planned or rejected with a reason, once", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, fc.option(capPolicy, { nil: undefined }), (campaign, user, time, caps) => {
        const choice = chooseChannel(campaign, user, time, caps === undefined ? {} : { caps: { policy: caps, history: { deliveries: [] } } });
        const accounted = [...choice.deliveries.map((delivery) => delivery.channel), ...choice.rejected.map((rejection) => rejection.channel)];
        expect([...accounted].sort()).toEqual([...campaign.channels].sort());
        expect(choice.channel).toBe(choice.deliveries[0]?.channel ?? null);
        if (campaign.strategy !== "all-eligible" && DEFAULT_CATEGORY_POLICIES[campaign.category]!.strategy !== "all-eligible") expect(choice.deliveries.length).toBeLessThanOrEqual(1);
        for (const delivery of choice.deliveries) expect(delivery.sendAt).toBeGreaterThanOrEqual(time);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("any JSON as the user gives a choice, never an exception", () => {
    fc.assert(
      fc.property(channelCampaign(), fc.anything(), fc.anything(), now, (campaign, user, consents, time) => {
        const choice = chooseChannel(campaign, user, time);
        expect(choice.rejected.length + choice.deliveries.length).toBe(campaign.channels.length);
        chooseChannel(campaign, { session: { active: true }, consents, preferences: consents, engagement: consents }, time);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("a deferred single send goes at the exact instant caps allow: allowed then, refused 1 ms before", () => {
    const promotional = channelCampaign(["promotional", "reactivation"]).filter((campaign) => campaign.strategy !== "all-eligible");
    fc.assert(
      fc.property(promotional, channelUser, capPolicy, ZONES.length > 0 ? fc.constantFrom(...ZONES) : fc.constant("UTC"), now, fc.array(fc.tuple(fc.integer({ min: 0, max: 12 * H }), fc.constantFrom<Channel>("push", "email", "sms", "web_push")), { maxLength: 8 }), (campaign, user, caps, zone, time, earlier) => {
        let history: DeliveryHistory = { deliveries: [] };
        for (const [ago, channel] of earlier) history = recordDelivery(history, { at: time - ago, channel, campaign: "earlier", tags: ["deal"] });
        const choice = chooseChannel(campaign, { ...(user as object), timeZone: zone }, time, { caps: { policy: caps, history } });
        const delivery = choice.deliveries[0];
        if (delivery === undefined || !delivery.deferred) return;
        const candidate = { channel: delivery.channel, campaign: campaign.id, ...(campaign.tags === undefined ? {} : { tags: campaign.tags }) };
        expect(checkCaps(caps, history, candidate, delivery.sendAt, zone).allowed).toBe(true);
        expect(checkCaps(caps, history, candidate, delivery.sendAt - 1, zone).allowed).toBe(false);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("caps are never exceeded over a run of choices, fan-outs included", () => {
    const counted = channelCampaign(["promotional", "reactivation", "onboarding", "cross_sell"]);
    fc.assert(
      fc.property(capPolicy, fc.constantFrom(...ZONES), channelUser, fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * H }), counted), { minLength: 1, maxLength: 25 }), (caps, zone, user, steps) => {
        const person = { ...(user as object), timeZone: zone };
        let history: DeliveryHistory = { deliveries: [] };
        let time = START;
        for (const [gap, campaign] of steps) {
          time += gap;
          const choice = chooseChannel(campaign, person, time, { caps: { policy: caps, history } });
          for (const delivery of choice.deliveries) {
            history = recordDelivery(history, { at: delivery.sendAt, channel: delivery.channel, campaign: campaign.id, ...(campaign.tags === undefined ? {} : { tags: campaign.tags }) });
          }
        }
        expectWithinCaps(caps, history.deliveries, zone);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("best-engagement: one more engagement on a channel never moves it down the ranking", () => {
    const withEngagement = fc.record({ sent: fc.nat({ max: 30 }), engaged: fc.nat({ max: 30 }) }).map(({ sent, engaged }) => ({ sent: Math.max(sent, engaged), engaged }));
    fc.assert(
      fc.property(channelCampaign(["promotional"]), fc.dictionary(fc.constantFrom<Channel>("in_app", "push", "web_push", "email", "sms"), withEngagement), fc.constantFrom<Channel>("in_app", "push", "web_push", "email", "sms"), (campaign, engagement, boosted) => {
        const user = { session: { active: true }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, web_push: { optedIn: true, tokens: [{ platform: "web" }] }, email: { optedIn: true, verified: true }, sms: { optedIn: true, verified: true } } };
        const best = { ...campaign, strategy: "best-engagement" as const };
        const before = chooseChannel(best, { ...user, engagement }, START).ranked.map((entry) => entry.channel);
        const current = engagement[boosted] ?? { sent: 0, engaged: 0 };
        const after = chooseChannel(best, { ...user, engagement: { ...engagement, [boosted]: { sent: current.sent + 1, engaged: current.engaged + 1 } } }, START).ranked.map((entry) => entry.channel);
        if (before.includes(boosted)) expect(after.indexOf(boosted)).toBeLessThanOrEqual(before.indexOf(boosted));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("all-eligible without caps: the channels sent do not depend on the order the campaign lists them", () => {
    fc.assert(
      fc.property(channelCampaign(), channelUser, now, (campaign, user, time) => {
        const fanOut = { ...campaign, strategy: "all-eligible" as const };
        const reversed = { ...fanOut, channels: [...campaign.channels].reverse() };
        const sentBy = (input: ChannelCampaignInput) => chooseChannel(input, user, time).deliveries.map((delivery) => delivery.channel).sort();
        expect(sentBy(reversed)).toEqual(sentBy(fanOut));
        compileChannelCampaign(reversed); // a valid campaign either way
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

/** The reference check of a finished history: written out independently of src/caps. */
function expectWithinCaps(policyInput: Parameters<typeof compileCapPolicy>[0], deliveries: readonly Delivery[], zone: string): void {
  const inScope = (scope: CapScope, delivery: Delivery): boolean =>
    "all" in scope ? true : "channel" in scope ? delivery.channel === scope.channel : "channels" in scope ? scope.channels.includes(delivery.channel) : "tag" in scope ? (delivery.tags ?? []).includes(scope.tag) : false;
  const policy = compileCapPolicy(policyInput);
  const sorted = [...deliveries].sort((a, b) => a.at - b.at);
  for (const cap of policy.caps) {
    const mine = sorted.filter((delivery) => inScope(cap.scope, delivery));
    for (const end of mine) {
      const window = cap.window;
      const count =
        window.kind === "rolling"
          ? mine.filter((delivery) => delivery.at <= end.at && delivery.at > end.at - window.milliseconds).length
          : window.kind === "calendar"
            ? mine.filter((delivery) => {
                const period = calendarPeriod(end.at, window.unit, window.weekStartsOn, zone);
                return delivery.at >= period.start && delivery.at < period.next;
              }).length
            : 0;
      expect(count, `cap ${cap.id}`).toBeLessThanOrEqual(cap.limit);
    }
  }
  for (const cooldown of policy.cooldowns) {
    const mine = sorted.filter((delivery) => inScope(cooldown.scope, delivery));
    for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at, `cooldown ${cooldown.id}`).toBeGreaterThanOrEqual(cooldown.milliseconds);
  }
  for (const quiet of policy.quietHours) {
    for (const delivery of sorted) if (quiet.channels.has(delivery.channel)) expect(isQuietReference(quiet.from, quiet.to, delivery.at, zone), `quiet hours at ${new Date(delivery.at).toISOString()}`).toBe(false);
  }
}

/** Local wall-clock minutes in the zone, through Intl (not src/caps). */
function isQuietReference(from: number, to: number, instant: number, zone: string): boolean {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(instant);
  const minutes = Number(parts.find((part) => part.type === "hour")!.value) * 60 + Number(parts.find((part) => part.type === "minute")!.value);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
