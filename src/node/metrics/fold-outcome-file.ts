/// <reference types="node" />
import type { MetricsConfig } from "../../metrics/config/outcome-config-model.js";
import { foldOutcomes } from "../../metrics/state/fold-outcomes.js";
import { createOutcomeState, type OutcomeState } from "../../metrics/state/outcome-state.js";
import { settleOutcomes } from "../../metrics/state/settle-outcomes.js";
import { lineTooLong, readLines } from "../replay/read-lines.js";
import { partitionOfLineBytes, partitionOfParsed } from "./user-partition.js";

export interface FoldOutcomeFileOptions {
  readonly config: MetricsConfig;
  /** How late an event may come after a later one (ms): the state is settled up to the latest time seen minus this. */
  readonly latenessMs: number;
  /**
   * Events folded between two settlements. Default 200,000 in all: a part's share of it (at least
   * 25,000), so that a part holds the same stretch of time pending as one pass would.
   */
  readonly settleEvery?: number;
  readonly maxLineBytes: number;
  /** A line that is not JSON, or not a valid metrics event (1-based line number). */
  readonly onSkipped?: (line: number, message: string) => void;
  /**
   * Fold only the lines of one part of the users (see partitionOfUser): `index` of `of`. Each line
   * belongs to exactly one part, so the parts' settled states add up to the whole file's figures
   * (as long as no event comes later than `latenessMs`: lateness is judged within a part).
   */
  readonly partition?: { readonly index: number; readonly of: number };
}

export interface FoldOutcomeFileResult {
  readonly state: OutcomeState;
  readonly lines: number;
  readonly notJson: number;
}

/**
 * Folds a JSON-lines file of metrics events (message outcomes, exposures, the users' events) in one
 * pass, settling as it goes: memory holds the open attribution windows, not the file. An event more
 * than `latenessMs` older than one before it in the file may be late (counted, not folded).
 */
export async function foldOutcomeFile(path: string, options: FoldOutcomeFileOptions): Promise<FoldOutcomeFileResult> {
  const { config } = options;
  const state = foldOutcomes(createOutcomeState(), [], config);
  const settleEvery = options.settleEvery ?? Math.max(25_000, Math.round(200_000 / (options.partition?.of ?? 1)));
  let batch: unknown[] = [];
  let batchLines: number[] = [];
  let sinceSettle = 0;
  let lines = 0;
  let notJson = 0;
  const flush = (): void => {
    const invalidBefore = state.counts.invalid;
    const problemsBefore = state.problems.length;
    foldOutcomes(state, batch, config);
    if (options.onSkipped !== undefined && state.counts.invalid > invalidBefore) {
      for (const problem of state.problems.slice(problemsBefore)) options.onSkipped(batchLines[problem.index] as number, problem.message);
    }
    sinceSettle += batch.length;
    batch = [];
    batchLines = [];
    if (sinceSettle >= settleEvery && state.latestTime !== Number.NEGATIVE_INFINITY) {
      settleOutcomes(state, config, state.latestTime - options.latenessMs);
      sinceSettle = 0;
    }
  };
  const part = options.partition;
  // Another part's line, when its bytes say so (most lines): never decoded nor parsed.
  const route = part === undefined ? undefined : { of: (bytes: Buffer) => partitionOfLineBytes(bytes, part.of), keep: part.index };
  for await (const read of readLines(path, { maxLineBytes: options.maxLineBytes, ...(route === undefined ? {} : { route }) })) {
    for (const line of read.lines) {
      lines = line.line;
      if (line.text === null) {
        if (part !== undefined && part.index !== 0) continue;
        notJson++;
        options.onSkipped?.(line.line, lineTooLong(line, options.maxLineBytes).message);
        continue;
      }
      let value: unknown;
      let parsed = true;
      let error: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (caught) {
        parsed = false;
        error = caught;
      }
      // Bytes that did not say: the parsed line's user says (each line is one part's, whatever the worker).
      if (part !== undefined && line.part === null && partitionOfParsed(value, parsed, part.of) !== part.index) continue;
      if (!parsed) {
        notJson++;
        options.onSkipped?.(line.line, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      batch.push(value);
      batchLines.push(line.line);
    }
    if (batch.length >= 10_000) flush();
  }
  flush();
  return { state, lines, notJson };
}
