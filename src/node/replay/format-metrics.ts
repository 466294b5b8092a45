import type { ExperimentReport, HoldoutLift, KpiRow, Rate } from "../../metrics/index.js";
import { table } from "./format-summary.js";
import type { ExperimentWinner, ReplayMetricsReport } from "./replay-metrics.js";
import type { SendTimeEvaluation } from "../../replay/send-time-evaluation.js";

const number = (value: number): string => value.toLocaleString("en-US");
/** A file's name without its folder. */
const basename = (file: string): string => file.replace(/^.*[\\/]/, "");
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const signed = (value: number, text: string): string => (value >= 0 && !text.startsWith("-") ? `+${text}` : text.replace(/^-/, "−"));
const points = (value: number): string => signed(value, (value * 100).toFixed(1));
const relative = (value: number): string => signed(value, `${(value * 100).toFixed(0)}%`);
/** A rate with its interval: `12.8% [11.7%, 13.9%]`; "–" without a denominator. */
const rate = (value: Rate | null): string => (value === null ? "–" : `${percent(value.rate)} [${percent(value.lower)}, ${percent(value.upper)}]`);

/** "campaign / variant", or the campaign alone when it has no experiment. */
function campaignLabel(row: KpiRow): string {
  return row.variant === null || row.variant === undefined ? (row.campaign ?? "(no campaign)") : `${row.campaign ?? "(no campaign)"} / ${row.variant}`;
}

/** The KPI table: one row per campaign and variant. Conversion columns only for campaigns with conversion definitions. */
function kpiLines(rows: readonly KpiRow[], converting: ReadonlySet<string>): string[] {
  const header = ["campaign / variant", "sent", "delivered", "open rate", "click-through rate", "conversions", "conversion rate"];
  const body = rows.map((row) => {
    const converts = row.campaign !== null && row.campaign !== undefined && converting.has(row.campaign);
    return [
      campaignLabel(row),
      number(row.sent),
      number(row.delivered),
      row.opens.human === 0 ? "–" : rate(row.openRate),
      row.clicks.unique === 0 ? "–" : rate(row.clickThroughRate),
      converts ? number(Math.round(row.conversions * 100) / 100) : "–",
      converts ? rate(row.conversionRate) : "–",
    ];
  });
  return table([header, ...body]);
}

function winnerLine(winner: ExperimentWinner | undefined): string[] {
  if (winner === undefined) return [];
  if (winner.decision === null) return ["  pickWinner: no control arm or no conversion definition to compare on"];
  const { policy, decision } = winner;
  const rule = `conversion, at least ${number(policy.minimumUsersPerVariant)} users an arm, alpha 0.05${policy.expectedWeights === undefined ? "" : ", sample-ratio check"}`;
  const verdict = decision.decision === "winner" ? `winner ${decision.winner ?? ""}` : decision.decision;
  return [`  pickWinner (${rule}): ${verdict}: ${decision.reason}`];
}

function experimentLines(report: ExperimentReport, winner: ExperimentWinner | undefined): string[] {
  const lines = [`Experiment ${report.experimentId} (campaign ${report.campaign}): users by first exposure, converted (${report.conversion ?? "no conversion defined"}) within the window after it`];
  const header = ["arm", "users", "converted", "conversion rate", "vs control", "relative lift", "P(beats control)"];
  const rows = report.arms.map((arm) => {
    const versus = arm.vsControl;
    const lift = versus?.relativeLift;
    return [
      arm.isControl && arm.id !== "control" ? `${arm.id} (control)` : arm.id,
      number(arm.users),
      report.conversion === null ? "–" : number(arm.converters),
      rate(arm.conversionRate),
      versus === null ? "" : `${points(versus.difference.difference)} pp [${points(versus.difference.lower)}, ${points(versus.difference.upper)}]`,
      lift === undefined || lift.relativeLift === null ? "" : `${relative(lift.relativeLift)}${lift.lower === null || lift.upper === null ? "" : ` [${relative(lift.lower)}, ${relative(lift.upper)}]`}`,
      versus === null ? "" : percent(versus.chanceToBeatControl),
    ];
  });
  lines.push(...table([header, ...rows]).map((line) => line.trimEnd()));
  if (report.sampleRatio !== null) lines.push(`  sample ratio: p = ${report.sampleRatio.pValue.toPrecision(3)}${report.sampleRatio.isMismatch ? ": MISMATCH, do not trust these results" : " (no mismatch)"}`);
  lines.push(...winnerLine(winner));
  return lines;
}

