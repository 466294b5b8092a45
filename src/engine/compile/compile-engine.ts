import { CapPolicyError } from "../../caps/policy/cap-policy-error.js";
import type { CapPolicyInput } from "../../caps/policy/cap-policy-schema.js";
import { capPolicyIR } from "../../caps/policy/compile-cap-policy.js";
import type { CapPolicyIR } from "../../caps/policy/cap-policy-model.js";
import { ChannelConfigError } from "../../channels/policy/channel-config-error.js";
import { channelPolicyIR } from "../../channels/policy/compile-channel-policy.js";
import { linkChannelPolicy, type ChannelPolicyIR } from "../../channels/policy/channel-policy-model.js";
import { holdoutIR } from "../../experiments/config/compile-experiment.js";
import { ExperimentConfigError } from "../../experiments/config/experiment-config-error.js";
import { checkLayerExclusivity } from "../../experiments/layers/check-layer-exclusivity.js";
import type { Experiment } from "../../experiments/config/experiment-schema.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { isPlainObject } from "../../json/plain-object.js";
import { DEFAULT_HOLDOUT_EXEMPT } from "../../schema/engine-config-schema.js";
import { aggregatePolicyIR } from "../../segments/aggregates/aggregate-policy.js";
import { SegmentConfigError } from "../../segments/definitions/segment-config-error.js";
import { validateSegmentDefinitions, type ValidatedSegments } from "../../segments/definitions/compile-segments.js";
import { DEFAULT_BEHAVIOUR_PATH } from "../../segments/operators/behaviour-reader.js";
import { ConfigError } from "../config-error.js";
import { compileConversionWhere } from "../../metrics/config/compile-metrics-config.js";
import { campaignExperimentConfig } from "./compile-campaign-experiment.js";
import { compileCampaign } from "./compile-campaign.js";
import { compileJourneys } from "./compile-journeys.js";
import { engineRuleOptions, type CampaignIR, type EngineIR, type PrecompiledRules } from "../model/engine-model.js";
import type { RuleBackend } from "../../rules/compiler/rule-backend.js";
import type { OperatorDefinition } from "../../rules/custom-operators.js";
import type { CompileContext } from "./compile-context.js";
import { campaignNames, capReferenceProblems, placementReferenceProblems } from "./config-references.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { zoneClock } from "../../time-zones/zone-clock.js";
import { parseSections, prefixProblems } from "./parse-sections.js";

/** `rfm_score` in an engine config: refused wherever it is, whatever its arguments (an engine has no RFM models). */
const REFUSED_RFM_SCORE: OperatorDefinition = {
  checkArgs: () => "needs an RFM model, and an engine config cannot define any: score users with compileSegments from nudgekit/segments and its rfm option",
  evaluate: () => null,
};

/** Runs a sub-engine's compiler, turning its located problems into the config's. */
function located<T>(compile: () => T, path: string, problems: LocatedProblem[], fallback: T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof SegmentConfigError || error instanceof ChannelConfigError || error instanceof CapPolicyError || error instanceof ExperimentConfigError) {
      problems.push(...prefixProblems(error.problems, path));
      return fallback;
    }
    throw error;
  }
}

/** A config validated into its IR, with the rules compiled on the way (see `LinkOptions.compiled`). */
export interface CompiledConfig {
  readonly ir: EngineIR;
  readonly compiled: PrecompiledRules;
}

/**
 * Validates an engine config into its IR. Every section and every campaign is checked, so one
 * `ConfigError` lists every problem, each with its path: the schema, rules, references (segments,
 * layers, tags, channels, campaigns, placements), layer overlaps and templates.
 *
 * Zones (the config's `timeZone`, the channels' `defaultTimeZone`, zones in rules) must be known to
 * `timeZones`. Checking a rule compiles it (with `backend`): those compiled rules come back with
 * the IR, so that `linkEngine` compiles none of them again.
 *
 * @throws ConfigError
 */
