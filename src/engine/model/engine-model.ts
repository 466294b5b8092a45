/**
 * The engine model: a validated config as JSON IR (what `compileEngine` emits and `prepareConfig`
 * returns) and `linkEngine`, which builds the runnable engine from it. `createEngine` is
 * `linkEngine(compileEngine(config))` and `loadEngine` is `linkEngine(verified IR)`: one model, so a
 * browser that loads a prepared config runs exactly the engine a server creates.
 */
import { linkCapPolicy, type CapPolicy, type CapPolicyIR } from "../../caps/policy/cap-policy-model.js";
import type { Channel } from "../../channels/channel.js";
import { linkChannelCampaign, linkChannelPolicy, type ChannelCampaignIR, type ChannelPolicy, type ChannelPolicyIR } from "../../channels/policy/channel-policy-model.js";
import type { InAppFormat } from "../../channels/surface.js";
import { linkExperiment, linkHoldout, type ExperimentIR, type HoldoutIR } from "../../experiments/config/experiment-model.js";
import type { CompileOptions, CompiledRule } from "../../rules/compile-options.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { RuleBackend } from "../../rules/compiler/rule-backend.js";
import type { CampaignStatus } from "../../schema/campaign-schema.js";
import type { ArbitrationSettings } from "../../schema/engine-config-schema.js";
import { linkAggregatePolicy, type AggregatePolicyIR } from "../../segments/aggregates/aggregate-policy-model.js";
import { linkSegments, type SegmentsIR } from "../../segments/definitions/segments-model.js";
import { SegmentSet } from "../../segments/membership/segment-set.js";
import { behaviourContext, behaviouralOperatorTable } from "../../segments/operators/behavioural-operator-table.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import { linkChannelContent, type ChannelContentIR, type CompiledChannelContent } from "../content/content-model.js";
import type { CompiledCampaign, CompiledReEligibility, CompiledSchedule, CompiledTrigger, SendTimeIR } from "./compiled-campaign.js";
import type { CompiledEngine } from "./compiled-engine.js";
import { byArbitrationOrder, indexByTriggerEvent } from "./trigger-index.js";
import type { JourneyIR } from "../../journeys/definition/journey-model.js";
import { linkJourney } from "../../journeys/definition/link-journey.js";
import type { EngineJourney } from "./compiled-engine.js";

export type TriggerIR =
  | { readonly kind: "event"; readonly event: string; readonly where: unknown; readonly delayMs: number; readonly cancelOn: readonly string[] }
  | { readonly kind: "segment-entry"; readonly segment: string }
  | { readonly kind: "inactivity"; readonly event: string; readonly forMs: number }
  | { readonly kind: "scheduled"; readonly at: number | null; readonly local: readonly [number, number, number, number, number, number] | null };

/** A validated campaign as JSON: rules as written (null for none), templates parsed, sets as arrays. */
export interface CampaignIR {
  readonly index: number;
  readonly id: string;
  readonly status: CampaignStatus;
  readonly priority: number;
  readonly category: string;
  readonly tags?: readonly string[];
  readonly format?: InAppFormat;
  readonly placement?: string;
  readonly dismissible: boolean;
  readonly trigger: TriggerIR;
  readonly schedule: (Omit<CompiledSchedule, "days"> & { readonly days: readonly number[] | null }) | null;
  readonly audience: { readonly include: readonly string[]; readonly exclude: readonly string[]; readonly where: unknown } | null;
  readonly experiment: ExperimentIR | null;
  readonly channel: ChannelCampaignIR;
  /** Null: the config's cap policy (the campaign has no caps of its own). */
  readonly caps: CapPolicyIR | null;
  readonly reEligibility: CompiledReEligibility;
  /** Per variant id ("" without an experiment), per channel: the content tree for every user and per platform with its own fields. */
  readonly content: readonly (readonly [string, readonly (readonly [Channel, ChannelContentIR])[]])[];
  readonly holdoutExempt: boolean;
  /** Null: send now (after caps and quiet hours); else `bestSendTime`'s settings. */
  readonly sendTime: SendTimeIR | null;
}

/** A journey as JSON: the journey's IR, and its message steps as the campaigns they are sent as, by node id. */
export interface EngineJourneyIR {
  readonly journey: JourneyIR;
  readonly messages: readonly (readonly [string, CampaignIR])[];
  /** Message steps with `onHeld: "skip"`. */
  readonly skipHeld: readonly string[];
}

/** Everything a decision reads, as JSON: opaque to users (only `loadEngine` reads it; its layout changes with PREPARED_VERSION). */
export interface EngineIR {
  readonly campaigns: readonly CampaignIR[];
  readonly segments: SegmentsIR;
  /** The behavioural operators' horizon in trigger and audience rules. */
  readonly horizonDays: number;
  readonly holdout: HoldoutIR | null;
  readonly arbitration: ArbitrationSettings;
  readonly capPolicy: CapPolicyIR;
  readonly channelPolicy: ChannelPolicyIR;
  readonly timeZone: string;
  readonly behaviour: AggregatePolicyIR | null;
  readonly journeys: readonly EngineJourneyIR[];
}

/** Rules compiled while an IR was validated: campaign (and journey) rules by their source in the IR, segment rules by index. */
export interface PrecompiledRules {
  readonly campaignRules: ReadonlyMap<unknown, CompiledRule>;
  readonly segmentRules: readonly CompiledRule[];
}

/** How `linkEngine` builds the rules: with which zones and backend, and which rules are compiled already. */
export interface LinkOptions {
  readonly timeZones: TimeZoneProvider;
  readonly backend?: RuleBackend | undefined;
  /** Rules compiled while the IR was validated (`compileEngine` gives them): `createEngine` compiles every rule once. */
  readonly compiled?: PrecompiledRules;
}

