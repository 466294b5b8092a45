import type { LineWarning, SkippedLine } from "../../replay/replay-input.js";

/** A skipped line or a warning, with the file it is in. */
export interface FileReport {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What was said about one kind of problem: how often, and the first few times in full. */
export interface ReportGroup {
  count: number;
  readonly examples: FileReport[];
}

/**
 * The lines a replay skipped (by reason) and the warnings it gave, counted, with the first
 * `examplesPerGroup` of each kind kept for the summary: a log with a million bad lines gives a
 * summary of a few lines, not a million.
 */
export class LineReports {
  readonly skipped = new Map<string, ReportGroup>();
  readonly warnings: ReportGroup = { count: 0, examples: [] };
  skippedLines = 0;

  constructor(readonly examplesPerGroup = 3) {}

  /** Counts a skipped line; returns how many of its reason came before it. */
  skip(file: string, skipped: SkippedLine): number {
    this.skippedLines++;
    let group = this.skipped.get(skipped.reason);
    if (group === undefined) this.skipped.set(skipped.reason, (group = { count: 0, examples: [] }));
    return this.#count(group, { file, line: skipped.line, message: skipped.message });
  }

  /** Counts a warning; returns how many warnings came before it. */
  warn(file: string, warning: LineWarning): number {
    return this.#count(this.warnings, { file, line: warning.line, message: warning.message });
  }

  #count(group: ReportGroup, report: FileReport): number {
    const before = group.count++;
    if (group.examples.length < this.examplesPerGroup) group.examples.push(report);
    return before;
  }
}
