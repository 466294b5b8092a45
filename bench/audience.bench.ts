/**
 * `npm run bench:audience` — membership of millions of profiles in the 20 segments of
 * bench/segments/segment-corpus.ts, computed two ways from the same data:
 *
 * - **DuckDB** (`@duckdb/node-api`, in process, threads = cores): the SQL of
 *   `segmentsToSql(SEGMENTS, schema, "duckdb", { now, behaviour, rfm })` — its `all` query, every
 *   membership counted per segment (`count(*) FILTER (WHERE "segment")`), so every membership of
 *   every profile is computed, but no row is sent to JavaScript.
 * - **nudgekit's worker-thread batch** (`evaluateSegmentsInWorkers`, nudgekit/segments/workers): the
 *   same profiles and events streamed out of the same DuckDB file in id order, each user's events
 *   folded with `foldEvents`, the profiles evaluated on worker threads, members counted per segment.
 *   Measured end to end, and in parts: reading alone, reading and folding, and evaluation alone
 *   (profiles folded beforehand and held in memory, at most 1,000,000 of them).
 *
 * The data: `profiles` and a raw `events` log generated inside DuckDB by SQL from hashes of the user
 * id and a seed (bench/audience/synthetic-audience.ts), into a database file that each measurement
 * opens read-only in a process of its own, so that every peak memory (Linux VmHWM, all threads of
 * the process) is that measurement's own. Both sides must count the same members in every segment,
 * and give the same memberships to every one of the first `--sample` profiles.
 *
 *   npx tsx bench/audience.bench.ts [--profiles 10000000] [--workers 2] [--rounds 1] [--sample 100000]
 *                                   [--db file.duckdb] [--keep] [--per-segment] [--timeout 3600] [--max-temp 16GiB]
 *                                   [--batch 1000000] [--write-docs]
 *
 * `--db` keeps the generated database in that file and reuses it when it holds the same generation
 * (otherwise the database lives in a temporary directory, removed at the end unless `--keep`).
 * `--per-segment` also times each segment's own query on DuckDB. DuckDB may spill to disk up to
 * `--max-temp`; a query still running after `--timeout` seconds is stopped. When the translated query
 * does not finish over the whole audience, it is run again per slice of `--batch` profiles and their
 * events. The hand-written equivalents of bench/audience/pre-aggregated-sql.ts (not nudgekit's SQL)
 * are timed too, as evidence of what another shape of SQL costs. Environment: BENCH_PROFILES.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { compileAggregatePolicy } from "../src/segments/index.js";
import { evaluateSegmentsInWorkers } from "../src/node/segment-workers/index.js";
import { segmentsToSql, SqlTranslationError, type AudienceSchema, type SegmentSetSql } from "../src/sql/index.js";
import { RFM_MODELS, SEGMENTS, TRACKED_EVENTS } from "./segments/segment-corpus.js";
import { AUDIENCE_SCHEMA, audienceSize, generateAudience, holdsAudience } from "./audience/synthetic-audience.js";
import { readProfiles, readUsers, type AudienceProfile } from "./audience/read-audience.js";
import { peakResidentBytes, resetPeakResident } from "./audience/process-memory.js";
import { perUserCountingSql, preAggregatedCountingSql } from "./audience/pre-aggregated-sql.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription } from "./support/run-facts.js";

const { values } = parseArgs({
  options: {
    profiles: { type: "string", default: process.env.BENCH_PROFILES ?? "10000000" },
    workers: { type: "string", default: "2" },
    threads: { type: "string", default: "2" },
    rounds: { type: "string", default: "1" },
    sample: { type: "string", default: "100000" },
    "evaluate-only": { type: "string", default: "1000000" },
    db: { type: "string" },
    keep: { type: "boolean", default: false },
    "per-segment": { type: "boolean", default: false },
    timeout: { type: "string", default: "3600" },
    "max-temp": { type: "string", default: "16GiB" },
    batch: { type: "string", default: "1000000" },
    "write-docs": { type: "boolean", default: false },
    phase: { type: "string" },
    work: { type: "string" },
  },
});

const NOW = Date.UTC(2026, 10, 23, 12);
const HORIZON_DAYS = 90;
const BEHAVIOUR = { events: TRACKED_EVENTS, horizonDays: HORIZON_DAYS };
const en = (value: number): string => Math.round(value).toLocaleString("en-US");
const mb = (bytes: number): string => `${en(bytes / 2 ** 20)} MB`;
const seconds = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const median = (list: readonly number[]): number => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const elapsed = (start: number): number => (performance.now() - start) / 1000;

/** What the parent process decided, for every measurement process. */
interface Plan {
  readonly db: string;
  readonly profiles: number;
  readonly events: number;
  readonly segmentIds: readonly string[];
  readonly workers: number;
  readonly threads: number;
  readonly rounds: number;
  readonly sample: number;
  readonly evaluateOnly: number;
  readonly perSegment: boolean;
  readonly timeoutSeconds: number;
  readonly maxTemp: string;
  readonly batch: number;
}

