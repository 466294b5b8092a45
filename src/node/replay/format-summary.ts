import type { ReplaySummary } from "./replay-summary.js";
import type { SkippedLine } from "./replay-input.js";

const number = (value: number): string => value.toLocaleString("en-US");
const percent = (part: number, whole: number): string => (whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`);

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) => "  " + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  "));
}

/** The replay summary as text: reach, variant split, channel mix, suppressions, deferrals, skipped lines. */
export function formatSummary(summary: ReplaySummary, skipped: readonly SkippedLine[], seconds: number): string {
  const json = summary.toJSON() as { from: string | null; to: string | null };
  const lines: string[] = [];
  lines.push(`Replayed ${number(summary.events)} events of ${number(summary.users)} users (${json.from ?? "-"} → ${json.to ?? "-"}) in ${seconds.toFixed(2)} s: ${number(Math.round(summary.events / Math.max(seconds, 1e-9)))} events/s`);
  lines.push(`${number(summary.decideCalls)} decide and ${number(summary.dueCalls)} due calls; ${number(summary.decisions)} messages decided, ${number(summary.deferred)} deferred; ${number(summary.pendingCreated)} delayed triggers`);
  lines.push("", "Reach per campaign");
  lines.push(...table([["campaign", "users", "messages"], ...[...summary.reach].sort((a, b) => b[1].users.size - a[1].users.size || (a[0] < b[0] ? -1 : 1)).map(([id, reach]) => [id, number(reach.users.size), number(reach.messages)])]));
  if (summary.variants.size > 0) {
    lines.push("", "Experiment exposures (users per variant; the holdout and the control receive nothing)");
    for (const [campaign, variants] of [...summary.variants].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const total = [...variants.values()].reduce((sum, users) => sum + users.size, 0);
      lines.push(`  ${campaign}: ${[...variants].sort(([a], [b]) => (a < b ? -1 : 1)).map(([variant, users]) => `${variant} ${number(users.size)} (${percent(users.size, total)})`).join(", ")}`);
    }
  }
  lines.push("", "Channel mix");
  lines.push(...table([["channel", "messages", "share"], ...[...summary.channels].sort((a, b) => b[1] - a[1]).map(([channel, count]) => [channel, number(count), percent(count, summary.decisions)])]));
  lines.push("", "Suppressions by step and reason");
  lines.push(...table([["step/reason", "count"], ...[...summary.suppressions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key, count]) => [key, number(count)])]));
  if (skipped.length > 0) {
    lines.push("", `Skipped ${number(skipped.length)} malformed line(s):`);
    for (const line of skipped.slice(0, 10)) lines.push(`  line ${line.line}: ${line.message}`);
    if (skipped.length > 10) lines.push(`  … and ${number(skipped.length - 10)} more`);
  }
  return lines.join("\n");
}
