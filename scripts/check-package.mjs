// After `npm run build`: the package as published works for its users.
//
//   node scripts/check-package.mjs [--keep]     (--keep leaves the temporary directories in place)
//
// 1. publint: package.json against the files `npm pack` would publish. Every message is printed
//    (level "suggestion"); any error or warning fails.
// 2. npm pack, then @arethetypeswrong/cli on the tarball: every subpath export in every TypeScript
//    module resolution the package supports. Any problem fails.
// 3. Smoke test of the tarball as a user installs it: a fresh project runs `npm install <tgz>`
//    (runtime dependencies come from the npm registry), then
//    - an ESM script and a CommonJS script load every subpath and run each engine (before the
//      optional peer dependencies are installed: nothing but nudgekit/testing needs them);
//    - the README's runnable JavaScript examples print what the README shows;
//    - the JSON Schemas resolve by their export names (nudgekit/schema/engine-config.schema.json, …);
//    - the installed bin: `npx nudgekit replay` on a tiny generated config and event log, and
//      `npx nudgekit audience` without its optional peer @duckdb/node-api (a message to install it;
//      `--sql` prints the queries without it);
//    - with fast-check (optional peer) installed: nudgekit/testing loads from ESM and CommonJS;
//    - tsc (strict, noEmit, library files checked too) on two TypeScript projects that use the typed
//      API: `moduleResolution: "bundler"`, and `"node16"` with an ESM (.mts) and a CJS (.cts) file.
//
// Prints one ok/FAIL line per check and exits 1 if any failed.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const keep = process.argv.includes("--keep");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const attw = join(root, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");

let failures = 0;
function report(ok, what, details = []) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  for (const line of details) console.log(`       ${line}`);
  if (!ok) failures++;
  return ok;
}

/** Runs a command; resolves to its status and output (never throws). */
function run(command, args, cwd, env = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env, NO_COLOR: "1", FORCE_COLOR: "0" }, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? (result.error ? String(result.error) : "") };
}

/** The last lines of a command's output, to say why it failed. */
const tail = ({ stdout, stderr }, lines = 25) => `${stdout}\n${stderr}`.trim().split("\n").slice(-lines);

const temporary = [];
function temporaryDirectory(prefix) {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(directory);
  return directory;
}

function writeFiles(directory, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), typeof text === "string" ? text : `${JSON.stringify(text, null, 2)}\n`);
  }
}

// --- 1. publint ------------------------------------------------------------------------------

async function checkPublint() {
  const { publint } = await import("publint");
  const { formatMessage } = await import("publint/utils");
  const { messages, pkg: linted } = await publint({ pkgDir: root, level: "suggestion", pack: "npm", strict: false });
  const failing = messages.filter((message) => message.type === "error" || message.type === "warning");
  const lines = messages.map((message) => `${message.type}: ${formatMessage(message, linted, { color: false }) ?? message.code} [${message.code}]`);
  report(failing.length === 0, `publint: ${failing.length} error(s)/warning(s), ${messages.length - failing.length} suggestion(s)`, lines);
}

// --- 2. npm pack + are the types wrong --------------------------------------------------------

