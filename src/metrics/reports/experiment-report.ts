import type { BanditSnapshot } from "../../experiments/bandit/bandit-snapshot.js";
import { chanceToBeatControl } from "../../experiments/statistics/chance-to-beat-control.js";
import { newcombeInterval, type DifferenceInterval } from "../../experiments/statistics/newcombe-interval.js";
import type { ExperimentResults, VariantResult } from "../../experiments/statistics/pick-winner.js";
import { relativeLiftInterval, type RelativeLiftInterval } from "../../experiments/statistics/relative-lift-interval.js";
import type { MeanSummary } from "../../experiments/statistics/revenue-summary.js";
import { sampleRatioMismatch, type SampleRatioMismatch } from "../../experiments/statistics/sample-ratio-mismatch.js";
import { welchTTest, type WelchTTest } from "../../experiments/statistics/welch-t-test.js";
import type { OutcomeState } from "../state/outcome-state.js";
import { USERS_ONLY } from "../state/settle-user.js";
import { armOr, armsOf, currencyOf, meanSummary, ruleIndexOf, type ArmCounts } from "./cohort-summary.js";
import { finalState } from "./final-state.js";
import { rateOf, type Rate } from "./rate.js";

export interface ExperimentReportOptions {
  /** The conversion definition (of the experiment's campaign) to read. Default: the campaign's first. */
  readonly conversion?: string;
  /** The revenue currency. Default: the only one seen. */
  readonly currency?: string;
  /** Of every interval. Default 0.95. */
  readonly confidence?: number;
  /** The sample-ratio check flags a mismatch below this p-value. Default 0.001. */
  readonly sampleRatioThreshold?: number;
}

/** A treatment arm against the control. */
export interface ArmComparison {
  /** Treatment rate − control rate, with Newcombe's interval. */
  readonly difference: DifferenceInterval;
  /** Treatment rate / control rate − 1, with the delta-method interval. */
  readonly relativeLift: RelativeLiftInterval;
  /** P(treatment rate > control rate), Beta(1, 1) priors. */
  readonly chanceToBeatControl: number;
  /** Welch's t-test on revenue per user (null without a currency or with fewer than 2 users an arm). */
  readonly revenue: WelchTTest | null;
}

export interface ArmReport {
  readonly id: string;
  readonly isControl: boolean;
  /** Users exposed to the arm (each counted once, at their first exposure). */
  readonly users: number;
  /** Users who converted within the conversion window after their exposure. */
  readonly converters: number;
  readonly conversionRate: Rate | null;
  /** Revenue per exposed user (minor units of `currency`). */
  readonly revenue: MeanSummary | null;
  readonly vsControl: ArmComparison | null;
}

export interface ExperimentReport {
  readonly experimentId: string;
  readonly campaign: string;
  /** The conversion definition read (null: the campaign has none: users only). */
  readonly conversion: string | null;
  readonly currency: string | null;
  readonly control: string | null;
  readonly arms: readonly ArmReport[];
  /** Users per arm against the configured weights (null with fewer than 2 arms). */
  readonly sampleRatio: SampleRatioMismatch | null;
  /** `pickWinner`'s input (null without a control arm or a conversion). */
  readonly results: ExperimentResults | null;
  /** The bandit's posterior evidence: converters and non-converters per arm (null without a conversion). */
  readonly bandit: BanditSnapshot | null;
}

/**
 * An experiment's arms, as exposures and conversions say: users per arm, conversion rate within
 * the window after exposure (Wilson), revenue per user, and each treatment against the control
 * (Newcombe difference, delta-method relative lift, chance to beat control, Welch on revenue), a
 * sample-ratio check against the configured weights — and the inputs of `pickWinner` and of the
 * bandit, so that "run on 10%, promote the winner" is three calls.
 *
 * @example
 * const report = experimentReport(state, "new-feature-modal");
 * pickWinner(report.results!, { metric: "conversion", minimumUsersPerVariant: 500, expectedWeights: [...] });
 * banditAllocation(report.bandit!);
 */
