/// <reference types="node" />
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MetricsConfig } from "../../metrics/config/outcome-config-model.js";
import { foldOutcomes } from "../../metrics/state/fold-outcomes.js";
import { addCounts } from "../../metrics/state/merge-outcomes.js";
import { createOutcomeState, type OutcomeState } from "../../metrics/state/outcome-state.js";
import { workerScriptNextTo } from "../worker-threads/worker-script.js";
import type { FoldOutcomeFileResult } from "./fold-outcome-file.js";
import type { OutcomeWorkerReply, OutcomeWorkerSetup } from "./outcome-worker-messages.js";

export interface FoldOutcomeFileInWorkersOptions {
  /** The config as read from its file (each worker compiles it), and the same compiled here. */
  readonly rawConfig: unknown;
  readonly config: MetricsConfig;
  /** The attribution model that overrides the config's, if any. */
  readonly model?: string;
  readonly latenessMs: number;
  readonly maxLineBytes: number;
  readonly settleEvery?: number;
  /** Parts of the users (≥ 1): memory holds one part per worker at a time. */
  readonly partitions: number;
  /** Worker threads (≥ 1, at most `partitions`). */
  readonly workers: number;
  readonly onSkipped?: (line: number, message: string) => void;
}

/**
 * `foldOutcomeFile` split by user (see partitionOfUser) into `partitions` parts, folded and settled
 * by `workers` threads, each part alone in memory; the parts' counts are added up. Every worker
 * reads the whole file but parses only its parts' lines. The figures are the file's (as long as no
 * event comes later than `latenessMs`: lateness is judged within a part); the state returned is
 * settled to the end, with no users (reports read it; nothing more can be folded into it).
 *
 * @example
 * const { state } = await foldOutcomeFileInWorkers("outcomes.jsonl", { rawConfig, config, latenessMs: 86_400_000, maxLineBytes: 1 << 20, partitions: 4, workers: 2 });
 * kpis(state);
 */
export async function foldOutcomeFileInWorkers(path: string, options: FoldOutcomeFileInWorkersOptions): Promise<FoldOutcomeFileResult> {
  const partitions = options.partitions;
  const workers = Math.min(options.workers, partitions);
  if (!(Number.isSafeInteger(partitions) && partitions >= 1 && Number.isSafeInteger(workers) && workers >= 1)) throw new RangeError("partitions and workers must be integers ≥ 1");
  const { script, eval: isCode } = workerScriptNextTo(moduleUrl(), "outcome-worker");
  const threads: Worker[] = [];
  const answers = Promise.all(
    Array.from({ length: workers }, (_, worker) => {
      const setup: OutcomeWorkerSetup = {
        config: options.rawConfig,
        model: options.model,
        path,
        latenessMs: options.latenessMs,
        maxLineBytes: options.maxLineBytes,
        settleEvery: options.settleEvery,
        partitions: Array.from({ length: partitions }, (_, index) => index).filter((index) => index % workers === worker),
        of: partitions,
      };
      return new Promise<Extract<OutcomeWorkerReply, { ok: true }>>((resolve, reject) => {
        const thread = new Worker(script, { eval: isCode, workerData: setup });
        threads.push(thread);
        thread.once("message", (reply: OutcomeWorkerReply) => {
          if (reply.ok) resolve(reply);
          else reject(new Error(`a metrics worker failed: ${reply.error}`));
          void thread.terminate();
        });
        thread.once("error", reject);
        thread.once("exit", (code) => reject(new Error(`a metrics worker stopped (exit code ${code}) before answering`)));
      });
    }),
  );
  let replies: Extract<OutcomeWorkerReply, { ok: true }>[];
  try {
    replies = await answers;
  } finally {
    // When one fails, the others' work is wasted, and would keep the process alive until it ends.
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  const state = foldOutcomes(createOutcomeState(), [], options.config);
  let lines = 0;
  let notJson = 0;
  const skipped: (readonly [number, string])[] = [];
  for (const reply of replies) {
    for (const counts of reply.counts) addCounts(state, { ...counts, users: new Map(), config: null } as OutcomeState);
    lines = Math.max(lines, reply.lines);
    notJson += reply.notJson;
    skipped.push(...reply.skipped);
  }
  if (options.onSkipped !== undefined) for (const [line, message] of skipped.sort((a, b) => a[0] - b[0])) options.onSkipped(line, message);
  return { state, lines, notJson };
}

/**
 * This module's own URL (see segment-workers/worker-script.ts for the `__filename` fallback). Keep
 * this module imported by the CLI entry only: the worker script sits next to it in dist/node/cli/.
 */
function moduleUrl(): URL {
  return typeof import.meta.url === "string" ? new URL(import.meta.url) : pathToFileURL(__filename);
}
