/**
 * `nudgekit replay` at scale: events/s, peak memory and temporary disk space on a generated log of about 1 GB.
 *
 *   npx tsx bench/replay-scale.bench.ts [--mb 1024] [--order partitioned|ordered|both] [--out] [--baseline <dir>] [--keep] [--write-docs]
 *
 * The log is the seeded e-commerce example (examples/ecommerce/generate-events.ts) scaled up: slices
 * of 5,000 users, each generated with its own seed and user ids (`s12-u00042`), until the events file
 * reaches the size asked, into a temporary directory. Two orders of the same events:
 * - `partitioned`: the slices one after the other, as a warehouse export partitioned by user gives
 *   them: each slice in time order, the whole not (the replay sorts it on disk);
 * - `ordered`: the same lines merged into time order (the replay streams it through its window).
 * The command runs in a child process under /usr/bin/time -v (peak RSS, CPU time), with the example
 * config and the users file; the size of its temporary folder is sampled every second. With --out,
 * it also writes the decisions (and every run must write the same file). With --baseline <dir>, the
 * command of another checkout (e.g. `git archive main`, with node_modules) runs on the same files
 * first, for a before/after in one run. Every run must give the same summary. With --write-docs,
 * the results replace the replay-scale section of docs/benchmarks.md.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateExample, toJsonl } from "../examples/ecommerce/generate-events.js";
import { mergeRuns, writeRun, type RunFormat } from "../src/node/replay/sorted-runs.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription } from "./support/run-facts.js";

const { values } = parseArgs({
  options: { mb: { type: "string", default: "1024" }, order: { type: "string", default: "both" }, out: { type: "boolean", default: false }, baseline: { type: "string" }, keep: { type: "boolean", default: false }, "write-docs": { type: "boolean", default: false } },
});
const targetBytes = Number(values.mb) * 2 ** 20;
const orders = values.order === "both" ? ["partitioned", "ordered"] : [values.order as string];
const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nudgekit-replay-bench-"));
const files = { users: join(dir, "users.jsonl"), partitioned: join(dir, "events.partitioned.jsonl"), ordered: join(dir, "events.ordered.jsonl"), decisions: join(dir, "decisions.jsonl"), tmp: join(dir, "tmp") };
mkdirSync(files.tmp);

/** A line of the log with its time: the time-ordered copy is the slices merged by time, then line. */
interface TimedLine {
  readonly time: number;
  readonly line: number;
  readonly text: string;
}
const BY_TIME: RunFormat<TimedLine> = {
  compare: (a, b) => a.time - b.time || a.line - b.line,
  toLine: (record) => `${record.time}\t${record.line}\t${record.text}`,
  fromLine: (text) => {
    const first = text.indexOf("\t");
    const second = text.indexOf("\t", first + 1);
    return { time: Number(text.slice(0, first)), line: Number(text.slice(first + 1, second)), text: text.slice(second + 1) };
  },
};

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
    const records: TimedLine[] = sliceLines.map((line, index) => {
      const match = /"time":"([^"]+)"/.exec(line);
      const parsed = match === null ? Number.NaN : Date.parse(match[1] as string);
      if (Number.isFinite(parsed)) time = parsed;
      return { time, line: lines + index + 1, text: line };
    });
    const run = join(dir, `slice-${slice}.run`);
    await writeRun(run, records, BY_TIME);
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
    for await (const batch of mergeRuns(runs, dir, BY_TIME)) await write(ordered, `${batch.map((record) => record.text).join("\n")}\n`);
    ordered.end();
    await once(ordered, "finish");
  }
  for (const run of runs) rmSync(run, { force: true });
  return { users: userCount, lines, bytes, seconds: (performance.now() - started) / 1000 };
}

interface Measured {
  readonly version: string;
  readonly order: string;
  readonly summary: { events: number; users: number; decisions: number; skippedLines: number; dueCalls: number } & Record<string, unknown>;
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  /** The largest the temporary folder got (sampled every second). */
  readonly peakTemporaryMb: number;
  /** Seconds from the start to the end of each phase the command reported (its 100% progress line). */
  readonly phases: readonly (readonly [string, number])[];
  /** The decisions file's SHA-256 (with --out). */
  readonly decisionsHash: string | null;
  readonly load: readonly number[];
}

/** Bytes of every file under `path`. */
function sizeOf(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    try {
      total += entry.isDirectory() ? sizeOf(child) : statSync(child).size;
    } catch {
      // Removed while being measured.
    }
  }
  return total;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs one `nudgekit replay` (of `checkout`) under /usr/bin/time -v, with progress lines timed as they come. */
