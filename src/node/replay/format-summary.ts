import { basename } from "node:path";
import type { ReplaySummary } from "../../replay/replay-summary.js";
import type { FileReport, LineReports, ReportGroup } from "./line-reports.js";

const number = (value: number): string => value.toLocaleString("en-US");
const percent = (part: number, whole: number): string => (whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`);
/** A duration in the largest unit that keeps it at least 1 (ms, s, min, h, d), one decimal. */
export function humanDuration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["min", 60_000], ["s", 1_000]] as const) if (Math.abs(ms) >= size) return `${(ms / size).toFixed(1)} ${unit}`;
  return `${ms} ms`;
}
const byName = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rows as a text table, two spaces in: the first column left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => "  " + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  "));
}

/** The first few reports of a group, then how many more. */
function examples(group: ReportGroup): string[] {
  const shown = group.examples.map((report: FileReport) => `    ${basename(report.file)}:${report.line}: ${report.message}`);
  if (group.count > group.examples.length) shown.push(`    … and ${number(group.count - group.examples.length)} more`);
  return shown;
}

/** What the summary says about the input besides the summary itself. */
export interface SummaryContext {
  /** The events file, and how many lines it has (0: empty). */
  readonly eventsFile: string;
  readonly eventLines: number;
  readonly seconds: number;
}

/** Per journey: who entered, reached each node (runs), converted, how long it took, and why runs ended. */
function journeyLines(summary: ReplaySummary): string[] {
  const lines: string[] = [];
  for (const [journey, counts] of [...summary.journeys.journeys].sort(byName)) {
    const median = counts.medianTimeToGoal();
    const exits = [...counts.exited].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => `${reason} ${number(count)}`);
    lines.push("", `Journey ${journey}: ${number(counts.entered)} entered, ${number(counts.converted)} converted (${percent(counts.converted, counts.entered)}), median time to goal ${median === null ? "-" : humanDuration(median)}; ${number(counts.messages)} messages sent, ${number(counts.notSent)} not sent`);
    lines.push(`  exited: ${exits.length === 0 ? "none yet" : exits.join(", ")}; still in it: ${number(Math.max(0, counts.entered - [...counts.exited.values()].reduce((sum, count) => sum + count, 0)))}`);
    lines.push(...table([["node", "runs", "of entered"], ...[...counts.reached].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([node, runs]) => [node, number(runs), percent(runs, counts.entered)])]));
  }
  return lines;
}

/**
 * The replay summary as text: reach, variant split, global holdout, channel mix, suppressions,
 * deferrals, and the lines skipped (counted by reason, the first few of each shown).
 */
export function formatSummary(summary: ReplaySummary, reports: LineReports, context: SummaryContext): string {
  const json = summary.toJSON() as { from: string | null; to: string | null };
  const lines: string[] = [];
  if (summary.events === 0) {
    const file = basename(context.eventsFile);
    lines.push(context.eventLines === 0 ? `Nothing to replay: ${file} is empty.` : `Nothing to replay: ${file} has no valid event (${number(reports.skippedLines)} line(s) skipped).`);
  } else {
    lines.push(`Replayed ${number(summary.events)} events of ${number(summary.users)} users (${json.from ?? "-"} → ${json.to ?? "-"}) in ${context.seconds.toFixed(2)} s: ${number(Math.round(summary.events / Math.max(context.seconds, 1e-9)))} events/s`);
    lines.push(`${number(summary.decideCalls)} decide and ${number(summary.dueCalls)} due calls; ${number(summary.decisions)} messages decided, ${number(summary.deferred)} deferred; ${number(summary.pendingCreated)} delayed triggers`);
  }
  if (summary.duplicates > 0) lines.push(`${number(summary.duplicates)} duplicate event(s) skipped: the same user and event id again (a redelivery), not decided twice`);
  if (summary.engineErrors > 0) lines.push(`${number(summary.engineErrors)} engine call(s) threw and were skipped (reported above): please report them as a bug`);
  if (summary.events > 0) {
    lines.push("", "Reach per campaign");
    lines.push(...table([["campaign", "users", "messages"], ...[...summary.reach].sort((a, b) => b[1].users - a[1].users || (a[0] < b[0] ? -1 : 1)).map(([id, reach]) => [id, number(reach.users), number(reach.messages)])]));
    // Campaigns without an experiment record exposures only for users in the global holdout.
    const experiments = [...summary.variants].filter(([, variants]) => [...variants.keys()].some((variant) => variant !== "holdout")).sort(byName);
    const holdoutOnly = [...summary.variants].filter(([, variants]) => [...variants.keys()].every((variant) => variant === "holdout")).sort(byName);
    if (experiments.length > 0) {
      lines.push("", "Experiment exposures (users per variant; the control and the global holdout receive nothing)");
      for (const [campaign, variants] of experiments) {
        const total = [...variants.values()].reduce((sum, users) => sum + users, 0);
        lines.push(`  ${campaign}: ${[...variants].sort(byName).map(([variant, users]) => `${variant} ${number(users)} (${percent(users, total)})`).join(", ")}`);
      }
    }
    if (holdoutOnly.length > 0) {
      lines.push("", "Global holdout (campaigns without an experiment: users who qualified but are held out of all campaigns, and received nothing)");
      lines.push(...table([["campaign", "held-out users"], ...holdoutOnly.map(([campaign, variants]) => [campaign, number(variants.get("holdout") ?? 0)])]));
    }
    lines.push("", "Channel mix");
    lines.push(...table([["channel", "messages", "share"], ...[...summary.channels].sort((a, b) => b[1] - a[1]).map(([channel, count]) => [channel, number(count), percent(count, summary.decisions)])]));
    lines.push("", "Suppressions by step and reason");
    lines.push(...table([["step/reason", "count"], ...[...summary.suppressions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, count]) => [key, number(count)])]));
    lines.push(...journeyLines(summary));
  }
  if (reports.skippedLines > 0) {
    lines.push("", `Skipped ${number(reports.skippedLines)} malformed line(s), by reason:`);
    for (const [reason, group] of [...reports.skipped].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))) {
      lines.push(`  ${reason}: ${number(group.count)}`, ...examples(group));
    }
  }
  if (reports.warnings.count > 0) {
    lines.push("", `${number(reports.warnings.count)} warning(s) (the lines were used):`, ...examples(reports.warnings));
  }
  return lines.join("\n");
}
