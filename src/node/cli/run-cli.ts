/// <reference types="node" />
/**
 * What the `nudgekit` command runs (parsed with commander):
 * - `nudgekit replay --config campaigns.json --events events.jsonl [--users users.jsonl] [--out decisions.jsonl] …`
 *   replays an event log through the engine and prints a summary;
 * - `nudgekit kpis --config campaigns.json --events outcomes.jsonl [--by campaign,variant] [--csv kpis.csv] [--json]`
 *   folds message outcomes, exposures and conversions and prints KPIs, experiment reports and holdout lift;
 * - `nudgekit prepare --config campaigns.json [--out prepared.json]` validates a config and writes
 *   it prepared (`prepareConfig`), for `loadEngine` from nudgekit/runtime in browsers; with
 *   `--module engine.js` it writes an engine module instead (`emitEngineModule`, esbuild imported then);
 * - `nudgekit audience --config campaigns.json --events events.jsonl [--profiles users.jsonl] [--segment id]… [--now instant] [--out members.csv]`
 *   computes the config's segments on DuckDB in process (the optional peer `@duckdb/node-api`,
 *   imported only then), and `nudgekit audience --config … --sql postgres` prints their SQL instead.
 *
 * Node only (files, stderr progress). `--help` and `--version` work on the command and on each subcommand.
 */
import { constants as bufferConstants } from "node:buffer";
import { closeSync, createWriteStream, openSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import packageJson from "../../../package.json";
import { ConfigError } from "../../engine/config-error.js";
import { createEngine } from "../../engine/create-engine.js";
import { codegenBackend } from "../../rules/codegen/codegen-backend.js";
import type { RuleBackend } from "../../rules/compiler/rule-backend.js";
import { prepareConfig } from "../../engine/prepared/prepare-config.js";
import { PreparedConfigError } from "../../engine/prepared/prepared-config-error.js";
import { emitEngineModule, type EmittedEngineModule } from "../standalone/emit-engine-module.js";
import { EngineModuleBuildError } from "../standalone/engine-module-build-error.js";
import type { Engine } from "../../engine/engine.js";
import { intlTimeZones } from "../../time-zones/intl-time-zones.js";
import { pinnedTimeZones } from "../../time-zones/pinned/pinned-time-zones.js";
import type { TimeZoneProvider } from "../../time-zones/time-zone-provider.js";
import { DEFAULT_EVENT_ORDER_LIMITS } from "../replay/event-log.js";
import { formatSummary } from "../replay/format-summary.js";
import { LineReports } from "../replay/line-reports.js";
import { replayFiles } from "../replay/replay-files.js";
import { ReplayProgress, type ProgressMode } from "../replay/replay-progress.js";
import { formatMetrics } from "../replay/format-metrics.js";
import { campaignsWithConversions, experimentsOfConfig, ReplayMetrics, type ReplayMetricsReport } from "../replay/replay-metrics.js";
import { SendTimeEvaluator } from "../../replay/send-time-evaluation.js";
import { parseUserLine } from "../../replay/replay-input.js";
import { readLines } from "../replay/read-lines.js";
import { readJsonFile } from "./read-json-file.js";
import { compileMetricsConfig } from "../../metrics/config/compile-metrics-config.js";
import { MetricsConfigError } from "../../metrics/config/metrics-config-error.js";
import { ATTRIBUTION_MODELS, type AttributionModel } from "../../metrics/events/outcome-vocabulary.js";
import { experimentReport } from "../../metrics/reports/experiment-report.js";
import { holdoutLift } from "../../metrics/reports/holdout-lift.js";
import { KPI_DIMENSIONS, kpis, type KpiDimension } from "../../metrics/reports/kpis.js";
import { settleOutcomes } from "../../metrics/state/settle-outcomes.js";
import { parseDuration } from "../../time/duration.js";
import { foldOutcomeFile } from "../metrics/fold-outcome-file.js";
import { foldOutcomeFileInWorkers } from "../metrics/fold-outcome-file-in-workers.js";
import { formatExperiment, formatKpis, formatLift, kpisCsv } from "../metrics/format-kpis.js";
import { parseIsoInstant, MAX_EPOCH_MS } from "../../time/timestamp.js";
import { SQL_DIALECTS, type SqlDialectName } from "../../sql/sql-dialect.js";
import { AudienceSchemaError } from "../../sql/sql-options.js";
import type { AudienceSchema } from "../../sql/audience-schema.js";
import { audienceConfig, type AudienceConfig } from "../audience/audience-config.js";
import { AudienceInputError } from "../audience/audience-input-error.js";
import { computeAudience, LOADED_TABLES, type InputFile } from "../audience/compute-audience.js";
import { audienceJson, formatAudience } from "../audience/format-audience.js";
import { formatSegmentsSql, segmentsSqlJson } from "../audience/format-segments-sql.js";
import { INPUT_EXTENSIONS, inputFormatOf } from "../audience/input-format.js";
import { MembersCsv } from "../audience/members-csv.js";
import { selectSegments, type SegmentSelection } from "../audience/segment-selection.js";
import { translateSegments } from "../audience/translate-segments.js";

const VERSION: string = packageJson.version;

/** A failure the command reports on stderr, with its exit code. */
class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function fail(message: string, code: number): never {
  throw new CliFailure(message, code);
}

const say = (text: string): void => void process.stderr.write(`${text}\n`);

/** Reads a config file and compiles it with `compile`; an unreadable file or an invalid config fails with exit code 1, listing every problem. */
function fromConfigFile<T>(file: string, compile: (config: unknown) => T): T {
  let config: unknown;
  try {
    config = readJsonFile(file);
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  try {
    return compile(config);
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof MetricsConfigError)) throw error;
    fail(`${file} is not a valid config (${error.problems.length} problem(s)):\n${error.problems.map((problem) => `  ${problem.path || "/"}: ${problem.message}`).join("\n")}`, 1);
  }
}

