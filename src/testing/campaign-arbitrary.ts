import * as fc from "fast-check";
import { CHANNEL_TRAITS, type Channel } from "../channels/channel.js";
import { DEFAULT_CATEGORY_POLICIES } from "../channels/policy/category-policy.js";
import { IN_APP_FORMATS, type InAppFormat } from "../channels/surface.js";
import type { CampaignInput } from "../schema/campaign-schema.js";
import { WEEKDAYS } from "../schema/weekdays.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { ruleArbitrary } from "./rule-arbitrary.js";

export interface CampaignArbitraryOptions {
  /** The campaign id (default `campaign-<n>`). */
  readonly id?: string | fc.Arbitrary<string>;
  /** Events that may trigger it (default: the vocabulary's events, else a few e-commerce ones). */
  readonly events?: readonly string[];
  /** Events the config aggregates: needed for `cancelOn`, inactivity triggers and behavioural conditions (default none). */
  readonly trackedEvents?: readonly string[];
  /** Segments the config defines, for segment-entry triggers and audiences (default none). */
  readonly segments?: readonly string[];
  readonly tags?: readonly string[];
  /** In-app placements it may use (default none). */
  readonly placements?: readonly string[];
  /** Built-in message categories to draw from (default: all of them). */
  readonly categories?: readonly string[];
  /** Paths and constants for trigger and audience conditions. */
  readonly vocabulary?: ConfigVocabulary;
  /** Give some campaigns an experiment (default true). Layers are the config's business: see `engineConfigArbitrary`. */
  readonly experiments?: boolean;
  /** Make some campaigns draft, paused or archived (default false). */
  readonly inactive?: boolean;
}

const DEFAULT_EVENTS = ["app_open", "signup", "add_to_cart", "checkout_started", "purchase", "payment_failed"];
const DEFAULT_PATHS = ["event.properties.value", "event.properties.category", "user.attributes.plan", "user.attributes.country"];
const INSTANTS = ["2026-01-01T00:00:00Z", "2026-03-29T01:30:00Z", "2026-06-15T12:00:00+02:00", "2026-11-23T12:00:00Z", "2027-01-01T00:00:00Z"];
const LOCAL_TIMES = ["2026-01-05T09:00", "2026-11-20T10:00", "2026-03-29T02:30"];
const CLOCKS = ["00:00", "08:00", "10:00", "20:00", "21:30"];

/** Every field a channel needs, as templates (some personalised); in-app content is per format (IN_APP_CONTENT). */
const CONTENT: Readonly<Record<Exclude<Channel, "in_app">, Readonly<Record<string, unknown>>>> = {
  push: {
    title: "{{ event.properties.product_name | default: \"Your cart\" }} is waiting",
    body: "Come back",
    deepLink: "shop://cart?item={{ event.properties.product_name }}",
    buttons: [{ id: "open", label: "Open", action: { type: "deep_link", url: "shop://cart" } }],
  },
  web_push: { title: "News", body: "Have a look" },
  email: { subject: "Hello {{ user.attributes.first_name | default: \"friend\" }}", html: "<p>{{ event.properties.product_name | default: \"Hi\" }}</p>" },
  sms: { text: "Code {{ event.properties.order_id | default: \"none\" | url_encode }}" },
};

const greeting = "Hi {{ user.attributes.first_name | default: \"there\" }}";
/** In-app content per format: what each needs, with a button, a card, a step or a question. */
const IN_APP_CONTENT: Readonly<Record<InAppFormat, Readonly<Record<string, unknown>>>> = {
  banner: { title: greeting, body: "Something for you" },
  modal: { title: greeting, body: "Something for you", buttons: [{ id: "ok", label: "OK", action: { type: "dismiss" } }] },
  full_screen: { title: greeting, body: "Something for you", image: "https://cdn.example/hero.png" },
  card: { title: greeting, body: "Something for you", action: { type: "deep_link", url: "shop://offers" } },
  tooltip: { body: "Tap here", anchor: { selector: "#help" }, placement: "bottom" },
  carousel: { cards: [{ id: "one", title: greeting }, { id: "two", body: "Something for you", button: { id: "go", label: "Go", action: { type: "url", url: "https://example.com/go" } } }] },
  product_tour: { steps: [{ id: "search", anchor: { selector: "#search" }, body: greeting }] },
  survey: { questions: [{ id: "nps", type: "rating", prompt: "How likely are you to recommend us, {{ user.attributes.first_name | default: \"friend\" }}?" }] },
};

const outsideApp = (channel: Channel): boolean => CHANNEL_TRAITS[channel].reachesOutsideApp;