async function replay(version: string, checkout: string, order: string): Promise<Measured> {
  const load = loadavg();
  const args = ["-v", process.execPath, "--import", "tsx", join(checkout, "src/node/cli/nudgekit.ts"), "replay", "--config", join(root, "examples/ecommerce/campaigns.json")];
  args.push("--events", order === "ordered" ? files.ordered : files.partitioned, "--users", files.users, "--json", "--quiet", "--progress", "--tmp-dir", files.tmp);
  if (values.out) args.push("--out", files.decisions);
  const started = performance.now();
  const child = spawn("/usr/bin/time", args, { cwd: checkout, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const phases: [string, number][] = [];
  child.stdout.setEncoding("utf8").on("data", (text: string) => void (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
    for (const match of text.matchAll(/^(.*?) 100% · /gm)) {
      const phase = (match[1] as string).replace(/ \/.*$/, "");
      if (!phases.some(([known]) => known === phase)) phases.push([phase, (performance.now() - started) / 1000]);
    }
  });
  let peakTemporary = 0;
  const sampler = setInterval(() => void (peakTemporary = Math.max(peakTemporary, sizeOf(files.tmp))), 1000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`replay exited ${code}: ${stderr.slice(-2000)}`);
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(stderr)?.[1]?.trim() ?? "";
  const wall = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)")
    .split(":")
    .reduce((total, part) => total * 60 + Number(part), 0);
  const decisionsHash = values.out ? await sha256(files.decisions) : null;
  if (values.out) rmSync(files.decisions);
  return {
    version,
    order,
    summary: JSON.parse(stdout) as Measured["summary"],
    wallSeconds: wall,
    cpuSeconds: Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)")),
    peakRssMb: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
    peakTemporaryMb: peakTemporary / 2 ** 20,
    phases,
    decisionsHash,
    load: [...load, ...loadavg()].map((value) => Math.round(value * 10) / 10),
  };
}

const number = (value: number): string => Math.round(value).toLocaleString("en-US");
const orderName = (order: string): string => (order === "ordered" ? "in time order" : "partitioned by user");
try {
  console.log(`generating about ${values.mb} MB into ${dir}…`);
  const generated = await generate();
  const size = statSync(files.partitioned).size;
  console.log(`${number(generated.users)} users, ${number(generated.lines)} lines, ${(size / 2 ** 20).toFixed(0)} MB (${generated.seconds.toFixed(0)} s)`);
  const results: Measured[] = [];
  const versions: [string, string][] = [...(values.baseline === undefined ? [] : [["baseline", values.baseline] as [string, string]]), ["this version", root]];
  for (const [version, checkout] of versions) {
    for (const order of orders) {
      console.log(`replaying the ${order} log with ${version}…`);
      const measured = await replay(version, checkout, order);
      results.push(measured);
      console.log(
        `${version}, ${order}: ${number(measured.summary.events)} events in ${measured.wallSeconds.toFixed(0)} s = ${number(measured.summary.events / measured.wallSeconds)} events/s (wall), ${number(measured.summary.events / measured.cpuSeconds)} events per CPU second (${number(measured.cpuSeconds)} CPU s); peak RSS ${number(measured.peakRssMb)} MB; temporary files up to ${number(measured.peakTemporaryMb)} MB; phases ended at ${measured.phases.map(([phase, at]) => `${phase} ${at.toFixed(0)} s`).join(", ")}; load average ${measured.load.join(" ")}`,
      );
    }
  }
  const summaries = new Set(results.map((result) => JSON.stringify(result.summary)));
  console.log(summaries.size === 1 ? "every run gives the same summary" : "THE SUMMARIES DIFFER");
  if (summaries.size !== 1) process.exitCode = 1;
  // Both orders of a log must give the same decisions file, byte for byte (across versions the order of ties may differ).
  const sameDecisions = values.out && versions.every(([version]) => new Set(results.filter((result) => result.version === version).map((result) => result.decisionsHash)).size === 1);
  if (values.out) {
    console.log(sameDecisions ? "each version writes the same decisions file for both orders" : `THE DECISIONS FILES DIFFER: ${results.map((result) => `${result.version} ${result.order} ${result.decisionsHash}`).join(", ")}`);
    if (!sameDecisions) process.exitCode = 1;
  }
  if (values["write-docs"]) {
    const rows = results.map(
      (r) =>
        `| ${versions.length > 1 ? `${r.version}, ` : ""}${orderName(r.order)} | ${number(r.summary.events)} | ${number(r.wallSeconds)} s | ${number(r.summary.events / r.wallSeconds)} | ${number(r.summary.events / r.cpuSeconds)} | ${number(r.peakRssMb)} MB | ${number(r.peakTemporaryMb)} MB | ${r.phases.map(([phase, at]) => `${phase} ${number(at)} s`).join(", ")} | ${r.load.slice(0, 1).join("")} → ${r.load.slice(3, 4).join("")} |`,
    );
    writeBenchmarkSection(
      "replay-scale",
      [
        `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machineDescription()} (shared: the load average is given).`,
        `Log: the seeded e-commerce example scaled up to ${number(generated.users)} users, ${number(generated.lines)} lines, ${(size / 2 ** 20).toFixed(0)} MB (\`npx tsx bench/replay-scale.bench.ts --mb ${values.mb}${values.out ? " --out" : ""}${values.baseline === undefined ? "" : " --baseline <main>"} --write-docs\`). Each run: \`nudgekit replay\` from source (tsx) with the example config, the users file, \`--json --quiet --progress${values.out ? " --out decisions.jsonl" : ""}\`, under /usr/bin/time -v.${values.baseline === undefined ? "" : " Baseline: the command of main before this change, on the same files."}${sameDecisions && orders.length > 1 ? " Both orders of the log gave the same decisions file, byte for byte." : ""}`,
        "",
        "| version, log order | events | wall time | events/s (wall) | events per CPU second | peak RSS | peak temporary files | phases done at (wall) | load average (1 min, start → end) |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
        ...rows,
      ].join("\n"),
    );
  }
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
