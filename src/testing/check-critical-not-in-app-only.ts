import * as fc from "fast-check";
import { CHANNEL_TRAITS, type Channel } from "../channels/channel.js";
import { ChannelConfigError } from "../channels/policy/channel-config-error.js";
import { compileChannelPolicy } from "../channels/policy/compile-channel-policy.js";
import type { ChannelPolicy } from "../channels/policy/channel-policy-model.js";
import { parseSections } from "../engine/compile/parse-sections.js";
import type { Decision } from "../engine/engine-types.js";
import { isPlainObject } from "../json/plain-object.js";
import { isoInstant } from "../time/instant.js";
import type { Campaign } from "../schema/campaign-schema.js";
import { probeArbitrary, runProbe, type CampaignProbe } from "./campaign-probe.js";
import { configVocabulary } from "./config-vocabulary.js";
import { formatProblems, engineUnderTest } from "./engine-under-test.js";
import { assertReport, replayHint, runParameters, type CheckOptions, type InvariantReport } from "./invariant-report.js";

/** Categories whose messages must reach users outside the app, whatever a config's channel policy says. */
export const CRITICAL_CATEGORIES: readonly string[] = Object.freeze(["urgent", "security", "payment_failure", "outage", "regulatory", "legal"]);

export interface CriticalNotInAppOnlyOptions extends CheckOptions {
  /** Your own users (default: `profileArbitrary` with the config's vocabulary, every combination of consents). */
  readonly users?: fc.Arbitrary<unknown>;
}

/** A campaign of a critical category whose only channel is in-app. */
export interface InAppOnlyCampaign {
  readonly campaignId: string;
  /** JSON pointer of its channels. */
  readonly path: string;
  readonly category: string;
  readonly channels: readonly string[];
}

/** A generated case where a critical campaign was sent in-app alone. */
export interface InAppAloneDecision {
  readonly campaignId: string;
  readonly category: string;
  readonly probe: CampaignProbe;
  readonly decisions: readonly Decision[];
}

export interface CriticalNotInAppOnlyCounterexample {
  readonly campaigns: readonly InAppOnlyCampaign[];
  readonly decision?: InAppAloneDecision;
}

export type CriticalNotInAppOnlyReport = InvariantReport<CriticalNotInAppOnlyCounterexample>;

const INVARIANT = "critical-not-in-app-only";

/** The config's channel policy; its defaults when that section is broken (already a config problem). */
function channelPolicyOf(config: unknown): ChannelPolicy {
  const raw = isPlainObject(config) && isPlainObject(config.channels) ? config.channels : {};
  try {
    return compileChannelPolicy(raw);
  } catch (error) {
    if (!(error instanceof ChannelConfigError)) throw error;
    return compileChannelPolicy({});
  }
}

/** The built-in critical categories, and any category the policy never lets go in-app alone. */
function criticalCategories(policy: ChannelPolicy): Set<string> {
  const critical = new Set(CRITICAL_CATEGORIES);
  for (const [name, category] of policy.categories) if (!category.inAppAlone) critical.add(name);
  return critical;
}

const outsideApp = (channel: string): boolean => CHANNEL_TRAITS[channel as Channel]?.reachesOutsideApp === true;

/**
 * No campaign of a critical category (urgent, security, payment_failure, outage, regulatory, legal,
 * and any category whose policy says `inAppAlone: false`) lists in-app as its only channel; and, over
 * generated users aimed at each such campaign, the engine never sends one in-app alone (a config
 * that sets `inAppAlone: true` on a critical category would allow it). Works on configs
 * `createEngine` refuses too (it refuses some of these), reporting the campaigns by path.
 */