/** The rule options of an engine's trigger, audience and segment rules: the behavioural operators alone. */
export function engineRuleOptions(horizonDays: number, behaviourPath: readonly string[] | undefined, timeZones: TimeZoneProvider, backend: RuleBackend | undefined): CompileOptions {
  return { operators: behaviouralOperatorTable(behaviourContext(horizonDays, behaviourPath)), timeZones, ...(backend === undefined ? {} : { backend }) };
}

interface Shared {
  readonly ruleOptions: CompileOptions;
  readonly compiledRules: ReadonlyMap<unknown, CompiledRule> | undefined;
  readonly capPolicy: CapPolicy;
  readonly channelPolicy: ChannelPolicy;
}

/** The rule compiled (once: validation's own compilation when there was one), or null for none. */
function linkRule(source: unknown, shared: Shared): CompiledRule | null {
  if (source === null || source === undefined) return null;
  return shared.compiledRules?.get(source) ?? compileRule(source, shared.ruleOptions);
}

/** A campaign's schedule, runnable: its days as a set. */
export function linkSchedule(schedule: NonNullable<CampaignIR["schedule"]>): CompiledSchedule {
  return Object.freeze({ ...schedule, days: schedule.days === null ? null : new Set(schedule.days) });
}

function linkTrigger(trigger: TriggerIR, shared: Shared): CompiledTrigger {
  if (trigger.kind !== "event") return Object.freeze({ ...trigger });
  return Object.freeze({ kind: "event", event: trigger.event, where: linkRule(trigger.where, shared), delayMs: trigger.delayMs, cancelOn: Object.freeze([...trigger.cancelOn]) });
}

function linkCampaign(ir: CampaignIR, shared: Shared): CompiledCampaign {
  const { schedule, audience } = ir;
  const content = new Map<string, ReadonlyMap<Channel, CompiledChannelContent>>(ir.content.map(([variant, byChannel]) => [variant, new Map(byChannel.map(([channel, trees]) => [channel, linkChannelContent(trees)]))]));
  return Object.freeze({
    index: ir.index,
    id: ir.id,
    status: ir.status,
    priority: ir.priority,
    category: ir.category,
    tags: ir.tags,
    format: ir.format,
    placement: ir.placement,
    dismissible: ir.dismissible,
    trigger: linkTrigger(ir.trigger, shared),
    schedule: schedule === null ? null : linkSchedule(schedule),
    audience: audience === null ? null : Object.freeze({ include: audience.include, exclude: audience.exclude, where: linkRule(audience.where, shared) }),
    experiment: ir.experiment === null ? null : linkExperiment(ir.experiment),
    channel: linkChannelCampaign(ir.channel, shared.channelPolicy),
    caps: ir.caps === null ? shared.capPolicy : linkCapPolicy(ir.caps),
    reEligibility: ir.reEligibility,
    content,
    holdoutExempt: ir.holdoutExempt,
    sendTime: ir.sendTime,
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
 * Builds the engine a validated IR describes: no schema, no reference or overlap check, only rule
 * compilation (skipped for rules `options.compiled` holds) and plain construction. Throws when the
 * IR names a zone `options.timeZones` does not know (an IR prepared with another provider).
 */
export function linkEngine(ir: EngineIR, options: LinkOptions): CompiledEngine {
  const { timeZones, backend, compiled } = options;
  const zones = zoneClock(timeZones);
  // Prepared with another provider (or by another version), a config may name a zone this one lacks.
  for (const [path, zone] of [["/engine/timeZone", ir.timeZone], ["/engine/channelPolicy/defaultTimeZone", ir.channelPolicy.defaultTimeZone]] as const) {
    if (!zones.isValid(zone)) throw new Error(`at ${path}: its time zone ${JSON.stringify(zone)} is not one the ${timeZones.name} provider knows`);
  }
  const shared: Shared = {
    ruleOptions: engineRuleOptions(ir.horizonDays, undefined, timeZones, backend),
    compiledRules: compiled?.campaignRules,
    capPolicy: linkCapPolicy(ir.capPolicy),
    channelPolicy: linkChannelPolicy(ir.channelPolicy),
  };
  const segmentOptions = engineRuleOptions(ir.segments.horizonDays, ir.segments.behaviourPath, timeZones, backend);
  return Object.freeze({
    ...indexCampaigns(ir.campaigns.map((campaign) => linkCampaign(campaign, shared))),
    segments: new SegmentSet(linkSegments(ir.segments, segmentOptions, compiled?.segmentRules)),
    holdout: ir.holdout === null ? null : linkHoldout(ir.holdout),
    arbitration: ir.arbitration,
    capPolicy: shared.capPolicy,
    channelPolicy: shared.channelPolicy,
    timeZone: ir.timeZone,
    zones,
    behaviour: ir.behaviour === null ? null : linkAggregatePolicy(ir.behaviour),
    horizonDays: ir.horizonDays,
    journeys: Object.freeze(ir.journeys.map((journey) => linkEngineJourney(journey, shared))),
  });
}

/** A journey, runnable, with its message steps' campaigns. */
function linkEngineJourney(ir: EngineJourneyIR, shared: Shared): EngineJourney {
  const journey = linkJourney(ir.journey, (source) => linkRule(source, shared) as CompiledRule);
  return Object.freeze({ journey, messages: new Map(ir.messages.map(([node, campaign]) => [node, linkCampaign(campaign, shared)])), skipHeld: new Set(ir.skipHeld) });
}
