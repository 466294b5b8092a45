import { newcombeInterval, type DifferenceInterval } from "../../experiments/statistics/newcombe-interval.js";
import type { MeanSummary } from "../../experiments/statistics/revenue-summary.js";
import { welchTTest } from "../../experiments/statistics/welch-t-test.js";
import type { OutcomeState } from "../state/outcome-state.js";
import { armOr, armsOf, currencyOf, meanSummary, pooled, ruleIndexOf, type ArmCounts } from "./cohort-summary.js";
import { finalState } from "./final-state.js";
import { rateOf, type Rate } from "./rate.js";

export interface HoldoutLiftOptions {
  /** Only this campaign. Default: every campaign with a global holdout or an experiment control. */
  readonly campaign?: string;
  /** The conversion definition to read. Default: each campaign's first. */
  readonly conversion?: string;
  readonly currency?: string;
  /** Default 0.95. */
  readonly confidence?: number;
}

/** An estimate with its interval. */
export interface Estimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface LiftGroup {
  readonly users: number;
  readonly converters: number;
  readonly conversionRate: Rate | null;
  readonly revenue: MeanSummary | null;
}

export interface HoldoutLift {
  readonly campaign: string;
  /** `global-holdout`: users sent the campaign against users the global holdout kept from it. `campaign-control`: the experiment's treatment arms against its control. */
  readonly comparison: "global-holdout" | "campaign-control";
  readonly conversion: string;
  readonly currency: string | null;
  readonly treatment: LiftGroup;
  readonly control: LiftGroup;
  /** Conversion rate of treatment − control (Newcombe). */
  readonly difference: DifferenceInterval | null;
  /** Conversions the messages caused: (CRt − CRc) · Nt, with the interval of the difference × Nt. */
  readonly incrementalConversions: Estimate | null;
  /** Revenue the messages caused: (mean t − mean c) · Nt, with Welch's interval × Nt (minor units). */
  readonly incrementalRevenue: Estimate | null;
}

function group(arm: ArmCounts, currency: string | null, confidence: number): LiftGroup {
  const sums = currency === null ? undefined : (arm.revenue.get(currency) ?? { sum: 0, sumOfSquares: 0n });
  return { users: arm.users, converters: arm.converters, conversionRate: rateOf(arm.converters, arm.users, confidence), revenue: sums === undefined ? null : meanSummary(arm.users, sums.sum, sums.sumOfSquares) };
}

function lift(campaign: string, comparison: HoldoutLift["comparison"], conversion: string, treatment: ArmCounts, control: ArmCounts, currencyOption: string | undefined, confidence: number): HoldoutLift {
  const currency = currencyOf([treatment, control], currencyOption);
  const t = group(treatment, currency, confidence);
  const c = group(control, currency, confidence);
  const measurable = treatment.users > 0 && control.users > 0;
  const difference = measurable ? newcombeInterval({ users: treatment.users, conversions: treatment.converters }, { users: control.users, conversions: control.converters }, { confidence }) : null;
  let incrementalRevenue: Estimate | null = null;
  if (t.revenue !== null && c.revenue !== null && t.revenue.users >= 2 && c.revenue.users >= 2) {
    const welch = welchTTest(c.revenue, t.revenue, { confidence });
    incrementalRevenue = { estimate: welch.difference * treatment.users, lower: welch.confidenceInterval[0] * treatment.users, upper: welch.confidenceInterval[1] * treatment.users };
  }
  return {
    campaign,
    comparison,
    conversion,
    currency,
    treatment: t,
    control: c,
    difference,
    incrementalConversions: difference === null ? null : { estimate: difference.difference * treatment.users, lower: difference.lower * treatment.users, upper: difference.upper * treatment.users },
    incrementalRevenue,
  };
}

/**
 * What messages caused: for each campaign, the users it was sent to against those the global
 * holdout kept from it, and an experiment's treatment arms against its control — conversion rates,
 * their difference (Newcombe), incremental conversions `(CRt − CRc) · Nt` and incremental revenue,
 * with 95% intervals. Conversions count within the window after each user's first send or exposure.
 *
 * @example
 * holdoutLift(state, { campaign: "cart-abandonment" })[0]?.incrementalConversions;
 * // { estimate: 41.2, lower: 12.5, upper: 68.9 }
 */
export function holdoutLift(state: OutcomeState, options: HoldoutLiftOptions = {}): HoldoutLift[] {
  const { final, config } = finalState(state);
  if (config === null) return [];
  const confidence = options.confidence ?? 0.95;
  const lifts: HoldoutLift[] = [];
  const campaigns = options.campaign === undefined ? [...config.campaigns.keys()].sort() : [options.campaign];
  for (const campaign of campaigns) {
    if (!config.campaigns.has(campaign)) throw new RangeError(`no campaign ${JSON.stringify(campaign)} in the config this state was folded with`);
    const definition = ruleIndexOf(config, campaign, options.conversion);
    if (definition === undefined) continue;
    const conversion = config.conversions[definition]?.id as string;
    if (config.holdout !== null) {
      const treatment = armOr(armsOf(final, "treatment", campaign, definition), "treatment");
      const held = armOr(armsOf(final, "holdout", campaign, definition), "holdout");
      if (treatment.users > 0 || held.users > 0) lifts.push(lift(campaign, "global-holdout", conversion, treatment, held, options.currency, confidence));
    }
    const experiment = config.campaigns.get(campaign)?.experiment;
    if (experiment !== null && experiment !== undefined && experiment.control !== null) {
      const arms = armsOf(final, "experiment", experiment.id, definition);
      const treatment = pooled(experiment.arms.filter((arm) => arm !== experiment.control).map((arm) => armOr(arms, arm)));
      lifts.push(lift(campaign, "campaign-control", conversion, treatment, armOr(arms, experiment.control), options.currency, confidence));
    }
  }
  return lifts;
}