/** A category and channels it allows: a shuffled subset, plus a channel outside the app when it never goes in-app alone. */
function channelsArbitrary(categories: readonly string[]): fc.Arbitrary<{ category: string; channels: Channel[] }> {
  return fc.constantFrom(...categories).chain((category) => {
    const policy = DEFAULT_CATEGORY_POLICIES[category]!;
    return fc.shuffledSubarray([...policy.channels], { minLength: 1 }).map((channels) => {
      if (!policy.inAppAlone && !channels.some(outsideApp)) channels.push(policy.channels.find(outsideApp)!);
      return { category, channels };
    });
  });
}

function triggerArbitrary(options: CampaignArbitraryOptions): fc.Arbitrary<CampaignInput["trigger"]> {
  const events = options.events ?? (options.vocabulary !== undefined && options.vocabulary.events.length > 0 ? options.vocabulary.events : DEFAULT_EVENTS);
  const tracked = options.trackedEvents ?? [];
  const where = ruleArbitrary({ paths: options.vocabulary?.paths.length ? options.vocabulary.paths : DEFAULT_PATHS, ...(options.vocabulary === undefined ? {} : { constants: options.vocabulary.constants }), behaviourEvents: tracked, maxDepth: 1 });
  const eventTrigger = fc
    .record(
      { event: fc.constantFrom(...events), where, delay: fc.constantFrom("30m", "1h", "2d"), cancelOn: tracked.length === 0 ? fc.constant([] as string[]) : fc.subarray([...tracked], { minLength: 1, maxLength: Math.min(2, tracked.length) }) },
      { requiredKeys: ["event"] },
    )
    .map(({ event, where: condition, delay, cancelOn }) => ({
      event,
      ...(condition === undefined ? {} : { where: condition }),
      ...(delay === undefined ? {} : { delay }),
      // cancelOn waits with a delay, and names aggregated events only.
      ...(delay === undefined || cancelOn === undefined || cancelOn.length === 0 ? {} : { cancelOn }),
    }));
  const triggers: { weight: number; arbitrary: fc.Arbitrary<CampaignInput["trigger"]> }[] = [
    { weight: 6, arbitrary: eventTrigger },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom(...INSTANTS), fc.constantFrom(...LOCAL_TIMES)).map((at) => ({ scheduled: { at } })) },
  ];
  if (options.segments !== undefined && options.segments.length > 0) triggers.push({ weight: 1, arbitrary: fc.constantFrom(...options.segments).map((segmentEntry) => ({ segmentEntry })) });
  if (tracked.length > 0) triggers.push({ weight: 1, arbitrary: fc.record({ event: fc.constantFrom(...tracked), for: fc.constantFrom("3d", "14d", "30d") }).map((inactivity) => ({ inactivity })) });
  return fc.oneof(...triggers);
}

function scheduleArbitrary(): fc.Arbitrary<NonNullable<CampaignInput["schedule"]>> {
  return fc
    .record(
      { window: fc.uniqueArray(fc.integer({ min: 0, max: INSTANTS.length - 1 }), { minLength: 1, maxLength: 2 }), days: fc.subarray([...WEEKDAYS], { minLength: 1 }), hours: fc.uniqueArray(fc.constantFrom(...CLOCKS), { minLength: 2, maxLength: 2 }) },
      { requiredKeys: [] },
    )
    .map(({ window, days, hours }) => {
      const schedule: Record<string, unknown> = {};
      if (window !== undefined) {
        const [first, second] = [...window].sort((a, b) => Date.parse(INSTANTS[a]!) - Date.parse(INSTANTS[b]!));
        if (second === undefined) schedule[first! % 2 === 0 ? "start" : "end"] = INSTANTS[first!];
        else Object.assign(schedule, { start: INSTANTS[first!], end: INSTANTS[second] });
      }
      if (days !== undefined) schedule.days = days;
      if (hours !== undefined) schedule.hours = { from: hours[0], to: hours[1] };
      return schedule as NonNullable<CampaignInput["schedule"]>;
    });
}

function campaignExperimentArbitrary(): fc.Arbitrary<NonNullable<CampaignInput["experiment"]>> {
  return fc
    .record({
      variants: fc.uniqueArray(fc.constantFrom("control", "a", "b"), { minLength: 1, maxLength: 3 }),
      weights: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 3, maxLength: 3 }),
      control: fc.boolean(),
      coverage: fc.option(fc.integer({ min: 1, max: 100 }).map((percent) => percent / 100), { nil: undefined }),
    })
    .map(({ variants, weights, control, coverage }) => ({
      variants: variants.map((id, index) => ({ id, weight: weights[index]! })),
      ...(control && variants.includes("control") ? { control: "control" } : {}),
      ...(coverage === undefined ? {} : { coverage }),
    }));
}

/**
 * Valid campaigns for an engine config: a category and channels it allows (never in-app alone where
 * the category forbids it), a format for in-app, content for every channel, a trigger (an event with
 * a condition over the vocabulary's paths, a delay and cancelOn; a schedule; a segment entry or
 * inactivity when segments or aggregated events are given), audience, schedule, experiment, own
 * caps, re-eligibility, tags and placement. Everything it names must exist in the config: pass the
 * config's segments, tracked events, tags and placements (`engineConfigArbitrary` does).
 *
 * @example
 * fc.assert(fc.property(campaignArbitrary({ id: "generated" }), (campaign) => {
 *   createEngine({ campaigns: [campaign] }); // never throws
 * }));
 */
