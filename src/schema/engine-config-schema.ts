import { z } from "../validation/csp-safe-zod.js";
import { capPolicySchema } from "../caps/policy/cap-policy-schema.js";
import { categoryName, channelPolicySchema } from "../channels/policy/channel-policy-schema.js";
import { IN_APP_FORMATS } from "../channels/surface.js";
import { holdoutSchema } from "../experiments/config/experiment-schema.js";
import { aggregatePolicySchema } from "../segments/aggregates/aggregate-policy.js";
import { segmentDefinitionsSchema } from "../segments/definitions/segment-schema.js";
import { isTimeZoneShape } from "../time-zones/zone-name.js";
import type { BuiltInCategory } from "../channels/policy/category-policy.js";
import { campaignSchema, type CampaignInput } from "./campaign-schema.js";
import type { ReadonlyInput } from "./readonly-input.js";
import { schemaReference } from "./schema-reference.js";
import { attributionSchema } from "../metrics/config/conversion-schema.js";
import { durationSchema, identifier } from "./shared-fields.js";
import { journeySchema } from "../journeys/definition/journey-schema.js";

/** Categories a global holdout never withholds: people must hear about their payment, security and legal matters. */
export const DEFAULT_HOLDOUT_EXEMPT = Object.freeze(["urgent", "security", "payment_failure", "outage", "regulatory", "legal", "transactional"] as const);

export const engineHoldoutSchema = holdoutSchema.extend({
  /** Categories the holdout does not apply to (default: the critical and transactional ones). */
  exempt: z.array(categoryName).max(100).optional(),
});

export const layerSchema = z.strictObject({
  id: identifier,
  /** The layer's hash salt (default: its id); every campaign experiment in it uses it. */
  salt: z.string().min(1).max(1024).optional(),
});

/** What one event (or one `due` call) may show at once. */
export const arbitrationSchema = z.strictObject({
  /** At most this many decisions per call (default: no limit). */
  maxPerEvent: z.number().int().min(1).max(1_000).optional(),
  /** In-app formats that take over the screen: at most `maxBlockingPerEvent` (default 1) of them per call. */
  blockingFormats: z.array(z.enum(IN_APP_FORMATS)).max(IN_APP_FORMATS.length).default(["modal", "full_screen"]),
  maxBlockingPerEvent: z.number().int().min(0).max(100).default(1),
  /** At most this many in-app messages per placement per call (default 1; a placement not named here: 1). */
  placements: z.record(identifier, z.number().int().min(0).max(100)).optional(),
  /** Minimum time between two in-app messages (a cooldown added to the cap policy as `in-app-cooldown`). */
  inAppCooldown: durationSchema.optional(),
});

export const engineConfigSchema = z.strictObject({
  /** The JSON Schema an editor validates the file with; ignored by the engine. */
  $schema: schemaReference,
  version: z.literal(1).default(1),
  /**
   * The zone for schedules, quiet hours and calendar caps when a user has none (default "UTC"). The
   * schema checks its form; the engine checks that its time-zone provider knows it.
   */
  timeZone: z.string().refine(isTimeZoneShape, { message: 'must be an IANA time zone (e.g. "Europe/Paris") or an offset ("+05:30")' }).default("UTC"),
  /** Events aggregated per user (what behavioural rules and the replay fold). */
  behaviour: aggregatePolicySchema.optional(),
  segments: segmentDefinitionsSchema.default([]),
  /** Tags campaigns may use; when given, any other tag is a problem (a typo would escape its caps). */
  tags: z.array(identifier).max(1_000).optional(),
  caps: capPolicySchema.default({ caps: [], cooldowns: [], quietHours: [] }),
  holdout: engineHoldoutSchema.optional(),
  layers: z.array(layerSchema).max(1_000).default([]),
  channels: channelPolicySchema.optional(),
  arbitration: arbitrationSchema.default({ blockingFormats: ["modal", "full_screen"], maxBlockingPerEvent: 1 }),
  campaigns: z.array(campaignSchema).max(20_000),
  /**
   * Multi-step series (nudgekit/journeys) the engine runs beside the campaigns: `decide` and `due`
   * move each user through them, and their message steps go through channels, caps, quiet hours and
   * arbitration as campaigns do. A journey's id must not be a campaign's.
   */
  journeys: z.array(journeySchema).max(1_000).default([]),
  /** How nudgekit/metrics credits conversions to messages (the engine does not read it). */
  attribution: attributionSchema.optional(),
});

/**
 * An engine config as written (defaults optional). `Category` is what a campaign's `category` may
 * be (see `CampaignInput`).
 */
export type EngineConfigInput<Category extends string = BuiltInCategory | (string & {})> = Omit<z.input<typeof engineConfigSchema>, "campaigns"> & {
  campaigns: CampaignInput<Category>[];
};

/** The names a config literal declares in `channels.categories`. */
type DeclaredCategory<Config> = Config extends { readonly channels?: { readonly categories?: infer Declared } } ? (Declared extends object ? Extract<keyof Declared, string> : never) : never;

/** The type a config's campaigns give `category`: a name per campaign written in place; `string` in a config typed without them. */
type CampaignCategoryOf<Config> = Config extends { readonly campaigns: readonly (infer Campaign)[] } ? (Campaign extends { readonly category: infer Category } ? Category : never) : never;

/**
 * What `createEngine` and `prepareConfig` take. A config written in place is checked against
 * `EngineConfigInput`: keys and values autocomplete, a typo is a type error, and each campaign's
 * `category` must be a built-in category or one the config's `channels.categories` declares.
 * Read-only values are accepted too (a config written `as const`).
 *
 * Values whose type says nothing exact about them are accepted as they are — `unknown` and `any`
 * (`JSON.parse`), a JSON module (`import config from "./campaigns.json"`: its categories are
 * plain strings), a config typed `EngineConfigInput`, a record type (`Record<string, unknown>`),
 * a union with non-objects — since every config is validated at run time anyway (`ConfigError`).
 */
export type EngineConfigArgument<Config> = unknown extends Config
  ? Config
  : [Config] extends [object]
    ? string extends keyof Config
      ? Config
      : string extends CampaignCategoryOf<Config>
        ? Config
        : ReadonlyInput<EngineConfigInput<BuiltInCategory | DeclaredCategory<Config>>>
    : Config;

export type EngineConfig = z.output<typeof engineConfigSchema>;
export type ArbitrationSettings = z.output<typeof arbitrationSchema>;
