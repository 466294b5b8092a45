import { compileRule } from "../../rules/compile-rule.js";
import type { CompiledRule, CompileOptions } from "../../rules/compile-options.js";
import { RuleError } from "../../rules/rule-error.js";
import { parseDuration } from "../../time/duration.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import type { AttributionModel } from "../events/outcome-vocabulary.js";
import { rankOf } from "../events/read-metrics-event.js";
import { metricsConfigSchema, type MetricsConfigInput } from "./conversion-schema.js";
import { MetricsConfigError } from "./metrics-config-error.js";
import type { CampaignOutcomes, ConversionRule, ExperimentArms, MetricsConfig } from "./outcome-config-model.js";

const DAY_MS = 86_400_000;
/** Conversion windows count at most this long (a journey's goal may wait longer). */
const MAX_CONVERSION_WINDOW_MS = 365 * DAY_MS;
const DEFAULT_OUTCOME_WINDOW_MS = 7 * DAY_MS;
const DEFAULT_INFLUENCE = { messages: 3, windowMs: 3 * DAY_MS };

export interface MetricsConfigOptions {
  /** Overrides the config's attribution model (e.g. to recompute the same log with another rule). */
  readonly model?: AttributionModel;
  /** Options for the conversions' `where` rules (custom operators, limits, backend). */
  readonly rules?: CompileOptions;
}

/**
 * A conversion's `where` (JSON Logic on `{ event }`, JSON Logic's own operators) compiled, or null
 * when there is none or it is invalid: its problems are added under `path`. `createEngine` checks
 * conversions with it too.
 */
export function compileConversionWhere(where: unknown, path: string, problems: LocatedProblem[], options?: CompileOptions): CompiledRule | null {
  if (where === undefined) return null;
  try {
    return compileRule(where, options);
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    for (const problem of error.problems) problems.push({ path: `${path}${problem.path}`, message: problem.message });
    return null;
  }
}

const milliseconds = (value: string | number): number => {
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.milliseconds : Number.NaN;
};

/**
 * Checks what nudgekit/metrics reads of a config (an engine config is one: `campaigns[].conversions`,
 * `campaigns[].experiment`, `holdout`, `attribution`) and compiles it once for `foldOutcomes` and the
 * reports. Throws a `MetricsConfigError` listing every problem with its JSON pointer.
 *
 * @example
 * const metrics = compileMetricsConfig({
 *   campaigns: [{ id: "cart", conversions: [{ id: "purchase", event: "purchase", window: "24h" }] }],
 * });
 * metrics.model; // "last-touch"
 * compileMetricsConfig({ campaigns: [{ id: "cart", conversions: [{ id: "p", event: "purchase", window: "400d" }] }] });
 * // throws MetricsConfigError: invalid metrics config: must be a duration from 1 second to 365 days… at /campaigns/0/conversions/0/window
 */
