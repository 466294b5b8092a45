/**
 * Engine modules (emitEngineModule): one self-contained file per config that decides exactly as
 * createEngine and loadEngine do — the golden vectors and a replay of the example give the same
 * bytes through all three — carries only the operators its rules use, has no import, eval or
 * network access, records its config and contract, and is the same bytes every time.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { version as esbuildVersion } from "esbuild";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "acorn";
import { syntaxNodes } from "../support/syntax-nodes.js";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine, prepareConfig, type Engine } from "../../src/index.js";
import { engineOfModule, EngineModuleError, ENGINE_MODULE_CONTRACT, foldCompiledEvents, loadEngine, PreparedConfigError } from "../../src/runtime/index.js";
import { emitEngineModule, EngineModuleBuildError, type EmittedEngineModule } from "../../src/node/standalone/index.js";
import { loadEsbuild } from "../../src/node/standalone/esbuild-module.js";
import { templateFilterExport } from "../../src/node/standalone/template-filter-export.js";
import * as filterDefinitions from "../../src/engine/content/template-filter-definitions.js";
import { TEMPLATE_FILTERS, templateFilter } from "../../src/engine/content/template-filters.js";
import { parseEventLine, replayEvents, type ReplayEvent } from "../../src/replay/index.js";
import { generateExample, toJsonl } from "../../examples/ecommerce/generate-events.js";
import { runEngineDecideVectors, type VectorDocument, type VectorFile } from "../vectors/vector-runner.js";
import packageJson from "../../package.json";
import { BEHAVIOURAL_OPERATOR_GROUPS, RULE_OPERATOR_FAMILIES } from "../../src/node/standalone/operator-families.js";
import { builtInOperators } from "../../src/rules/compiler/operator-table.js";
import { behaviourContext, behaviouralOperatorTable } from "../../src/segments/operators/behavioural-operator-table.js";
import { PREPARED_VERSION } from "../../src/engine/prepared/prepared-config.js";
import { JOURNEY_STATE_VERSION } from "../../src/journeys/state/journey-state.js";

const dir = mkdtempSync(join(tmpdir(), "nudgekit-engine-module-"));
const EXAMPLE_CONFIG = JSON.parse(readFileSync(new URL("../../examples/ecommerce/campaigns.json", import.meta.url), "utf8")) as Record<string, unknown>;
const DECIDE: VectorFile = { ...(JSON.parse(readFileSync(new URL("../vectors/decide.json", import.meta.url), "utf8")) as VectorDocument), file: "decide.json" };

/** Names an engine module must not mention: code from strings, other modules, the network. */
const FORBIDDEN = new Set(["eval", "Function", "fetch", "XMLHttpRequest", "WebSocket", "importScripts", "require", "Worker", "navigator"]);

let counter = 0;
/** Writes the module and imports it as an app would (ESM by URL, CommonJS by require). */
async function importModule(emitted: EmittedEngineModule): Promise<Record<string, unknown>> {
  const file = join(dir, `engine-${emitted.digest}-${counter++}.${emitted.format === "cjs" ? "cjs" : "mjs"}`);
  writeFileSync(file, emitted.code);
  return emitted.format === "cjs" ? (createRequire(import.meta.url)(file) as Record<string, unknown>) : ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>);
}

const IN_APP_USER = { id: "u1", session: { active: true } };
const oneCampaign = {
  campaigns: [{ id: "hi", category: "promotional", channels: ["in_app"], format: "banner", trigger: { event: "app_open", where: { version_gte: [{ var: "event.properties.app_version" }, "5.2"] } }, content: { in_app: { title: "Hi" } } }],
};

