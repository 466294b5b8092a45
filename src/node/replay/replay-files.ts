/// <reference types="node" />
import { once } from "node:events";
import { setImmediate as nextTurn } from "node:timers/promises";
import { finished, type Writable } from "node:stream";
import type { Engine } from "../../engine/engine.js";
import type { DecideResult, Decision } from "../../engine/engine-types.js";
import type { DecisionPosition } from "../../replay/decision-order.js";
import type { LineWarning, ReplayEvent, SkippedLine } from "../../replay/replay-input.js";
import { ReplayByUser } from "../../replay/replay-by-user.js";
import { ReplayRun, type ReplayEngineError, type ReplayRunOptions } from "../../replay/replay-run.js";
import type { ReplaySummary } from "../../replay/replay-summary.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { DEFAULT_EVENT_ORDER_LIMITS, openEventLog, type EventOrder, type EventOrderLimits, type ReadPhase } from "./event-log.js";
import { OrderedDecisions } from "./ordered-decisions.js";
import type { ProgressUnit } from "./replay-progress.js";
import { TemporaryFolder } from "./temporary-folder.js";
import { openUsersFile } from "./users-file.js";

export interface ReplayFilesInput {
  readonly engine: Engine;
  /** The event log: JSON lines `{ userId, name, time, id?, properties? }`, in any order, of any size. */
  readonly events: string;
  /** User profiles: JSON lines with an `id`, in any order, any number of them. */
  readonly users?: string;
  /** Where each decision goes, one JSON line each, in the replay's order (written with backpressure; ended when the replay is done). */
  readonly decisions?: Writable;
  readonly limits?: Partial<EventOrderLimits>;
  /** The provider the engine runs with, to check the users' time zones (default: the runtime's Intl). */
  readonly timeZones?: TimeZoneProvider;
  readonly onSkipped?: (file: string, skipped: SkippedLine) => void;
  readonly onWarning?: (file: string, warning: LineWarning) => void;
  /** Every result of `decide` and `due` (see `ReplayRunOptions.onResult`): e.g. to fold the sends and exposures into nudgekit/metrics. */
  readonly onResult?: (userId: string, at: number, result: DecideResult, entry: ReplayEvent | null) => void;
  /** A due check the engine threw on (a `decide` that threw is reported as a skipped line). */
  readonly onDueError?: (error: ReplayEngineError) => void;
  readonly onProgress?: (phase: ReadPhase | "replaying" | "writing decisions", done: number, total: number, unit: ProgressUnit) => void;
}

export interface ReplayFilesResult {
  readonly summary: ReplaySummary;
  /** How the log was replayed. */
  readonly order: EventOrder;
  /** Sorted runs of events written to disk (by user only). */
  readonly runs: number;
  /** Lines in the events file up to its last non-blank one (blank ones between included): 0 for an empty file. */
  readonly eventLines: number;
}

/** Events replayed between two writes of decisions (and two progress reports). */
const SLICE = 1_000;

/** One line of decisions.jsonl, without its line break: the user, when it was decided, and the decision. */
function decisionText(userId: string, at: number, decision: Decision): string {
  return JSON.stringify({ userId, at: new Date(at).toISOString(), ...decision, sendAt: new Date(decision.sendAt).toISOString() });
}

/** One line of decisions.jsonl: the user, when it was decided, and the decision. */
export function decisionLine(userId: string, at: number, decision: Decision): string {
  return `${decisionText(userId, at, decision)}\n`;
}

/**
 * `nudgekit replay` without the command line. Reads the users file and the event log once each,
 * checking every line. A log that fits in the sort buffer is replayed in memory, in time order. A
 * longer one is sorted by user on disk as it is read, and replayed one user at a time: only that
 * user's state is in memory, with the profile found by a merge join along the users file (sorted by
 * id on disk when it does not fit in the buffer either); the decisions go to sorted runs and are
 * merged back into the replay's order (`DecisionPosition`) at the end. Memory is bounded by the sort
 * buffer and the largest user's state, whatever the size of the files and the number of users.
 * Temporary files go to a folder of their own, removed at the end, on an error and on exit.
 */
