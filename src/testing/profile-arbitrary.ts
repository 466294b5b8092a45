import * as fc from "fast-check";
import { CHANNELS } from "../channels/channel.js";
import { DEFAULT_CATEGORY_POLICIES } from "../channels/policy/category-policy.js";
import type { ChannelUserInput } from "../channels/user/channel-user.js";
import { PLATFORMS } from "../channels/surface.js";
import { instantOf, type Instant } from "../time/instant.js";
import type { AggregatePolicyInput } from "../segments/aggregates/aggregate-policy.js";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import type { BehaviourAggregates } from "../segments/aggregates/behaviour-aggregates.js";
import { behaviourPlanArbitrary, foldInto, pastEvents } from "./behaviour-plan.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { fieldsArbitrary, setPath } from "./json-values.js";

/** A user as the engine reads it (see docs/engine.md, "The user"); rules may read any other field too. */
export interface UserProfile extends ChannelUserInput {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Aggregates folded from generated past events (with `options.behaviour`). */
  readonly behaviour?: BehaviourAggregates;
  readonly [field: string]: unknown;
}

export interface ProfileArbitraryOptions {
  /** Fields rules read (`user.*`, `session.*`) and the values they compare with; categories for preferences. */
  readonly vocabulary?: ConfigVocabulary;
  /** User ids (default `user-<n>`). */
  readonly ids?: fc.Arbitrary<string>;
  /** Valid zones to draw from (default: a spread of DST, half-hour and far-off zones, plus the config's). */
  readonly timeZones?: readonly string[];
  /** Whether about one user in ten has a missing or invalid zone (default true): the engine falls back to the config's. */
  readonly invalidTimeZones?: boolean;
  /** `granted` (default): consents mostly given, so messages can go out; `any`: every combination equally. */
  readonly consents?: "granted" | "any";
  /** Fold generated past events (habits and one-offs up to `now`) into `behaviour` with this aggregation policy. */
  readonly behaviour?: {
    readonly policy: AggregatePolicyInput | AggregatePolicy;
    readonly now: Instant;
    /** Event names (default: the vocabulary's tracked events, else the policy's). */
    readonly events?: readonly string[];
  };
}

