import * as fc from "fast-check";
import { parseSections } from "../engine/compile/parse-sections.js";
import type { Campaign } from "../schema/campaign-schema.js";
import { probeArbitrary, runProbe, type CampaignProbe } from "./campaign-probe.js";
import { configVocabulary } from "./config-vocabulary.js";
import { engineUnderTest, refusedConfigMessage } from "./engine-under-test.js";
import { assertReport, replayHint, runParameters, type CheckOptions, type InvariantReport } from "./invariant-report.js";

export interface ReachabilityOptions extends CheckOptions {
  /** Check only these campaigns (default: every active one). */
  readonly campaigns?: readonly string[];
  /** Your own users (default: `profileArbitrary` with the config's vocabulary and a generated past). */
  readonly users?: fc.Arbitrary<unknown>;
}

/** How often one suppression (step and reason) was seen for a campaign. */
export interface SuppressionCount {
  readonly step: string;
  readonly reason: string;
  /** One of the details seen, e.g. "checkout_started happened but the trigger's condition does not hold". */
  readonly detail: string;
  readonly count: number;
}

export interface CampaignReach {
  readonly campaignId: string;
  /** `event:<name>`, `segmentEntry:<segment>`, `inactivity:<event>` or `scheduled`. */
  readonly trigger: string;
  readonly reached: boolean;
  /** Cases tried (up to and including the first that sent it). */
  readonly probes: number;
  /** The first case that sent it. */
  readonly witness?: CampaignProbe;
  /** The suppressions seen on the cases that did not send it, most frequent first. */
  readonly suppressions: readonly SuppressionCount[];
  /** Set when the engine threw on a case (a bug: please report it). */
  readonly error?: string;
}

export interface ReachabilityCounterexample {
  readonly unreachable: readonly CampaignReach[];
}

export interface ReachabilityReport extends InvariantReport<ReachabilityCounterexample> {
  /** Every campaign checked, reached or not. */
  readonly campaigns: readonly CampaignReach[];
}

const INVARIANT = "reachability";

function triggerName(campaign: Campaign): string {
  const trigger = campaign.trigger;
  if ("event" in trigger) return `event:${trigger.event}`;
  if ("segmentEntry" in trigger) return `segmentEntry:${trigger.segmentEntry}`;
  if ("inactivity" in trigger) return `inactivity:${trigger.inactivity.event}`;
  return "scheduled";
}

function describeUnreachable(reach: CampaignReach): string {
  const top = reach.suppressions[0];
  const why =
    reach.error !== undefined
      ? `the engine threw: ${reach.error}`
      : top === undefined
        ? "no call ever considered it"
        : `most often suppressed at ${top.step}/${top.reason} (${top.count} of ${reach.probes}): ${top.detail}`;
  return `  ${reach.campaignId} (${reach.trigger}): ${why}`;
}

/**
 * Every active campaign is sent to at least one generated user: for each campaign, cases aimed at
 * it (its trigger event with property values from the config's constants, users whose fields and
 * past can meet its conditions, times near the instants it names; `due` for segment-entry,
 * inactivity and scheduled triggers, following `retryAt`) until one sends it, or `numRuns` (default
 * 100) have not. Unreachable campaigns come with the suppression (step and reason) seen most often.
 */
export function checkReachability(config: unknown, options: ReachabilityOptions = {}): ReachabilityReport {
  const loaded = engineUnderTest(config, options);
  if (!loaded.ok) return { invariant: INVARIANT, ok: false, runs: 0, campaigns: [], message: refusedConfigMessage(loaded.problems), configProblems: loaded.problems };
  const { engine } = loaded;
  const vocabulary = configVocabulary(config);
  const wanted = options.campaigns === undefined ? null : new Set(options.campaigns);
  const campaigns = parseSections(config).campaigns.filter((campaign): campaign is Campaign => campaign !== undefined && campaign.status === "active" && (wanted === null || wanted.has(campaign.id)));
  const unknown = wanted === null ? [] : [...wanted].filter((id) => !campaigns.some((campaign) => campaign.id === id));
  if (unknown.length > 0) throw new RangeError(`no active campaign ${unknown.map((id) => JSON.stringify(id)).join(", ")}`);
  // One seed for every campaign, so one number replays the whole check.
  const seed = options.seed ?? fc.sample(fc.integer(), 1)[0]!;
  // No `path`: it would replay one case of one campaign only.
  const parameters = { ...runParameters({ seed, ...(options.numRuns === undefined ? {} : { numRuns: options.numRuns }) }, 100), endOnFailure: true };
  const context = { vocabulary, behaviour: engine.behaviour, ...(options.users === undefined ? {} : { users: options.users }) };

  const reaches = campaigns.map((campaign): CampaignReach => {
    const counts = new Map<string, { step: string; reason: string; detail: string; count: number }>();
    let tried = 0;
    // The property "this case does not send it" fails on the first case that does: that case is the witness.
    const details = fc.check(
      fc.property(probeArbitrary(campaign, context), (probe) => {
        tried++;
        const outcome = runProbe(engine, probe);
        if (outcome.decisions.length > 0) return false;
        const key = outcome.suppression === null ? "trigger/not-triggered" : `${outcome.suppression.step}/${outcome.suppression.reason}`;
        const known = counts.get(key);
        if (known !== undefined) known.count++;
        else counts.set(key, outcome.suppression === null ? { step: "trigger", reason: "not-triggered", detail: "no call considered it", count: 1 } : { step: outcome.suppression.step, reason: outcome.suppression.reason, detail: outcome.suppression.detail, count: 1 });
        return true;
      }),
      parameters,
    );
    // Ties by code point (localeCompare would depend on the runtime's locale).
    const suppressions = [...counts.values()].sort((a, b) => b.count - a.count || (a.step < b.step ? -1 : a.step > b.step ? 1 : 0));
    const base = { campaignId: campaign.id, trigger: triggerName(campaign), probes: tried, suppressions };
    const witness = details.counterexample?.[0];
    if (!details.failed || witness === undefined) return { ...base, reached: false };
    try {
      if (runProbe(engine, witness).decisions.length > 0) return { ...base, reached: true, witness };
    } catch {
      // Reported below with fast-check's error.
    }
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    return { ...base, reached: false, error };
  });

  const runs = reaches.reduce((sum, reach) => sum + reach.probes, 0);
  const unreachable = reaches.filter((reach) => !reach.reached);
  const base = { invariant: INVARIANT, runs, seed, campaigns: reaches };
  if (unreachable.length === 0) {
    return { ...base, ok: true, message: `all ${reaches.length} active campaigns were sent to some generated user (${runs} cases in all, at most ${parameters.numRuns} per campaign; seed ${seed})` };
  }
  return {
    ...base,
    ok: false,
    counterexample: { unreachable },
    message: `${unreachable.length} of ${reaches.length} active campaigns were never sent in ${parameters.numRuns} cases each:\n${unreachable.map(describeUnreachable).join("\n")}\n${replayHint(seed)}`,
  };
}

/** `checkReachability`, throwing an InvariantError with the report's message when a campaign is unreachable. */
export function assertReachability(config: unknown, options: ReachabilityOptions = {}): ReachabilityReport {
  return assertReport(checkReachability(config, options));
}