/** A counting query's runs: empty counts and a failure when it did not finish. */
interface TimedQuery {
  readonly seconds: readonly number[];
  readonly counts: readonly number[];
  readonly peakRss: number;
  readonly failure?: string;
}

interface DuckDbResult {
  readonly version: string;
  readonly warmUpSeconds: number;
  readonly translated: TimedQuery;
  /** The translation run per slice of profiles, when the whole query did not finish. */
  readonly batched: TimedQuery | undefined;
  /** The hand-written equivalents (bench/audience/pre-aggregated-sql.ts), on the full corpus only. */
  readonly perDay: TimedQuery | undefined;
  readonly perUser: TimedQuery | undefined;
  readonly sample: string;
  readonly memoryLimit: string;
  readonly maxTemp: string;
  readonly perSegment: readonly { readonly id: string; readonly seconds: number; readonly members: number }[];
}

interface JsResult {
  readonly read: { readonly seconds: number; readonly peakRss: number; readonly events: number };
  readonly fold: { readonly seconds: number; readonly peakRss: number };
  readonly full: { readonly seconds: number; readonly peakRss: number };
  readonly counts: readonly number[];
  /** Members per segment among the first `evaluateOnly` profiles. */
  readonly headCounts: readonly number[];
  readonly sample: string;
}

interface EvaluateOnlyResult {
  readonly profiles: number;
  readonly loadSeconds: number;
  readonly seconds: readonly number[];
  readonly counts: readonly number[];
  readonly peakRss: number;
  readonly heapUsed: number;
}

const definitionsOf = (ids: readonly string[]) => SEGMENTS.filter((segment) => ids.includes(segment.id));
const translate = (ids: readonly string[], schema: AudienceSchema = AUDIENCE_SCHEMA): SegmentSetSql => segmentsToSql(definitionsOf(ids), schema, "duckdb", { now: NOW, behaviour: BEHAVIOUR, rfm: RFM_MODELS });
const segmentOptions = { horizonDays: HORIZON_DAYS, rfm: RFM_MODELS };

/** Every membership of the `all` query, counted per segment: one row, nothing streamed per profile. */
function countingQuery(sql: SegmentSetSql, ids: readonly string[]): string {
  return `SELECT count(*) AS profiles, ${ids.map((id) => `count(*) FILTER (WHERE m."${id}")`).join(", ")} FROM (${sql.all.sql}) AS m`;
}

async function openReadOnly(plan: Plan, threads: number): Promise<{ instance: DuckDBInstance; connect: () => Promise<DuckDBConnection> }> {
  // Spilling is capped (DuckDB's default allows 90% of the free disk, on a machine others share).
  const instance = await DuckDBInstance.create(plan.db, { access_mode: "READ_ONLY", threads: String(threads), max_temp_directory_size: plan.maxTemp });
  return { instance, connect: () => instance.connect() };
}

// ── Measurement processes ────────────────────────────────────────────────────────────────────