export function compileMetricsConfig(config: MetricsConfigInput | Readonly<Record<string, unknown>>, options: MetricsConfigOptions = {}): MetricsConfig {
  const parsed = metricsConfigSchema.safeParse(config, EXPECTED_FORM_MESSAGES);
  if (!parsed.success) throw new MetricsConfigError(zodProblems(parsed.error));
  const data = parsed.data;
  const problems: LocatedProblem[] = [];
  const conversions: ConversionRule[] = [];
  const byEvent = new Map<string, ConversionRule[]>();
  const campaigns = new Map<string, CampaignOutcomes>();
  const experiments = new Map<string, ExperimentArms>();

  data.campaigns.forEach((campaign, campaignIndex) => {
    if (campaigns.has(campaign.id)) {
      problems.push({ path: `/campaigns/${campaignIndex}/id`, message: `duplicates the campaign id ${JSON.stringify(campaign.id)}` });
      return;
    }
    const rules: ConversionRule[] = [];
    (campaign.conversions ?? []).forEach((definition, index) => {
      const where = compileConversionWhere(definition.where, `/campaigns/${campaignIndex}/conversions/${index}/where`, problems, options.rules);
      const rule: ConversionRule = {
        index: conversions.length,
        id: definition.id,
        campaign: campaign.id,
        event: definition.event,
        where,
        windowMs: milliseconds(definition.window),
        anchorRank: rankOf(definition.anchor) as number,
        once: definition.count === "once",
      };
      conversions.push(rule);
      rules.push(rule);
      const named = byEvent.get(rule.event);
      if (named === undefined) byEvent.set(rule.event, [rule]);
      else named.push(rule);
    });
    let experiment: ExperimentArms | null = null;
    if (campaign.experiment !== undefined) {
      const id = campaign.experiment.id ?? campaign.id;
      const arms = campaign.experiment.variants.map((variant) => variant.id);
      experiment = { id, campaign: campaign.id, arms, weights: campaign.experiment.variants.map((variant) => variant.weight ?? 1), control: campaign.experiment.control ?? null };
      if (experiments.has(id)) problems.push({ path: `/campaigns/${campaignIndex}/experiment/id`, message: `duplicates the experiment id ${JSON.stringify(id)}` });
      else experiments.set(id, experiment);
    }
    campaigns.set(campaign.id, { id: campaign.id, conversions: rules, maxWindowMs: rules.reduce((longest, rule) => Math.max(longest, rule.windowMs), 0), experiment });
  });
  (data.journeys ?? []).forEach((journey, journeyIndex) => {
    // createEngine refuses a journey id that a campaign has; a config checked here alone is told too.
    if (campaigns.has(journey.id)) {
      problems.push({ path: `/journeys/${journeyIndex}/id`, message: `${JSON.stringify(journey.id)} is a campaign's id too: a journey's messages count under its id` });
      return;
    }
    const goal = journey.goal;
    const windowMs = goal === undefined ? Number.NaN : Math.min(milliseconds(goal.window), MAX_CONVERSION_WINDOW_MS);
    if (goal !== undefined && !(windowMs > 0)) problems.push({ path: `/journeys/${journeyIndex}/goal/window`, message: 'must be a duration such as "14d"' });
    const rules: ConversionRule[] =
      goal === undefined
        ? []
        : [{ index: conversions.length, id: "goal", campaign: journey.id, event: goal.event, where: compileConversionWhere(goal.where, `/journeys/${journeyIndex}/goal/where`, problems, options.rules), windowMs, anchorRank: rankOf("sent") as number, once: true }];
    for (const rule of rules) {
      conversions.push(rule);
      const named = byEvent.get(rule.event);
      if (named === undefined) byEvent.set(rule.event, [rule]);
      else named.push(rule);
    }
    campaigns.set(journey.id, { id: journey.id, conversions: rules, maxWindowMs: rules[0]?.windowMs ?? 0, experiment: null });
  });
  if (problems.length > 0) throw new MetricsConfigError(problems);

  const attribution = data.attribution;
  const influence = attribution?.influence;
  const outcomeWindowMs = attribution?.outcomeWindow === undefined ? DEFAULT_OUTCOME_WINDOW_MS : milliseconds(attribution.outcomeWindow);
  const orderMemoryMs = conversions.reduce((longest, rule) => Math.max(longest, rule.windowMs), 0);
  return {
    // What the fold's results depend on: the definitions, experiments, holdout and attribution (not the rules' options).
    fingerprint: JSON.stringify([data.campaigns.map((campaign) => [campaign.id, campaign.conversions ?? [], campaign.experiment ?? null]), (data.journeys ?? []).map((journey) => [journey.id, journey.goal ?? null]), data.holdout?.id ?? null, options.model ?? attribution?.model ?? "last-touch", influence ?? null, attribution?.outcomeWindow ?? null]),
    conversions,
    byEvent,
    campaigns,
    experiments,
    holdout: data.holdout?.id ?? null,
    unitKeys: {
      experiment: new Map([...experiments.keys()].map((id) => [id, `e:${id}`])),
      holdout: new Map([...campaigns.keys()].map((id) => [id, `h:${id}`])),
      treatment: new Map([...campaigns.keys()].map((id) => [id, `t:${id}`])),
    },
    model: options.model ?? attribution?.model ?? "last-touch",
    influenceMessages: influence?.messages ?? DEFAULT_INFLUENCE.messages,
    influenceWindowMs: influence === undefined ? DEFAULT_INFLUENCE.windowMs : milliseconds(influence.window),
    outcomeWindowMs,
    orderMemoryMs,
    retentionMs: outcomeWindowMs + orderMemoryMs,
  };
}