export function compileEngine(input: unknown, timeZones: TimeZoneProvider, backend?: RuleBackend): CompiledConfig {
  const { sections, campaigns: parsedCampaigns, journeys: parsedJourneys, problems } = parseSections(input);
  const raw = isPlainObject(input) ? input : {};
  const horizonDays = sections.behaviour?.horizonDays ?? 90;
  const behaviour = sections.behaviour === undefined ? null : aggregatePolicyIR(raw.behaviour);

  // Every rule is checked with the options the link compiles with (its compiled form is the one the
  // engine runs): the behavioural operators an engine has, and `rfm_score` only to refuse it.
  const linked = engineRuleOptions(horizonDays, undefined, timeZones, backend);
  const ruleOptions = { ...linked, operators: { ...linked.operators, rfm_score: REFUSED_RFM_SCORE } };
  const noSegments: Pick<ValidatedSegments, "ir" | "rules"> = { ir: { segments: [], order: [], horizonDays: 90, behaviourPath: [...DEFAULT_BEHAVIOUR_PATH] }, rules: [] };
  const segments: Pick<ValidatedSegments, "ir" | "rules"> =
    sections.segments === undefined
      ? noSegments
      : located(() => validateSegmentDefinitions(raw.segments ?? [], { horizonDays, timeZones, ...(backend === undefined ? {} : { backend }) }, ruleOptions.operators), "/segments", problems, noSegments);
  const segmentIds = new Set(sections.segments?.map((segment) => segment.id) ?? []);

  const zones = zoneClock(timeZones);
  let timeZone = sections.timeZone ?? "UTC";
  if (!zones.isValid(timeZone)) {
    problems.push({ path: "/timeZone", message: `${JSON.stringify(timeZone)} is not a time zone the ${timeZones.name} provider knows (an IANA time zone such as "Europe/Paris", or an offset such as "+05:30")` });
    timeZone = "UTC";
  }
  // A channels section that failed its schema is already reported: the defaults stand in for it.
  const channelInput = { defaultTimeZone: timeZone, ...(sections.channels !== undefined && isPlainObject(raw.channels) ? raw.channels : {}) };
  const channelPolicy: ChannelPolicyIR = located(() => channelPolicyIR(channelInput, { timeZones }), "/channels", problems, channelPolicyIR({ defaultTimeZone: timeZone }, { timeZones }));

  const arbitration = sections.arbitration ?? { blockingFormats: ["modal", "full_screen"] as const, maxBlockingPerEvent: 1 };
  const globalCaps = sections.caps ?? { caps: [], cooldowns: [], quietHours: [] };
  const capsInput: CapPolicyInput =
    arbitration.inAppCooldown === undefined ? globalCaps : { ...globalCaps, cooldowns: [...globalCaps.cooldowns, { id: "in-app-cooldown", scope: { channel: "in_app" }, interval: arbitration.inAppCooldown }] };
  const emptyPolicy: CapPolicyIR = { caps: [], cooldowns: [], quietHours: [] };
  const capPolicy: CapPolicyIR = sections.caps === undefined ? emptyPolicy : located(() => capPolicyIR(capsInput), "/caps", problems, emptyPolicy);

  const holdoutSection = sections.holdout;
  const holdout =
    holdoutSection === undefined
      ? null
      : located(() => holdoutIR({ id: holdoutSection.id, share: holdoutSection.share, ...(holdoutSection.salt === undefined ? {} : { salt: holdoutSection.salt }) }), "/holdout", problems, null);

  const layers = new Map<string, string>();
  (sections.layers ?? []).forEach((layer, index) => {
    if (layers.has(layer.id)) problems.push({ path: `/layers/${index}/id`, message: `duplicate layer id ${JSON.stringify(layer.id)}` });
    layers.set(layer.id, layer.salt ?? layer.id);
  });

  const context: CompileContext = {
    ruleOptions,
    compiledRules: new Map(),
    segmentIds,
    layers,
    channelPolicy: linkChannelPolicy(channelPolicy),
    capsInput,
    capPolicy,
    trackedEvents: behaviour === null ? null : new Set(behaviour.events.map(([name]) => name)),
    declaredTags: sections.tags === undefined ? null : new Set(sections.tags),
    holdoutExempt: new Set(sections.holdout?.exempt ?? DEFAULT_HOLDOUT_EXEMPT),
  };

  const firstIndex = new Map<string, number>();
  const campaigns: CampaignIR[] = [];
  parsedCampaigns.forEach((campaign, index) => {
    if (campaign === undefined) return;
    const first = firstIndex.get(campaign.id);
    if (first !== undefined) problems.push({ path: `/campaigns/${index}/id`, message: `duplicate campaign id ${JSON.stringify(campaign.id)} (first at /campaigns/${first})` });
    else firstIndex.set(campaign.id, index);
    const result = compileCampaign(campaign, index, context, problems);
    if (result !== null) campaigns.push(result);
  });

  // Campaign experiments that share a layer must never reach the same user.
  const layered: { index: number; experiment: Experiment }[] = [];
  parsedCampaigns.forEach((campaign, index) => {
    const experiment = campaign?.experiment?.layer === undefined ? null : campaignExperimentConfig(campaign, layers);
    if (experiment !== null && layers.has(experiment.layer!.id)) layered.push({ index, experiment });
  });
  try {
    for (const problem of checkLayerExclusivity(layered.map((entry) => entry.experiment))) {
      const [, position, ...rest] = problem.path.split("/");
      const index = layered[Number(position)]?.index;
      problems.push({ path: `/campaigns/${index}/experiment/${rest.join("/")}`, message: problem.message });
    }
  } catch (error) {
    if (!(error instanceof ExperimentConfigError)) throw error; // already reported per campaign
  }

  // Conversions are nudgekit/metrics' part of a campaign: their rules (on `{ event }`, JSON Logic's operators) are checked here as compileMetricsConfig checks them.
  parsedCampaigns.forEach((campaign, index) => {
    campaign?.conversions?.forEach((conversion, position) => void compileConversionWhere(conversion.where, `/campaigns/${index}/conversions/${position}/where`, problems));
  });

  const campaignIds = new Set(parsedCampaigns.flatMap((campaign) => (campaign === undefined ? [] : [campaign.id])));
  const journeys = compileJourneys(parsedJourneys, campaignIds, parsedCampaigns.length, context, problems);

  const names = campaignNames(parsedCampaigns, sections.tags, parsedJourneys);
  if (sections.caps !== undefined) problems.push(...capReferenceProblems(sections.caps, names));
  problems.push(...placementReferenceProblems(sections.arbitration?.placements, names));

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ir: { campaigns, segments: segments.ir, horizonDays, holdout, arbitration, capPolicy, channelPolicy, timeZone, behaviour, journeys },
    compiled: { campaignRules: context.compiledRules, segmentRules: segments.rules },
  };
}