async function measureDuckDb(plan: Plan): Promise<DuckDbResult> {
  const { instance, connect } = await openReadOnly(plan, plan.threads);
  const connection = await connect();
  const sql = translate(plan.segmentIds);
  const version = String((await connection.runAndReadAll("SELECT version()")).getRows()[0]![0]);
  // Warm-up, untimed: every column of both tables through the buffer manager (the OS has the file cached).
  let start = performance.now();
  await connection.run("SELECT bit_xor(hash(user_id, name, time, amount)) FROM events");
  await connection.run("SELECT bit_xor(hash(id, plan, role, country, platform, app_version)) FROM profiles");
  const warmUpSeconds = elapsed(start);

  /** Runs a counting query `rounds` times (each must count the same), reporting progress; stops it after the timeout. */
  const timed = async (label: string, query: string, params: readonly unknown[]): Promise<TimedQuery> => {
    const times: number[] = [];
    let counts: number[] = [];
    resetPeakResident();
    for (let round = 0; round < plan.rounds; round++) {
      start = performance.now();
      let timedOut = false;
      const progress = setInterval(() => console.log(`    ${label}: ${en(elapsed(start))} s, ${connection.progress.percentage.toFixed(0)}%`), 60_000);
      const timeout = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, plan.timeoutSeconds * 1000);
      try {
        const row = (await connection.runAndReadAll(query, params as never)).getRows()[0]!.map(Number);
        times.push(elapsed(start));
        if (row[0] !== plan.profiles) throw new Error(`${label} counted ${row[0]} profiles, expected ${plan.profiles}`);
        const these = row.slice(1);
        if (counts.length > 0 && these.join() !== counts.join()) throw new Error(`${label} counted ${these.join()} then ${counts.join()}`);
        counts = these;
        console.log(`  ${label}, round ${round + 1}: ${seconds(times.at(-1)!)} s`);
      } catch (error) {
        const failure = timedOut ? `stopped after ${en(plan.timeoutSeconds)} s (--timeout)` : `failed after ${en(elapsed(start))} s: ${(error as Error).message.split("\n")[0]}`;
        console.log(`  ${label}: ${failure}`);
        return { seconds: times, counts: [], peakRss: peakResidentBytes(), failure };
      } finally {
        clearInterval(progress);
        clearTimeout(timeout);
      }
    }
    return { seconds: times, counts, peakRss: peakResidentBytes() };
  };

  // The hand-written equivalents first: the translated query's memory would stay in the allocator and count in their peaks.
  const policy = compileAggregatePolicy(BEHAVIOUR);
  const handWritten = plan.segmentIds.length === SEGMENTS.length;
  const perDay = handWritten ? await timed("DuckDB, hand-written, per user and day", preAggregatedCountingSql(plan.segmentIds, NOW, policy.maxFutureMs, HORIZON_DAYS), []) : undefined;
  const perUser = handWritten ? await timed("DuckDB, hand-written, one GROUP BY user", perUserCountingSql(plan.segmentIds, NOW, policy.maxFutureMs, HORIZON_DAYS), []) : undefined;
  const translated = await timed("DuckDB, segmentsToSql", countingQuery(sql, plan.segmentIds), sql.all.params);
  // When the whole audience does not go through at once: the same translation per slice of `batch` profiles and their
  // events (temporary tables, their copying timed too), the counts summed.
  let batched: TimedQuery | undefined;
  if (translated.failure !== undefined && plan.profiles > plan.batch) {
    const sliceSql = translate(plan.segmentIds, { profiles: { ...AUDIENCE_SCHEMA.profiles, table: "slice_profiles" }, events: { ...AUDIENCE_SCHEMA.events, table: "slice_events" } });
    const counts = plan.segmentIds.map(() => 0);
    resetPeakResident();
    start = performance.now();
    try {
      for (let from = 0; from < plan.profiles; from += plan.batch) {
        await connection.run("DROP TABLE IF EXISTS slice_profiles; DROP TABLE IF EXISTS slice_events");
        await connection.run(`CREATE TEMP TABLE slice_profiles AS SELECT * FROM profiles WHERE id >= ${from} AND id < ${from + plan.batch}`);
        await connection.run(`CREATE TEMP TABLE slice_events AS SELECT * FROM events WHERE user_id >= ${from} AND user_id < ${from + plan.batch}`);
        const row = (await connection.runAndReadAll(countingQuery(sliceSql, plan.segmentIds), sliceSql.all.params as never)).getRows()[0]!.map(Number);
        row.slice(1).forEach((members, i) => (counts[i]! += members));
        console.log(`  DuckDB, segmentsToSql per ${en(plan.batch)} profiles: ${en(Math.min(plan.profiles, from + plan.batch))} profiles after ${seconds(elapsed(start))} s`);
      }
      batched = { seconds: [elapsed(start)], counts, peakRss: peakResidentBytes() };
    } catch (error) {
      batched = { seconds: [], counts: [], peakRss: peakResidentBytes(), failure: `failed after ${en(elapsed(start))} s: ${(error as Error).message.split("\n")[0]}` };
    }
    await connection.run("DROP TABLE IF EXISTS slice_profiles; DROP TABLE IF EXISTS slice_events");
  }
  const memoryLimit = String((await connection.runAndReadAll("SELECT current_setting('memory_limit')")).getRows()[0]![0]);

  // The first profiles' memberships, for the per-profile comparison (untimed): the same translation, over temporary
  // copies of those profiles and their events (so that it costs little even when the whole query could not finish).
  await connection.run(`CREATE TEMP TABLE sample_profiles AS SELECT * FROM profiles WHERE id < ${plan.sample}`);
  await connection.run(`CREATE TEMP TABLE sample_events AS SELECT * FROM events WHERE user_id < ${plan.sample}`);
  const sampleSql = translate(plan.segmentIds, { profiles: { ...AUDIENCE_SCHEMA.profiles, table: "sample_profiles" }, events: { ...AUDIENCE_SCHEMA.events, table: "sample_events" } });
  const sample = (await connection.runAndReadAll(sampleSql.all.sql, sampleSql.all.params as never))
    .getRows()
    .map((row, index) => {
      if (Number(row[0]) !== index) throw new Error(`the sample is missing profile ${index}`);
      return row.slice(1).map((member) => (member === true ? "1" : "0")).join("");
    })
    .join("");
  const perSegment: { id: string; seconds: number; members: number }[] = [];
  if (plan.perSegment) {
    for (const id of plan.segmentIds) {
      const segment = sql.segments[id]!;
      start = performance.now();
      const members = Number((await connection.runAndReadAll(`SELECT count(*) FROM (${segment.sql}) AS s`, segment.params as never)).getRows()[0]![0]);
      perSegment.push({ id, seconds: elapsed(start), members });
      console.log(`  DuckDB ${id}: ${seconds(perSegment.at(-1)!.seconds)} s, ${en(members)} members`);
    }
  }
  connection.closeSync();
  instance.closeSync();
  return { version, warmUpSeconds, translated, batched, perDay, perUser, sample, memoryLimit, maxTemp: plan.maxTemp, perSegment };
}