function liftLines(lift: HoldoutLift): string[] {
  const treatment = lift.comparison === "global-holdout" ? "sent the campaign" : "in a treatment arm";
  const control = lift.comparison === "global-holdout" ? "kept out by the global holdout" : "in the control";
  const difference = lift.difference === null ? "–" : `${points(lift.difference.difference)} pp [${points(lift.difference.lower)}, ${points(lift.difference.upper)}]`;
  const incremental = lift.incrementalConversions;
  const round = (value: number): string => signed(value, number(Math.round(value)));
  return [
    `  ${lift.campaign} (${lift.conversion}): ${number(lift.treatment.users)} users ${treatment} converted ${rate(lift.treatment.conversionRate)}; ${number(lift.control.users)} ${control}, ${rate(lift.control.conversionRate)}`,
    `    difference ${difference}; incremental conversions ${incremental === null ? "–" : `${round(incremental.estimate)} [${round(incremental.lower)}, ${round(incremental.upper)}]`}`,
  ];
}

/**
 * The outcomes part of the replay's text summary: what was folded, KPIs per campaign and variant,
 * each experiment against its control with `pickWinner`'s verdict, and the holdout and control lift.
 */
export function formatMetrics(report: ReplayMetricsReport, converting: ReadonlySet<string>): string {
  const { outcomes } = report;
  const files = outcomes.files.map((read) => `${basename(read.file)} (${number(read.lines)} lines)`);
  const counts = outcomes.counts;
  const lines = [
    `Outcomes: the replay's ${number(outcomes.sent)} sends and ${number(outcomes.exposures)} exposures${outcomes.conversionEvents === 0 ? "" : `, ${number(outcomes.conversionEvents)} of its events that conversions name`}${files.length === 0 ? "" : `, and ${files.join(", ")}`}`,
    `  folded ${number(counts.folded)}; duplicates ${number(counts.duplicates)}, invalid ${number(counts.invalid)}, ignored ${number(counts.ignored)} (events no conversion names)`,
    "",
    "KPIs per campaign and variant (rates with 95% Wilson intervals; click-through and conversion rates over delivered messages)",
    ...kpiLines(report.kpis, converting),
  ];
  report.experiments.forEach((experiment, index) => lines.push("", ...experimentLines(experiment, report.winners[index])));
  if (report.lift.length > 0) {
    lines.push("", "Lift (users who converted within the conversion window after their first send or exposure; 95% intervals)");
    for (const lift of report.lift) lines.push(...liftLines(lift));
  }
  if (report.sendTime !== undefined) lines.push("", ...sendTimeLines(report.sendTime));
  return lines.join("\n");
}

/** The send-time evaluation: each policy's share of sends within the tolerance of the user's next open. */
function sendTimeLines(evaluation: SendTimeEvaluation): string[] {
  const within = `${Math.round(evaluation.toleranceMs / 60_000)} min`;
  const hour = String(evaluation.fixedHour.hour).padStart(2, "0");
  return [
    `Send time (push, web push and email): sends within ${within} of the user's next open, over the ${number(evaluation.evaluated)} of ${number(evaluation.sends)} sends followed by one within ${Math.round(evaluation.withinMs / 3_600_000)} h`,
    ...table([
      ["policy", "all sends", `users who had opened before (${number(evaluation.withHistory.evaluated)})`],
      ["the user's best time (bestSendTime on their earlier opens)", percent(evaluation.best), percent(evaluation.withHistory.best)],
      [`a fixed hour (${hour}:00 local)`, percent(evaluation.fixedHour.share), percent(evaluation.withHistory.fixedHour)],
      ["the population's best hour", percent(evaluation.populationHour), percent(evaluation.withHistory.populationHour)],
    ]).map((line) => line.trimEnd()),
  ];
}
