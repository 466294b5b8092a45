// After `npm run build`: every subpath export loads as ESM and as CommonJS (through the package's
// own "exports" map, by self-reference) and ships type declarations for both.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const require = createRequire(import.meta.url);
let failures = 0;

// What each entry point must do once loaded: run the engine it exports on a tiny input.
const rulesWork = (mod) => typeof mod.compileRule === "function" && mod.compileRule({ "==": [{ var: "a" }, 1] })({ a: 1 }) === true;
const experimentsWork = (mod) =>
  typeof mod.assignVariant === "function" &&
  mod.assignVariant({ id: "e", variants: [{ id: "a" }] }, "u").variantId === "a" &&
  mod.optimizely.bucketValue("ppid11886780721") === 5254;
const segmentsWork = (mod) => {
  const aggregates = mod.foldEvents(null, [{ id: "1", name: "purchase", time: "2026-11-20T10:00:00Z" }], { events: { purchase: {} } });
  const segments = mod.compileSegments([{ id: "buyers", rule: { ">=": [{ event_count: ["purchase", "7d"] }, 1] } }]);
  return mod.compileSegments !== undefined && segments.segmentsOf({ behaviour: aggregates }, "2026-11-23T00:00:00Z").join() === "buyers";
};
const capsWork = (mod) => {
  const policy = { caps: [{ id: "one-a-day", scope: { all: true }, limit: 1, window: { calendar: "day" } }] };
  const history = { deliveries: [{ at: Date.parse("2026-11-23T08:00:00Z"), channel: "push", campaign: "a" }] };
  const decision = mod.checkCaps(policy, history, { channel: "push", campaign: "b" }, Date.parse("2026-11-23T12:00:00Z"), "Europe/Paris");
  return decision.allowed === false && decision.retryAt === Date.parse("2026-11-23T23:00:00Z");
};
const channelsWork = (mod) => {
  const user = { session: { active: false }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
  const choice = mod.chooseChannel({ id: "c", category: "promotional", channels: ["in_app", "push"] }, user, "2026-11-23T12:00:00Z");
  return choice.channel === "push" && choice.rejected[0]?.reason === "no-active-session";
};
const engineWorks = (mod) => {
  const engine = mod.createEngine({
    campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi {{ user.name | default: 'there' }}" } } }],
  });
  const user = { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
  const decision = engine.decide({ event: { name: "tap" }, user, now: "2026-11-23T12:00:00Z" }).decisions[0];
  return decision?.channel === "push" && decision.content.title === "Hi there" && typeof mod.ConfigError === "function";
};
const schemaWorks = (mod) => mod.campaignSchema.safeParse({ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" } }).success && mod.engineJsonSchemas().campaign.type === "object";
const testingWorks = (mod) => {
  const config = { campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "x" } } }] };
  return mod.checkCriticalNotInAppOnly(config, { numRuns: 5, seed: 1 }).ok === true && typeof mod.ruleArbitrary === "function";
};
// The runtime loads what the root entry prepared (after a JSON round trip) and decides alike.
const { prepareConfig, createEngine } = await import(pkg.name);
const replayEngine = createEngine({ campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi" } } }] });
const runtimeWorks = (mod) => {
  const config = { campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "Hi {{ user.name | default: 'there' }}" } } }] };
  const engine = mod.loadEngine(JSON.parse(JSON.stringify(prepareConfig(config))));
  const user = { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } };
  const decision = engine.decide({ event: { name: "tap" }, user, now: "2026-11-23T12:00:00Z" }).decisions[0];
  return decision?.content.title === "Hi there" && typeof mod.PreparedConfigError === "function" && typeof mod.applyRecords === "function";
};
// The pinned tz database: its offsets, and an engine that uses it (through the root entry).
const timeZonesWork = (mod) => {
  const pinned = mod.pinnedTimeZones;
  const engine = createEngine({ timeZone: "EST5EDT", campaigns: [] }, { timeZones: pinned });
  return pinned.offsetAt("Asia/Kolkata", Date.parse("2026-11-23T12:00:00Z")) === 19_800_000 && pinned.isKnownZone("Africa/Casablanca") && !pinned.isKnownZone("__proto__") && engine.campaignIds.length === 0 && mod.PINNED_TZDB.version === pinned.version;
};
// The generated rule: same answer as the closures, through the rules entry's compileRule.
const rulesModule = await import(`${pkg.name}/rules`);
const codegenWorks = (mod) => {
  const rule = { and: [{ "==": [{ var: "user.plan" }, "pro"] }, { ">=": [{ var: "n" }, 3] }] };
  const generated = rulesModule.compileRule(rule, { backend: mod.codegenBackend });
  return mod.codegenBackend.name === "codegen" && generated({ user: { plan: "pro" }, n: 3 }) === true && generated({ user: { plan: "pro" }, n: 2 }) === false && mod.ruleSource !== undefined;
};
const probes = {
  "./rules/codegen": codegenWorks,
  // The root is the engine's API only: each engine it combines is on its own subpath.
  ".": (mod) => engineWorks(mod) && mod.compileRule === undefined && mod.assignVariant === undefined && typeof mod.loadEngine === "function" && typeof mod.applyRecords === "function",
  "./schema": schemaWorks,
  "./runtime": runtimeWorks,
  "./testing": testingWorks,
  "./time-zones": timeZonesWork,
  "./rules": rulesWork,
  "./experiments": experimentsWork,
  // A send, its click and a purchase within the window: one converted message, credited its revenue.
  "./metrics": (mod) => {
    const config = mod.compileMetricsConfig({ campaigns: [{ id: "cart", conversions: [{ id: "buy", event: "purchase", window: "24h" }] }] });
    const events = [
      { outcome: "sent", id: "s", userId: "u", time: "2026-11-23T10:00:00Z", campaignId: "cart", channel: "push", deliveryId: "d" },
      { outcome: "click", id: "c", userId: "u", time: "2026-11-23T10:05:00Z", deliveryId: "d" },
      { name: "purchase", id: "p", userId: "u", time: "2026-11-23T11:00:00Z", revenue: 1250, currency: "EUR" },
    ];
    const [row] = mod.kpis(mod.foldOutcomes(mod.createOutcomeState(), events, config));
    return row.conversions === 1 && row.revenue.EUR === 1250 && row.clickThroughRate.rate === 1;
  },
  // Entered on its event: the first message goes out, and the journey waits two days for the next.
  "./journeys": (mod) => {
    const journey = mod.compileJourney({ id: "j", entry: { event: "signed_up" }, start: "hi", nodes: { hi: { type: "message", content: { title: "Hi" }, next: "wait" }, wait: { type: "delay", for: "2d", next: "bye" }, bye: { type: "exit" } } });
    const step = mod.journeyStep(journey, null, { event: { name: "signed_up" } }, Date.UTC(2026, 0, 1));
    return step.actions.some((action) => action.type === "message" && action.node === "hi") && step.wakeAt === Date.UTC(2026, 0, 3);
  },
  // A push for APNs within its budget: the alert carries the title, and a long body is cut to fit.
  "./delivery": (mod) => {
    const request = mod.toApns({ content: { title: "Hi", body: "x".repeat(5_000) } }, { topic: "com.example.app" });
    return JSON.parse(request.body).aps.alert.title === "Hi" && request.size.bytes <= 4_096 && request.size.truncated[0] === "body";
  },
  // Segment rules as SQL: the literal is a bound parameter, the column quoted.
  "./sql": (mod) => {
    const query = mod.segmentRuleToSql({ "==": [{ var: "user.attributes.plan" }, "pro"] }, { profiles: { table: "profiles", id: "id", attributes: { "user.attributes.plan": { column: "plan", type: "text" } } } }, "postgres");
    return query.sql.includes('p."plan" IS NOT DISTINCT FROM CAST($1 AS TEXT)') && query.params[0] === "pro";
  },
  "./segments": segmentsWork,
  "./caps": capsWork,
  "./channels": channelsWork,
  // The store needs a running Redis; here: it loads and rejects a bad client setting at once.
  "./redis": (mod) => {
    try {
      new mod.RedisCapStore({ get: async () => null, eval: async () => 1 }, {}, { maxAttempts: 0 });
      return false;
    } catch (error) {
      return error instanceof RangeError && typeof mod.CapStoreUnavailableError === "function";
    }
  },
  "./segments/workers": (mod) => typeof mod.evaluateSegmentsInWorkers === "function",
  // Emitting bundles with esbuild (async): here, it loads; check-package emits a module from the packed tarball.
  "./standalone": (mod) => typeof mod.emitEngineModule === "function" && mod.ENGINE_MODULE_CONTRACT === 1 && typeof mod.EngineModuleBuildError === "function",
  // A redelivered event (same user and id) is replayed once.
  "./replay": (mod) => {
    const lines = ['{"userId":"u","id":"e1","name":"tap","time":"2026-11-23T12:00:00Z"}', '{"userId":"u","id":"e1","name":"tap","time":"2026-11-23T12:00:00Z"}'];
    const events = lines.map((line, index) => mod.parseEventLine(line, index + 1));
    const summary = mod.replayEvents(replayEngine, events, new Map([["u", { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } }]]));
    return summary.events === 1 && summary.duplicates === 1 && summary.decisions === 1 && summary instanceof mod.ReplaySummary;
  },
};

for (const [subpath, target] of Object.entries(pkg.exports)) {
  if (typeof target === "string") continue; // ./package.json
  const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
  const esm = await import(specifier);
  const cjs = require(specifier);
  for (const [kind, mod] of [["esm", esm], ["cjs", cjs]]) {
    const probe = probes[subpath];
    const ok = probe !== undefined && probe(mod);
    console.log(`${ok ? "ok  " : "FAIL"} ${specifier} (${kind})`);
    if (!ok) failures++;
  }
  for (const types of [target.import.types, target.require.types]) {
    if (!existsSync(new URL(`../${types}`, import.meta.url))) {
      console.log(`FAIL missing ${types}`);
      failures++;
    }
  }
}
if (failures > 0) {
  console.error(`${failures} export check(s) failed`);
  process.exit(1);
}
