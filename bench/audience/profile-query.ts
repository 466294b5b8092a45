/**
 * Where DuckDB spends its time on the SQL of one segment (or of the whole set): runs the query of
 * `segmentsToSql` for the corpus of `npm run bench:audience` once with DuckDB's detailed JSON
 * profiling, then prints the time per operator type, the number of scans of the events table and
 * of correlated-subquery joins, DuckDB's peak buffer memory, and the costliest operators.
 *
 *   npx tsx bench/audience/profile-query.ts <database file from bench:audience --db> <segment id | all | hand-written>
 *
 * `all` profiles the benchmark's query (every membership counted per segment); `hand-written` the
 * one-GROUP-BY equivalent of bench/audience/pre-aggregated-sql.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { compileAggregatePolicy } from "../../src/segments/index.js";
import { segmentsToSql } from "../../src/sql/index.js";
import { RFM_MODELS, SEGMENTS, TRACKED_EVENTS } from "../segments/segment-corpus.js";
import { perUserCountingSql } from "./pre-aggregated-sql.js";
import { AUDIENCE_SCHEMA } from "./synthetic-audience.js";

const [database, target = "all", threads = "2"] = process.argv.slice(2);
if (database === undefined) throw new Error("usage: profile-query.ts <database> <segment id | all | hand-written> [threads]");
const NOW = Date.UTC(2026, 10, 23, 12);
const behaviour = { events: TRACKED_EVENTS, horizonDays: 90 };
const ids = SEGMENTS.map((segment) => segment.id);
const sql = segmentsToSql(SEGMENTS, AUDIENCE_SCHEMA, "duckdb", { now: NOW, behaviour, rfm: RFM_MODELS });

let query: string;
let params: readonly unknown[] = [];
if (target === "all") {
  query = `SELECT count(*) AS profiles, ${ids.map((id) => `count(*) FILTER (WHERE m."${id}")`).join(", ")} FROM (${sql.all.sql}) AS m`;
  params = sql.all.params;
} else if (target === "hand-written") {
  query = perUserCountingSql(ids, NOW, compileAggregatePolicy(behaviour).maxFutureMs, 90);
} else {
  const segment = sql.segments[target];
  if (segment === undefined) throw new Error(`no segment ${target} (${ids.join(", ")})`);
  query = `SELECT count(*) FROM (${segment.sql}) AS s`;
  params = segment.params;
}

interface ProfileNode {
  readonly operator_name?: string;
  readonly operator_type?: string;
  readonly operator_timing?: number;
  readonly operator_cardinality?: number;
  readonly extra_info?: Record<string, unknown>;
  readonly children?: readonly ProfileNode[];
}

const work = mkdtempSync(join(tmpdir(), "nudgekit-profile-"));
const output = join(work, "profile.json");
const instance = await DuckDBInstance.create(database, { access_mode: "READ_ONLY", threads });
const connection = await instance.connect();
await connection.run("PRAGMA enable_profiling = 'json'");
await connection.run(`PRAGMA profiling_output = '${output}'`);
await connection.run("SET profiling_mode = 'detailed'");
const start = performance.now();
const result = (await connection.runAndReadAll(query, params as never)).getRows()[0]!.map(Number);
const seconds = (performance.now() - start) / 1000;
await connection.run("PRAGMA disable_profiling");
connection.closeSync();
instance.closeSync();

const profile = JSON.parse(readFileSync(output, "utf8")) as ProfileNode & { latency?: number; cpu_time?: number; system_peak_buffer_memory?: number };
rmSync(work, { recursive: true, force: true });
const operators: { name: string; seconds: number; rows: number; extra: string }[] = [];
const walk = (node: ProfileNode): void => {
  operators.push({ name: node.operator_name ?? node.operator_type ?? "?", seconds: node.operator_timing ?? 0, rows: node.operator_cardinality ?? 0, extra: JSON.stringify(node.extra_info ?? {}) });
  for (const child of node.children ?? []) walk(child);
};
for (const child of profile.children ?? []) walk(child);

const byType = new Map<string, { seconds: number; count: number }>();
for (const operator of operators) {
  const entry = byType.get(operator.name) ?? { seconds: 0, count: 0 };
  entry.seconds += operator.seconds;
  entry.count++;
  byType.set(operator.name, entry);
}
const eventScans = operators.filter((operator) => operator.name === "SEQ_SCAN" && operator.extra.includes(".events")).length;
console.log(`${target}: ${seconds.toFixed(2)} s wall (profiling on), result ${result.join(", ")}`);
console.log(`CPU ${profile.cpu_time?.toFixed(1)} s over ${threads} threads; DuckDB peak buffer memory ${Math.round((profile.system_peak_buffer_memory ?? 0) / 2 ** 20).toLocaleString("en-US")} MB`);
console.log(`${operators.length} operators; ${eventScans} scans of the events table; ${byType.get("LEFT_DELIM_JOIN")?.count ?? 0} LEFT_DELIM_JOINs (one per correlated subquery DuckDB decorrelates)`);
console.log("\noperator time by type (summed over threads):");
for (const [name, entry] of [...byType].sort((a, b) => b[1].seconds - a[1].seconds)) console.log(`  ${name.padEnd(22)} ${entry.seconds.toFixed(2).padStart(7)} s  over ${entry.count}`);
console.log("\ncostliest operators:");
for (const operator of operators.sort((a, b) => b.seconds - a.seconds).slice(0, 10)) console.log(`  ${operator.seconds.toFixed(2).padStart(6)} s  ${operator.name} rows=${operator.rows.toLocaleString("en-US")} ${operator.extra.slice(0, 140)}`);
