import * as fc from "fast-check";
import type { CampaignInput } from "../schema/campaign-schema.js";
import type { EngineConfigInput } from "../schema/engine-config-schema.js";
import { campaignArbitrary } from "./campaign-arbitrary.js";
import { capPolicyArbitrary } from "./cap-policy-arbitrary.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { ruleArbitrary } from "./rule-arbitrary.js";

export interface EngineConfigArbitraryOptions {
  /** Event names campaigns are triggered by and the config may aggregate (default: a few e-commerce ones). */
  readonly events?: readonly string[];
  /** Default 1. */
  readonly minCampaigns?: number;
  /** Default 6. */
  readonly maxCampaigns?: number;
  /** Built-in categories campaigns draw from (default: all). */
  readonly categories?: readonly string[];
  /** Paths and constants for the conditions (e.g. your own config's vocabulary). */
  readonly vocabulary?: ConfigVocabulary;
  /** Put some campaign experiments in layers, on disjoint slices (default true). */
  readonly layers?: boolean;
  /** Make some campaigns draft, paused or archived (default false). */
  readonly inactive?: boolean;
}

const DEFAULT_EVENTS = ["app_open", "signup", "add_to_cart", "checkout_started", "purchase", "payment_failed"];
const TAGS = ["marketing", "service", "product"];
const BUCKETS = 10_000;
const USER_PATHS = ["user.attributes.plan", "user.attributes.country", "user.attributes.age"];

/**
 * Slices of a layer for its members, in buckets so that they stay disjoint after the experiments
 * round shares to buckets: member i of k gets part of [i/k, (i+1)/k).
 */
function layerRanges(members: number, fills: readonly number[]): [number, number][] {
  return Array.from({ length: members }, (_, index) => {
    const start = Math.floor((index * BUCKETS) / members);
    const next = Math.floor(((index + 1) * BUCKETS) / members);
    const end = start + Math.max(1, Math.floor((fills[index] ?? 1) * (next - start)));
    return [start / BUCKETS, end / BUCKETS];
  });
}

/** Campaign experiments assigned to layers (choice −1: none), each on its own slice. */
function placeInLayers(campaigns: CampaignInput[], choices: readonly number[], fills: readonly number[], layers: readonly string[]): CampaignInput[] {
  const members = new Map<string, number[]>();
  campaigns.forEach((campaign, index) => {
    const layer = layers[choices[index] ?? -1];
    if (campaign.experiment === undefined || layer === undefined) return;
    members.set(layer, [...(members.get(layer) ?? []), index]);
  });
  const placed = [...campaigns];
  for (const [layer, indexes] of members) {
    const ranges = layerRanges(indexes.length, indexes.map((index) => fills[index] ?? 1));
    indexes.forEach((index, position) => {
      const campaign = placed[index]!;
      placed[index] = { ...campaign, experiment: { ...campaign.experiment!, layer: { id: layer, range: ranges[position]! } } };
    });
  }
  return placed;
}

/**
 * Valid engine configs: a zone, an aggregation policy, segments (referring only to earlier ones, so
 * no cycles), declared tags, a cap policy whose scopes name what exists, a holdout, layers with
 * campaign experiments on disjoint slices, arbitration settings and campaigns from
 * `campaignArbitrary` with unique ids. `createEngine` accepts every one (a property test checks it).
 *
 * @example
 * fc.assert(fc.property(engineConfigArbitrary(), (config) => checkCampaignLayers(config).ok));
 */