describe("emitEngineModule: the example config", () => {
  let esm: EmittedEngineModule;
  let module: Record<string, unknown>;
  beforeAll(async () => {
    esm = await emitEngineModule(EXAMPLE_CONFIG);
    module = await importModule(esm);
  }, 60_000);

  it("exports the engine (also as default) and its meta: config digest, nudgekit version, contract", () => {
    expect(module.engine).toBe(module.default);
    expect(module.meta).toEqual({ format: "nudgekit.engine-module", contract: ENGINE_MODULE_CONTRACT, nudgekit: packageJson.version, digest: prepareConfig(EXAMPLE_CONFIG as never).digest });
    expect(Object.isFrozen(module.meta)).toBe(true);
    expect(esm.digest).toBe(prepareConfig(EXAMPLE_CONFIG as never).digest);
    expect(engineOfModule(module)).toBe(module.engine);
    expect(esm.hash).toBe(createHash("sha256").update(esm.code).digest("hex").slice(0, 16));
    expect(esm.esbuild).toBe(esbuildVersion);
    expect(esm.code.startsWith(`/* nudgekit engine module: config ${esm.digest}, nudgekit ${packageJson.version}, esbuild ${esbuildVersion}.`)).toBe(true);
  });

  it("gives every golden vector (decide.json) exactly what createEngine and loadEngine give, and what the vectors expect", () => {
    const created = runEngineDecideVectors(() => createEngine(DECIDE.config as never), DECIDE);
    const loaded = runEngineDecideVectors(() => loadEngine(prepareConfig(DECIDE.config as never)), DECIDE);
    const fromModule = runEngineDecideVectors(() => module.engine as Engine, DECIDE);
    expect(DECIDE.cases.length).toBeGreaterThan(50);
    expect(JSON.stringify(fromModule)).toBe(JSON.stringify(created));
    expect(JSON.stringify(fromModule)).toBe(JSON.stringify(loaded));
    expect(fromModule.map((result) => result.actual)).toEqual(DECIDE.cases.map((vector) => vector.expected));
  });

  it("explains every journey of the example as createEngine does, on an event and on a due check", () => {
    const created = createEngine(EXAMPLE_CONFIG as never);
    const engine = module.engine as Engine;
    expect(engine.journeyIds).toEqual(created.journeyIds);
    expect(created.journeyIds.length).toBeGreaterThan(0);
    const user = { id: "u-explain", attributes: { plan: "pro", first_name: "Ada" }, timeZone: "Europe/Paris", session: { active: true, platform: "ios" }, consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] }, email: { optedIn: true, verified: true } } };
    const now = Date.UTC(2026, 10, 20, 9);
    for (const id of created.journeyIds) {
      for (const input of [{ event: { name: "signup" }, user, now }, { user, now }]) expect(engine.explainJourney(id, input)).toEqual(created.explainJourney(id, input));
    }
  });

  it("replays the example's log to the same decisions, byte for byte, as createEngine and loadEngine", { timeout: 120_000 }, () => {
    const files = toJsonl(generateExample({ users: 400 }));
    const events = files.events.split("\n").filter((line) => line !== "").map((line, index) => parseEventLine(line, index + 1)).filter((entry): entry is ReplayEvent => "event" in entry);
    const profiles = new Map(files.users.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as { id: string }).map((user) => [user.id, user]));
    const replay = (engine: Engine): string => {
      const lines: string[] = [];
      const summary = replayEvents(engine, events, profiles, { onResult: (user, at, result) => lines.push(JSON.stringify([user, at, result])) });
      return `${lines.join("\n")}\n${JSON.stringify(summary.toJSON())}`;
    };
    const created = replay(createEngine(EXAMPLE_CONFIG as never));
    expect(created.split("\n").length).toBeGreaterThan(1000);
    expect(replay(module.engine as Engine)).toBe(created);
    expect(replay(loadEngine(prepareConfig(EXAMPLE_CONFIG as never)))).toBe(created);
  });

  it("its engine.behaviour folds with the app's foldCompiledEvents (nudgekit/runtime)", () => {
    const engine = module.engine as Engine;
    const events = [{ name: "app_open", time: Date.UTC(2026, 10, 20, 9) }, { name: "purchase", time: Date.UTC(2026, 10, 21, 9), properties: { amount: 12.5 } }];
    const now = Date.UTC(2026, 10, 22);
    expect(foldCompiledEvents(undefined, events, engine.behaviour!, { now })).toEqual(foldCompiledEvents(undefined, events, createEngine(EXAMPLE_CONFIG as never).behaviour!, { now }));
  });

  it("is one self-contained file: no import or export from another module, no eval, no Function, no network", () => {
    for (const code of [esm.code]) {
      const found = new Set<string>();
      for (const node of syntaxNodes(parse(code, { ecmaVersion: "latest", sourceType: "module" }))) {
        if (node.type === "ImportDeclaration" || node.type === "ImportExpression" || node.type === "ExportAllDeclaration") found.add(node.type);
        if (node.type === "ExportNamedDeclaration" && node.source !== null && node.source !== undefined) found.add("export … from");
        if (node.type === "Identifier" && FORBIDDEN.has(node.name as string)) found.add(node.name as string);
        if (node.type === "MetaProperty") found.add("import.meta");
      }
      expect([...found]).toEqual([]);
    }
  });

  it("is the same bytes every time, in both formats", async () => {
    expect((await emitEngineModule(EXAMPLE_CONFIG)).code).toBe(esm.code);
    const cjs = await emitEngineModule(EXAMPLE_CONFIG, { format: "cjs" });
    expect((await emitEngineModule(structuredClone(EXAMPLE_CONFIG), { format: "cjs" })).code).toBe(cjs.code);
    expect(cjs.code).not.toBe(esm.code);
  });

  it("in CommonJS: the same engine, as require gives it", async () => {
    const cjs = await importModule(await emitEngineModule(EXAMPLE_CONFIG, { format: "cjs" }));
    expect(engineOfModule(cjs)).toBe(cjs.engine);
    expect(JSON.stringify(runEngineDecideVectors(() => cjs.engine as Engine, DECIDE))).toBe(JSON.stringify(runEngineDecideVectors(() => module.engine as Engine, DECIDE)));
  });

  it("from the prepared config: the same module; a prepared config changed after prepareConfig is refused", async () => {
    const prepared = prepareConfig(EXAMPLE_CONFIG as never);
    expect((await emitEngineModule(prepared)).code).toBe(esm.code);
    const tampered = JSON.parse(JSON.stringify(prepared)) as { engine: { horizonDays: number } };
    tampered.engine.horizonDays = 1;
    await expect(emitEngineModule(tampered)).rejects.toThrow(PreparedConfigError);
  });

  it("says what it is made of: the config's IR and nudgekit's files, by minified bytes", () => {
    const parts = new Map(esm.parts.map(({ part, bytes }) => [part, bytes]));
    expect(parts.get("(config)")).toBeGreaterThan(JSON.stringify(prepareConfig(EXAMPLE_CONFIG as never).engine).length * 0.9);
    expect(parts.has("engine/engine")).toBe(true);
    const total = esm.parts.reduce((sum, { bytes }) => sum + bytes, 0);
    expect(total).toBeLessThanOrEqual(esm.code.length);
    expect(total).toBeGreaterThan(esm.code.length * 0.95);
  });
});

