/**
 * `nudgekit replay` at scale: events/s and peak memory on a generated log of about 1 GB.
 *
 *   npx tsx bench/replay-scale.bench.ts [--mb 1024] [--order partitioned|ordered|both] [--keep] [--write-docs]
 *
 * The log is the seeded e-commerce example (examples/ecommerce/generate-events.ts) scaled up: slices
 * of 5,000 users, each generated with its own seed and user ids (`s12-u00042`), until the events file
 * reaches the size asked, into a temporary directory. Two orders of the same events:
 * - `partitioned`: the slices one after the other, as a warehouse export partitioned by user gives
 *   them: each slice in time order, the whole not (the replay sorts it on disk);
 * - `ordered`: the same lines merged into time order (the replay streams it through its window).
 * The command runs in a child process under /usr/bin/time -v (peak RSS, CPU time), with the example
 * config and the users file. Both orders must give the same summary. With --write-docs, the results
 * replace the replay-scale section of docs/benchmarks.md.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateExample, toJsonl } from "../examples/ecommerce/generate-events.js";
import { mergeRuns, writeRun, type RunRecord } from "../src/node/replay/sorted-runs.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription } from "./support/run-facts.js";

const { values } = parseArgs({ options: { mb: { type: "string", default: "1024" }, order: { type: "string", default: "both" }, keep: { type: "boolean", default: false }, "write-docs": { type: "boolean", default: false } } });
const targetBytes = Number(values.mb) * 2 ** 20;
const orders = values.order === "both" ? ["partitioned", "ordered"] : [values.order as string];
const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-bench-"));
const files = { users: join(dir, "users.jsonl"), partitioned: join(dir, "events.partitioned.jsonl"), ordered: join(dir, "events.ordered.jsonl"), runs: join(dir, "runs") };

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

/** Generates slices until the events file reaches the target; each slice is also kept as a sorted run for the ordered copy. */
async function generate(): Promise<{ users: number; lines: number; bytes: number; seconds: number }> {
  const started = performance.now();
  const users = createWriteStream(files.users);
  const events = createWriteStream(files.partitioned);
  const runs: string[] = [];
  let bytes = 0;
  let lines = 0;
  let userCount = 0;
  for (let slice = 0; bytes < targetBytes; slice++) {
    const prefix = `s${slice}-`;
    const jsonl = toJsonl(generateExample({ users: 5_000, seed: `nudgekit-ecommerce-2026/slice-${slice}` }));
    // Valid lines get their slice's user and event ids; broken lines stay as they are.
    const rename = (line: string): string => line.replace(/^\{"userId":"(u\d+)","id":"(e\d+)"/, `{"userId":"${prefix}$1","id":"${prefix}$2"`).replace(/^\{"id":"(u\d+)"/, `{"id":"${prefix}$1"`);
    const sliceLines = jsonl.events.trimEnd().split("\n").map(rename);
    await write(users, `${jsonl.users.trimEnd().split("\n").map(rename).join("\n")}\n`);
    const text = `${sliceLines.join("\n")}\n`;
    await write(events, text);
    // The ordered copy: each slice is already in time order (a broken line sorts with the line before it).
    let time = 0;
    const records: RunRecord[] = sliceLines.map((line, index) => {
      const match = /"time":"([^"]+)"/.exec(line);
      const parsed = match === null ? Number.NaN : Date.parse(match[1] as string);
      if (Number.isFinite(parsed)) time = parsed;
      return { time, line: lines + index + 1, text: line };
    });
    const run = join(dir, `slice-${slice}.run`);
    await writeRun(run, records);
    runs.push(run);
    bytes += Buffer.byteLength(text);
    lines += sliceLines.length;
    userCount += 5_000;
  }
  users.end();
  events.end();
  await Promise.all([once(users, "finish"), once(events, "finish")]);
  if (orders.includes("ordered")) {
    const ordered = createWriteStream(files.ordered);
    for await (const batch of mergeRuns(runs, dir)) await write(ordered, `${batch.map((record) => record.text).join("\n")}\n`);
    ordered.end();
    await once(ordered, "finish");
  }
  for (const run of runs) rmSync(run, { force: true });
  return { users: userCount, lines, bytes, seconds: (performance.now() - started) / 1000 };
}

