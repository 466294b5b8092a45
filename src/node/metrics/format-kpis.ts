import type { ExperimentReport } from "../../metrics/reports/experiment-report.js";
import type { HoldoutLift } from "../../metrics/reports/holdout-lift.js";
import type { KpiRow } from "../../metrics/reports/kpis.js";
import type { Rate } from "../../metrics/reports/rate.js";

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const rateText = (rate: Rate | null): string => (rate === null ? "–" : `${percent(rate.rate)} [${percent(rate.lower)}, ${percent(rate.upper)}]`);
const count = (value: number): string => (Number.isInteger(value) ? value.toLocaleString("en-US") : value.toLocaleString("en-US", { maximumFractionDigits: 2 }));
const money = (values: Readonly<Record<string, number>>): string =>
  Object.entries(values)
    .map(([currency, minor]) => `${(minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`)
    .join(", ") || "–";

const label = (row: KpiRow): string =>
  [row.campaign, row.variant, row.channel, row.day].filter((part, index) => part !== undefined && !(index === 1 && part === null)).map((part) => part ?? "(none)").join(" / ") || "all messages";

/** KPI rows as text: one block per row, rates with their 95% intervals. */
export function formatKpis(rows: readonly KpiRow[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    lines.push(`  ${label(row)}`);
    lines.push(`    sent ${count(row.sent)}, delivered ${count(row.delivered)} (${rateText(row.deliveryRate)}), bounced ${count(row.bounced)}`);
    lines.push(`    opens ${count(row.opens.human)} human + ${count(row.opens.machine)} machine, open rate ${rateText(row.openRate)}; impressions ${count(row.impressions.total)}`);
    lines.push(`    clicks ${count(row.clicks.unique)} unique / ${count(row.clicks.total)} total: CTR ${rateText(row.clickThroughRate)}, click-to-open ${rateText(row.clickToOpenRate)}`);
    lines.push(`    conversions ${count(row.conversions)}: rate ${rateText(row.conversionRate)}; revenue ${money(row.revenue)} (${money(row.revenuePerRecipient)} per recipient)`);
    if (row.unsubscribes > 0 || row.complaints > 0) lines.push(`    unsubscribes ${count(row.unsubscribes)} (${rateText(row.unsubscribeRate)}), complaints ${count(row.complaints)}`);
  }
  return lines;
}

/** An experiment report as text: arms, lift against the control, the sample-ratio check. */
export function formatExperiment(report: ExperimentReport): string[] {
  const lines = [`  ${report.experimentId} (campaign ${report.campaign}, conversion ${report.conversion ?? "none"})`];
  for (const arm of report.arms) {
    let text = `    ${arm.id}${arm.isControl ? " (control)" : ""}: ${count(arm.users)} users, ${count(arm.converters)} converted, ${rateText(arm.conversionRate)}`;
    if (arm.vsControl !== null) {
      const { difference, relativeLift, chanceToBeatControl } = arm.vsControl;
      text += `; vs control ${difference.difference >= 0 ? "+" : ""}${percent(difference.difference)} [${percent(difference.lower)}, ${percent(difference.upper)}]`;
      if (relativeLift.relativeLift !== null) text += `, lift ${percent(relativeLift.relativeLift)} [${percent(relativeLift.lower as number)}, ${percent(relativeLift.upper as number)}]`;
      text += `, P(beats control) ${percent(chanceToBeatControl)}`;
    }
    lines.push(text);
  }
  if (report.sampleRatio !== null) lines.push(`    sample ratio: p = ${report.sampleRatio.pValue.toPrecision(3)}${report.sampleRatio.isMismatch ? " — MISMATCH: do not trust these results" : " (no mismatch)"}`);
  return lines;
}

/** Holdout and control lift as text. */
export function formatLift(lifts: readonly HoldoutLift[]): string[] {
  return lifts.map((lift) => {
    const who = lift.comparison === "global-holdout" ? "vs global holdout" : "vs campaign control";
    const incremental = lift.incrementalConversions === null ? "–" : `${count(Math.round(lift.incrementalConversions.estimate * 10) / 10)} [${count(Math.round(lift.incrementalConversions.lower * 10) / 10)}, ${count(Math.round(lift.incrementalConversions.upper * 10) / 10)}]`;
    return `  ${lift.campaign} ${who}: ${rateText(lift.treatment.conversionRate)} (${count(lift.treatment.users)} users) against ${rateText(lift.control.conversionRate)} (${count(lift.control.users)}); incremental conversions ${incremental}`;
  });
}

const csvField = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** KPI rows as CSV (one line per row; each rate as value, lower, upper). */
export function kpisCsv(rows: readonly KpiRow[]): string {
  const rates = ["deliveryRate", "openRate", "clickThroughRate", "clickToOpenRate", "conversionRate", "unsubscribeRate", "complaintRate"] as const;
  const header = ["campaign", "variant", "channel", "day", "messages", "sent", "delivered", "bounced", "impressions", "human_opens", "machine_opens", "unique_opens", "clicks", "unique_clicks", "dismissed", "unsubscribes", "complaints", "conversions", "revenue", ...rates.flatMap((name) => [name, `${name}_lower`, `${name}_upper`])];
  const lines = [header.join(",")];
  for (const row of rows) {
    lines.push(
      [
        row.campaign, row.variant, row.channel, row.day, row.messages, row.sent, row.delivered, row.bounced, row.impressions.total, row.opens.human, row.opens.machine, row.opens.unique, row.clicks.total, row.clicks.unique, row.dismissed, row.unsubscribes, row.complaints, row.conversions,
        Object.entries(row.revenue).map(([currency, minor]) => `${minor} ${currency}`).join(" "),
        ...rates.flatMap((name): (string | number)[] => { const rate = row[name]; return rate === null ? ["", "", ""] : [rate.rate, rate.lower, rate.upper]; }),
      ].map(csvField).join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