export function checkCriticalNotInAppOnly(config: unknown, options: CriticalNotInAppOnlyOptions = {}): CriticalNotInAppOnlyReport {
  const loaded = engineUnderTest(config, options);
  const critical = criticalCategories(channelPolicyOf(config));
  const parsed = parseSections(config).campaigns;
  const campaigns: InAppOnlyCampaign[] = [];
  const targets: Campaign[] = [];
  parsed.forEach((campaign, index) => {
    if (campaign === undefined || !critical.has(campaign.category)) return;
    if (!campaign.channels.some(outsideApp)) campaigns.push({ campaignId: campaign.id, path: `/campaigns/${index}/channels`, category: campaign.category, channels: campaign.channels });
    // Sampled even without in_app: the engine must never send on a channel the campaign does not list either.
    else if (campaign.status === "active") targets.push(campaign);
  });

  let decision: InAppAloneDecision | null = null;
  let runs = 0;
  let replay = "";
  let seed: { seed?: number } = {};
  if (loaded.ok && targets.length > 0) {
    const { engine } = loaded;
    const vocabulary = configVocabulary(config);
    const context = { vocabulary, behaviour: engine.behaviour, consents: "any" as const, ...(options.users === undefined ? {} : { users: options.users }) };
    const byId = new Map(targets.map((campaign) => [campaign.id, campaign]));
    const inAppAlone = (probe: CampaignProbe): InAppAloneDecision | null => {
      const decisions = runProbe(engine, probe).decisions;
      if (decisions.length === 0 || decisions.some((entry) => entry.channel !== "in_app")) return null;
      return { campaignId: probe.campaignId, category: byId.get(probe.campaignId)?.category ?? "", probe, decisions };
    };
    const probes = fc.oneof(...targets.map((campaign) => probeArbitrary(campaign, context)));
    const details = fc.check(fc.property(probes, (probe) => inAppAlone(probe) === null), runParameters(options, 200));
    runs = details.numRuns;
    seed = { seed: details.seed };
    const probe = details.counterexample?.[0];
    try {
      decision = probe === undefined ? null : inAppAlone(probe);
    } catch {
      decision = null;
    }
    // The engine threw on a case: a bug in nudgekit, reported rather than thrown.
    if (details.failed && decision === null) {
      const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      return { invariant: INVARIANT, ok: false, runs: details.numRuns, seed: details.seed, message: `the engine threw on a generated case (${error}); ${replayHint(details.seed, details.counterexamplePath)}` };
    }
    replay = replayHint(details.seed, details.counterexamplePath);
  }

  const checked = `${parsed.filter((campaign) => campaign !== undefined && critical.has(campaign.category)).length} campaign(s) of critical categories (${[...critical].sort().join(", ")})`;
  const refused = loaded.ok ? {} : { configProblems: loaded.problems };
  if (campaigns.length === 0 && decision === null) {
    const summary = `none of ${checked} lists in_app as its only channel${runs === 0 ? "" : `, and none was sent in-app alone in ${runs} generated cases (seed ${seed.seed})`}`;
    if (loaded.ok) return { invariant: INVARIANT, ok: true, runs, ...seed, message: summary };
    return { invariant: INVARIANT, ok: false, runs, ...refused, message: `${summary}, but createEngine refused the config, so no decision could be checked:\n${formatProblems(loaded.problems)}` };
  }
  const lines: string[] = [];
  if (campaigns.length > 0) {
    lines.push("campaigns of critical categories list in_app as their only channel:");
    for (const entry of campaigns) lines.push(`  ${entry.campaignId} (${entry.category}) at ${entry.path}: ${JSON.stringify(entry.channels)}`);
  }
  if (decision !== null) {
    const user = decision.probe.user as { id?: unknown };
    const event = decision.probe.event === undefined ? "by due" : `on ${decision.probe.event.name}`;
    lines.push(`${decision.campaignId} (${decision.category}) was sent in-app alone to user ${JSON.stringify(user?.id ?? null)} ${event} at ${isoInstant(decision.decisions[0]!.sendAt)}: none of its channels outside the app was eligible, and the category's policy let in-app go alone`);
    lines.push(replay);
  }
  if (!loaded.ok) lines.push(`(createEngine refuses this config: ${loaded.problems.length} problem${loaded.problems.length === 1 ? "" : "s"}, e.g. ${loaded.problems[0]?.path}: ${loaded.problems[0]?.message})`);
  return { invariant: INVARIANT, ok: false, runs, ...seed, ...refused, counterexample: { campaigns, ...(decision === null ? {} : { decision }) }, message: lines.join("\n") };
}

/** `checkCriticalNotInAppOnly`, throwing an InvariantError with the report's message when it does not hold. */
export function assertCriticalNotInAppOnly(config: unknown, options: CriticalNotInAppOnlyOptions = {}): CriticalNotInAppOnlyReport {
  return assertReport(checkCriticalNotInAppOnly(config, options));
}