export function campaignArbitrary(options: CampaignArbitraryOptions = {}): fc.Arbitrary<CampaignInput> {
  const categories = options.categories !== undefined && options.categories.length > 0 ? options.categories : Object.keys(DEFAULT_CATEGORY_POLICIES);
  const id = typeof options.id === "string" ? fc.constant(options.id) : (options.id ?? fc.nat({ max: 9_999 }).map((n) => `campaign-${n}`));
  const segments = options.segments ?? [];
  const audience = fc
    .record(
      {
        segments: segments.length === 0 ? fc.constant({ include: [] as string[], exclude: [] as string[] }) : fc.shuffledSubarray([...segments], { maxLength: Math.min(2, segments.length) }).chain((picked) => fc.integer({ min: 0, max: picked.length }).map((cut) => ({ include: picked.slice(0, cut), exclude: picked.slice(cut) }))),
        where: ruleArbitrary({ paths: options.vocabulary?.paths.length ? options.vocabulary.paths.filter((path) => !path.startsWith("event.")) : ["user.attributes.plan", "user.attributes.country"], ...(options.vocabulary === undefined ? {} : { constants: options.vocabulary.constants }), behaviourEvents: options.trackedEvents ?? [], maxDepth: 1 }),
      },
      { requiredKeys: ["segments"] },
    )
    .map(({ segments: picked, where }) => ({
      ...(picked.include.length === 0 ? {} : { include: picked.include }),
      ...(picked.exclude.length === 0 ? {} : { exclude: picked.exclude }),
      ...(where === undefined ? {} : { where }),
    }));
  return fc
    .record(
      {
        id,
        channels: channelsArbitrary(categories),
        format: fc.constantFrom(...IN_APP_FORMATS),
        trigger: triggerArbitrary(options),
        priority: fc.integer({ min: -10, max: 100 }),
        tags: options.tags !== undefined && options.tags.length > 0 ? fc.subarray([...options.tags], { minLength: 1, maxLength: Math.min(2, options.tags.length) }) : fc.constant(undefined),
        placement: options.placements !== undefined && options.placements.length > 0 ? fc.constantFrom(...options.placements) : fc.constant(undefined),
        strategy: fc.constantFrom("first-eligible" as const, "best-engagement" as const, "all-eligible" as const),
        onBlocked: fc.constantFrom("fallback" as const, "defer" as const),
        audience,
        schedule: scheduleArbitrary(),
        experiment: options.experiments === false ? fc.constant(undefined) : campaignExperimentArbitrary(),
        caps: fc.array(fc.record({ limit: fc.integer({ min: 1, max: 3 }), window: fc.constantFrom<{ rolling: string } | { calendar: "day" } | { lifetime: true }>({ rolling: "7d" }, { calendar: "day" }, { lifetime: true }) }), { minLength: 1, maxLength: 2 }),
        reEligibility: fc.constantFrom<"always" | "once" | { after: string }>("always", "once", { after: "1d" }),
        status: options.inactive === true ? fc.constantFrom("draft" as const, "paused" as const, "archived" as const) : fc.constant(undefined),
        dismissible: fc.boolean(),
      },
      { requiredKeys: ["id", "channels", "format", "trigger", "priority"] },
    )
    .map(({ id: campaignId, channels: { category, channels }, format, trigger, audience: targeting, schedule, experiment, caps, reEligibility, ...rest }) => {
      const campaign: Record<string, unknown> = { id: campaignId, category, channels, trigger, content: Object.fromEntries(channels.map((channel) => [channel, JSON.parse(JSON.stringify(channel === "in_app" ? IN_APP_CONTENT[format] : CONTENT[channel])) as unknown])) };
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) campaign[key] = value;
      // Format and placement are in-app settings.
      if (channels.includes("in_app")) campaign.format = format;
      else delete campaign.placement;
      if (targeting !== undefined && Object.keys(targeting).length > 0) campaign.audience = targeting;
      if (schedule !== undefined && Object.keys(schedule).length > 0) campaign.schedule = schedule;
      if (experiment !== undefined) campaign.experiment = experiment;
      if (caps !== undefined) campaign.caps = caps.map((cap) => ({ ...cap, window: { ...cap.window } }));
      // "always" is for event triggers only: without an event it would hold again at each send (a ConfigError).
      const alwaysWithoutEvent = reEligibility === "always" && !("event" in (trigger as object));
      if (reEligibility !== undefined && !alwaysWithoutEvent) campaign.reEligibility = typeof reEligibility === "string" ? reEligibility : { ...reEligibility };
      return campaign as unknown as CampaignInput;
    });
}
