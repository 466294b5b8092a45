/// <reference types="node" />
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Writable } from "node:stream";
import type { Engine } from "../../engine/engine.js";
import type { Decision } from "../../engine/engine-types.js";
import { parseUserLine, type LineWarning, type SkippedLine } from "../../replay/replay-input.js";
import { ReplayRun, type ReplayEngineError } from "../../replay/replay-run.js";
import type { ReplaySummary } from "../../replay/replay-summary.js";
import { DEFAULT_EVENT_ORDER_LIMITS, openEventLog, type EventOrder, type EventOrderLimits, type ReadPhase } from "./event-log.js";
import { readLines } from "./read-lines.js";
import type { ProgressUnit } from "./replay-progress.js";

export interface ReplayFilesInput {
  readonly engine: Engine;
  /** The event log: JSON lines `{ userId, name, time, id?, properties? }`, in any order, of any size. */
  readonly events: string;
  /** User profiles: JSON lines with an `id`. Held in memory (one entry per user). */
  readonly users?: string;
  /** Where each decision goes, one JSON line each (written with backpressure). */
  readonly decisions?: Writable;
  readonly limits?: Partial<EventOrderLimits>;
  readonly onSkipped?: (file: string, skipped: SkippedLine) => void;
  readonly onWarning?: (file: string, warning: LineWarning) => void;
  /** A due check the engine threw on (a `decide` that threw is reported as a skipped line). */
  readonly onDueError?: (error: ReplayEngineError) => void;
  readonly onProgress?: (phase: ReadPhase | "replaying", done: number, total: number, unit: ProgressUnit) => void;
}

export interface ReplayFilesResult {
  readonly summary: ReplaySummary;
  /** How the log was put in time order. */
  readonly order: EventOrder;
  /** Sorted runs written to disk (external sort only). */
  readonly runs: number;
  /** Lines in the events file (blank ones included): 0 for an empty file. */
  readonly eventLines: number;
}

/** Events replayed between two writes of decisions (and two progress reports). */
const SLICE = 1_000;

/** One line of decisions.jsonl: the user, when it was decided, and the decision. */
export function decisionLine(userId: string, at: number, decision: Decision): string {
  return `${JSON.stringify({ userId, at: new Date(at).toISOString(), ...decision, sendAt: new Date(decision.sendAt).toISOString() })}\n`;
}

/**
 * `nudgekit replay` without the command line: reads the users file into memory, checks the event
 * log in one streamed read, puts its events in time order with bounded memory (see `openEventLog`)
 * and replays them. Memory holds the per-user state (profiles, aggregates, histories, recent event
 * ids) and a bounded share of the log, whatever its size.
 */
export async function replayFiles(input: ReplayFilesInput): Promise<ReplayFilesResult> {
  const limits = { ...DEFAULT_EVENT_ORDER_LIMITS, ...input.limits };
  const profiles = new Map<string, Readonly<Record<string, unknown>>>();
  if (input.users !== undefined) {
    const file = input.users;
    for await (const batch of readLines(file, { maxLineBytes: limits.maxLineBytes })) {
      for (const line of batch.lines) {
        const parsed =
          line.text === null
            ? ({ line: line.line, reason: "line-too-long", message: `line of ${line.bytes.toLocaleString("en-US")} bytes is longer than the limit of ${limits.maxLineBytes.toLocaleString("en-US")} bytes` } as const)
            : parseUserLine(line.text, line.line);
        if (!("profile" in parsed)) {
          input.onSkipped?.(file, parsed);
          continue;
        }
        for (const warning of parsed.warnings) input.onWarning?.(file, warning);
        profiles.set(parsed.id, parsed.profile);
      }
    }
  }

  const readProgress = input.onProgress === undefined ? undefined : (phase: ReadPhase, bytes: number, total: number) => input.onProgress?.(phase, bytes, total, "bytes");
  const log = await openEventLog(input.events, limits, (skipped) => input.onSkipped?.(input.events, skipped), readProgress);
  const output = input.decisions;
  let pending = "";
  let outputError: Error | null = null;
  const onOutputError = (error: Error): void => {
    outputError = error;
  };
  output?.on("error", onOutputError);
  const run = new ReplayRun(input.engine, (id) => profiles.get(id), {
    ...(output === undefined ? {} : { onDecision: (userId: string, at: number, decision: Decision) => void (pending += decisionLine(userId, at, decision)) }),
    onEngineError: (error) => {
      if (error.call === "due" || error.line === undefined) input.onDueError?.(error);
      else input.onSkipped?.(input.events, { line: error.line, reason: "engine-error", message: `the engine threw on this event (${error.message})` });
    },
  });
  const flush = async (): Promise<void> => {
    if (output === undefined || pending === "") return;
    const text = pending;
    pending = "";
    // once() rejects when the stream errors while waiting: the error is then outputError.
    if (!output.write(text)) await once(output, "drain").catch(() => undefined);
    if (outputError !== null) throw new Error(`cannot write the decisions: ${(outputError as Error).message}`);
  };

  let done = 0;
  try {
    for await (const batch of log.batches(readProgress)) {
      for (let start = 0; start < batch.length; start += SLICE) {
        const end = Math.min(start + SLICE, batch.length);
        for (let index = start; index < end; index++) run.add(batch[index] as (typeof batch)[number]);
        done += end - start;
        await flush();
        // A turn of the event loop between slices: Ctrl-C (which removes temporary files) is handled at once.
        await nextTurn();
        input.onProgress?.("replaying", done, log.events, "events");
      }
    }
    run.finish();
    await flush();
  } finally {
    output?.off("error", onOutputError);
    await log.close();
  }
  return { summary: run.summary, order: log.order, runs: log.runs, eventLines: log.lines };
}
