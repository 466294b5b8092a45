import type { MeanSummary } from "../../experiments/statistics/revenue-summary.js";
import type { MetricsConfig } from "../config/outcome-config-model.js";
import type { OutcomeState, UnitKind } from "../state/outcome-state.js";

/** Per-user revenue's mean and sample variance from exact sums: (n·Σx² − (Σx)²) is formed in BigInt, so nothing cancels. */
export function meanSummary(users: number, sum: number, sumOfSquares: bigint): MeanSummary {
  if (users === 0) return { users: 0, mean: 0, variance: 0 };
  const spread = BigInt(users) * sumOfSquares - BigInt(sum) * BigInt(sum);
  return { users, mean: sum / users, variance: users < 2 ? 0 : Number(spread) / users / (users - 1) };
}

/** One arm's counts for one conversion rule (zeros when the arm saw nobody). */
export interface ArmCounts {
  readonly users: number;
  readonly converters: number;
  readonly revenue: ReadonlyMap<string, { readonly sum: number; readonly sumOfSquares: bigint }>;
}

const EMPTY: ArmCounts = { users: 0, converters: 0, revenue: new Map() };

/** The arms of a comparison, by arm id: the cohorts of one kind and id, for one conversion rule (or users only). */
export function armsOf(state: OutcomeState, kind: UnitKind, id: string, definition: number): Map<string, ArmCounts> {
  const arms = new Map<string, ArmCounts>();
  for (const cohort of state.cohorts.values()) if (cohort.kind === kind && cohort.id === id && cohort.definition === definition) arms.set(cohort.arm, cohort);
  return arms;
}

export const armOr = (arms: ReadonlyMap<string, ArmCounts>, arm: string): ArmCounts => arms.get(arm) ?? EMPTY;

/** Sums arms (e.g. every treatment arm against the control). */
export function pooled(arms: readonly ArmCounts[]): ArmCounts {
  const revenue = new Map<string, { sum: number; sumOfSquares: bigint }>();
  let users = 0;
  let converters = 0;
  for (const arm of arms) {
    users += arm.users;
    converters += arm.converters;
    for (const [currency, sums] of arm.revenue) {
      const known = revenue.get(currency) ?? { sum: 0, sumOfSquares: 0n };
      revenue.set(currency, { sum: known.sum + sums.sum, sumOfSquares: known.sumOfSquares + sums.sumOfSquares });
    }
  }
  return { users, converters, revenue };
}

/** The conversion rule of a campaign a report reads: the one with id `conversion`, else the campaign's first. Undefined when it has none. */
export function ruleIndexOf(config: MetricsConfig, campaign: string, conversion: string | undefined): number | undefined {
  const rules = config.campaigns.get(campaign)?.conversions ?? [];
  if (conversion === undefined) return rules[0]?.index;
  const rule = rules.find((candidate) => candidate.id === conversion);
  if (rule === undefined) throw new RangeError(`campaign ${JSON.stringify(campaign)} has no conversion ${JSON.stringify(conversion)} (it has ${rules.map((known) => JSON.stringify(known.id)).join(", ") || "none"})`);
  return rule.index;
}

/** The currency a revenue comparison uses: the one asked for, else the only one seen (null when none or several). */
export function currencyOf(arms: readonly ArmCounts[], currency: string | undefined): string | null {
  if (currency !== undefined) return currency;
  const seen = new Set<string>();
  for (const arm of arms) for (const known of arm.revenue.keys()) seen.add(known);
  return seen.size === 1 ? ([...seen][0] as string) : null;
}