/** Reading alone, reading and folding, then the whole batch (read, fold, evaluate in workers), each a pass over every profile. */
async function measureJs(plan: Plan): Promise<JsResult> {
  const policy = compileAggregatePolicy(BEHAVIOUR);
  // One DuckDB thread reads (a scan in insertion order); the cores are for folding and evaluating.
  const { instance, connect } = await openReadOnly(plan, 1);
  const [a, b] = [await connect(), await connect()];

  resetPeakResident();
  let start = performance.now();
  let users = 0;
  let events = 0;
  for await (const user of readUsers(a, b)) {
    users++;
    events += user.events.length;
  }
  const read = { seconds: elapsed(start), peakRss: peakResidentBytes(), events };
  if (users !== plan.profiles || events !== plan.events) throw new Error(`read ${users} users and ${events} events, expected ${plan.profiles} and ${plan.events}`);
  console.log(`  read from DuckDB: ${seconds(read.seconds)} s`);

  resetPeakResident();
  start = performance.now();
  users = 0;
  for await (const profile of readProfiles(a, b, policy, NOW)) if (profile.behaviour !== null) users++;
  const fold = { seconds: elapsed(start), peakRss: peakResidentBytes() };
  console.log(`  read from DuckDB + fold: ${seconds(fold.seconds)} s`);

  const definitions = definitionsOf(plan.segmentIds);
  resetPeakResident();
  start = performance.now();
  const evaluation = evaluateSegmentsInWorkers(readProfiles(a, b, policy, NOW), definitions, NOW, { workers: plan.workers, segmentOptions });
  const headCounts = plan.segmentIds.map(() => 0);
  const sample: string[] = [];
  let index = 0;
  for await (const row of evaluation) {
    if (index < plan.sample) {
      if (row.userId !== String(index)) throw new Error(`row ${index} is user ${row.userId}`);
      sample.push(plan.segmentIds.map((id) => (row.segments.includes(id) ? "1" : "0")).join(""));
    }
    if (index < plan.evaluateOnly) for (const id of row.segments) headCounts[plan.segmentIds.indexOf(id)]!++;
    index++;
  }
  const full = { seconds: elapsed(start), peakRss: peakResidentBytes() };
  console.log(`  read from DuckDB + fold + evaluate in ${plan.workers} workers: ${seconds(full.seconds)} s`);
  const counts = evaluation.counts;
  if (counts.profiles !== plan.profiles) throw new Error(`the workers evaluated ${counts.profiles} profiles, expected ${plan.profiles}`);
  a.closeSync();
  b.closeSync();
  instance.closeSync();
  return { read, fold, full, counts: plan.segmentIds.map((id) => counts.members[id] ?? 0), headCounts, sample: sample.join("") };
}

