import { civilFromDays } from "../../time-zones/civil-days.js";
import type { MetricsConfig } from "../config/outcome-config-model.js";
import { addGroup, emptyGroup } from "../state/group-counters.js";
import { creditTotals, type GroupCounters, type OutcomeState } from "../state/outcome-state.js";
import { finalState } from "./final-state.js";
import { rateOf, type Rate } from "./rate.js";

/** What KPI rows may be grouped by. */
export const KPI_DIMENSIONS = Object.freeze(["campaign", "variant", "channel", "day"] as const);
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export interface KpiOptions {
  /** Default ["campaign", "variant", "channel"]; [] gives one row for everything. `day` is the UTC day of the send. */
  readonly by?: readonly KpiDimension[];
  /** Of every interval. Default 0.95. */
  readonly confidence?: number;
}

/** One conversion definition's figures in a row. */
export interface ConversionKpi {
  /** The definition's id, and its campaign. */
  readonly id: string;
  readonly campaign: string;
  /** Credited conversions (fractional under `linear`). */
  readonly conversions: number;
  /** Delivered messages credited at least part of one, over delivered messages. */
  readonly rate: Rate | null;
  /** Credited revenue per currency, in minor units. */
  readonly revenue: Readonly<Record<string, number>>;
}

/** The figures of one group of messages. Every rate has its Wilson interval; null when its denominator is 0. */
export interface KpiRow {
  readonly campaign?: string | null;
  readonly variant?: string | null;
  readonly channel?: string | null;
  /** "YYYY-MM-DD" (UTC). */
  readonly day?: string;
  /** Messages with any outcome. */
  readonly messages: number;
  readonly sent: number;
  /** Messages with a delivery, an impression, an open or a click, and no bounce. */
  readonly delivered: number;
  readonly bounced: number;
  readonly impressions: { readonly total: number; readonly unique: number };
  /** Human and machine (privacy-proxy, prefetch) opens; `unique`: delivered messages opened by a person or clicked. */
  readonly opens: { readonly human: number; readonly machine: number; readonly unique: number };
  readonly clicks: { readonly total: number; readonly unique: number };
  readonly dismissed: number;
  readonly unsubscribes: number;
  readonly complaints: number;
  /** Credited conversions, all definitions together. */
  readonly conversions: number;
  /** Credited revenue per currency (minor units). */
  readonly revenue: Readonly<Record<string, number>>;
  /** Revenue per delivered message, per currency (minor units). */
  readonly revenuePerRecipient: Readonly<Record<string, number>>;
  /** Delivered over sent. */
  readonly deliveryRate: Rate | null;
  /** Unique (human) opens over delivered. */
  readonly openRate: Rate | null;
  /** Unique clicks over delivered. */
  readonly clickThroughRate: Rate | null;
  /** Unique clicks over unique opens. */
  readonly clickToOpenRate: Rate | null;
  /** Delivered messages credited a conversion over delivered. */
  readonly conversionRate: Rate | null;
  readonly unsubscribeRate: Rate | null;
  readonly complaintRate: Rate | null;
  readonly byConversion: readonly ConversionKpi[];
}

