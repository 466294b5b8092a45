import { basename } from "node:path";
import type { SkipReason } from "../../replay/replay-input.js";
import { table } from "../replay/format-summary.js";
import type { AudienceReport } from "./compute-audience.js";

/** The files of a run, as given on the command line. */
export interface AudienceFiles {
  readonly events: string;
  readonly profiles?: string;
  /** The members file, when one was written. */
  readonly out?: string;
}

const number = (value: number): string => value.toLocaleString("en-US");
const share = (part: number, whole: number): string => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`);
const reasons = (skipped: ReadonlyMap<SkipReason, number>): string => [...skipped].map(([reason, count]) => `${reason} ${number(count)}`).join(", ");
const skippedText = (skipped: ReadonlyMap<SkipReason, number>): string => {
  const lines = [...skipped.values()].reduce((sum, count) => sum + count, 0);
  return lines === 0 ? "" : `, ${number(lines)} line${lines === 1 ? "" : "s"} skipped (${reasons(skipped)})`;
};

/**
 * The report of `nudgekit audience` as text: the instant, the profiles and events read, and the
 * members of each segment with their share of the profiles.
 *
 * @example
 * formatAudience(report, { events: "events.jsonl", profiles: "users.jsonl", out: "members.csv" });
 * // Segments at 2026-11-24T12:00:00.000Z of 2 profiles (users.jsonl)
 * // events.jsonl: 6 events, 1 line skipped (invalid-time 1); 5 folded
 * //
 * //   segment  members  share
 * //   buyers         1  50.0%
 * //
 * // 1 row written to members.csv
 */
export function formatAudience(report: AudienceReport, files: AudienceFiles): string {
  const { events } = report;
  const profiles = files.profiles === undefined ? `users (the users of ${basename(files.events)}: no --profiles)` : `profiles (${basename(files.profiles)})`;
  const folded = `${number(events.folded)} folded${events.duplicates > 0 ? `, ${number(events.duplicates)} duplicate${events.duplicates === 1 ? "" : "s"} (a user's event id again) not counted again` : ""}`;
  const lines = [
    `Segments at ${new Date(report.now).toISOString()} of ${number(report.profiles)} ${profiles}${skippedText(report.profilesSkipped)}`,
    `${basename(files.events)}: ${number(events.events)} events${skippedText(events.skipped)}; ${folded}`,
    "",
    ...table([["segment", "members", "share"], ...report.segments.map((segment) => [segment.id, number(segment.members), share(segment.members, report.profiles)])]),
  ];
  if (files.out !== undefined) {
    const rows = report.segments.reduce((sum, segment) => sum + segment.members, 0);
    lines.push("", `${number(rows)} row${rows === 1 ? "" : "s"} written to ${files.out}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON (`--json`): counts as numbers, segments in the order computed. */
export function audienceJson(report: AudienceReport, files: AudienceFiles): unknown {
  return {
    now: new Date(report.now).toISOString(),
    profiles: { file: files.profiles ?? null, profiles: report.profiles, skipped: Object.fromEntries(report.profilesSkipped) },
    events: { file: files.events, events: report.events.events, skipped: Object.fromEntries(report.events.skipped), folded: report.events.folded, duplicates: report.events.duplicates },
    segments: report.segments.map((segment) => ({ id: segment.id, members: segment.members })),
    out: files.out ?? null,
  };
}