/** Evaluation alone: the first profiles read and folded beforehand (untimed), held in memory, then evaluated in workers. */
async function measureEvaluateOnly(plan: Plan): Promise<EvaluateOnlyResult> {
  const policy = compileAggregatePolicy(BEHAVIOUR);
  const { instance, connect } = await openReadOnly(plan, 1);
  const [a, b] = [await connect(), await connect()];
  let start = performance.now();
  const profiles: AudienceProfile[] = [];
  for await (const profile of readProfiles(a, b, policy, NOW, plan.evaluateOnly)) profiles.push(profile);
  const loadSeconds = elapsed(start);
  a.closeSync();
  b.closeSync();
  instance.closeSync();
  const definitions = definitionsOf(plan.segmentIds);
  const times: number[] = [];
  let counts: number[] = [];
  resetPeakResident();
  for (let round = 0; round < Math.max(2, plan.rounds); round++) {
    start = performance.now();
    const evaluation = evaluateSegmentsInWorkers(profiles, definitions, NOW, { workers: plan.workers, segmentOptions });
    for await (const row of evaluation) if (row.userId === null) throw new Error("a profile without an id");
    times.push(elapsed(start));
    const these = plan.segmentIds.map((id) => evaluation.counts.members[id] ?? 0);
    if (counts.length > 0 && these.join() !== counts.join()) throw new Error("evaluate-only rounds disagree");
    counts = these;
    console.log(`  evaluate only, ${en(profiles.length)} profiles in memory, round ${round + 1}: ${seconds(times.at(-1)!)} s`);
  }
  return { profiles: profiles.length, loadSeconds, seconds: times, counts, peakRss: peakResidentBytes(), heapUsed: process.memoryUsage().heapUsed };
}

if (values.phase !== undefined) {
  const work = values.work!;
  const plan = JSON.parse(readFileSync(join(work, "plan.json"), "utf8")) as Plan;
  const result = values.phase === "duckdb" ? await measureDuckDb(plan) : values.phase === "js" ? await measureJs(plan) : await measureEvaluateOnly(plan);
  writeFileSync(join(work, `${values.phase}.json`), JSON.stringify(result));
  process.exit(0);
}

// ── The parent: data, translation, the three measurement processes, the report ──────────────

const profiles = Number(values.profiles);
if (!Number.isSafeInteger(profiles) || profiles < 1) throw new RangeError(`--profiles must be a positive integer, got ${values.profiles}`);
const machine = machineDescription();
console.log(`nudgekit audience benchmark — ${machine}`);
/** Which translation was measured: the last commit that changed src/sql, and whether src/sql has uncommitted changes. */
const sqlVersion = ((): string => {
  const git = (...args: string[]): string => spawnSync("git", args, { cwd: new URL("..", import.meta.url), encoding: "utf8" }).stdout?.trim() ?? "";
  const commit = git("log", "-1", "--format=%h", "--", "src/sql");
  if (commit === "") return "src/sql (no git history)";
  return `src/sql as of ${commit}${git("status", "--porcelain", "--", "src/sql") === "" ? "" : " plus uncommitted changes"}`;
})();
console.log(`translation: ${sqlVersion}`);

const work = mkdtempSync(join(tmpdir(), "nudgekit-audience-"));
const db = values.db ?? join(work, "audience.duckdb");
let events: number;
{
  const instance = await DuckDBInstance.create(db, { threads: values.threads });
  const connection = await instance.connect();
  if (values.db !== undefined && existsSync(db) && (await holdsAudience(connection, profiles, NOW))) {
    events = (await audienceSize(connection)).events;
    console.log(`reusing ${db}: ${en(profiles)} profiles, ${en(events)} events`);
  } else {
    console.log(`generating ${en(profiles)} profiles and their events in DuckDB (${db})…`);
    const start = performance.now();
    events = (await generateAudience(connection, profiles, NOW)).events;
    await connection.run("CHECKPOINT");
    console.log(`  ${en(events)} events, ${seconds(elapsed(start))} s`);
  }
  connection.closeSync();
  instance.closeSync();
}