function pack(directory) {
  const packed = run("npm", ["pack", "--pack-destination", directory, "--json", "--ignore-scripts", "--loglevel=error"], root);
  if (packed.status !== 0) {
    report(false, "npm pack", tail(packed));
    return undefined;
  }
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
  const tarball = join(directory, info.filename);
  const files = new Set(info.files.map((file) => file.path));
  // What package.json points at must be in the tarball (publint checks this too; this names them).
  const targets = (value) => (typeof value === "string" ? [value] : value !== null && typeof value === "object" ? Object.values(value).flatMap(targets) : []);
  const referenced = targets(pkg.exports).map((path) => path.replace(/^\.\//, "")).filter((path) => !path.includes("*"));
  const missing = [...new Set([...referenced, ...Object.values(pkg.bin ?? {}).map((path) => path.replace(/^\.\//, ""))])].filter((path) => !files.has(path));
  report(missing.length === 0, `npm pack: ${info.filename}, ${info.entryCount} files, ${(info.size / 1000).toFixed(1)} kB packed, ${(info.unpackedSize / 1000).toFixed(1)} kB unpacked`, missing.map((path) => `not in the tarball: ${path}`));
  return tarball;
}

/**
 * @arethetypeswrong/cli with `--profile node16`: every resolution mode except "node10"
 * (`moduleResolution: "node"`/"node10", TypeScript's pre-`exports` resolution, which never reads
 * "exports" and so cannot see any subpath: it reports NoResolution for all of them). nudgekit
 * supports "bundler", "node16" and "nodenext" (docs/package.md); node10 users can import only the
 * root entry (through "types"). That is a support decision, not a silenced problem: nothing else
 * is ignored, and no rule is turned off.
 *
 * The Node-only subpaths (./redis, ./segments/workers) are checked like the others: their
 * declarations import no Node types (no `/// <reference types="node" />`) and no module from the
 * optional peer `redis` (the client is a structural type), so no false positive arises there.
 */
function checkTypes(tarball) {
  const ignoredResolutions = ["node10"];
  const args = [attw, tarball, "--profile", "node16", "--no-definitely-typed", "--no-color"];
  // Into a file: attw calls process.exit() on problems, which can cut a piped stdout short.
  const reportFile = join(dirname(tarball), "attw.json");
  const output = openSync(reportFile, "w");
  const json = spawnSync(process.execPath, [...args, "--format", "json"], { cwd: root, stdio: ["ignore", output, "pipe"], encoding: "utf8" });
  closeSync(output);
  json.stdout = readFileSync(reportFile, "utf8");
  let analysis;
  try {
    ({ analysis } = JSON.parse(json.stdout));
  } catch {
    report(false, "attw: no JSON report", tail(json));
    return;
  }
  // attw exits 0 for a package without types at all: that must fail here.
  if (!analysis.types) {
    report(false, "attw: the package ships no types");
    return;
  }
  const subpaths = Object.keys(pkg.exports);
  const unchecked = subpaths.filter((subpath) => !(subpath in analysis.entrypoints));
  const problems = analysis.problems.filter((problem) => !("resolutionKind" in problem && ignoredResolutions.includes(problem.resolutionKind)));
  const table = run(process.execPath, [...args, "--format", "table-flipped"], root);
  const ok = unchecked.length === 0 && problems.length === 0 && json.status === 0;
  report(ok, `attw (--profile node16): ${subpaths.length} subpath exports × node16 (from CJS), node16 (from ESM), bundler: ${problems.length} problem(s)`, [
    ...unchecked.map((subpath) => `not checked: ${subpath}`),
    ...problems.map(({ kind, ...where }) => `${kind}: ${Object.entries(where).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(", ")}`),
    ...(ok ? [] : table.stdout.trim().split("\n")),
  ]);
}

// --- 3. smoke test of the installed tarball ---------------------------------------------------

const NOW = "2026-11-23T12:00:00Z";
const CONFIG = {
  timeZone: "Europe/Paris",
  campaigns: [{ id: "welcome", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi {{ user.attributes.name | default: 'there' }}" } } }],
};
const PUSH_USER = { id: "u1", attributes: { name: "Ada" }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };

/**
 * The body both runtime scripts share: `m` holds the modules, `resolved` where each specifier
 * resolved. Prints "ok"/"FAIL" lines; sets the exit code.
 */
const PROBES = `
const checks = [];
const check = (what, test) => {
  let ok = false, error;
  try { ok = test() === true; } catch (caught) { error = caught; }
  console.log((ok ? "ok   " : "FAIL ") + what + (error ? " (threw " + (error && error.message) + ")" : ""));
  if (!ok) process.exitCode = 1;
};
const config = ${JSON.stringify(CONFIG)};
const user = ${JSON.stringify(PUSH_USER)};
check("resolves to the " + FORMAT + " build: " + Object.values(resolved).map((file) => file.slice(file.indexOf("dist/"))).join(", "), () =>
  Object.values(resolved).every((file) => (FORMAT === "esm" ? /\\.js$/ : /\\.cjs$/).test(file)));
check("nudgekit: createEngine(config).decide(input) sends the push, rendered", () => {
  const result = m.main.createEngine(config).decide({ event: { name: "tap" }, user, now: "${NOW}" });
  const decision = result.decisions[0];
  return result.decisions.length === 1 && decision.channel === "push" && decision.content.title === "Hi Ada" && result.records.some((record) => record.type === "delivery");
});
check("nudgekit: an invalid config throws ConfigError with paths", () => {
  try { m.main.createEngine({ campaigns: [{ id: 7 }] }); return false; } catch (error) { return error instanceof m.main.ConfigError && error.problems.length > 0 && error.problems.some((problem) => problem.path.startsWith("/campaigns/0")); }
});
check("nudgekit/runtime: loadEngine(prepareConfig(config)), through JSON, decides as createEngine does", () => {
  const prepared = JSON.parse(JSON.stringify(m.main.prepareConfig(config)));
  const input = { event: { name: "tap" }, user, now: "${NOW}" };
  return JSON.stringify(m.runtime.loadEngine(prepared).decide(input)) === JSON.stringify(m.main.createEngine(config).decide(input)) && m.runtime.loadEngine(prepared).decide(input).decisions.length === 1;
});
check("nudgekit/runtime: a changed prepared config throws PreparedConfigError", () => {
  const prepared = JSON.parse(JSON.stringify(m.main.prepareConfig(config)));
  prepared.engine.timeZone = "UTC";
  try { m.runtime.loadEngine(prepared); return false; } catch (error) { return error instanceof m.runtime.PreparedConfigError; }
});
check("nudgekit/rules: compileRule evaluates and rejects bad rules with RuleError", () => {
  const rule = m.rules.compileRule({ and: [{ "==": [{ var: "plan" }, "pro"] }, { ">": [{ var: "visits" }, 3] }] });
  let threw = false;
  try { m.rules.compileRule({ nope: [1] }); } catch (error) { threw = error instanceof m.rules.RuleError; }
  return rule({ plan: "pro", visits: 4 }) === true && rule({ plan: "free", visits: 9 }) === false && threw;
});
check("nudgekit/rules/codegen: compileRule with codegenBackend gives the closures' answers", () => {
  const rule = { and: [{ "==": [{ var: "plan" }, "pro"] }, { ">": [{ var: "visits" }, 3] }] };
  const generated = m.rules.compileRule(rule, { backend: m.codegen.codegenBackend });
  return generated({ plan: "pro", visits: 4 }) === true && generated({ plan: "free", visits: 9 }) === false && generated({ plan: "pro" }) === false;
});
check("nudgekit is the engine's API (its engines are on their subpaths), sharing one module instance with nudgekit/runtime", () =>
  m.main.loadEngine === m.runtime.loadEngine && m.main.PreparedConfigError === m.runtime.PreparedConfigError && m.main.compileRule === undefined && typeof m.rules.compileRule === "function");
check("nudgekit/experiments: assignVariant is deterministic; vendor bucketing matches", () => {
  const experiment = { id: "exp", variants: [{ id: "a", weight: 1 }, { id: "b", weight: 1 }] };
  const first = m.experiments.assignVariant(experiment, "user-42");
  return ["a", "b"].includes(first.variantId) && m.experiments.assignVariant(experiment, "user-42").variantId === first.variantId && m.experiments.optimizely.bucketValue("ppid11886780721") === 5254;
});
check("nudgekit/metrics: foldOutcomes + kpis credit a conversion to the message before it", () => {
  const metrics = m.metrics.compileMetricsConfig({ campaigns: [{ id: "cart", conversions: [{ id: "buy", event: "purchase", window: "24h" }] }] });
  const state = m.metrics.foldOutcomes(m.metrics.createOutcomeState(), [
    { outcome: "sent", id: "s", userId: "u", time: "2026-11-23T10:00:00Z", campaignId: "cart", channel: "push", deliveryId: "d" },
    { outcome: "delivered", id: "d", userId: "u", time: "2026-11-23T10:00:01Z", deliveryId: "d" },
    { name: "purchase", id: "p", userId: "u", time: "2026-11-23T11:00:00Z", revenue: 999, currency: "EUR" },
  ], metrics);
  const [row] = m.metrics.kpis(state);
  return row.conversions === 1 && row.revenue.EUR === 999 && row.conversionRate.rate === 1;
});
check("nudgekit/journeys: compileJourney + journeyStep send the first message and wait", () => {
  const journey = m.journeys.compileJourney({ id: "j", entry: { event: "signed_up" }, start: "hi", nodes: { hi: { type: "message", content: { title: "Hi" }, next: "wait" }, wait: { type: "delay", for: "2d", next: "bye" }, bye: { type: "exit" } } });
  const step = m.journeys.journeyStep(journey, null, { event: { name: "signed_up" } }, Date.UTC(2026, 0, 1));
  return step.actions.some((action) => action.type === "message" && action.node === "hi") && step.wakeAt === Date.UTC(2026, 0, 3);
});
check("nudgekit/delivery: toFcm builds a message within FCM's budget", () => {
  const fcm = m.delivery.toFcm({ content: { title: "Hi", body: "x".repeat(5000) } }, { token: "t" });
  return fcm.message.token === "t" && fcm.size.bytes <= 4096 && fcm.size.truncated[0] === "body";
});
check("nudgekit/standalone (Node): loads without its optional peer esbuild, and names the runtime contract nudgekit/runtime checks", () =>
  typeof m.standalone.emitEngineModule === "function" && m.standalone.ENGINE_MODULE_CONTRACT === m.runtime.ENGINE_MODULE_CONTRACT && typeof m.runtime.engineOfModule === "function");
check("nudgekit/sql: segmentsToSql binds the rule's literal and quotes the column", () => {
  const { segments } = m.sql.segmentsToSql([{ id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } }], { profiles: { table: "profiles", id: "id", attributes: { "user.attributes.plan": { column: "plan", type: "text" } } } }, "duckdb");
  return segments.pro.sql.includes('p."plan" IS NOT DISTINCT FROM CAST($1 AS VARCHAR)') && segments.pro.params[0] === "pro";
});
check("nudgekit/segments: foldEvents + compileSegments", () => {
  const aggregates = m.segments.foldEvents(null, [{ id: "1", name: "purchase", time: "2026-11-20T10:00:00Z" }], { events: { purchase: {} } });
  const segments = m.segments.compileSegments([{ id: "buyers", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } }]);
  return segments.segmentsOf({ behaviour: aggregates }, "${NOW}").join() === "buyers";
});
check("nudgekit/caps: checkCaps refuses a second push today and says when", () => {
  const policy = { caps: [{ id: "one-a-day", scope: { all: true }, limit: 1, window: { calendar: "day" } }] };
  const history = { deliveries: [{ at: Date.parse("2026-11-23T08:00:00Z"), channel: "push", campaign: "a" }] };
  const decision = m.caps.checkCaps(policy, history, { channel: "push", campaign: "b" }, Date.parse("${NOW}"), "Europe/Paris");
  return decision.allowed === false && decision.retryAt === Date.parse("2026-11-23T23:00:00Z");
});
check("nudgekit/channels: chooseChannel falls back to push without a session", () => {
  const choice = m.channels.chooseChannel({ id: "c", category: "promotional", channels: ["in_app", "push"] }, { session: { active: false }, consents: user.consents }, "${NOW}");
  return choice.channel === "push" && choice.rejected[0].reason === "no-active-session";
});
check("nudgekit/time-zones: the pinned tz database decides as the engine's time-zone provider", () => {
  const pinned = m.timeZones.pinnedTimeZones;
  const engine = m.main.createEngine({ ...config, timeZone: "Africa/Casablanca" }, { timeZones: pinned });
  const prepared = JSON.parse(JSON.stringify(m.main.prepareConfig(config, { timeZones: pinned })));
  return /^[0-9]{4}[a-z]$/.test(pinned.version) && pinned.offsetAt("Asia/Kolkata", Date.parse("${NOW}")) === 19800000 && pinned.isKnownZone("EST5EDT") && !pinned.isKnownZone("Mars/Base") &&
    engine.decide({ event: { name: "tap" }, user, now: "${NOW}" }).decisions.length === 1 && m.runtime.loadEngine(prepared, { timeZones: pinned }).decide({ event: { name: "tap" }, user, now: "${NOW}" }).decisions.length === 1;
});
check("nudgekit/schema: campaignSchema parses; JSON Schema export", () =>
  m.schema.campaignSchema.safeParse(config.campaigns[0]).success && !m.schema.campaignSchema.safeParse({ id: "c" }).success && m.schema.engineJsonSchemas().campaign.type === "object");
check("nudgekit/redis (Node): loads without the optional redis peer; rejects a bad setting", () => {
  try { new m.redis.RedisCapStore({ get: async () => null, eval: async () => 1 }, {}, { maxAttempts: 0 }); return false; } catch (error) { return error instanceof RangeError && typeof m.redis.CapStoreUnavailableError === "function"; }
});
const workersCheck = (async () => {
  const definitions = [{ id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } }];
  const profiles = [{ id: "a", attributes: { plan: "pro" } }, { id: "b", attributes: { plan: "free" } }, { id: "c", attributes: { plan: "pro" } }];
  const rows = [];
  const evaluation = m.workers.evaluateSegmentsInWorkers(profiles, definitions, "${NOW}", { workers: 1, chunkSize: 2 });
  for await (const row of evaluation) rows.push(row.segments.join("|"));
  return rows.join() === "pro,,pro" && evaluation.counts.members.pro === 2 && evaluation.counts.profiles === 3;
})();
check("nudgekit/replay: replayEvents replays a log, a redelivered event once", () => {
  const lines = ['{"userId":"u1","id":"e1","name":"tap","time":"${NOW}"}', '{"userId":"u1","id":"e1","name":"tap","time":"${NOW}"}'];
  const summary = m.replay.replayEvents(m.main.createEngine(config), lines.map((line, index) => m.replay.parseEventLine(line, index + 1)), new Map([["u1", user]]));
  return summary.events === 1 && summary.duplicates === 1 && summary.decisions === 1;
});
workersCheck.then((ok) => check("nudgekit/segments/workers (Node): evaluates on a worker thread found inside the installed package", () => ok),
  (error) => check("nudgekit/segments/workers (Node): evaluates on a worker thread found inside the installed package (" + error.message + ")", () => false));
`;

const SUBPATH_NAMES = { main: "nudgekit", runtime: "nudgekit/runtime", rules: "nudgekit/rules", experiments: "nudgekit/experiments", segments: "nudgekit/segments", caps: "nudgekit/caps", channels: "nudgekit/channels", schema: "nudgekit/schema", codegen: "nudgekit/rules/codegen", timeZones: "nudgekit/time-zones", redis: "nudgekit/redis", workers: "nudgekit/segments/workers", replay: "nudgekit/replay", metrics: "nudgekit/metrics", journeys: "nudgekit/journeys", delivery: "nudgekit/delivery", sql: "nudgekit/sql", standalone: "nudgekit/standalone" };

const esmScript = () =>
  [
    ...Object.entries(SUBPATH_NAMES).map(([name, specifier]) => `import * as ${name} from "${specifier}";`),
    `const FORMAT = "esm";`,
    `const m = { ${Object.keys(SUBPATH_NAMES).join(", ")} };`,
    `const resolved = Object.fromEntries(${JSON.stringify(Object.values(SUBPATH_NAMES))}.map((specifier) => [specifier, new URL(import.meta.resolve(specifier)).pathname]));`,
    PROBES,
  ].join("\n");
const cjsScript = () =>
  [
    `const FORMAT = "cjs";`,
    `const m = { ${Object.entries(SUBPATH_NAMES).map(([name, specifier]) => `${name}: require("${specifier}")`).join(", ")} };`,
    `const resolved = Object.fromEntries(${JSON.stringify(Object.values(SUBPATH_NAMES))}.map((specifier) => [specifier, require.resolve(specifier)]));`,
    PROBES,
  ].join("\n");

/** The TypeScript a user writes against the typed API; the same text compiles as .ts, .mts and .cts. */
const TYPED_CONSUMER = `import { createEngine, ConfigError, prepareConfig, type DecideInput, type DecideResult, type Decision, type Engine, type EngineConfigInput } from "nudgekit";
import { compileRule, RuleError, type CompiledRule } from "nudgekit/rules";
import { assignVariant, growthbook, type Assignment, type Experiment } from "nudgekit/experiments";
import { compileSegments, foldEvents, type SegmentDefinition } from "nudgekit/segments";
import { checkCaps, type CapDecision, type CapPolicyInput, type DeliveryHistory } from "nudgekit/caps";
import { chooseChannel, type Channel, type ChannelChoice } from "nudgekit/channels";
import { campaignSchema, engineJsonSchemas, type CampaignInput } from "nudgekit/schema";
import { RedisCapStore, type RedisScriptClient } from "nudgekit/redis";
import { evaluateSegmentsInWorkers, type WorkerEvaluationOptions } from "nudgekit/segments/workers";
import { ruleArbitrary, type JsonLogicRule } from "nudgekit/testing";
import { loadEngine, PreparedConfigError, type PreparedConfig } from "nudgekit/runtime";
import { pinnedTimeZones, type TimeZoneProvider } from "nudgekit/time-zones";
import { parseEventLine, replayEvents, type ReplayEvent, type ReplaySummary } from "nudgekit/replay";
import { compileMetricsConfig, foldOutcomes, createOutcomeState, kpis, type KpiRow, type MetricsEvent } from "nudgekit/metrics";
import { compileJourney, journeyStep, type JourneyAction, type JourneyState } from "nudgekit/journeys";
import { toApns, type ApnsRequest } from "nudgekit/delivery";
import { segmentsToSql, type AudienceSchema, type SegmentSetSql } from "nudgekit/sql";
import { emitEngineModule, type EmittedEngineModule, type EmitEngineModuleOptions } from "nudgekit/standalone";
import { engineOfModule, type EngineModule } from "nudgekit/runtime";
import { sample } from "fast-check";

const campaign: CampaignInput = ${JSON.stringify(CONFIG.campaigns[0])};
const config: EngineConfigInput = { timeZone: "Europe/Paris", campaigns: [campaign] };
const engine: Engine = createEngine(config);
const input: DecideInput = { event: { name: "tap" }, user: ${JSON.stringify(PUSH_USER)}, now: "${NOW}" };
const result: DecideResult = engine.decide(input);
const prepared: PreparedConfig = prepareConfig(config);
export const loaded: DecideResult = loadEngine(JSON.parse(JSON.stringify(prepared))).decide(input);
export const reparsed: PreparedConfig = JSON.parse(JSON.stringify(prepared)) as PreparedConfig;
// A config written in place: its categories are the built-in ones and those it declares.
export const custom = (): Engine => createEngine({ channels: { categories: { birthday: { channels: ["push"] } } }, campaigns: [{ id: "b", category: "birthday", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "x" } } }] });
// @ts-expect-error "promo" is neither a built-in category nor declared by the config
export const misnamed = (): Engine => createEngine({ campaigns: [{ id: "b", category: "promo", channels: ["push"], trigger: { event: "tap" } }] });
export const refused: boolean = new PreparedConfigError("x") instanceof Error;
const timeZones: TimeZoneProvider = pinnedTimeZones;
export const pinned: DecideResult = loadEngine(prepareConfig(config, { timeZones }), { timeZones }).decide(input);
export const tzdb: string | undefined = timeZones.version;
const outcomes: MetricsEvent[] = [{ outcome: "sent", id: "s", userId: "u", time: "${NOW}", campaignId: "c", channel: "push" }];
export const rows: KpiRow[] = kpis(foldOutcomes(createOutcomeState(), outcomes, compileMetricsConfig({ campaigns: [{ id: "c" }] })));
export const journeyActions: JourneyAction[] = journeyStep(compileJourney({ id: "j", entry: { event: "tap" }, start: "e", nodes: { e: { type: "exit" } } }), null as JourneyState | null, { event: { name: "tap" } }, 0).actions;
export const apns: ApnsRequest = toApns({ content: { title: "Hi" } }, { topic: "com.example.app" });
const audience: AudienceSchema = { profiles: { table: "profiles", id: "id", attributes: { "user.attributes.plan": { column: "plan", type: "text" } } } };
export const audienceSql: SegmentSetSql = segmentsToSql([{ id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } }], audience, "bigquery");
export const moduleOptions: EmitEngineModuleOptions = { format: "cjs", timeZones: "pinned" };
export const emitted: Promise<EmittedEngineModule> = emitEngineModule(config, moduleOptions);
// @ts-expect-error an engine module is ESM or CommonJS
export const umd: EmitEngineModuleOptions = { format: "umd" };
export function engineFrom(module: EngineModule): Engine {
  return engineOfModule(module, { digest: module.meta.digest });
}
// @ts-expect-error a dialect nudgekit/sql does not write
export const badDialect: SegmentSetSql = segmentsToSql([], audience, "oracle");
// @ts-expect-error a push type APNs does not know
export const badPushType: ApnsRequest = toApns({ content: { title: "Hi" } }, { topic: "t" }, { pushType: "loud" });
// @ts-expect-error "clicked" is not an outcome of the vocabulary
export const unknownOutcome: MetricsEvent = { outcome: "clicked", id: "x", userId: "u", time: 0 };
const first: Decision | undefined = result.decisions[0];
export const channel: Channel | undefined = first?.channel;
export const sendAt: number | undefined = first?.sendAt;
// @ts-expect-error decide() takes an input (proves the types are real, not any)
engine.decide();
// @ts-expect-error a Decision's channel is a Channel, not a number
export const wrong: number | undefined = first?.channel;

export function problemsOf(error: unknown): number {
  return error instanceof ConfigError ? error.problems.length : error instanceof RuleError ? 1 : 0;
}

const rule: CompiledRule = compileRule({ ">": [{ var: "visits" }, 3] });
export const matches: unknown = rule({ visits: 4 });

const experiment: Experiment = { id: "exp", variants: [{ id: "a" }, { id: "b" }] };
const assignment: Assignment = assignVariant(experiment, "user-42");
export const variantId: string | null = assignment.variantId;
export const bucket: number = growthbook.chooseVariation(0.5, growthbook.getBucketRanges(2, 1));

const definitions: SegmentDefinition[] = [{ id: "buyers", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } }];
const aggregates = foldEvents(null, [{ id: "1", name: "purchase", time: "2026-11-20T10:00:00Z" }], { events: { purchase: {} } });
export const segments: readonly string[] = compileSegments(definitions).segmentsOf({ behaviour: aggregates }, "${NOW}");

const policy: CapPolicyInput = { caps: [{ id: "one-a-day", scope: { all: true }, limit: 1, window: { calendar: "day" } }] };
const history: DeliveryHistory = { deliveries: [{ at: Date.parse("2026-11-23T08:00:00Z"), channel: "push", campaign: "a" }] };
const caps: CapDecision = checkCaps(policy, history, { channel: "push", campaign: "b" }, Date.parse("${NOW}"), "Europe/Paris");
export const allowed: boolean = caps.allowed;

const choice: ChannelChoice = chooseChannel({ id: "c", category: "promotional", channels: ["in_app", "push"] }, {}, "${NOW}");
export const chosen: Channel | null = choice.channel;

export const parsed: boolean = campaignSchema.safeParse(campaign).success;
export const jsonSchemas: object = engineJsonSchemas();

export function redisStore(client: RedisScriptClient): RedisCapStore {
  return new RedisCapStore(client, policy);
}
const workerOptions: WorkerEvaluationOptions = { workers: 1 };
export const evaluation = evaluateSegmentsInWorkers([], definitions, "${NOW}", workerOptions);
const replayed: ReplaySummary = replayEvents(engine, ['{"userId":"u1","name":"tap","time":"${NOW}"}'].map((line, index) => parseEventLine(line, index + 1)).filter((event): event is ReplayEvent => "event" in event));
export const replayedEvents: number = replayed.events;
export const generatedRules: JsonLogicRule[] = sample(ruleArbitrary(), 3).map((generated) => (compileRule(generated), generated));
`;

/**
 * Library files are type-checked too (`skipLibCheck: false`). Neither project may need more than a
 * user of its kind has: a web app has the DOM library and no Node types; a Node service has
 * @types/node and no DOM library. (zod's declarations name `URL`, which one of the two provides.)
 */
function typeScriptProjects(directory) {
  const strict = { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022" };
  writeFiles(join(directory, "ts-bundler"), {
    "tsconfig.json": { compilerOptions: { ...strict, lib: ["ES2022", "DOM"], types: [], module: "esnext", moduleResolution: "bundler" }, files: ["consumer.ts"] },
    "consumer.ts": TYPED_CONSUMER,
  });
  writeFiles(join(directory, "ts-node16"), {
    "tsconfig.json": { compilerOptions: { ...strict, lib: ["ES2022"], types: ["node"], module: "node16", moduleResolution: "node16" }, files: ["consumer.mts", "consumer.cts"] },
    "consumer.mts": TYPED_CONSUMER,
    "consumer.cts": TYPED_CONSUMER,
  });
}

async function smokeTest(tarball) {
  const project = temporaryDirectory("nudgekit-consumer-");
  writeFiles(project, { "package.json": { name: "nudgekit-consumer", version: "0.0.0", private: true, description: "check-package.mjs smoke test" } });
  const npmInstall = (...specs) => run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...specs], project);

  const installed = npmInstall(tarball);
  if (!report(installed.status === 0, `npm install ${tarball.split(/[\\/]/).pop()} into a fresh project (runtime dependencies from the registry)`, installed.status === 0 ? [] : tail(installed))) return;
  const peers = ["redis", "fast-check", "@duckdb/node-api", "pg", "esbuild"].filter((name) => existsSync(join(project, "node_modules", name)));
  report(peers.length === 0, "optional peer dependencies are not installed by default", peers.map((name) => `installed anyway: ${name}`));

  writeFiles(project, { "smoke.mjs": esmScript(), "smoke.cjs": cjsScript() });
  for (const [format, script] of [["ESM", "smoke.mjs"], ["CommonJS", "smoke.cjs"]]) {
    const result = run(process.execPath, [script], project);
    const lines = `${result.stdout}${result.stderr}`.trim().split("\n").filter(Boolean);
    report(result.status === 0 && lines.some((line) => line.startsWith("ok")), `${format}: every subpath loads and works, without optional peers (${lines.filter((line) => line.startsWith("ok")).length} probes)`, lines);
  }

  // The README's runnable JavaScript examples, copied as a user copies them (test/readme/ runs
  // them, and the TypeScript ones, against the source): each prints exactly the output it shows.
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const examples = [...readme.matchAll(/^```js\n([\s\S]*?)^```\n\n[^\n]*:\n\n```text\n([\s\S]*?)^```$/gm)];
  examples.forEach(([, code, output], index) => {
    writeFiles(project, { [`readme-${index + 1}.mjs`]: code });
    const result = run(process.execPath, [`readme-${index + 1}.mjs`], project);
    const ok = result.status === 0 && result.stdout === output;
    report(ok, `README example ${index + 1} of ${examples.length} (node readme-${index + 1}.mjs) prints what the README shows`, ok ? [] : [...tail(result), "expected:", ...output.trim().split("\n")]);
  });
  report(examples.length >= 1, `README: ${examples.length} runnable JavaScript example(s) found`);

  // The JSON Schemas, by their export names, from ESM (import attributes) and CommonJS (require).
  const schemaNames = ["engine-config", "campaign"];
  writeFiles(project, {
    "schemas.mjs": `const names = ${JSON.stringify(schemaNames)};
for (const name of names) {
  const specifier = "nudgekit/schema/" + name + ".schema.json";
  const { default: schema } = await import(specifier, { with: { type: "json" } });
  if (!schema.$id.endsWith("/" + name + ".schema.json") || schema.properties.$schema === undefined) throw new Error(specifier + " is not the " + name + " schema");
  console.log(specifier + " → " + import.meta.resolve(specifier).split("/node_modules/")[1]);
}`,
    "schemas.cjs": `for (const name of ${JSON.stringify(schemaNames)}) { const schema = require("nudgekit/schema/" + name + ".schema.json"); if (schema.properties.$schema === undefined) throw new Error(name); }`,
  });
  for (const script of ["schemas.mjs", "schemas.cjs"]) {
    const result = run(process.execPath, [script], project);
    report(result.status === 0, `${script}: the JSON Schemas resolve as nudgekit/schema/{${schemaNames.join(",")}}.schema.json and accept "$schema"`, result.status === 0 ? result.stdout.trim().split("\n").filter(Boolean) : tail(result));
  }

  writeFiles(project, {
    "replay/campaigns.json": CONFIG,
    "replay/users.jsonl": `${JSON.stringify(PUSH_USER)}\n{"id":"u2"}\n`,
    "replay/events.jsonl": `${JSON.stringify({ userId: "u1", name: "tap", time: NOW })}\n${JSON.stringify({ userId: "u2", name: "tap", time: "2026-11-23T12:05:00Z" })}\n`,
  });
  const replay = run("npx", ["--no", "nudgekit", "replay", "--config", "replay/campaigns.json", "--events", "replay/events.jsonl", "--users", "replay/users.jsonl", "--json", "--quiet"], project);
  let summary;
  try {
    summary = JSON.parse(replay.stdout);
  } catch {
    summary = undefined;
  }
  const replayed = replay.status === 0 && summary?.events === 2 && summary.decisions === 1 && summary.reach?.welcome?.users === 1;
  report(replayed, `bin: npx nudgekit replay --config … --events … --users … exits ${replay.status}${summary ? `: ${summary.events} events, ${summary.decisions} decision(s)` : ""}`, replayed ? [] : tail(replay));
  const prepare = run("npx", ["--no", "nudgekit", "prepare", "--config", "replay/campaigns.json"], project);
  let preparedFormat;
  try {
    preparedFormat = JSON.parse(prepare.stdout).format;
  } catch {
    preparedFormat = undefined;
  }
  report(prepare.status === 0 && preparedFormat === "nudgekit.prepared-config", `bin: npx nudgekit prepare --config … exits ${prepare.status} and prints a prepared config (${preparedFormat})`, prepare.status === 0 ? [] : tail(prepare));
  const usage = run("npx", ["--no", "nudgekit"], project);
  report(usage.status === 2 && usage.stderr.includes("Usage: nudgekit [options] [command]") && usage.stderr.includes("replay [options]"), `bin: npx nudgekit without a command prints the usage and exits ${usage.status} (2 expected)`, usage.status === 2 ? [] : tail(usage));
  const version = run("npx", ["--no", "nudgekit", "replay", "--version"], project);
  report(version.status === 0 && version.stdout.trim() === pkg.version, `bin: npx nudgekit replay --version prints ${version.stdout.trim()} (${pkg.version} expected)`, version.status === 0 ? [] : tail(version));
  const help = run("npx", ["--no", "nudgekit", "replay", "--help"], project);
  report(help.status === 0 && help.stdout.includes("Usage: nudgekit replay [options]") && help.stdout.includes("Examples:"), `bin: npx nudgekit replay --help prints the usage, options and examples (exit ${help.status})`, help.status === 0 ? [] : tail(help));
  // `nudgekit audience` imports DuckDB (an optional peer, not installed here) only when it runs: without it, it says how to
  // install it, and --sql (which needs none) prints the queries. The other commands above ran without it.
  writeFiles(project, {
    "audience/campaigns.json": { behaviour: { events: { tap: {} } }, segments: [{ id: "tappers", rule: { ">=": [{ event_count: ["tap", "7d"] }, 1] } }], campaigns: [] },
  });
  const audience = run("npx", ["--no", "nudgekit", "audience", "--config", "audience/campaigns.json", "--events", "replay/events.jsonl", "--now", NOW, "--quiet"], project);
  report(audience.status === 1 && audience.stderr.includes("npm install @duckdb/node-api"), `bin: npx nudgekit audience without @duckdb/node-api exits ${audience.status} (1 expected) and says to npm install @duckdb/node-api`, audience.status === 1 ? [] : tail(audience));
  const sql = run("npx", ["--no", "nudgekit", "audience", "--config", "audience/campaigns.json", "--sql", "postgres", "--now", NOW], project);
  report(sql.status === 0 && sql.stdout.includes('-- segment "tappers"') && sql.stdout.includes("$1"), `bin: npx nudgekit audience --sql postgres prints the SQL without DuckDB (exit ${sql.status})`, sql.status === 0 ? [] : tail(sql));

  // `nudgekit prepare --module` bundles with esbuild (an optional peer, not installed yet): without it, it says how to install it.
  const noEsbuild = run("npx", ["--no", "nudgekit", "prepare", "--config", "replay/campaigns.json", "--module", "engine.mjs"], project);
  report(noEsbuild.status === 1 && noEsbuild.stderr.includes("npm install --save-dev esbuild"), `bin: npx nudgekit prepare --module without esbuild exits ${noEsbuild.status} (1 expected) and says to npm install --save-dev esbuild`, noEsbuild.status === 1 ? [] : tail(noEsbuild));

  // The optional peers of nudgekit/testing and nudgekit/standalone, and Node's types for the Node
  // TypeScript project, at the versions this repository is tested with.
  const versionOf = (name) => JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
  const extras = [`fast-check@${versionOf("fast-check")}`, `esbuild@${versionOf("esbuild")}`, `@types/node@${versionOf("@types/node")}`];
  const withPeer = npmInstall(...extras);
  if (report(withPeer.status === 0, `npm install ${extras.join(" ")} (optional peers of nudgekit/testing and nudgekit/standalone; Node types for tsc)`, withPeer.status === 0 ? [] : tail(withPeer))) {
    // An engine module from the installed package (its dist/modules tree): written by the bin, the
    // same bytes as this repository's build writes, and a working engine when imported.
    const emitted = run("npx", ["--no", "nudgekit", "prepare", "--config", "replay/campaigns.json", "--module", "engine.mjs"], project);
    const { emitEngineModule } = await import(join(root, "dist", "node", "standalone", "index.js"));
    const expected = (await emitEngineModule(CONFIG)).code;
    const written = existsSync(join(project, "engine.mjs")) ? readFileSync(join(project, "engine.mjs"), "utf8") : "";
    report(emitted.status === 0 && written === expected, `bin: npx nudgekit prepare --module engine.mjs exits ${emitted.status} and writes the engine module this build emits (${written.length.toLocaleString("en-US")} bytes, ${written === expected ? "identical" : "DIFFERENT"})`, emitted.status === 0 ? [] : tail(emitted));
    writeFiles(project, {
      "module.mjs": `import { engine, meta } from "./engine.mjs";
import { engineOfModule } from "nudgekit/runtime";
const checked = engineOfModule({ engine, meta });
const result = checked.decide({ event: { name: "tap" }, user: ${JSON.stringify(PUSH_USER)}, now: Date.parse(${JSON.stringify(NOW)}) });
if (result.decisions.length !== 1) throw new Error(JSON.stringify(result));
console.log("engine module " + meta.digest + " (nudgekit " + meta.nudgekit + "): " + result.decisions.length + " decision");
`,
    });
    const imported = run(process.execPath, ["module.mjs"], project);
    report(imported.status === 0, `the engine module imports and decides, checked by nudgekit/runtime's engineOfModule: ${imported.status === 0 ? imported.stdout.trim() : "failed"}`, imported.status === 0 ? [] : tail(imported));

    // Generated rules must compile and generated configs must make an engine, through the user's
    // own fast-check and the installed package's other subpaths.
    const testingProbe = `
if (!RESOLVED.endsWith(EXTENSION)) throw new Error("nudgekit/testing resolved to " + RESOLVED);
const rules = fc.sample(testing.ruleArbitrary(), { numRuns: 25, seed: 7 });
rules.forEach((rule) => rules_.compileRule(rule));
const configs = fc.sample(testing.engineConfigArbitrary(), { numRuns: 10, seed: 7 });
configs.forEach((config) => main.createEngine(config));
console.log(rules.length + " generated rules compiled, " + configs.length + " generated configs made engines");
`;
    writeFiles(project, {
      "testing.mjs": `import fc from "fast-check";\nimport * as testing from "nudgekit/testing";\nimport * as rules_ from "nudgekit/rules";\nimport * as main from "nudgekit";\nconst RESOLVED = import.meta.resolve("nudgekit/testing"), EXTENSION = ".js";\n${testingProbe}`,
      "testing.cjs": `const fc = require("fast-check");\nconst testing = require("nudgekit/testing");\nconst rules_ = require("nudgekit/rules");\nconst main = require("nudgekit");\nconst RESOLVED = require.resolve("nudgekit/testing"), EXTENSION = ".cjs";\n${testingProbe}`,
    });
    for (const [format, script] of [["ESM", "testing.mjs"], ["CommonJS", "testing.cjs"]]) {
      const result = run(process.execPath, [script], project);
      report(result.status === 0, `${format}: nudgekit/testing with fast-check installed: ${result.status === 0 ? result.stdout.trim() : "failed"}`, result.status === 0 ? [] : tail(result));
    }
  }

  typeScriptProjects(project);
  for (const [name, what] of [["ts-bundler", 'module "esnext", moduleResolution "bundler" (.ts)'], ["ts-node16", 'module "node16", moduleResolution "node16" (.mts as ESM, .cts as CJS)']]) {
    const result = run(process.execPath, [tsc, "-p", join(project, name, "tsconfig.json")], project);
    report(result.status === 0, `tsc strict, typed API from every subpath: ${what}`, result.status === 0 ? [] : tail(result, 40));
  }
}

// --- run -------------------------------------------------------------------------------------

if (!existsSync(join(root, pkg.exports["."].import.default))) {
  console.error(`FAIL ${pkg.exports["."].import.default} does not exist: run \`npm run build\` first`);
  process.exit(1);
}
try {
  await checkPublint();
  const tarball = pack(temporaryDirectory("nudgekit-pack-"));
  if (tarball !== undefined) {
    checkTypes(tarball);
    await smokeTest(tarball);
  }
} catch (error) {
  report(false, `check-package crashed: ${error instanceof Error ? error.stack : String(error)}`);
} finally {
  if (keep) console.log(`kept: ${temporary.join(", ")}`);
  else for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`${failures} package check(s) failed`);
  process.exit(1);
}
console.log("the package is ready to publish");