describe("emitEngineModule: only what the config uses", () => {
  it("a config without version rules carries neither the version operators nor compare-versions; one with them does", async () => {
    const withVersions = await emitEngineModule(oneCampaign);
    const without = await emitEngineModule({ campaigns: [{ ...oneCampaign.campaigns[0], trigger: { event: "app_open", where: { "==": [{ var: "event.properties.plan" }, "pro"] } } }] });
    const partsOf = (emitted: EmittedEngineModule) => emitted.parts.map(({ part }) => part);
    expect(partsOf(withVersions)).toContain("rules/operators/versions");
    expect(partsOf(withVersions)).toContain("compare-versions");
    expect(withVersions.operators).toEqual(["var", "version_gte"]);
    expect(partsOf(without)).not.toContain("rules/operators/versions");
    expect(partsOf(without)).not.toContain("compare-versions");
    expect(partsOf(without)).not.toContain("rules/operators/time");
    expect(partsOf(without)).not.toContain("segments/operators/counting-operators");
    expect(without.operators).toEqual(["var", "=="]);
    // …and the one it carries works.
    const engine = engineOfModule(await importModule(withVersions));
    const decide = (version: string) => engine.decide({ event: { name: "app_open", properties: { app_version: version } }, user: IN_APP_USER, now: Date.UTC(2026, 10, 20, 12) }).decisions.length;
    expect([decide("5.1.9"), decide("5.2.0"), decide("6")]).toEqual([0, 1, 1]);
  });

  it("of the template filters, only those its templates call", async () => {
    const config = { campaigns: [{ ...oneCampaign.campaigns[0], trigger: { event: "app_open" }, content: { in_app: { title: "Hi {{ user.attributes.name | upcase }}", body: "{{ user.attributes.city | default: 'there' }}" } } }] };
    const emitted = await emitEngineModule(config);
    expect(emitted.filters).toEqual(["default", "upcase"]);
    expect(emitted.without).not.toContain("templates");
    // Literals of filters it does not call, which minifying keeps: truncate's ellipsis, url_encode's "%20".
    expect(emitted.code).not.toContain('"..."');
    expect(emitted.code).not.toContain("/%20/g");
    const engine = engineOfModule(await importModule(emitted));
    const input = { event: { name: "app_open" }, user: { ...IN_APP_USER, attributes: { name: "ada" } }, now: Date.UTC(2026, 10, 20, 12) };
    expect(engine.decide(input)).toEqual(createEngine(config as never).decide(input));
    expect(engine.decide(input).decisions[0]?.content).toEqual({ title: "Hi ADA", body: "there" });
    // The example config calls two filters.
    const example = await emitEngineModule(EXAMPLE_CONFIG);
    expect(example.filters).toEqual(["default", "url_encode"]);
    expect(example.code).toContain("/%20/g");
  });

  it("names every template filter by its export in template-filter-definitions.ts", () => {
    for (const name of TEMPLATE_FILTERS) expect((filterDefinitions as Record<string, unknown>)[templateFilterExport(name)], name).toBe(templateFilter(name));
  });

  it("no validation code: neither zod nor the prepared config's structure check", async () => {
    const emitted = await emitEngineModule(EXAMPLE_CONFIG);
    const parts = emitted.parts.map(({ part }) => part);
    expect(parts.filter((part) => part.startsWith("zod") || part.startsWith("schema/") || part.startsWith("engine/prepared") || part.startsWith("engine/compile"))).toEqual(parts.filter((part) => part === "schema/weekdays"));
    // Nor the checks compiling a rule would repeat: its size, suggestions for unknown operators.
    expect(parts).not.toContain("rules/compiler/measure-rule");
    expect(parts).not.toContain("rules/compiler/operator-suggestion");
  });

  it("with the pinned tz database: zones the runtime's Intl may lack are the pinned ones", async () => {
    const emitted = await emitEngineModule(oneCampaign, { timeZones: "pinned" });
    expect(emitted.parts.map(({ part }) => part)).toContain("time-zones/pinned/pinned-time-zones");
    const engine = engineOfModule(await importModule(emitted));
    expect(engine.decide({ event: { name: "app_open", properties: { app_version: "6" } }, user: IN_APP_USER, now: Date.UTC(2026, 10, 20, 12) }).decisions.length).toBe(1);
  });
});

