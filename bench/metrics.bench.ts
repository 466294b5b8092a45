/**
 * `npm run bench:metrics` — nudgekit/metrics:
 *
 * 1. `foldOutcomes` throughput on one core: a seeded synthetic log (bench/metrics/outcome-log.ts) of
 *    BENCH_METRICS_EVENTS events (default 2,000,000, 20,000 users), folded in batches of 10,000 —
 *    alone, and with `settleOutcomes` every 200,000 events (attribution and counting: the whole work) —
 *    then `kpis`. Against the issue's target of 2,000,000 events/s, and against a do-it-yourself
 *    baseline that only counts sends and clicks per campaign in a Map (the floor of any fold).
 * 2. `nudgekit kpis` (the built CLI, `npm run build` first) over 10,000,000 events of 100,000 users
 *    written to a temporary JSON-lines file: wall time and the child's peak RSS (process.resourceUsage),
 *    in one pass on one thread, and split by user on 2 worker threads (--workers 2, --partitions 2,
 *    4 and 8: more parts hold less in memory and read the file more often; and 4 parts with each
 *    thread's heap capped at 400 MB). Every run must print the same figures. BENCH_METRICS_CLI_EVENTS changes the size (0 skips it).
 *
 * `--write-docs` rewrites the metrics section of docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileMetricsConfig, createOutcomeState, foldOutcomes, kpis, settleOutcomes, type MetricsEvent } from "../src/metrics/index.js";
import { BENCH_METRICS_CONFIG, generateOutcomeLog } from "./metrics/outcome-log.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription } from "./support/run-facts.js";

const EVENTS = Number(process.env.BENCH_METRICS_EVENTS ?? 2_000_000);
const CLI_EVENTS = Number(process.env.BENCH_METRICS_CLI_EVENTS ?? 10_000_000);
const TARGET = 2_000_000;
const BATCH = 10_000;
const config = compileMetricsConfig(BENCH_METRICS_CONFIG);

const events: MetricsEvent[] = [];
const USERS = Math.max(1, Math.round(EVENTS / 100));
generateOutcomeLog(USERS, 100, (event) => void events.push(event));
const batches: MetricsEvent[][] = [];
for (let start = 0; start < events.length; start += BATCH) batches.push(events.slice(start, start + BATCH));
const lastTime = (batch: MetricsEvent[]): number => Number((batch[batch.length - 1] as MetricsEvent).time);

function timed<T>(run: () => T): { seconds: number; result: T } {
  const started = performance.now();
  const result = run();
  return { seconds: (performance.now() - started) / 1000, result };
}

const best = <T>(rounds: number, run: () => T): { seconds: number; result: T } => {
  let fastest: { seconds: number; result: T } | null = null;
  for (let round = 0; round < rounds; round++) {
    const attempt = timed(run);
    if (fastest === null || attempt.seconds < fastest.seconds) fastest = attempt;
  }
  return fastest as { seconds: number; result: T };
};

const foldOnly = best(3, () => {
  const state = createOutcomeState();
  for (const batch of batches) foldOutcomes(state, batch, config);
  return state;
});
const foldAndSettle = best(3, () => {
  const state = createOutcomeState();
  batches.forEach((batch, index) => {
    foldOutcomes(state, batch, config);
    // As `nudgekit kpis` does: every 200,000 events, up to a day before the latest event.
    if (index % 20 === 19) settleOutcomes(state, config, lastTime(batch) - 86_400_000);
  });
  return state;
});
const report = timed(() => kpis(foldAndSettle.result, { by: ["campaign", "variant", "channel", "day"] }));
// The floor: count sends and clicks per campaign, nothing else (no validation, ids, attribution).
const baseline = best(3, () => {
  const counts = new Map<string, number>();
  for (const batch of batches) for (const event of batch) if ("outcome" in event) counts.set(`${event.campaignId}:${event.outcome}`, (counts.get(`${event.campaignId}:${event.outcome}`) ?? 0) + 1);
  return counts;
});
const rate = (seconds: number): number => events.length / seconds;
const format = (value: number): string => Math.round(value).toLocaleString("en-US");
const lines = [
  `foldOutcomes over ${events.length.toLocaleString("en-US")} events of ${USERS.toLocaleString("en-US")} users (batches of ${BATCH.toLocaleString("en-US")}), best of 3:`,
  `| what | events/s | vs target ${format(TARGET)}/s | vs Map-count floor |`,
  "|:--|--:|--:|--:|",
  `| foldOutcomes (check, dedupe, buffer) | ${format(rate(foldOnly.seconds))} | ${(rate(foldOnly.seconds) / TARGET).toFixed(2)}× | ${(baseline.seconds / foldOnly.seconds).toFixed(2)}× |`,
  `| foldOutcomes + settleOutcomes every 200,000 events (attribution, counting: the whole work) | ${format(rate(foldAndSettle.seconds))} | ${(rate(foldAndSettle.seconds) / TARGET).toFixed(2)}× | ${(baseline.seconds / foldAndSettle.seconds).toFixed(2)}× |`,
  `| Map count of sends and clicks per campaign (the floor, no metric) | ${format(rate(baseline.seconds))} | ${(rate(baseline.seconds) / TARGET).toFixed(2)}× | 1.00× |`,
  "",
  `kpis by campaign, variant, channel and day afterwards: ${(report.seconds * 1000).toFixed(0)} ms, ${report.result.length} rows; late events: ${foldAndSettle.result.counts.late}.`,
];
console.log(lines.join("\n"));

const cliLines: string[] = [];
const cli = join(process.cwd(), "dist", "node", "cli", "nudgekit.js");
if (CLI_EVENTS > 0) {
  if (!existsSync(cli)) console.log("\n(no dist/: run `npm run build` for the CLI measurement)");
  else {
    const folder = mkdtempSync(join(tmpdir(), "nudgekit-metrics-bench-"));
    try {
      const configFile = join(folder, "config.json");
      writeFileSync(configFile, JSON.stringify(BENCH_METRICS_CONFIG));
      const logFile = join(folder, "outcomes.jsonl");
      // Written synchronously as it is generated (the generator is synchronous: a stream would buffer the whole file).
      const fd = openSync(logFile, "w");
      let pending: string[] = [];
      const users = Math.round(CLI_EVENTS / 100);
      const written = generateOutcomeLog(users, 100, (event) => {
        pending.push(JSON.stringify(event));
        if (pending.length === 10_000) {
          writeSync(fd, `${pending.join("\n")}\n`);
          pending = [];
        }
      });
      if (pending.length > 0) writeSync(fd, `${pending.join("\n")}\n`);
      closeSync(fd);
      const bytes = statSync(logFile).size;
      // The child prints its own peak RSS after the command (process.resourceUsage().maxRSS, KiB).
      const wrapper = join(folder, "measure.mjs");
      writeFileSync(
        wrapper,
        `const started = performance.now();\nprocess.on("exit", (code) => process.stderr.write("MEASURE " + JSON.stringify({ code, seconds: (performance.now() - started) / 1000, maxRssKiB: process.resourceUsage().maxRSS }) + "\\n"));\nawait import(${JSON.stringify(cli)});\n`,
      );
      cliLines.push(
        `nudgekit kpis over ${written.toLocaleString("en-US")} events of ${users.toLocaleString("en-US")} users (${(bytes / 1e9).toFixed(2)} GB of JSON lines), targets ≤ 60 s and ≤ 1,024 MB peak RSS:`,
        "| how | seconds | events/s | peak RSS (MB) | folded | late |",
        "|:--|--:|--:|--:|--:|--:|",
      );
      let reference: string | null = null;
      // The last: each thread's heap capped (the flag caps worker threads too) to fit the memory target.
      const runs: { node: string[]; split: string[] }[] = [
        { node: [], split: [] },
        { node: [], split: ["--workers", "2", "--partitions", "2"] },
        { node: [], split: ["--workers", "2", "--partitions", "4"] },
        { node: [], split: ["--workers", "2", "--partitions", "8"] },
        { node: ["--max-old-space-size=400"], split: ["--workers", "2", "--partitions", "4"] },
      ];
      for (const { node, split } of runs) {
        const child = spawnSync(process.execPath, [...node, wrapper, "kpis", "--config", configFile, "--events", logFile, "--json", "--quiet", ...split], { encoding: "utf8", maxBuffer: 1 << 30 });
        const measured = /MEASURE (.*)/.exec(child.stderr ?? "");
        if (child.status !== 0 || measured === null) throw new Error(`the CLI failed: ${child.stderr}`);
        const { seconds, maxRssKiB } = JSON.parse(measured[1] as string) as { seconds: number; maxRssKiB: number };
        // The peak RSS of the whole process: its worker threads are in it.
        if (reference !== null && child.stdout !== reference) throw new Error(`nudgekit kpis ${split.join(" ")} printed other figures than one pass`);
        reference ??= child.stdout;
        const counts = (JSON.parse(child.stdout) as { counts: Record<string, number> }).counts;
        cliLines.push(`| ${[...node.map((flag) => `node ${flag}`), split.length === 0 ? "one pass, one thread (default)" : split.join(" ")].join(" ")} | ${seconds.toFixed(1)} | ${format(written / seconds)} | ${(maxRssKiB / 1024).toFixed(0)} | ${counts["folded"]?.toLocaleString("en-US")} | ${counts["late"]} |`);
        console.log(cliLines[cliLines.length - 1]);
      }
      console.log(`\n${cliLines.join("\n")}`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

if (process.argv.includes("--write-docs")) {
  writeBenchmarkSection("metrics", [`Run: ${machineDescription()}.`, "", ...lines, ...(cliLines.length > 0 ? ["", ...cliLines] : [])].join("\n"));
}