export function engineConfigArbitrary(options: EngineConfigArbitraryOptions = {}): fc.Arbitrary<EngineConfigInput> {
  const events = options.events !== undefined && options.events.length > 0 ? options.events : DEFAULT_EVENTS;
  const minCampaigns = Math.max(1, options.minCampaigns ?? 1);
  const maxCampaigns = Math.max(minCampaigns, options.maxCampaigns ?? 6);
  const paths = options.vocabulary?.paths.filter((path) => path.startsWith("user.")) ?? [];
  return fc
    .record({
      timeZone: fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"),
      tracked: fc.option(fc.subarray([...events], { minLength: 1 }), { nil: undefined }),
      segmentCount: fc.integer({ min: 0, max: 3 }),
      declareTags: fc.boolean(),
      layerCount: options.layers === false ? fc.constant(0) : fc.integer({ min: 0, max: 2 }),
    })
    .chain(({ timeZone, tracked, segmentCount, declareTags, layerCount }) => {
      const trackedEvents = tracked ?? [];
      const segmentIds = Array.from({ length: segmentCount }, (_, index) => `segment-${index}`);
      const layers = Array.from({ length: layerCount }, (_, index) => `layer-${index}`);
      const rule = ruleArbitrary({ paths: paths.length > 0 ? paths : USER_PATHS, ...(options.vocabulary === undefined ? {} : { constants: options.vocabulary.constants }), behaviourEvents: trackedEvents, maxDepth: 1 });
      const segments = fc.tuple(
        ...segmentIds.map((id, index) =>
          fc.record({ rule, exclude: fc.subarray(segmentIds.slice(0, index), { maxLength: Math.min(1, index) }) }).map(({ rule: condition, exclude }) => ({ id, rule: condition, ...(exclude.length === 0 ? {} : { exclude }) })),
        ),
      );
      const campaign = campaignArbitrary({
        events,
        trackedEvents,
        segments: segmentIds,
        tags: TAGS,
        placements: ["home", "cart"],
        ...(options.categories === undefined ? {} : { categories: options.categories }),
        ...(options.vocabulary === undefined ? {} : { vocabulary: options.vocabulary }),
        ...(options.inactive === undefined ? {} : { inactive: options.inactive }),
      });
      const campaignIds = Array.from({ length: minCampaigns }, (_, index) => `campaign-${index}`);
      return fc
        .record(
          {
            campaigns: fc.array(campaign, { minLength: minCampaigns, maxLength: maxCampaigns }),
            layerChoices: fc.array(fc.integer({ min: -1, max: layerCount - 1 }), { minLength: maxCampaigns, maxLength: maxCampaigns }),
            fills: fc.array(fc.integer({ min: 1, max: 10 }).map((tenths) => tenths / 10), { minLength: maxCampaigns, maxLength: maxCampaigns }),
            segments,
            // Tag scopes only when tags are declared; campaign scopes only name campaigns that always exist.
            caps: capPolicyArbitrary({ ...(declareTags ? { tags: TAGS } : {}), campaigns: campaignIds }),
            holdout: fc.record({ share: fc.integer({ min: 0, max: 20 }).map((percent) => percent / 100) }, { requiredKeys: [] }),
            layerSalts: fc.array(fc.boolean(), { minLength: layerCount, maxLength: layerCount }),
            arbitration: fc.record({ maxPerEvent: fc.integer({ min: 1, max: 3 }), maxBlockingPerEvent: fc.integer({ min: 0, max: 2 }), inAppCooldown: fc.constantFrom("1m", "10m") }, { requiredKeys: [] }),
            channels: fc.constantFrom(undefined, { categories: { promotional: { strategy: "all-eligible" as const } } }, { engagementPrior: { alpha: 1, beta: 19 } }),
          },
          { requiredKeys: ["campaigns", "layerChoices", "fills", "segments"] },
        )
        .map(({ campaigns, layerChoices, fills, segments: definitions, caps, holdout, layerSalts, arbitration, channels }) => {
          const named = campaigns.map((entry, index) => ({ ...entry, id: `campaign-${index}` }));
          const config: Record<string, unknown> = { version: 1, timeZone, segments: definitions, campaigns: placeInLayers(named, layerChoices, fills, layers) };
          if (tracked !== undefined) config.behaviour = { events: Object.fromEntries(trackedEvents.map((event) => [event, event === "purchase" ? { properties: { amount: { decimals: 2 } } } : {}])) };
          if (declareTags) config.tags = [...TAGS];
          if (layers.length > 0) config.layers = layers.map((id, index) => (layerSalts?.[index] === true ? { id, salt: `${id}-salt` } : { id }));
          if (caps !== undefined) config.caps = caps;
          if (holdout !== undefined && holdout.share !== undefined) config.holdout = { id: "global-holdout", share: holdout.share };
          if (arbitration !== undefined && Object.keys(arbitration).length > 0) config.arbitration = arbitration;
          if (channels !== undefined) config.channels = channels;
          return config as unknown as EngineConfigInput;
        });
    });
}
