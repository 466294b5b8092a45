import { capPolicyToData } from "../../caps/policy/cap-policy-data.js";
import { channelCampaignToData, channelPolicyToData } from "../../channels/policy/channel-policy-data.js";
import { experimentToData, holdoutToData } from "../../experiments/config/experiment-data.js";
import { aggregatePolicyToData } from "../../segments/aggregates/aggregate-policy-data.js";
import { segmentsToData } from "../../segments/definitions/segments-data.js";
import { compiledSegmentsOf } from "../../segments/membership/segment-set.js";
import type { EngineConfigArgument } from "../../schema/engine-config-schema.js";
import { compileEngine } from "../compile/compile-engine.js";
import { ConfigError } from "../config-error.js";
import type { CompiledCampaign, CompiledTrigger } from "../compile/compiled-campaign.js";
import type { CompiledConfig } from "../compile/compiled-engine.js";
import { templateToData } from "../content/template-data.js";
import { configDigest } from "./config-digest.js";
import type { EngineOptions } from "../engine-options.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { PREPARED_FORMAT, PREPARED_VERSION, type PreparedCampaign, type PreparedConfig, type PreparedEngine, type PreparedTrigger } from "./prepared-config.js";

function triggerData(trigger: CompiledTrigger): PreparedTrigger {
  if (trigger.kind !== "event") return trigger;
  const { event, whereSource, delayMs, cancelOn } = trigger;
  return { kind: "event", event, where: whereSource, delayMs, cancelOn };
}

function campaignData(campaign: CompiledCampaign, engine: CompiledConfig): PreparedCampaign {
  const { index, id, status, priority, category, tags, format, placement, dismissible, schedule, audience, experiment, reEligibility, holdoutExempt } = campaign;
  return {
    index,
    id,
    status,
    priority,
    category,
    ...(tags === undefined ? {} : { tags }),
    ...(format === undefined ? {} : { format }),
    ...(placement === undefined ? {} : { placement }),
    dismissible,
    trigger: triggerData(campaign.trigger),
    schedule: schedule === null ? null : { ...schedule, days: schedule.days === null ? null : [...schedule.days] },
    audience: audience === null ? null : { include: audience.include, exclude: audience.exclude, where: audience.whereSource },
    experiment: experiment === null ? null : experimentToData(experiment),
    channel: channelCampaignToData(campaign.channel),
    caps: campaign.caps === engine.capPolicy ? null : capPolicyToData(campaign.caps),
    reEligibility,
    content: [...campaign.content].map(([variant, byChannel]) => [variant, [...byChannel].map(([channel, fields]) => [channel, [...fields].map(([field, template]) => [field, templateToData(template)] as const)] as const)] as const),
    holdoutExempt,
  };
}

/** A compiled config as JSON (the inverse of `buildEngine`). */
export function engineData(engine: CompiledConfig): PreparedEngine {
  return {
    campaigns: engine.campaigns.map((campaign) => campaignData(campaign, engine)),
    segments: segmentsToData(compiledSegmentsOf(engine.segments)),
    horizonDays: engine.horizonDays,
    holdout: engine.holdout === null ? null : holdoutToData(engine.holdout),
    arbitration: engine.arbitration,
    capPolicy: capPolicyToData(engine.capPolicy),
    channelPolicy: channelPolicyToData(engine.channelPolicy),
    timeZone: engine.timeZone,
    behaviour: engine.behaviour === null ? null : aggregatePolicyToData(engine.behaviour),
  };
}

/**
 * The prepared engine of a config: compiled (throws `ConfigError`), then copied through JSON. That
 * copy is what both `prepareConfig` writes and `createEngine` builds from, so they hold nothing of
 * the caller's config (rule sources are its objects until then) and see the same values a loaded
 * file gives (JSON has no `-0`, no `undefined`).
 */
export function preparedEngineOf(config: unknown, timeZones: TimeZoneProvider): PreparedEngine {
  // Validated as JSON too: what a file would hold (an `undefined` in a rule's arguments is null
  // there), so that validation and the engine built from the prepared form read the same config.
  return JSON.parse(JSON.stringify(engineData(compileEngine(asJson(config), timeZones)))) as PreparedEngine;
}

/** The config as JSON gives it back; a value JSON cannot hold (cyclic, a BigInt, nested deeper than the stack) is a ConfigError. */
function asJson(config: unknown): unknown {
  try {
    const text = JSON.stringify(config);
    return text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: "", message: `is not JSON (${error instanceof Error ? error.message : String(error)}): a config is JSON data` }]);
  }
}

/**
 * Validates and compiles a config once, as `createEngine` does (throws `ConfigError` listing every
 * problem with its path), and returns it prepared: JSON that `loadEngine` from `nudgekit/runtime`
 * turns into the same engine without any validation code (no zod). Prepare on the server or at
 * build time; ship the result to browsers.
 *
 * `options.timeZones` is the provider whose zones the config may name: the one the runtime will
 * load it with (`loadEngine(prepared, { timeZones })` checks again).
 *
 * @throws ConfigError
 *
 * @example
 * const prepared = prepareConfig(config, { timeZones: pinnedTimeZones });
 * // in the browser: loadEngine(prepared, { timeZones: pinnedTimeZones })
 */
export function prepareConfig<const Config>(config: EngineConfigArgument<Config>, options: EngineOptions = {}): PreparedConfig {
  const engine = preparedEngineOf(config, timeZoneProviderOption(options.timeZones));
  return { format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: configDigest(engine), engine };
}
