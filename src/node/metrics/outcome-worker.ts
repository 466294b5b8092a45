/// <reference types="node" />
/**
 * The script each worker thread of `foldOutcomeFileInWorkers` runs: fold and settle its parts of
 * the file one after the other, and answer with their closed counts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileMetricsConfig } from "../../metrics/config/compile-metrics-config.js";
import type { AttributionModel } from "../../metrics/events/outcome-vocabulary.js";
import { settleOutcomes } from "../../metrics/state/settle-outcomes.js";
import { foldOutcomeFile } from "./fold-outcome-file.js";
import { MAX_REPORTED_SKIPS, type ClosedCounts, type OutcomeWorkerReply, type OutcomeWorkerSetup } from "./outcome-worker-messages.js";

async function run(setup: OutcomeWorkerSetup): Promise<OutcomeWorkerReply> {
  const config = compileMetricsConfig(setup.config as Record<string, unknown>, setup.model === undefined ? {} : { model: setup.model as AttributionModel });
  const counts: ClosedCounts[] = [];
  const skipped: [number, string][] = [];
  let lines = 0;
  let notJson = 0;
  for (const index of setup.partitions) {
    let reported = 0;
    const folded = await foldOutcomeFile(setup.path, {
      config,
      latenessMs: setup.latenessMs,
      maxLineBytes: setup.maxLineBytes,
      ...(setup.settleEvery === undefined ? {} : { settleEvery: setup.settleEvery }),
      partition: { index, of: setup.of },
      onSkipped: (line, message) => {
        if (reported++ < MAX_REPORTED_SKIPS) skipped.push([line, message]);
      },
    });
    // Settled to the end: nothing open is left to send, only counts (the users go with the state).
    const { users: _users, config: _config, ...closed } = settleOutcomes(folded.state, config, Number.POSITIVE_INFINITY);
    counts.push(closed);
    lines = Math.max(lines, folded.lines);
    notJson += folded.notJson;
  }
  return { ok: true, counts, lines, notJson, skipped };
}

const port = parentPort;
if (port !== null) {
  run(workerData as OutcomeWorkerSetup).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies OutcomeWorkerReply),
  );
}