export const DEFAULT_TIME_ZONES: readonly string[] = Object.freeze(["UTC", "Europe/Paris", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Lord_Howe", "Pacific/Kiritimati"]);
/** Zones the engine does not accept: it must fall back to the config's. */
const INVALID_TIME_ZONES: readonly string[] = ["Mars/Olympus", "", "+25:00", "__proto__"];
const FIRST_NAMES = ["Ada", "Camille", "Karim", "Priya", "Noémie", "<b>Bold</b> & \"quoted\""];

/** True, mostly, when consents are `granted`. */
function flag(consents: "granted" | "any"): fc.Arbitrary<boolean> {
  return consents === "granted" ? fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.boolean();
}

/** Session, consents, preferences and engagement: what channel choice reads. */
function channelFieldsArbitrary(consents: "granted" | "any", categories: readonly string[]): fc.Arbitrary<ChannelUserInput> {
  const yes = flag(consents);
  const push = fc.record({ optedIn: yes, tokens: fc.tuple(fc.constantFrom("ios", "android"), yes).map(([platform, valid]) => [{ platform, valid }]) });
  return fc.record(
    {
      session: fc.record({ active: yes, online: fc.option(yes, { nil: undefined }), platform: fc.constantFrom(...PLATFORMS), id: fc.integer({ min: 1, max: 9 }).map((n) => `session-${n}`) }).map(({ online, ...rest }) => (online === undefined ? rest : { ...rest, online })),
      consents: fc.record(
        {
          push,
          web_push: fc.record({ optedIn: yes, tokens: fc.constant([{ platform: "web", valid: true }]).map((tokens) => tokens.map((token) => ({ ...token }))) }),
          email: fc.record({ optedIn: yes, verified: yes, bounced: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
          sms: fc.record({ optedIn: yes, verified: yes }),
        },
        { requiredKeys: ["push", "email"] },
      ),
      preferences: fc.oneof(
        fc.record({ channels: fc.constantFrom(...CHANNELS).map((channel) => ({ [channel]: false })) }),
        fc.record({ categories: fc.constantFrom(...categories).map((category) => ({ [category]: false })) }),
      ),
      engagement: fc.dictionary(fc.constantFrom(...CHANNELS), fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 })).map(([sent, engaged]) => ({ sent, engaged: Math.min(sent, engaged) })), { maxKeys: 3 }),
    },
    { requiredKeys: ["session", "consents"] },
  ).map((fields) => fields as ChannelUserInput);
}

/**
 * Users as the engine reads them: id, attributes (with the fields the config's rules compare, drawn
 * from their constants), time zone (valid, and occasionally invalid), session, consents,
 * preferences, engagement and, with `options.behaviour`, aggregates folded from generated past
 * events. Every value is plain JSON.
 *
 * @example
 * const vocabulary = configVocabulary(config);
 * fc.assert(fc.property(profileArbitrary({ vocabulary }), (user) => { engine.decide({ event, user, now }); }));
 */
export function profileArbitrary(options: ProfileArbitraryOptions = {}): fc.Arbitrary<UserProfile> {
  const vocabulary = options.vocabulary;
  const zones = [...new Set([...(options.timeZones ?? DEFAULT_TIME_ZONES), ...(vocabulary === undefined || options.timeZones !== undefined ? [] : [vocabulary.timeZone])])];
  const zone: fc.Arbitrary<string | undefined> =
    options.invalidTimeZones === false
      ? fc.constantFrom(...zones)
      : fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...zones) }, { weight: 1, arbitrary: fc.constantFrom<string | undefined>(...INVALID_TIME_ZONES, undefined) });
  const categories = vocabulary !== undefined && vocabulary.categories.length > 0 ? vocabulary.categories : Object.keys(DEFAULT_CATEGORY_POLICIES);
  const behaviour = options.behaviour;
  const now = behaviour === undefined ? 0 : instantOf(behaviour.now, "options.behaviour.now");
  const behaviourEvents = behaviour === undefined ? [] : (behaviour.events ?? (vocabulary !== undefined && vocabulary.trackedEvents.length > 0 ? vocabulary.trackedEvents : policyEvents(behaviour.policy)));
  const planOptions = vocabulary === undefined ? { events: behaviourEvents } : { events: behaviourEvents, eventProperties: vocabulary.eventProperties, favoured: vocabulary.behaviourEvents };

  return fc
    .record({
      id: options.ids ?? fc.nat({ max: 99_999 }).map((n) => `user-${n}`),
      firstName: fc.constantFrom(...FIRST_NAMES),
      zone,
      channels: channelFieldsArbitrary(options.consents ?? "granted", categories),
      userFields: fieldsArbitrary(vocabulary?.userFields ?? {}),
      sessionFields: fieldsArbitrary(vocabulary?.sessionFields ?? {}),
      past: behaviourPlanArbitrary(planOptions),
    })
    .map(({ id, firstName, zone: timeZone, channels, userFields, sessionFields, past }) => {
      const profile: Record<string, unknown> = { id, attributes: { first_name: firstName }, ...channels };
      if (timeZone !== undefined) profile.timeZone = timeZone;
      // Fields rules read go where they read them; `id` stays the generated one (experiments hash it).
      for (const [field, value] of Object.entries(userFields)) if (field !== "id") setPath(profile, field, value);
      if (Object.keys(sessionFields).length > 0) profile.session = { ...(profile.session as object), ...sessionFields };
      if (behaviour !== undefined) profile.behaviour = foldInto(null, pastEvents(past, now), behaviour.policy);
      return profile as UserProfile;
    });
}

function policyEvents(policy: AggregatePolicyInput | AggregatePolicy): string[] {
  const events: unknown = (policy as { events?: unknown }).events;
  if (events instanceof Map) return [...(events as Map<string, unknown>).keys()];
  return typeof events === "object" && events !== null ? Object.keys(events) : [];
}