// The whole corpus when nudgekit/sql translates it; otherwise what it translates, said loudly.
const untranslated: { id: string; message: string }[] = [];
let segmentIds = SEGMENTS.map((segment) => segment.id);
for (;;) {
  try {
    translate(segmentIds);
    break;
  } catch (error) {
    if (!(error instanceof SqlTranslationError)) throw error;
    // The failing segment is at /<index>/rule…: drop it, and every segment that includes or excludes it.
    const index = Number(/^\/(\d+)\//.exec(error.path)?.[1]);
    const failed = segmentIds[index]!;
    untranslated.push({ id: failed, message: error.message });
    const dropped = new Set([failed]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const segment of SEGMENTS)
        if (!dropped.has(segment.id) && [...(segment.include ?? []), ...(segment.exclude ?? [])].some((id) => dropped.has(id))) {
          dropped.add(segment.id);
          grew = true;
        }
    }
    segmentIds = segmentIds.filter((id) => !dropped.has(id));
  }
}
if (untranslated.length > 0) {
  console.log(`\nNOT THE FULL CORPUS: segmentsToSql refused ${untranslated.map((entry) => `${entry.id} (${entry.message})`).join("; ")}.`);
  console.log(`Measuring the ${segmentIds.length} segments it translates: ${segmentIds.join(", ")}.`);
}

const plan: Plan = {
  db,
  profiles,
  events,
  segmentIds,
  workers: Number(values.workers),
  threads: Number(values.threads),
  rounds: Math.max(1, Number(values.rounds)),
  sample: Math.min(profiles, Number(values.sample)),
  evaluateOnly: Math.min(profiles, Number(values["evaluate-only"])),
  perSegment: values["per-segment"],
  timeoutSeconds: Number(values.timeout),
  maxTemp: values["max-temp"],
  batch: Number(values.batch),
};
writeFileSync(join(work, "plan.json"), JSON.stringify(plan));

/** Runs one measurement in a process of its own and reads what it wrote (undefined when the process failed). */
function measure<T>(phase: string, heapMb?: number): T | undefined {
  console.log(`\n${phase}:`);
  const child = spawnSync(process.execPath, [...process.execArgv, ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]), process.argv[1]!, "--phase", phase, "--work", work], { stdio: "inherit" });
  if (child.status !== 0) {
    console.log(`the ${phase} measurement failed (exit ${child.status ?? child.signal})`);
    return undefined;
  }
  return JSON.parse(readFileSync(join(work, `${phase}.json`), "utf8")) as T;
}
const loadBefore = loadavg()[0]!;
const crashed = (what: string): TimedQuery => ({ seconds: [], counts: [], peakRss: 0, failure: what });
const duck = measure<DuckDbResult>("duckdb") ?? {
  version: "?",
  warmUpSeconds: 0,
  translated: crashed("its process ended abnormally (see above)"),
  batched: undefined,
  perDay: undefined,
  perUser: undefined,
  sample: "",
  memoryLimit: "?",
  maxTemp: plan.maxTemp,
  perSegment: [],
};
const js = measure<JsResult>("js");
if (js === undefined) throw new Error("the nudgekit measurement failed");
const only = measure<EvaluateOnlyResult>("js-evaluate", 16_384);
if (only === undefined) throw new Error("the evaluate-only measurement failed");
const loadAfter = loadavg()[0]!;

// ── Agreement ────────────────────────────────────────────────────────────────────────────────
/** Segments whose member counts differ from nudgekit's. */
const countsDiffer = (query: TimedQuery | undefined): string[] => (query === undefined || query.failure !== undefined ? [] : segmentIds.filter((_, i) => query.counts[i] !== js.counts[i]));
/** segmentsToSql's counts: over the whole audience at once, or per slice when that did not finish. */
const sqlCounts = duck.translated.failure === undefined ? duck.translated : duck.batched?.failure === undefined ? duck.batched : undefined;
const differing = countsDiffer(sqlCounts);
const sampleDiffers: { profile: number; segments: string[] }[] = [];
if (duck.sample.length > 0)
  for (let profile = 0; profile < plan.sample; profile++) {
    const ours = js.sample.slice(profile * segmentIds.length, (profile + 1) * segmentIds.length);
    const theirs = duck.sample.slice(profile * segmentIds.length, (profile + 1) * segmentIds.length);
    if (ours !== theirs) sampleDiffers.push({ profile, segments: segmentIds.filter((_, i) => ours[i] !== theirs[i]) });
  }