function isoDay(day: number): string {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  const pad = (value: number, width: number): string => String(value).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

const sortedRecord = (values: ReadonlyMap<string, number>, divide = 1): Record<string, number> =>
  Object.fromEntries([...values.keys()].sort().map((currency) => [currency, (values.get(currency) as number) / divide]));

function row(group: GroupCounters, by: ReadonlySet<KpiDimension>, config: MetricsConfig | null, confidence: number): KpiRow {
  const byConversion: ConversionKpi[] = [];
  let conversions = 0;
  const revenue = new Map<string, number>();
  for (const index of [...group.conversions.keys()].sort((a, b) => a - b)) {
    const counters = group.conversions.get(index) as NonNullable<ReturnType<typeof group.conversions.get>>;
    const totals = creditTotals(counters.credits);
    conversions += totals.conversions;
    for (const [currency, amount] of totals.revenue) revenue.set(currency, (revenue.get(currency) ?? 0) + amount);
    const rule = config?.conversions[index];
    byConversion.push({ id: rule?.id ?? String(index), campaign: rule?.campaign ?? "", conversions: totals.conversions, rate: rateOf(counters.convertedDelivered, group.delivered, confidence), revenue: sortedRecord(totals.revenue) });
  }
  return {
    ...(by.has("campaign") ? { campaign: group.campaign } : {}),
    ...(by.has("variant") ? { variant: group.variant } : {}),
    ...(by.has("channel") ? { channel: group.channel } : {}),
    ...(by.has("day") ? { day: isoDay(group.day) } : {}),
    messages: group.messages,
    sent: group.sent,
    delivered: group.delivered,
    bounced: group.bounced,
    impressions: { total: group.impressions, unique: group.uniqueImpressions },
    opens: { human: group.humanOpens, machine: group.machineOpens, unique: group.uniqueOpens },
    clicks: { total: group.clicks, unique: group.uniqueClicks },
    dismissed: group.dismissed,
    unsubscribes: group.unsubscribed,
    complaints: group.complaints,
    conversions,
    revenue: sortedRecord(revenue),
    revenuePerRecipient: group.delivered === 0 ? {} : sortedRecord(revenue, group.delivered),
    deliveryRate: rateOf(group.deliveredOfSent, group.sent, confidence),
    openRate: rateOf(group.uniqueOpens, group.delivered, confidence),
    clickThroughRate: rateOf(group.uniqueClicks, group.delivered, confidence),
    clickToOpenRate: rateOf(group.uniqueClicks, group.uniqueOpens, confidence),
    conversionRate: rateOf(group.convertedDelivered, group.delivered, confidence),
    unsubscribeRate: rateOf(group.unsubscribed, group.delivered, confidence),
    complaintRate: rateOf(group.complaints, group.delivered, confidence),
    byConversion,
  };
}

/**
 * What each group of messages achieved: sends, deliveries, bounces, impressions, opens (human and
 * machine), unique and total clicks, dismissals, unsubscribes, complaints, credited conversions and
 * revenue, and their rates with Wilson intervals (CTR = unique clicks / delivered). Rows are grouped
 * by any of campaign, variant, channel and day, sorted by them. Reads a settled copy: `state` does
 * not change.
 *
 * @example
 * kpis(state, { by: ["campaign", "variant"] });
 * // [{ campaign: "new-feature-modal", variant: "image", messages: 2133, delivered: 2133, clicks: { total: 700, unique: 640 },
 * //    clickThroughRate: { rate: 0.3, lower: 0.281, upper: 0.32, numerator: 640, denominator: 2133 }, … }, …]
 */
export function kpis(state: OutcomeState, options: KpiOptions = {}): KpiRow[] {
  const dimensions = options.by ?? ["campaign", "variant", "channel"];
  for (const dimension of dimensions) if (!KPI_DIMENSIONS.includes(dimension)) throw new RangeError(`cannot group KPIs by ${JSON.stringify(dimension)}: use ${KPI_DIMENSIONS.join(", ")}`);
  const by = new Set(dimensions);
  const confidence = options.confidence ?? 0.95;
  const { final, config } = finalState(state);
  const groups = new Map<string, GroupCounters>();
  for (const group of final.groups.values()) {
    const campaign = by.has("campaign") ? group.campaign : null;
    const variant = by.has("variant") ? group.variant : null;
    const channel = by.has("channel") ? group.channel : null;
    const day = by.has("day") ? group.day : 0;
    const key = JSON.stringify([campaign, variant, channel, day]);
    let target = groups.get(key);
    if (target === undefined) groups.set(key, (target = emptyGroup(campaign, variant, channel, day)));
    addGroup(target, group);
  }
  const order = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
  return [...groups.values()]
    .sort((a, b) => order(a.campaign, b.campaign) || order(a.variant, b.variant) || order(a.channel, b.channel) || a.day - b.day)
    .map((group) => row(group, by, config, confidence));
}