/** An input file that must exist and be readable, checked before any work. */
function requireReadableFile(file: string, what: string): void {
  try {
    if (!statSync(file).isFile()) fail(`cannot read ${what} ${file}: not a file`, 1);
    closeSync(openSync(file, "r"));
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    fail(`cannot read ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

/** Whether two paths name one existing file (the same device and inode, links and relative paths included). */
function sameFile(a: string, b: string): boolean {
  try {
    const [first, second] = [statSync(a), statSync(b)];
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

/** An output file, opened (created or emptied) before any work, so that a bad path fails at once. */
function openOutput(file: string): number {
  try {
    return openSync(file, "w");
  } catch (error) {
    fail(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}

/** The `--time-zones` choices: where zone offsets come from (docs/time-zones.md). */
const TIME_ZONE_PROVIDERS: Readonly<Record<string, TimeZoneProvider>> = { intl: intlTimeZones, pinned: pinnedTimeZones };

const timeZonesOption = (): Option =>
  new Option("--time-zones <provider>", `where time-zone offsets come from: intl (the runtime's Intl) or pinned (the tz database ${pinnedTimeZones.version} built into nudgekit: the same answers on every runtime)`)
    .choices(Object.keys(TIME_ZONE_PROVIDERS))
    .default("intl");

/**
 * The `--rule-backend` choices. The command runs in Node, where generating code is allowed, so it
 * takes the code-generating backend unless told otherwise: the same decisions, faster rules.
 */
const RULE_BACKENDS: Readonly<Record<string, RuleBackend | undefined>> = { codegen: codegenBackend, closures: undefined };

const ruleBackendOption = (): Option =>
  new Option("--rule-backend <backend>", "how rules run: codegen (generated JavaScript, the faster) or closures (no code generation); the decisions are the same")
    .choices(Object.keys(RULE_BACKENDS))
    .default("codegen");

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) throw new InvalidArgumentError("expected a whole number ≥ 1.");
  return parsed;
}

/** Workers and partitions: a few, not thousands of threads or passes over a file. */
function positiveCount(value: string): number {
  const parsed = positiveInteger(value);
  if (parsed > 256) throw new InvalidArgumentError("expected at most 256.");
  return parsed;
}

/** A line over the longest string Node can hold cannot be read at all: the limit is at most that. */
function lineLimit(value: string): number {
  const parsed = positiveInteger(value);
  if (parsed > bufferConstants.MAX_STRING_LENGTH) throw new InvalidArgumentError(`expected at most ${bufferConstants.MAX_STRING_LENGTH.toLocaleString("en-US")} (the longest string Node can hold).`);
  return parsed;
}

interface ReplayCommandOptions {
  config: string;
  events: string;
  users?: string;
  out?: string;
  outcomes: string[];
  kpis?: string;
  minUsersPerVariant: number;
  sendTime?: boolean;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  progress?: boolean;
  strict?: boolean;
  timeZones: string;
  ruleBackend: string;
  sortBuffer: number;
  maxLineBytes: number;
  tmpDir?: string;
}

async function replay(options: ReplayCommandOptions): Promise<number> {
  const started = performance.now();
  const timeZones = TIME_ZONE_PROVIDERS[options.timeZones] as TimeZoneProvider;
  const backend = RULE_BACKENDS[options.ruleBackend];
  // Outcomes are reported when asked for: outcome files to fold, or a KPI file to write.
  const wantsMetrics = options.outcomes.length > 0 || options.kpis !== undefined || options.sendTime === true;
  const userZones = new Map<string, string>();
  const { engine, metrics } = fromConfigFile(options.config, (config) => {
    const engine: Engine = createEngine(config, { timeZones, ...(backend === undefined ? {} : { backend }) });
    if (!wantsMetrics) return { engine, metrics: null };
    const metricsConfig = compileMetricsConfig(config as Record<string, unknown>);
    const sendTime = options.sendTime === true ? { evaluator: new SendTimeEvaluator({ timeZones }), zoneOf: (userId: string) => userZones.get(userId) } : undefined;
    return { engine, metrics: { replay: new ReplayMetrics({ config: metricsConfig, experiments: experimentsOfConfig(config), minimumUsersPerVariant: options.minUsersPerVariant, ...(sendTime === undefined ? {} : { sendTime }) }), converting: campaignsWithConversions(metricsConfig) } };
  });
  // The send-time evaluation reads each user's zone (a map of ids to zone names: the profiles themselves stay on disk).
  if (options.sendTime === true && options.users !== undefined) {
    requireReadableFile(options.users, "the users file");
    for await (const read of readLines(options.users, { maxLineBytes: options.maxLineBytes })) {
      for (const line of read.lines) {
        if (line.text === null) continue;
        const parsed = parseUserLine(line.text, line.line, timeZones);
        const zone = "profile" in parsed ? parsed.profile["timeZone"] : undefined;
        if ("profile" in parsed && typeof zone === "string") userZones.set(parsed.id, zone);
      }
    }
  }
  requireReadableFile(options.events, "the events file");
  if (options.users !== undefined) requireReadableFile(options.users, "the users file");
  for (const file of options.outcomes) requireReadableFile(file, "the outcomes file");
  const kpisFile = options.kpis === undefined ? undefined : openOutput(options.kpis);
  const decisions = options.out === undefined ? undefined : createWriteStream("", { fd: openOutput(options.out), encoding: "utf8" });

  const progress = new ReplayProgress(process.stderr, options.progress === false ? "off" : process.stderr.isTTY ? "bar" : options.progress === true ? "lines" : "off");
  const tell = (text: string): void => {
    progress.clear();
    say(text);
  };
  const reports = new LineReports();
  const report = (file: string, kind: string, line: number, message: string, before: number, reason: string): void => {
    if (options.quiet === true) return;
    if (options.verbose === true || before < reports.examplesPerGroup) tell(`${file}:${line}: ${kind}: ${message}`);
    else if (before === reports.examplesPerGroup) tell(`${file}: more lines ${kind === "skipped" ? `skipped (${reason})` : "with warnings"}: counted in the summary, not shown (--verbose shows each one)`);
  };
  let result;
  try {
    result = await replayFiles({
      engine,
      events: options.events,
      ...(options.users === undefined ? {} : { users: options.users }),
      ...(decisions === undefined ? {} : { decisions }),
      ...(metrics === null ? {} : { onResult: metrics.replay.onResult }),
      timeZones,
      limits: { sortBufferEvents: options.sortBuffer, maxLineBytes: options.maxLineBytes, ...(options.tmpDir === undefined ? {} : { temporaryDirectory: options.tmpDir }) },
      onSkipped: (file, skipped) => report(file, "skipped", skipped.line, skipped.message, reports.skip(file, skipped), skipped.reason),
      onWarning: (file, warning) => report(file, "warning", warning.line, warning.message, reports.warn(file, warning), "warning"),
      onDueError: (error) => {
        if (options.quiet !== true) tell(`user ${error.userId}: the engine threw on the due check at ${new Date(error.at).toISOString()} (${error.message}); skipped`);
      },
      onProgress: (phase, done, total, unit) => progress.update(phase === "reading" ? `reading ${options.events}` : phase, done, total, unit),
    });
  } catch (error) {
    decisions?.destroy();
    throw error;
  } finally {
    progress.clear();
  }
  const { summary } = result;
  if (options.verbose === true) {
    const order =
      result.order === "in-memory"
        ? "replayed in memory in time order"
        : `replayed one user at a time: sorted by user on disk in ${result.runs.toLocaleString("en-US")} runs of up to ${options.sortBuffer.toLocaleString("en-US")} events`;
    say(`${options.events}: ${result.summary.events.toLocaleString("en-US")} events, ${order}`);
  }
  summary.skippedLines = reports.skippedLines;
  for (const [reason, group] of reports.skipped) summary.skippedByReason.set(reason, group.count);
  summary.warnings = reports.warnings.count;
  // The replay's own time: folding the outcome files comes after.
  const seconds = (performance.now() - started) / 1000;
  let metricsReport: ReplayMetricsReport | null = null;
  if (metrics !== null) {
    for (const file of options.outcomes) {
      let shown = 0;
      await metrics.replay.foldFile(file, options.maxLineBytes, (line, message) => {
        if (options.quiet !== true && (options.verbose === true || shown++ < reports.examplesPerGroup)) say(`${file}:${line}: skipped: ${message}`);
      });
    }
    metricsReport = metrics.replay.report();
    if (kpisFile !== undefined) {
      writeFileSync(kpisFile, kpisCsv(metricsReport.kpis));
      closeSync(kpisFile);
    }
  }
  if (options.json === true) process.stdout.write(`${JSON.stringify(metricsReport === null ? summary.toJSON() : { ...summary.toJSON(), metrics: metricsReport }, null, 2)}\n`);
  else {
    const text = formatSummary(summary, reports, { eventsFile: options.events, eventLines: result.eventLines, seconds });
    process.stdout.write(`${text}\n${metricsReport === null || metrics === null ? "" : `\n${formatMetrics(metricsReport, metrics.converting)}\n`}`);
  }
  if (options.strict === true && (reports.skippedLines > 0 || summary.events === 0)) {
    say(`nudgekit: --strict: ${summary.events === 0 ? "no event was replayed" : `${reports.skippedLines.toLocaleString("en-US")} line(s) skipped`}`);
    return 1;
  }
  return 0;
}

interface PrepareCommandOptions {
  config: string;
  out?: string;
  module?: string;
  format?: "esm" | "cjs";
  timeZones: string;
}

/** `nudgekit prepare --module`: the config as one engine module (emitEngineModule), written to the file. */
async function prepareModule(options: PrepareCommandOptions & { module: string }): Promise<number> {
  let input: unknown;
  try {
    input = readJsonFile(options.config);
  } catch (error) {
    fail(`cannot read ${options.config}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const format = options.format ?? (options.module.endsWith(".cjs") ? "cjs" : "esm");
  let emitted: EmittedEngineModule;
  try {
    emitted = await emitEngineModule(input, { format, timeZones: options.timeZones === "pinned" ? "pinned" : "intl" });
  } catch (error) {
    if (error instanceof ConfigError) fail(`${options.config} is not a valid config (${error.problems.length} problem(s)):\n${error.problems.map((problem) => `  ${problem.path || "/"}: ${problem.message}`).join("\n")}`, 1);
    if (error instanceof PreparedConfigError || error instanceof EngineModuleBuildError) fail(`${options.config}: ${error.message}`, 1);
    throw error;
  }
  try {
    writeFileSync(options.module, emitted.code);
  } catch (error) {
    fail(`cannot write ${options.module}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  const gzipped = gzipSync(emitted.code, { level: 9 }).length;
  say(`engine module ${options.config} → ${options.module} (${format}, config ${emitted.digest}, hash ${emitted.hash}, nudgekit ${emitted.nudgekit}, esbuild ${emitted.esbuild}): ${Buffer.byteLength(emitted.code).toLocaleString("en-US")} bytes, ${gzipped.toLocaleString("en-US")} gzipped`);
  return 0;
}

function prepare(options: PrepareCommandOptions): number {
  if (options.format !== undefined) fail("--format is the engine module's (--module)", 2);
  const timeZones = TIME_ZONE_PROVIDERS[options.timeZones] as TimeZoneProvider;
  const text = `${JSON.stringify(fromConfigFile(options.config, (config) => prepareConfig(config, { timeZones })))}\n`;
  if (options.out === undefined) process.stdout.write(text);
  else {
    try {
      writeFileSync(options.out, text);
    } catch (error) {
      fail(`cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
    say(`prepared ${options.config} → ${options.out} (${Buffer.byteLength(text).toLocaleString("en-US")} bytes)`);
  }
  return 0;
}

interface KpisCommandOptions {
  config: string;
  events: string;
  by: string;
  attribution?: string;
  lateness: string;
  json?: boolean;
  csv?: string;
  quiet?: boolean;
  maxLineBytes: number;
  workers: number;
  partitions?: number;
}

function dimensions(value: string): KpiDimension[] {
  const list = value === "" ? [] : value.split(",").map((part) => part.trim());
  for (const part of list) if (!(KPI_DIMENSIONS as readonly string[]).includes(part)) throw new InvalidArgumentError(`expected a comma-separated list of ${KPI_DIMENSIONS.join(", ")}.`);
  return list as KpiDimension[];
}

async function kpisCommand(options: KpisCommandOptions): Promise<number> {
  const started = performance.now();
  const model = options.attribution as AttributionModel | undefined;
  let rawConfig: unknown;
  const config = fromConfigFile(options.config, (raw) => compileMetricsConfig((rawConfig = raw) as Record<string, unknown>, model === undefined ? {} : { model }));
  requireReadableFile(options.events, "the events file");
  const lateness = parseDuration(options.lateness);
  if (!lateness.ok) fail(`--lateness ${JSON.stringify(options.lateness)} is not a duration (e.g. "1h", "1d")`, 2);
  const csv = options.csv === undefined ? undefined : openOutput(options.csv);
  let shown = 0;
  const onSkipped = (line: number, message: string): void => {
    if (options.quiet !== true && shown++ < 5) say(`${options.events}:${line}: skipped: ${message}`);
  };
  const partitions = options.partitions ?? options.workers;
  const { state, lines, notJson } =
    partitions === 1
      ? await foldOutcomeFile(options.events, { config, latenessMs: lateness.milliseconds, maxLineBytes: options.maxLineBytes, onSkipped })
      : await foldOutcomeFileInWorkers(options.events, {
          rawConfig,
          config,
          ...(model === undefined ? {} : { model }),
          latenessMs: lateness.milliseconds,
          maxLineBytes: options.maxLineBytes,
          partitions,
          workers: options.workers,
          onSkipped,
        });
  // The file is the whole log: settle everything once, so that each report reads closed counts (no copy of open state per report).
  settleOutcomes(state, config, Number.POSITIVE_INFINITY);
  const rows = kpis(state, { by: dimensions(options.by) });
  const experiments = [...config.experiments.keys()].sort().map((id) => experimentReport(state, id));
  const lifts = holdoutLift(state);
  if (csv !== undefined) {
    writeFileSync(csv, kpisCsv(rows));
    closeSync(csv);
  }
  const counts = { ...state.counts, notJson, outsideWindow: state.outsideWindow, repeatedOrders: state.repeatedOrders };
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ counts, kpis: rows, experiments, lift: lifts }, null, 2)}\n`);
    return 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const out = [
    `${options.events}: ${lines.toLocaleString("en-US")} lines in ${seconds.toFixed(1)} s (${Math.round(lines / Math.max(seconds, 1e-9)).toLocaleString("en-US")} lines/s), attribution ${config.model}`,
    `  folded ${counts.folded.toLocaleString("en-US")}, duplicates ${counts.duplicates.toLocaleString("en-US")}, late ${counts.late.toLocaleString("en-US")}, ignored ${counts.ignored.toLocaleString("en-US")}, invalid ${(counts.invalid + notJson).toLocaleString("en-US")}`,
    "",
    "KPIs (95% Wilson intervals):",
    ...formatKpis(rows),
  ];
  if (experiments.length > 0) out.push("", "Experiments:", ...experiments.flatMap(formatExperiment));
  if (lifts.length > 0) out.push("", "Lift (conversions within the window after the first send or exposure):", ...formatLift(lifts));
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

const KPIS_EXAMPLES = `
Examples:
  $ nudgekit kpis --config campaigns.json --events outcomes.jsonl
  $ nudgekit kpis --config campaigns.json --events outcomes.jsonl --by campaign,variant,day --csv kpis.csv
  $ nudgekit kpis --config campaigns.json --events outcomes.jsonl --attribution linear --json > kpis.json
  $ nudgekit kpis --config campaigns.json --events big.jsonl --workers 2 --partitions 4 --json > kpis.json

A line is a message outcome {"outcome": "sent" | "delivered" | … | "complaint", "id", "userId", "time",
"campaignId"?, "variantId"?, "channel"?, "deliveryId"?, "machine"?, "linkId"?}, an exposure
{"outcome": "exposure", …, "experimentId", "variantId"} or one of the users' events
{"userId", "name", "time", "id"?, "revenue"?, "currency"?, "orderId"?} (a conversion when a campaign's
conversions name it). The file is read once, in any order within --lateness. Guide: docs/metrics.md`;

const REPLAY_EXAMPLES = `
Examples:
  $ nudgekit replay --config campaigns.json --events events.jsonl --users users.jsonl
  $ nudgekit replay --config campaigns.json --events events.jsonl --out decisions.jsonl --progress
  $ nudgekit replay --config campaigns.next.json --events events.jsonl --json --quiet > after.json
  $ nudgekit replay --config campaigns.json --events events.jsonl --strict   # exit 1 if a line was skipped
  $ nudgekit replay --config campaigns.json --events events.jsonl --time-zones pinned
  $ nudgekit replay --config campaigns.json --events events.jsonl --users users.jsonl --outcomes outcomes.jsonl --kpis kpis.csv

An event line is {"userId", "name", "time", "id"?, "properties"?} (time: epoch ms or ISO 8601 with an
offset); a user line is a profile with an "id". Events and users may come in any order, files of any
size: a log of up to --sort-buffer events is replayed in memory; a longer one is sorted by user on
disk (in the temporary directory: about the log's size, plus the decisions with --out) and
replayed one user at a time, with memory bounded whatever the number of users. Decisions are written
in time order either way. Exit codes: 0 done, 1 invalid config, unreadable or unwritable file (or,
with --strict, skipped lines or no event), 2 usage.
With --outcomes (or --kpis), the replay's sends and exposures (outcomesOfResult) are folded with the
outcome files (nudgekit/metrics: any order) and the summary goes on with KPIs per campaign and variant,
each experiment against its control with the winner pickWinner would choose, and holdout lift
(docs/metrics.md; with --json, under "metrics").
Guide: docs/guides/replaying-an-event-log.md`;

const PREPARE_EXAMPLES = `
Examples:
  $ nudgekit prepare --config campaigns.json --out prepared.json
  $ nudgekit prepare --config campaigns.json | gzip > prepared.json.gz
  $ nudgekit prepare --config campaigns.json --time-zones pinned --out prepared.json   # for loadEngine(prepared, { timeZones: pinnedTimeZones })
  $ nudgekit prepare --config campaigns.json --module public/engine.js                 # an engine module: const { engine } = await import("/engine.js")
  $ nudgekit prepare --config prepared.json --module engine.cjs                        # from a prepared config; CommonJS by its extension

An engine module is bundled by esbuild, an optional peer dependency (npm install --save-dev esbuild).
Guide: docs/guides/browser.md

Exit codes: 0 done, 1 invalid config or unreadable or unwritable file, 2 usage.`;

/** `--now`: an ISO 8601 instant with an offset (a date alone: its UTC midnight), or epoch milliseconds. */
function instant(value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : parseIsoInstant(value);
  if (parsed === undefined || !(Math.abs(parsed) <= MAX_EPOCH_MS)) throw new InvalidArgumentError('expected an ISO 8601 instant with an offset ("2026-11-24T12:00:00Z") or epoch milliseconds.');
  return parsed;
}

interface AudienceCommandOptions {
  config: string;
  events?: string;
  profiles?: string;
  segment: string[];
  now?: number;
  out?: string;
  sql?: SqlDialectName;
  schema?: string;
  json?: boolean;
  quiet?: boolean;
  progress?: boolean;
  tmpDir?: string;
}

/** An input file of `nudgekit audience`: its format by extension (otherwise a usage error), readable (otherwise exit code 1). */
function audienceInput(file: string, option: "--events" | "--profiles", usage: (message: string) => never): InputFile {
  const format = inputFormatOf(file);
  if (format === undefined) usage(`${option} ${file}: the format is chosen by the extension: ${INPUT_EXTENSIONS}`);
  // DuckDB's readers take these as a pattern of file names.
  // The whole absolute path, folders included: DuckDB is given that, and would read `run[1]/e.jsonl` as `run1/e.jsonl`.
  if (/[*?[{]/.test(resolve(file))) usage(`${option} ${file}: DuckDB reads * ? [ { in a path as a pattern (here: ${resolve(file)}): move the file or link it under another path`);
  requireReadableFile(file, option === "--events" ? "the events file" : "the profiles file");
  return { file, format };
}

/** `nudgekit audience --sql`: each selected segment's query and parameters, for the dialect. */
function printAudienceSql(options: AudienceCommandOptions, dialect: SqlDialectName, config: AudienceConfig, selection: SegmentSelection, now: number, usage: (message: string) => never): number {
  const unused = (["events", "profiles", "out"] as const).filter((name) => options[name] !== undefined);
  if (unused.length > 0) usage(`--sql prints the SQL for a database and reads no file: ${unused.map((name) => `--${name}`).join(", ")} cannot go with it`);
  // Without --schema: the tables the command loads files into (profiles without attribute columns).
  let schema: unknown = LOADED_TABLES;
  if (options.schema !== undefined) {
    try {
      schema = readJsonFile(options.schema);
    } catch (error) {
      fail(`cannot read ${options.schema}: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
  }
  const hint = (reason: string): string =>
    options.schema === undefined && /no column for|the schema's events table/.test(reason)
      ? "\n  without --schema, --sql reads the tables profiles (id) and events (user_id, name, time, properties as JSON): give your tables and columns with --schema schema.json"
      : "";
  let queries;
  try {
    queries = translateSegments(selection, schema as AudienceSchema, dialect, { now, behaviour: config.policy }, hint);
  } catch (error) {
    if (error instanceof AudienceInputError) fail(error.message, 1);
    if (error instanceof AudienceSchemaError) fail(`${options.schema} is not a valid audience schema (${error.problems.length} problem(s)):\n${error.problems.map((problem) => `  ${problem.path || "/"}: ${problem.message}`).join("\n")}`, 1);
    throw error;
  }
  process.stdout.write(options.json === true ? `${JSON.stringify(segmentsSqlJson(queries, selection.ids, dialect, now), null, 2)}\n` : formatSegmentsSql(queries, selection.ids, dialect, now));
  return 0;
}

async function audience(options: AudienceCommandOptions, usage: (message: string) => never): Promise<number> {
  const config = fromConfigFile(options.config, audienceConfig);
  let selection: SegmentSelection;
  try {
    selection = selectSegments(config.segments, options.segment);
  } catch (error) {
    usage(`--segment: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The command is an adapter: without --now it reads the clock, and says what it read, so that the run can be repeated.
  const now = options.now ?? Date.now();
  if (options.now === undefined && options.quiet !== true) say(`nudgekit audience: now is ${new Date(now).toISOString()} (the current time; --now ${new Date(now).toISOString()} computes these members again)`);
  if (options.sql !== undefined) return printAudienceSql(options, options.sql, config, selection, now, usage);
  if (options.schema !== undefined) usage("--schema goes with --sql: the files' own columns are read otherwise");
  if (options.events === undefined) usage("--events is required (or --sql <dialect> to print the SQL for a database)");
  const events = audienceInput(options.events, "--events", usage);
  const profiles = options.profiles === undefined ? undefined : audienceInput(options.profiles, "--profiles", usage);
  const out = options.out;
  // Opening --out empties it: it must not be one of the inputs.
  if (out !== undefined) for (const input of [events, profiles]) if (input !== undefined && sameFile(out, input.file)) usage(`--out ${out} is the input ${input.file}: writing the members would empty it first`);
  const members = out === undefined ? undefined : new MembersCsv(createWriteStream("", { fd: openOutput(out), encoding: "utf8" }), !(options.segment.length > 0 && selection.ids.length === 1));
  const written = async (write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      fail(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`, 1);
    }
  };
  const progress = new ReplayProgress(process.stderr, options.progress === false ? "off" : process.stderr.isTTY ? "bar" : options.progress === true ? "lines" : "off");
  let report;
  try {
    report = await computeAudience({
      config,
      selection,
      events,
      ...(profiles === undefined ? {} : { profiles }),
      now,
      temporaryDirectory: options.tmpDir ?? DEFAULT_EVENT_ORDER_LIMITS.temporaryDirectory,
      onPhase: (text) => progress.phase(text),
      ...(members === undefined ? {} : { onMembers: (id: string, userIds: readonly string[]) => written(() => members.write(id, userIds)) }),
    });
    if (members !== undefined) await written(() => members.end());
  } catch (error) {
    if (error instanceof AudienceInputError) fail(error.message, 1);
    throw error;
  } finally {
    progress.clear();
  }
  const files = { events: events.file, ...(profiles === undefined ? {} : { profiles: profiles.file }), ...(out === undefined ? {} : { out }) };
  process.stdout.write(options.json === true ? `${JSON.stringify(audienceJson(report, files), null, 2)}\n` : formatAudience(report, files));
  return 0;
}

const AUDIENCE_EXAMPLES = `
Examples:
  $ nudgekit audience --config campaigns.json --events events.jsonl --profiles users.jsonl --out members.csv
  $ nudgekit audience --config campaigns.json --events events.parquet --segment buyers --now 2026-11-24T12:00:00Z --out buyers.csv
  $ nudgekit audience --config campaigns.json --events events.csv --json
  $ nudgekit audience --config campaigns.json --sql postgres --segment buyers
  $ nudgekit audience --config campaigns.json --sql bigquery --schema schema.json --json > queries.json

The files' format is chosen by their extension: ${INPUT_EXTENSIONS}. An event is
{"userId", "name", "time", "id"?, "properties"?} as the replay reads it (time: epoch ms or ISO 8601
with an offset; in CSV and Parquet a column each, a tracked property as a column "amount" or
"properties.amount"); a profile is {"id", "attributes"?, …} (in CSV and Parquet, an id column and a
column "plan" or "attributes.plan" for user.attributes.plan). The members are those compileSegments
gives after foldEvents of the same events at --now. DuckDB runs in process: it is an optional peer
dependency (npm install @duckdb/node-api); --sql needs none. Exit codes: 0 done, 1 invalid config,
unreadable or unwritable file, a file DuckDB cannot read or a rule SQL cannot express, 2 usage.
Guide: docs/guides/segment-members-from-files.md`;

/** The `nudgekit` program: a fresh one per run (commander keeps parsed state on it). */
function program(exitCode: { value: number }): Command {
  const output = {
    writeOut: (text: string) => void process.stdout.write(text),
    writeErr: (text: string) => void process.stderr.write(text),
  };
  const command = (name: string): Command =>
    new Command(name).version(VERSION, "-V, --version", "print the version").helpOption("-h, --help", "print this help").configureOutput(output).exitOverride().showHelpAfterError(`(${name === "nudgekit" ? "nudgekit" : `nudgekit ${name}`} --help shows the usage)`);

  const root = command("nudgekit")
    .description("nudgekit: replay an event log through a campaign config, compute its segments' members, or prepare a config for browsers.")
    .addHelpText("after", "\nExamples:\n  $ nudgekit replay --config campaigns.json --events events.jsonl --users users.jsonl\n  $ nudgekit audience --config campaigns.json --events events.jsonl --profiles users.jsonl --out members.csv\n  $ nudgekit prepare --config campaigns.json --out prepared.json\n  $ nudgekit replay --help")
    .helpCommand(true);

  root.addCommand(
    command("replay")
      .description("Replay an event log through the engine as a service would run it, and print what would have been sent.")
      .requiredOption("--config <file>", "the engine config (JSON)")
      .requiredOption("--events <file>", "the event log: one JSON object per line, in any order")
      .option("--users <file>", "user profiles: one JSON object with an id per line")
      .option("--out <file>", "also write every decision to this file, one JSON line each, in time order")
      .option("--outcomes <file>", "message outcomes (delivered, open, click…), exposures and conversion events, one JSON object per line, in any order: folded with the replay's own sends and exposures to report KPIs per campaign and variant, experiments against their control, the winner pickWinner would choose, and holdout lift (repeatable)", (file: string, files: string[]) => [...files, file], [] as string[])
      .option("--kpis <file>", "also write the KPIs per campaign and variant as CSV (reports outcomes even without --outcomes)")
      .option("--send-time", "also evaluate send times: the share of push, web push and email sends within an hour of the user's next open (in the --outcomes files) for their best time (bestSendTime), a fixed hour (10:00 local) and the population's best hour")
      .addOption(new Option("--min-users-per-variant <users>", "pickWinner's minimum users in every arm before it picks a winner").argParser(positiveInteger).default(100))
      .option("--json", "print the summary as JSON instead of text")
      .option("-q, --quiet", "do not report skipped lines and warnings on stderr (the summary still counts them)")
      .option("-v, --verbose", `report every skipped line on stderr (by default: the first ${new LineReports().examplesPerGroup} of each reason)`)
      .option("--progress", "show progress on stderr (the default on a terminal: a line with percentage and ETA; elsewhere: a line every 10%)")
      .option("--no-progress", "show no progress")
      .option("--strict", "exit with 1 when a line was skipped or no event was replayed")
      .addOption(timeZonesOption())
      .addOption(ruleBackendOption())
      .addOption(new Option("--sort-buffer <events>", "a log of up to this many events is replayed in memory; a longer one is sorted by user on disk in runs of this size (also for users and decisions) and replayed one user at a time").argParser(positiveInteger).default(DEFAULT_EVENT_ORDER_LIMITS.sortBufferEvents))
      .addOption(new Option("--max-line-bytes <bytes>", "longer lines are skipped (never read into memory)").argParser(lineLimit).default(DEFAULT_EVENT_ORDER_LIMITS.maxLineBytes))
      .option("--tmp-dir <dir>", "where the sorted runs of a long log go, removed afterwards (default: the system's temporary directory)")
      .addHelpText("after", REPLAY_EXAMPLES)
      .action(async (options: ReplayCommandOptions) => {
        exitCode.value = await replay(options);
      }),
  );
  root.addCommand(
    command("kpis")
      .description("Fold a log of message outcomes, exposures and conversions, and print what each campaign and variant achieved: KPIs with intervals, experiment reports, holdout lift.")
      .requiredOption("--config <file>", "the config with the campaigns' conversions (an engine config)")
      .requiredOption("--events <file>", "outcomes, exposures and the users' events: one JSON object per line")
      .addOption(new Option("--by <dimensions>", `group the KPIs by these, comma-separated: ${KPI_DIMENSIONS.join(", ")} ("" for one row)`).default("campaign,variant,channel").argParser((value) => (dimensions(value), value)))
      .addOption(new Option("--attribution <model>", "credit conversions by this model instead of the config's").choices([...ATTRIBUTION_MODELS]))
      .option("--lateness <duration>", "how far out of time order the file may be: memory holds the open windows and this much", "1d")
      .option("--json", "print everything as JSON")
      .option("--csv <file>", "also write the KPI rows as CSV")
      .option("-q, --quiet", "do not report skipped lines")
      .addOption(new Option("--max-line-bytes <bytes>", "longer lines are skipped (never read into memory)").argParser(lineLimit).default(DEFAULT_EVENT_ORDER_LIMITS.maxLineBytes))
      .addOption(new Option("--workers <count>", "fold the file on this many threads, each a part of the users (cores: see nproc)").argParser(positiveCount).default(1))
      .addOption(new Option("--partitions <count>", "split the users into this many parts, folded one after the other on each worker: memory holds one part per worker (default: --workers)").argParser(positiveCount))
      .addHelpText("after", KPIS_EXAMPLES)
      .action(async (options: KpisCommandOptions) => {
        exitCode.value = await kpisCommand(options);
      }),
  );
  root.addCommand(
    command("prepare")
      .description("Validate a config and write it prepared (prepareConfig), for loadEngine from nudgekit/runtime.")
      .requiredOption("--config <file>", "the engine config (JSON), or a prepared config (with --module)")
      .option("--out <file>", "write the prepared config here instead of stdout")
      .option("--module <file>", "write one self-contained engine module instead (emitEngineModule from nudgekit/standalone: the engine as code, only what the config uses, CSP-safe; needs esbuild)")
      .addOption(new Option("--format <format>", "the engine module's format (default: cjs for a .cjs file, else esm)").choices(["esm", "cjs"]))
      .addOption(timeZonesOption())
      .addHelpText("after", PREPARE_EXAMPLES)
      .action(async (options: PrepareCommandOptions) => {
        if (options.module !== undefined && options.out !== undefined) fail("--out writes prepared JSON, --module an engine module: give one of them", 2);
        exitCode.value = options.module === undefined ? prepare(options) : await prepareModule({ ...options, module: options.module });
      }),
  );
  root.addCommand(
    command("audience")
      .description("Compute the config's segments over an event file (and a profiles file) — JSON lines, CSV or Parquet — on DuckDB in process, and write their members; or print their SQL for a database (--sql).")
      .requiredOption("--config <file>", "the engine config (JSON): its segments and behaviour are read")
      .option("--events <file>", "the events, in any order: JSON lines as the replay reads them, or CSV or Parquet with the columns userId, name, time, id?, properties? (required without --sql)")
      .option("--profiles <file>", "the profiles: JSON lines as the replay's users file, or CSV or Parquet with an id column and one per attribute (default: the users of the events, with no attributes)")
      .option("--segment <id>", "compute this segment (repeatable; default: every segment of the config)", (id: string, ids: string[]) => [...ids, id], [] as string[])
      .addOption(new Option("--now <instant>", "the instant the segments are computed for: ISO 8601 with an offset, or epoch ms (default: the current time, printed on stderr)").argParser(instant))
      .option("--out <file>", "write the members as CSV: segment,user_id, a row per membership (user_id alone with one --segment)")
      .addOption(new Option("--sql <dialect>", "print each segment's SQL and its parameters for this database instead (no DuckDB needed)").choices(Object.keys(SQL_DIALECTS)))
      .option("--schema <file>", "with --sql: your tables and columns, as nudgekit/sql's AudienceSchema (JSON); default: profiles (id) and events (user_id, name, time, properties)")
      .option("--json", "print the report (with --sql, the queries) as JSON")
      .option("-q, --quiet", "do not print the instant on stderr when --now is not given")
      .option("--progress", "show progress on stderr: the files loaded, the segment queried (the default on a terminal; elsewhere: a line each)")
      .option("--no-progress", "show no progress")
      .option("--tmp-dir <dir>", "where DuckDB spills what memory cannot hold, removed afterwards (default: the system's temporary directory)")
      .addHelpText("after", AUDIENCE_EXAMPLES)
      .action(async (options: AudienceCommandOptions, self: Command) => {
        exitCode.value = await audience(options, (message) => self.error(`error: ${message}`, { exitCode: 2 }));
      }),
  );
  return root;
}

/** Runs `nudgekit <command> …args`; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(args: readonly string[]): Promise<number> {
  const exitCode = { value: 0 };
  try {
    await program(exitCode).parseAsync([...args], { from: "user" });
    return exitCode.value;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, `help <command>` and --version end with exit code 0; commander has printed every usage error already.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`nudgekit: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliFailure ? error.exitCode : 1;
  }
}