const problems: string[] = [];
if (only.counts.join() !== js.headCounts.join()) problems.push("the evaluate-only counts differ from the streamed pass's on the same profiles");
for (const [label, query] of [["per user and day", duck.perDay], ["one GROUP BY user", duck.perUser]] as const) {
  const off = countsDiffer(query);
  if (off.length > 0) problems.push(`the hand-written query (${label}) counts differently in ${off.join(", ")}`);
}
const countAgreement =
  sqlCounts === undefined
    ? `DuckDB's translated query did not finish (${duck.translated.failure}${duck.batched?.failure === undefined ? "" : `; per slice: ${duck.batched.failure}`}), so its member counts cannot be compared`
    : `${sqlCounts === duck.batched ? `segmentsToSql's query did not finish over all profiles at once (${duck.translated.failure}); run per slice of ${en(plan.batch)} profiles, DuckDB` : "DuckDB (segmentsToSql)"} ${differing.length === 0 ? "and nudgekit count the same members in every segment" : `DISAGREES with nudgekit: member counts differ in ${differing.join(", ")}`}`;
const sampleAgreement =
  duck.sample.length === 0
    ? "no per-profile sample"
    : sampleDiffers.length === 0
      ? `the same memberships for every one of the first ${en(plan.sample)} profiles`
      : `DISAGREEMENT on ${sampleDiffers.length} of the first ${en(plan.sample)} profiles (first: ${sampleDiffers
          .slice(0, 5)
          .map((entry) => `profile ${entry.profile} in ${entry.segments.join(", ")}`)
          .join("; ")})`;
const agreement = `${countAgreement}; ${sampleAgreement} (segmentsToSql over those profiles and their events).`;
const handFinished = [duck.perDay, duck.perUser].every((query) => query !== undefined && query.failure === undefined);
const handAgreement = handFinished && problems.length === 0 ? " The hand-written queries count the same members too." : "";
console.log(`\n${agreement}${handAgreement}${problems.length > 0 ? ` ALSO: ${problems.join("; ")}.` : ""}`);
const memberCounts = (query: TimedQuery | undefined, i: number): string => (query === undefined || query.failure !== undefined ? "–" : en(query.counts[i]!));
console.log(
  `\n| segment | DuckDB, segmentsToSql | DuckDB, hand-written per user and day | DuckDB, hand-written per user | nudgekit |\n|---|---:|---:|---:|---:|\n${segmentIds
    .map((id, i) => `| ${id} | ${memberCounts(sqlCounts, i)} | ${memberCounts(duck.perDay, i)} | ${memberCounts(duck.perUser, i)} | ${en(js.counts[i]!)} |`)
    .join("\n")}`,
);
if (sampleDiffers.length > 0) await printRepro(sampleDiffers.slice(0, 3));

/** The data of a few disagreeing profiles, for a small repro. */
async function printRepro(cases: readonly { profile: number; segments: string[] }[]): Promise<void> {
  const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  for (const { profile, segments } of cases) {
    const attributes = (await connection.runAndReadAll(`SELECT * FROM profiles WHERE id = ${profile}`)).getRowObjectsJson()[0];
    const log = (await connection.runAndReadAll(`SELECT name, CAST(epoch_ms(time) AS DOUBLE) AS time, amount FROM events WHERE user_id = ${profile} ORDER BY time`)).getRowObjectsJson();
    console.log(`\nprofile ${profile}, segments ${segments.join(", ")}: now = ${NOW}\n  attributes ${JSON.stringify(attributes)}\n  events ${JSON.stringify(log)}`);
  }
  connection.closeSync();
  instance.closeSync();
}