interface Measured {
  readonly order: string;
  readonly summary: { events: number; users: number; decisions: number; skippedLines: number; dueCalls: number } & Record<string, unknown>;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly load: readonly number[];
}

function replay(order: string): Measured {
  const load = loadavg();
  const args = ["-v", process.execPath, "--import", "tsx", join(root, "src/node/cli/nudgekit.ts"), "replay", "--config", join(root, "examples/ecommerce/campaigns.json")];
  args.push("--events", order === "ordered" ? files.ordered : files.partitioned, "--users", files.users, "--json", "--quiet", "--no-progress", "--tmp-dir", dir);
  const result = spawnSync("/usr/bin/time", args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`replay exited ${result.status}: ${result.stderr.slice(-2000)}`);
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(result.stderr)?.[1]?.trim() ?? "";
  const wall = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)")
    .split(":")
    .reduce((total, part) => total * 60 + Number(part), 0);
  return {
    order,
    summary: JSON.parse(result.stdout) as Measured["summary"],
    wallSeconds: wall,
    cpuSeconds: Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)")),
    peakRssMb: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
    load: [...load, ...loadavg()].map((value) => Math.round(value * 10) / 10),
  };
}

const number = (value: number): string => Math.round(value).toLocaleString("en-US");
try {
  console.log(`generating about ${values.mb} MB into ${dir}…`);
  const generated = await generate();
  const size = statSync(files.partitioned).size;
  console.log(`${number(generated.users)} users, ${number(generated.lines)} lines, ${(size / 2 ** 20).toFixed(0)} MB (${generated.seconds.toFixed(0)} s)`);
  const results: Measured[] = [];
  for (const order of orders) {
    console.log(`replaying the ${order} log…`);
    const measured = replay(order);
    results.push(measured);
    console.log(
      `${order}: ${number(measured.summary.events)} events in ${measured.wallSeconds.toFixed(0)} s = ${number(measured.summary.events / measured.wallSeconds)} events/s (wall), ${number(measured.summary.events / measured.cpuSeconds)} events per CPU second; peak RSS ${number(measured.peakRssMb)} MB; load average ${measured.load.join(" ")}`,
    );
  }
  if (results.length === 2) {
    const [a, b] = results as [Measured, Measured];
    const strip = (summary: Record<string, unknown>) => JSON.stringify({ ...summary });
    console.log(strip(a.summary) === strip(b.summary) ? "both orders give the same summary" : "THE SUMMARIES DIFFER");
    if (strip(a.summary) !== strip(b.summary)) process.exitCode = 1;
  }
  if (values["write-docs"]) {
    const rows = results.map((r) => `| ${r.order === "ordered" ? "in time order (reorder window)" : "partitioned by user (sorted on disk)"} | ${number(r.summary.events)} | ${number(r.wallSeconds)} s | ${number(r.summary.events / r.wallSeconds)} | ${number(r.summary.events / r.cpuSeconds)} | ${number(r.peakRssMb)} MB | ${r.load.slice(0, 1).join("")} → ${r.load.slice(3, 4).join("")} |`);
    writeBenchmarkSection(
      "replay-scale",
      [
        `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machineDescription()} (shared: the load average is given).`,
        `Log: the seeded e-commerce example scaled up to ${number(generated.users)} users, ${number(generated.lines)} lines, ${(size / 2 ** 20).toFixed(0)} MB (\`npx tsx bench/replay-scale.bench.ts --mb ${values.mb} --write-docs\`). Each run: \`nudgekit replay\` from source (tsx) with the example config, the users file, \`--json --quiet --no-progress\`, under /usr/bin/time -v.`,
        "",
        "| log order | events | wall time | events/s (wall) | events per CPU second | peak RSS | load average (1 min, start → end) |",
        "|---|---:|---:|---:|---:|---:|---|",
        ...rows,
      ].join("\n"),
    );
  }
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