describe("emitEngineModule: parts a config uses are kept", () => {
  it("best send time: the module defers to the user's best hour as createEngine does", async () => {
    const config = { timeZone: "Europe/Paris", campaigns: [{ id: "digest", category: "promotional", channels: ["push"], trigger: { event: "visited" }, content: { push: { title: "New this week" } }, sendTime: { best: { within: "24h", epsilon: 0 } } }] };
    const emitted = await emitEngineModule(config);
    expect(emitted.without).not.toContain("best send time");
    expect(emitted.parts.map(({ part }) => part)).toContain("channels/send-time/best-send-time");
    const engine = engineOfModule(await importModule(emitted));
    const monday = Date.UTC(2026, 10, 30, 8);
    const engagement = [1, 2, 3, 4].map((week) => ({ at: monday - 7 * week * 86_400_000 + 10.5 * 3_600_000, kind: "opened" as const, campaign: "digest", channel: "push" }));
    const input = { event: { name: "visited" }, user: { id: "u7", consents: { push: { optedIn: true, tokens: [{ platform: "ios" }] } } }, history: { engagement }, now: monday };
    const result = engine.decide(input);
    expect(result).toEqual(createEngine(config as never).decide(input));
    expect(result.decisions[0]?.deferred).toBe(true);
  });
});