export function experimentReport(state: OutcomeState, experimentId: string, options: ExperimentReportOptions = {}): ExperimentReport {
  const { final, config } = finalState(state);
  const experiment = config?.experiments.get(experimentId);
  if (config === null || experiment === undefined) throw new RangeError(`no experiment ${JSON.stringify(experimentId)} in the config this state was folded with`);
  const confidence = options.confidence ?? 0.95;
  const definition = ruleIndexOf(config, experiment.campaign, options.conversion);
  const users = armsOf(final, "experiment", experimentId, USERS_ONLY);
  const counts = definition === undefined ? users : armsOf(final, "experiment", experimentId, definition);
  const armCounts = experiment.arms.map((arm) => (definition === undefined ? { ...armOr(users, arm), converters: 0 } : armOr(counts, arm)));
  const currency = currencyOf(armCounts, options.currency);
  const revenueOf = (arm: ArmCounts): MeanSummary | null => {
    if (currency === null || definition === undefined) return null;
    const sums = arm.revenue.get(currency) ?? { sum: 0, sumOfSquares: 0n };
    return meanSummary(arm.users, sums.sum, sums.sumOfSquares);
  };
  const control = experiment.control;
  const controlIndex = control === null ? -1 : experiment.arms.indexOf(control);
  const controlCounts = controlIndex < 0 ? null : (armCounts[controlIndex] as ArmCounts);
  const arms = experiment.arms.map((id, index): ArmReport => {
    const arm = armCounts[index] as ArmCounts;
    const revenue = revenueOf(arm);
    let vsControl: ArmComparison | null = null;
    if (controlCounts !== null && index !== controlIndex && definition !== undefined && arm.users > 0 && controlCounts.users > 0) {
      const treatment = { users: arm.users, conversions: arm.converters };
      const base = { users: controlCounts.users, conversions: controlCounts.converters };
      const controlRevenue = revenueOf(controlCounts);
      vsControl = {
        difference: newcombeInterval(treatment, base, { confidence }),
        relativeLift: relativeLiftInterval(treatment, base, { confidence }),
        chanceToBeatControl: chanceToBeatControl(base, treatment),
        revenue: revenue !== null && controlRevenue !== null && revenue.users >= 2 && controlRevenue.users >= 2 ? welchTTest(controlRevenue, revenue, { confidence }) : null,
      };
    }
    return { id, isControl: index === controlIndex, users: arm.users, converters: arm.converters, conversionRate: definition === undefined ? null : rateOf(arm.converters, arm.users, confidence), revenue, vsControl };
  });
  const total = arms.reduce((sum, arm) => sum + arm.users, 0);
  const weighted = experiment.arms.map((_, index) => index).filter((index) => (experiment.weights[index] as number) > 0);
  const sampleRatio =
    weighted.length >= 2 && total > 0
      ? sampleRatioMismatch(weighted.map((index) => (arms[index] as ArmReport).users), weighted.map((index) => experiment.weights[index] as number), { threshold: options.sampleRatioThreshold ?? 0.001 })
      : null;
  const results: ExperimentResults | null =
    control === null || controlIndex < 0 || definition === undefined
      ? null
      : {
          control,
          variants: arms.map((arm): VariantResult => ({ id: arm.id, users: arm.users, conversions: arm.converters, ...(arm.revenue === null ? {} : { revenue: { mean: arm.revenue.mean, variance: arm.revenue.variance } }) })),
        };
  const bandit: BanditSnapshot | null =
    definition === undefined || arms.length < 2 ? null : { id: `${experimentId}@${total}`, arms: arms.map((arm) => ({ id: arm.id, successes: arm.converters, failures: arm.users - arm.converters })) };
  return { experimentId, campaign: experiment.campaign, conversion: definition === undefined ? null : (config.conversions[definition]?.id ?? null), currency, control, arms, sampleRatio, results, bandit };
}
