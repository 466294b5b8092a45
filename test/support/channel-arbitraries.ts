import fc from "fast-check";
import type { CapPolicyInput } from "../../src/caps/index.js";
import { CHANNEL_TRAITS, CHANNELS, DEFAULT_CATEGORY_POLICIES, IN_APP_FORMATS, PLATFORMS, type Channel, type ChannelCampaignInput } from "../../src/channels/index.js";

export const START = Date.parse("2026-01-01T00:00:00Z");
export const H = 3_600_000;
export const ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
export const CATEGORIES = Object.keys(DEFAULT_CATEGORY_POLICIES);
/** Categories whose messages never go in-app alone by default. */
export const NEVER_IN_APP_ALONE = ["urgent", "security", "payment_failure", "outage", "regulatory", "legal"];

/** A flag as users' data gives it: mostly booleans, sometimes absent or the wrong type. */
const flag = fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom(undefined, null, "true", 1, 0) });
const instant = fc.oneof(fc.integer({ min: START - 30 * 24 * H, max: START + 400 * 24 * H }), fc.constantFrom("2026-06-01T00:00:00Z", "not a date", null));

const token = fc.record(
  { platform: fc.constantFrom("ios", "android", "web", "fax", 7), valid: flag, expiresAt: instant },
  { requiredKeys: ["platform"] },
);
const pushConsent = fc.record({ optedIn: flag, muted: flag, mutedUntil: instant, tokens: fc.array(token, { maxLength: 3 }) }, { requiredKeys: [] });

/** A user as channel choice gets it: consents, session, preferences, engagement, zone — partly broken. */
export const channelUser = fc.record(
  {
    timeZone: fc.oneof(fc.constantFrom(...ZONES), fc.constantFrom("Mars/Olympus", "", "__proto__")),
    session: fc.record({ active: flag, online: flag, platform: fc.constantFrom(...PLATFORMS, "tv"), id: fc.constantFrom("s1", "s2") }, { requiredKeys: [] }),
    consents: fc.record(
      {
        push: pushConsent,
        web_push: pushConsent,
        email: fc.record({ optedIn: flag, verified: flag, bounced: flag }, { requiredKeys: [] }),
        sms: fc.record({ optedIn: flag, verified: flag }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    preferences: fc.record(
      {
        channels: fc.dictionary(fc.constantFrom(...CHANNELS), flag, { maxKeys: 3 }),
        categories: fc.dictionary(fc.constantFrom(...CATEGORIES), fc.oneof(flag, fc.dictionary(fc.constantFrom(...CHANNELS), flag, { maxKeys: 2 })), { maxKeys: 3 }),
      },
      { requiredKeys: [] },
    ),
    engagement: fc.dictionary(
      fc.constantFrom(...CHANNELS),
      fc.record({ sent: fc.oneof(fc.nat({ max: 50 }), fc.constantFrom(-1, Number.NaN)), engaged: fc.nat({ max: 50 }) }),
      { maxKeys: 5 },
    ),
  },
  { requiredKeys: [] },
);

/** A valid campaign of any built-in category: a shuffled subset of the channels its category allows. */
export function channelCampaign(categories: readonly string[] = CATEGORIES): fc.Arbitrary<ChannelCampaignInput> {
  return fc.constantFrom(...categories).chain((category) => {
    const policy = DEFAULT_CATEGORY_POLICIES[category]!;
    return fc
      .record(
        {
          channels: fc.shuffledSubarray([...policy.channels], { minLength: 1 }),
          format: fc.option(fc.constantFrom(...IN_APP_FORMATS), { nil: undefined }),
          strategy: fc.option(fc.constantFrom("first-eligible" as const, "best-engagement" as const, "all-eligible" as const), { nil: undefined }),
          onBlocked: fc.option(fc.constantFrom("fallback" as const, "defer" as const), { nil: undefined }),
          tags: fc.option(fc.subarray(["deal", "news"]), { nil: undefined }),
        },
        { requiredKeys: ["channels"] },
      )
      .filter(({ channels }) => policy.inAppAlone || channels.some((channel) => CHANNEL_TRAITS[channel].reachesOutsideApp))
      .map((fields) => {
        const campaign: Record<string, unknown> = { id: `${category}-campaign`, category, channels: fields.channels };
        for (const key of ["format", "strategy", "onBlocked", "tags"] as const) if (fields[key] !== undefined) campaign[key] = fields[key];
        return campaign as unknown as ChannelCampaignInput;
      });
  });
}

const scope = fc.oneof(
  fc.constant({ all: true as const }),
  fc.constantFrom(...CHANNELS).map((channel) => ({ channel })),
  fc.constant({ channels: ["push", "in_app", "email"] }),
  fc.constant({ tag: "deal" }),
);

/** Cap policies over the channels: caps in rolling or calendar windows, cooldowns, quiet hours. */
export const capPolicy: fc.Arbitrary<CapPolicyInput> = fc.record({
  caps: fc.array(
    fc.record({
      id: fc.constantFrom("c1", "c2", "c3"),
      scope,
      limit: fc.integer({ min: 1, max: 3 }),
      window: fc.oneof(fc.integer({ min: 1, max: 48 }).map((hours) => ({ rolling: hours * H })), fc.constantFrom({ calendar: "day" as const }, { calendar: "week" as const })),
    }),
    { maxLength: 3 },
  ),
  cooldowns: fc.array(fc.record({ id: fc.constant("cool"), scope, interval: fc.integer({ min: 60_000, max: 6 * H }) }), { maxLength: 1 }),
  quietHours: fc.array(
    fc.record({ id: fc.constant("night"), channels: fc.subarray([...CHANNELS], { minLength: 1 }), from: fc.constantFrom("21:00", "22:30", "13:00"), to: fc.constantFrom("08:00", "07:15", "15:00"), action: fc.constantFrom("defer" as const, "drop" as const) }),
    { maxLength: 1 },
  ),
}) as fc.Arbitrary<CapPolicyInput>;

export const channel = fc.constantFrom<Channel>(...CHANNELS);