export async function replayFiles(input: ReplayFilesInput): Promise<ReplayFilesResult> {
  const limits = { ...DEFAULT_EVENT_ORDER_LIMITS, ...input.limits };
  const buffer = { records: limits.sortBufferEvents, bytes: limits.sortBufferBytes };
  const folder = new TemporaryFolder(limits.temporaryDirectory);
  const output = input.decisions;
  let pending = "";
  let outputError: Error | null = null;
  const onOutputError = (error: Error): void => {
    outputError ??= error; // the first error says why; later ones are about the stream being destroyed
  };
  output?.on("error", onOutputError);
  const flush = async (): Promise<void> => {
    if (output === undefined || pending === "") return;
    const text = pending;
    pending = "";
    // once() rejects when the stream errors while waiting: the error is then outputError.
    if (!output.write(text)) await once(output, "drain").catch(() => undefined);
    throwIfOutputFailed();
  };
  const throwIfOutputFailed = (): void => {
    if (outputError !== null) throw new Error(`cannot write the decisions: ${(outputError as Error).message}`);
  };
  /** Ends the output and waits until it is written: a write's error comes only then when the output is small. */
  const endOutput = async (): Promise<void> => {
    if (output === undefined) return;
    await flush();
    if (!output.destroyed) {
      await new Promise<void>((resolve) => {
        output.end();
        finished(output, () => resolve());
      });
    }
    throwIfOutputFailed();
  };
  const onEngineError = (error: ReplayEngineError): void => {
    if (error.call === "due" || error.line === undefined) input.onDueError?.(error);
    else input.onSkipped?.(input.events, { line: error.line, reason: "engine-error", message: `the engine threw on this event (${error.message})` });
  };
  const readProgress = input.onProgress === undefined ? undefined : (phase: ReadPhase, bytes: number, total: number) => input.onProgress?.(phase, bytes, total, "bytes");

  try {
    const usersFile = input.users;
    const users = await openUsersFile(
      usersFile,
      limits.maxLineBytes,
      buffer,
      folder,
      input.timeZones,
      (skipped) => usersFile !== undefined && input.onSkipped?.(usersFile, skipped),
      (warning) => usersFile !== undefined && input.onWarning?.(usersFile, warning),
    );
    const log = await openEventLog(input.events, limits, folder, (skipped) => input.onSkipped?.(input.events, skipped), readProgress);

    /** Replays the events in slices: a turn of the event loop between them, so that Ctrl-C (which removes temporary files) is handled at once. */
    const replayAll = async (add: (event: ReplayEvent) => void | Promise<void>, afterSlice: () => Promise<void>): Promise<void> => {
      let done = 0;
      for await (const batch of log.batches()) {
        for (let start = 0; start < batch.length; start += SLICE) {
          const end = Math.min(start + SLICE, batch.length);
          for (let index = start; index < end; index++) {
            const added = add(batch[index] as ReplayEvent);
            if (added !== undefined) await added;
          }
          done += end - start;
          await afterSlice();
          await nextTurn();
          input.onProgress?.("replaying", done, log.events, "events");
        }
      }
    };

    if (log.order === "in-memory") {
      const ids = new Set<string>();
      for await (const batch of log.batches()) for (const event of batch) ids.add(event.userId);
      const profiles = await users.profilesOf(ids);
      const run = new ReplayRun(input.engine, (id) => profiles.get(id), {
        ...(output === undefined ? {} : { onDecision: (userId: string, at: number, decision: Decision) => void (pending += decisionLine(userId, at, decision)) }),
        ...(input.onResult === undefined ? {} : { onResult: input.onResult }),
        onEngineError,
      });
      await replayAll((event) => void run.add(event), flush);
      run.finish();
      await endOutput();
      return { summary: run.summary, order: log.order, runs: log.runs, eventLines: log.lines };
    }

    const ordered = output === undefined ? null : new OrderedDecisions(folder, buffer);
    const join = users.join();
    const options: ReplayRunOptions = {
      ...(ordered === null ? {} : { onDecision: (userId: string, at: number, decision: Decision, position: DecisionPosition) => ordered.add(position, decisionText(userId, at, decision)) }),
      ...(input.onResult === undefined ? {} : { onResult: input.onResult }),
      onEngineError,
    };
    const run = new ReplayByUser(input.engine, log.lastTime as number, (id) => join.profile(id), options);
    let user: string | null = null;
    try {
      const add = (event: ReplayEvent): void | Promise<void> => {
        run.add(event);
        if (ordered?.full === true) return ordered.spill();
      };
      // Awaits only for a new user's profile or a full buffer of decisions.
      await replayAll(
        (event) => {
          if (event.userId === user) return add(event);
          user = event.userId;
          return join.seek(user).then(() => add(event));
        },
        async () => undefined,
      );
      run.finish();
    } finally {
      await join.close();
    }
    if (ordered !== null) {
      let written = 0;
      for await (const lines of ordered.lines()) {
        pending += `${lines.join("\n")}\n`;
        written += lines.length;
        await flush();
        input.onProgress?.("writing decisions", written, ordered.count, "decisions");
      }
    }
    await endOutput();
    return { summary: run.summary, order: log.order, runs: log.runs, eventLines: log.lines };
  } finally {
    output?.off("error", onOutputError);
    await folder.remove();
  }
}
