import { CapPolicyError } from "../../caps/policy/cap-policy-error.js";
import { capPolicyIR } from "../../caps/policy/compile-cap-policy.js";
import type { CapPolicyIR } from "../../caps/policy/cap-policy-model.js";
import { ChannelConfigError } from "../../channels/policy/channel-config-error.js";
import { channelCampaignIR } from "../../channels/policy/compile-channel-campaign.js";
import type { ChannelCampaignIR } from "../../channels/policy/channel-policy-model.js";
import { channelCampaignSchema } from "../../channels/policy/channel-policy-schema.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { validatedDuration } from "../../time/duration.js";
import type { Campaign } from "../../schema/campaign-schema.js";
import type { CompiledReEligibility } from "../model/compiled-campaign.js";
import type { CampaignIR } from "../model/engine-model.js";
import { compileCampaignContent } from "./compile-content.js";
import type { CompileContext } from "./compile-context.js";
import { compileCampaignExperiment } from "./compile-campaign-experiment.js";
import { validRuleSource } from "./valid-rule-source.js";
import { compileSchedule } from "./compile-schedule.js";
import { compileTrigger } from "./compile-trigger.js";
import { compileSendTime } from "./compile-send-time.js";
import { prefixProblems } from "./parse-sections.js";

function compileChannels(campaign: Campaign, path: string, context: CompileContext, problems: LocatedProblem[]): ChannelCampaignIR | null {
  if (campaign.channels.includes("in_app") && campaign.format === undefined) problems.push({ path: `${path}/format`, message: "a campaign that lists in_app needs a format (banner, modal, full_screen, card, carousel, product_tour, survey or tooltip)" });
  try {
    // The campaign schema extends the channel campaign schema: its channel settings are those fields.
    const settings = Object.fromEntries(Object.keys(channelCampaignSchema.shape).flatMap((key) => (campaign[key as keyof Campaign] === undefined ? [] : [[key, campaign[key as keyof Campaign]]])));
    return channelCampaignIR(settings, context.channelPolicy);
  } catch (error) {
    if (!(error instanceof ChannelConfigError)) throw error;
    problems.push(...prefixProblems(error.problems, path));
    return null;
  }
}

function compileAudience(campaign: Campaign, path: string, context: CompileContext, problems: LocatedProblem[]): CampaignIR["audience"] {
  const audience = campaign.audience;
  if (audience === undefined) return null;
  for (const field of ["include", "exclude"] as const) {
    (audience[field] ?? []).forEach((id, index) => {
      if (!context.segmentIds.has(id)) problems.push({ path: `${path}/audience/${field}/${index}`, message: `unknown segment ${JSON.stringify(id)}` });
    });
  }
  const where = audience.where === undefined ? null : validRuleSource(audience.where, `${path}/audience/where`, context.ruleOptions, problems, context.compiledRules);
  return { include: audience.include ?? [], exclude: audience.exclude ?? [], where };
}

/** The global policy plus the campaign's own caps, scoped to the campaign; null for the global policy alone. */
function compileCampaignCaps(campaign: Campaign, path: string, context: CompileContext, problems: LocatedProblem[]): CapPolicyIR | null {
  if (campaign.caps === undefined || campaign.caps.length === 0) return null;
  const own = campaign.caps.map((cap, index) => ({ id: cap.id ?? `${campaign.id}#cap-${index}`, scope: { campaign: campaign.id }, limit: cap.limit, window: cap.window }));
  try {
    return capPolicyIR({ ...context.capsInput, caps: [...(context.capsInput.caps ?? []), ...own] });
  } catch (error) {
    if (!(error instanceof CapPolicyError)) throw error;
    problems.push(...prefixProblems(error.problems, `${path}/caps`));
    return null;
  }
}

function compileReEligibility(campaign: Campaign): CompiledReEligibility {
  const setting = campaign.reEligibility ?? ("event" in campaign.trigger ? "always" : "once");
  if (setting === "always" || setting === "once") return { kind: setting };
  return { kind: "after", ms: validatedDuration(setting.after) };
}

/**
 * Validates one parsed campaign into its IR; every problem goes to `problems` (null when there was
 * one), under `path` (a journey's message step is compiled as a campaign at its node's pointer).
 */
export function compileCampaign(campaign: Campaign, index: number, context: CompileContext, problems: LocatedProblem[], path = `/campaigns/${index}`): CampaignIR | null {
  const before = problems.length;
  (campaign.tags ?? []).forEach((tag, position) => {
    if (context.declaredTags !== null && !context.declaredTags.has(tag)) problems.push({ path: `${path}/tags/${position}`, message: `unknown tag ${JSON.stringify(tag)} (declared tags: ${[...context.declaredTags].join(", ")})` });
  });
  const trigger = compileTrigger(campaign.trigger, `${path}/trigger`, context, problems);
  // Without a triggering event, "always" would hold again at the very instant of each send: every
  // engine.due call would send it once more, and a caller that follows nextCheckAt would never stop.
  if (campaign.reEligibility === "always" && !("event" in campaign.trigger)) {
    problems.push({ path: `${path}/reEligibility`, message: 'a campaign without a triggering event cannot be re-eligible "always" (it would be sent on every engine.due call while its trigger holds): use "once" or { "after": "7d" }' });
  }
  const audience = compileAudience(campaign, path, context, problems);
  const experiment = compileCampaignExperiment(campaign, path, context, problems);
  const channel = compileChannels(campaign, path, context, problems);
  const caps = compileCampaignCaps(campaign, path, context, problems);
  const content = compileCampaignContent(campaign, path, problems);
  const sendTime = compileSendTime(campaign, path, problems);
  if (problems.length > before || trigger === null || channel === null) return null;
  return {
    index,
    id: campaign.id,
    status: campaign.status,
    priority: campaign.priority,
    category: campaign.category,
    ...(campaign.tags === undefined ? {} : { tags: campaign.tags }),
    ...(campaign.format === undefined ? {} : { format: campaign.format }),
    ...(campaign.placement === undefined ? {} : { placement: campaign.placement }),
    dismissible: campaign.dismissible,
    trigger,
    schedule: compileSchedule(campaign.schedule),
    audience,
    experiment,
    channel,
    caps,
    reEligibility: compileReEligibility(campaign),
    content,
    holdoutExempt: context.holdoutExempt.has(campaign.category),
    sendTime,
  };
}