describe("emitEngineModule: what it knows of nudgekit stays in step with it", () => {
  it("the operator families hold exactly the built-in rule operators, and the groups exactly the behavioural ones an engine compiles", () => {
    const familyNames = RULE_OPERATOR_FAMILIES.flatMap((family) => family.names);
    expect(new Set(familyNames).size).toBe(familyNames.length);
    expect([...familyNames].sort()).toEqual([...builtInOperators.keys()].sort());
    const groupNames = BEHAVIOURAL_OPERATOR_GROUPS.flatMap((group) => group.names);
    expect([...groupNames].sort()).toEqual(Object.keys(behaviouralOperatorTable(behaviourContext(1))).sort());
  });

  it("the runtime contract: bump ENGINE_MODULE_CONTRACT when a format the app keeps between calls changes (this test lists them)", () => {
    // An app holds records, histories and journey states from one call to the next; a module emitted
    // for another of these formats must be refused. Change this snapshot only with the contract.
    expect({ contract: ENGINE_MODULE_CONTRACT, prepared: PREPARED_VERSION, journeyState: JOURNEY_STATE_VERSION }).toEqual({ contract: 1, prepared: 6, journeyState: 2 });
  });
});

describe("emitEngineModule: hostile input", () => {
  it("a prepared config is read once: a getter cannot pass the check with one digest and write another into the module", async () => {
    const prepared = prepareConfig(oneCampaign as never);
    let reads = 0;
    const sly = { ...prepared };
    Object.defineProperty(sly, "digest", { enumerable: true, get: () => (reads++ === 0 ? prepared.digest : "*/ globalThis.pwned = 1; /*") });
    const emitted = await emitEngineModule(sly);
    expect(emitted.digest).toBe(prepared.digest);
    expect(emitted.code).not.toContain("pwned");
    expect(reads).toBe(1);
  });

  it("options that are not an object, or hold a value of the wrong kind, are a TypeError", async () => {
    for (const options of [null, "esm", [], { minify: "no" }, { format: "umd" }, { timeZones: "utc" }]) {
      await expect(emitEngineModule(oneCampaign, options as never), JSON.stringify(options)).rejects.toThrow(TypeError);
    }
  });
});

describe("engineOfModule: the runtime contract", () => {
  const engine = createEngine(oneCampaign as never);
  const meta = { format: "nudgekit.engine-module", contract: ENGINE_MODULE_CONTRACT, nudgekit: "0.1.0", digest: "0badc0de" };

  it("refuses a module emitted for another contract, naming both and what to do", () => {
    expect(() => engineOfModule({ engine, meta: { ...meta, contract: ENGINE_MODULE_CONTRACT + 1, nudgekit: "9.0.0" } })).toThrow(
      `the engine module was emitted by nudgekit 9.0.0 for runtime contract ${ENGINE_MODULE_CONTRACT + 1}, and this app's nudgekit has contract ${ENGINE_MODULE_CONTRACT}: emit it again (nudgekit prepare --module) with the nudgekit version the app uses`,
    );
  });

  it("refuses what is not an engine module, and a module of another config than the one asked for", () => {
    for (const notModule of [undefined, null, 42, {}, { engine }, { meta }, { engine: null, meta }, { engine, meta: { ...meta, format: "other" } }]) {
      expect(() => engineOfModule(notModule)).toThrow(EngineModuleError);
    }
    expect(engineOfModule({ engine, meta }, { digest: "0badc0de" })).toBe(engine);
    expect(() => engineOfModule({ engine, meta }, { digest: "12345678" })).toThrow("the engine module is for config 0badc0de, not 12345678");
  });
});

describe("emitEngineModule: errors", () => {
  it("an invalid config: the ConfigError of createEngine, with every problem", async () => {
    await expect(emitEngineModule({ campaigns: [{ id: "x" }] })).rejects.toMatchObject({ name: "ConfigError" });
  });

  it("without esbuild (an optional peer): says to install it", async () => {
    const missing = Object.assign(new Error("Cannot find package 'esbuild' imported from …"), { code: "ERR_MODULE_NOT_FOUND" });
    await expect(loadEsbuild(() => Promise.reject(missing))).rejects.toThrow(new EngineModuleBuildError("an engine module is bundled by esbuild, an optional peer dependency that is not installed: npm install --save-dev esbuild (prepared JSON for loadEngine needs none: nudgekit prepare without --module)"));
    await expect(loadEsbuild(() => Promise.resolve({}))).rejects.toThrow("the installed esbuild has no build function or version");
  });
});
