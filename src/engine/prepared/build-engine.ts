import { capPolicyFromData } from "../../caps/policy/cap-policy-data.js";
import type { CapPolicy } from "../../caps/policy/compile-cap-policy.js";
import type { Channel } from "../../channels/channel.js";
import { channelCampaignFromData, channelPolicyFromData } from "../../channels/policy/channel-policy-data.js";
import type { ChannelPolicy } from "../../channels/policy/compile-channel-policy.js";
import { experimentFromData, holdoutFromData } from "../../experiments/config/experiment-data.js";
import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import { aggregatePolicyFromData } from "../../segments/aggregates/aggregate-policy-data.js";
import { segmentsFromData } from "../../segments/definitions/segments-data.js";
import { SegmentSet } from "../../segments/membership/segment-set.js";
import { behaviourContext, behaviouralOperatorTable } from "../../segments/operators/behavioural-operator-table.js";
import type { CompiledCampaign, CompiledContent, CompiledTrigger } from "../compile/compiled-campaign.js";
import type { CompiledEngine } from "../compile/compiled-engine.js";
import { byArbitrationOrder, indexByTriggerEvent } from "../compile/trigger-index.js";
import { templateFromData } from "../content/template-data.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import type { PreparedCampaign, PreparedEngine, PreparedTrigger } from "./prepared-config.js";
import type { RuleBackend } from "../../rules/compiler/rule-backend.js";

interface Shared {
  readonly ruleOptions: CompileOptions;
  readonly capPolicy: CapPolicy;
  readonly channelPolicy: ChannelPolicy;
}

/** Rules were validated when the config was prepared: compiling them again cannot fail on a config `prepareConfig` made. */
const rule = (source: unknown, shared: Shared): CompiledRule | null => (source === null || source === undefined ? null : compileRule(source, shared.ruleOptions));

function buildTrigger(trigger: PreparedTrigger, shared: Shared): CompiledTrigger {
  if (trigger.kind !== "event") return Object.freeze({ ...trigger });
  return Object.freeze({ kind: "event", event: trigger.event, where: rule(trigger.where, shared), whereSource: trigger.where ?? null, delayMs: trigger.delayMs, cancelOn: Object.freeze([...trigger.cancelOn]) });
}

function buildCampaign(data: PreparedCampaign, shared: Shared): CompiledCampaign {
  const { schedule, audience } = data;
  const content = new Map<string, ReadonlyMap<Channel, CompiledContent>>(
    data.content.map(([variant, byChannel]) => [variant, new Map(byChannel.map(([channel, fields]) => [channel, new Map(fields.map(([field, template]) => [field, templateFromData(template)]))]))]),
  );
  return Object.freeze({
    index: data.index,
    id: data.id,
    status: data.status,
    priority: data.priority,
    category: data.category,
    tags: data.tags,
    format: data.format,
    placement: data.placement,
    dismissible: data.dismissible,
    trigger: buildTrigger(data.trigger, shared),
    schedule: schedule === null ? null : Object.freeze({ ...schedule, days: schedule.days === null ? null : new Set(schedule.days) }),
    audience: audience === null ? null : Object.freeze({ include: audience.include, exclude: audience.exclude, where: rule(audience.where, shared), whereSource: audience.where ?? null }),
    experiment: data.experiment === null ? null : experimentFromData(data.experiment),
    channel: channelCampaignFromData(data.channel, shared.channelPolicy),
    caps: data.caps === null ? shared.capPolicy : capPolicyFromData(data.caps),
    reEligibility: data.reEligibility,
    content,
    holdoutExempt: data.holdoutExempt,
  });
}

/** The campaign indexes an engine has: by id, by trigger event, and the due ones in arbitration order. */
function indexCampaigns(campaigns: readonly CompiledCampaign[]): Pick<CompiledEngine, "campaigns" | "byId" | "byEvent" | "dueCampaigns"> {
  return {
    campaigns: Object.freeze([...campaigns]),
    byId: new Map(campaigns.map((campaign) => [campaign.id, campaign])),
    byEvent: indexByTriggerEvent(campaigns),
    dueCampaigns: Object.freeze(campaigns.filter((campaign) => campaign.status === "active" && campaign.trigger.kind !== "event").sort(byArbitrationOrder)),
  };
}

/**
 * Builds the engine a prepared config describes: no schema, no reference or overlap check, only
 * rule compilation (the rules' own code) and plain construction. The inverse of `engineData`.
 */
export function buildEngine(data: PreparedEngine, timeZones: TimeZoneProvider, backend?: RuleBackend): CompiledEngine {
  const zones = zoneClock(timeZones);
  // Prepared with another provider (or by another version), a config may name a zone this one lacks.
  for (const [path, zone] of [["/engine/timeZone", data.timeZone], ["/engine/channelPolicy/defaultTimeZone", data.channelPolicy.defaultTimeZone]] as const) {
    if (!zones.isValid(zone)) throw new Error(`at ${path}: its time zone ${JSON.stringify(zone)} is not one the ${timeZones.name} provider knows`);
  }
  const shared: Shared = {
    ruleOptions: { operators: behaviouralOperatorTable(behaviourContext(data.horizonDays)), timeZones, ...(backend === undefined ? {} : { backend }) },
    capPolicy: capPolicyFromData(data.capPolicy),
    channelPolicy: channelPolicyFromData(data.channelPolicy),
  };
  return Object.freeze({
    ...indexCampaigns(data.campaigns.map((campaign) => buildCampaign(campaign, shared))),
    segments: new SegmentSet(segmentsFromData(data.segments, timeZones, backend)),
    holdout: data.holdout === null ? null : holdoutFromData(data.holdout),
    arbitration: data.arbitration,
    capPolicy: shared.capPolicy,
    channelPolicy: shared.channelPolicy,
    timeZone: data.timeZone,
    zones,
    behaviour: data.behaviour === null ? null : aggregatePolicyFromData(data.behaviour),
    horizonDays: data.horizonDays,
  });
}