// ── Report ───────────────────────────────────────────────────────────────────────────────────
const full = js.full.seconds;
const evaluateOnlyAtScale = (median(only.seconds) * profiles) / only.profiles;
const foldAndEvaluate = full - js.read.seconds;
const perSecond = (value: number): string => en(profiles / value);
/** A DuckDB row: its time, or why it has none; its ratio to nudgekit end to end (> 1: DuckDB faster). */
const duckRow = (label: string, query: TimedQuery | undefined): string | undefined => {
  if (query === undefined) return undefined;
  if (query.failure !== undefined) return `| ${label} | ${query.failure} | | ${query.peakRss > 0 ? mb(query.peakRss) : ""} | |`;
  const time = median(query.seconds);
  return `| ${label} | ${seconds(time)} s | ${perSecond(time)} | ${mb(query.peakRss)} | ${(full / time).toFixed(full / time >= 10 ? 1 : 2)}× |`;
};
const jsRow = (label: string, time: number, peak: number | undefined): string => `| ${label} | ${seconds(time)} s | ${perSecond(time)} | ${peak === undefined ? "" : mb(peak)} | ${(full / time).toFixed(2)}× |`;
const rows = [
  duckRow(`DuckDB ${duck.version}, threads = ${plan.threads}: \`segmentsToSql(…).all\`, members counted per segment`, duck.translated),
  duckRow(`DuckDB, the same query per slice of ${en(plan.batch)} profiles and their events (temporary tables, copying included), counts summed`, duck.batched),
  duckRow("DuckDB, hand-written equivalent (not nudgekit's SQL): events pre-aggregated per user, event and day, then per user", duck.perDay),
  duckRow("DuckDB, hand-written equivalent (not nudgekit's SQL): one scan, one GROUP BY user, app-open days as a bit mask", duck.perUser),
  jsRow(`nudgekit, end to end: read from DuckDB, \`foldEvents\`, \`evaluateSegmentsInWorkers\` (${plan.workers} workers)`, full, js.full.peakRss),
  jsRow("nudgekit, fold + evaluate: the above less reading alone", foldAndEvaluate, undefined),
  jsRow(`nudgekit, evaluate only: ${en(only.profiles)} folded profiles in memory, ${plan.workers} workers${only.profiles < profiles ? `, time scaled to ${en(profiles)}` : ""}`, evaluateOnlyAtScale, only.peakRss),
  jsRow("(part) reading from DuckDB alone: profiles and events as JavaScript objects, in id order", js.read.seconds, js.read.peakRss),
  jsRow("(part) reading + `foldEvents`, no evaluation", js.fold.seconds, js.fold.peakRss),
].filter((row): row is string => row !== undefined);
const translatedSeconds = sqlCounts === undefined ? undefined : median(sqlCounts.seconds);
const verdict = (time: number | undefined, against: number): string => (time === undefined ? "not measured (the query did not finish)" : `${(against / time).toFixed(2)}× ${against / time >= 10 ? "(met)" : "(NOT met)"}`);
const lines = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine} (load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}: the machine is shared).`,
  `${en(profiles)} profiles, ${en(events)} events (${(events / profiles).toFixed(1)} per user) generated in DuckDB by SQL; SQL from ${sqlVersion}; ${segmentIds.length === SEGMENTS.length ? `the ${SEGMENTS.length} segments of the corpus` : `${segmentIds.length} of the ${SEGMENTS.length} segments (segmentsToSql refused ${untranslated.map((entry) => entry.id).join(", ")})`}, now = ${new Date(NOW).toISOString()}. ` +
    `DuckDB: ${plan.rounds === 1 ? "one timed run" : `median of ${plan.rounds} runs`} of each query after an untimed scan of both tables, memory_limit ${duck.memoryLimit}, max_temp_directory_size ${duck.maxTemp}. nudgekit: one pass of each kind. Peak RSS is each measurement's own (VmHWM of its process, reset before it; worker and DuckDB threads included).`,
  "",
  `| membership of ${en(profiles)} profiles in ${segmentIds.length} segments, ${plan.threads} cores | wall time | profiles/s | peak RSS | nudgekit end to end ÷ this |`,
  "|---|---:|---:|---:|---:|",
  ...rows,
  "",
  `Target (issue 24): DuckDB ≥ 10× faster than nudgekit's worker-thread batch. With segmentsToSql's SQL${sqlCounts === duck.batched ? " (per slice)" : ""}: ${verdict(translatedSeconds, full)} end to end, ${verdict(translatedSeconds, evaluateOnlyAtScale)} against evaluation alone.` +
    (duck.perUser !== undefined && duck.perUser.failure === undefined ? ` With the hand-written one-GROUP-BY query: ${verdict(median(duck.perUser.seconds), full)} end to end.` : ""),
  "",
  `${agreement}${handAgreement}${problems.length > 0 ? ` ALSO: ${problems.join("; ")}.` : ""}`,
  "",
  `Members (nudgekit): ${segmentIds.map((id, i) => `${id} ${en(js.counts[i]!)}`).join(", ")}.`,
  ...(duck.perSegment.length > 0 ? ["", "| DuckDB, each segment's own `segmentsToSql` query | seconds | members |", "|---|---:|---:|", ...duck.perSegment.map((entry) => `| ${entry.id} | ${entry.seconds.toFixed(2)} | ${en(entry.members)} |`)] : []),
];
const summary = lines.join("\n");
console.log(`\n${summary}`);
if (values["write-docs"]) writeBenchmarkSection("audience-bench", summary);
if (!values.keep) rmSync(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);
if (values.db !== undefined) console.log(`the database stays in ${db} (--db)`);
