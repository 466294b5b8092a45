/**
 * Prepared configs: `prepareConfig` (validate and compile once, as JSON) and `loadEngine` from
 * nudgekit/runtime (build from that JSON without any validation code) must give the engine
 * `createEngine` gives, and a loader must refuse whatever is not an untouched prepared config.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, ConfigError, createEngine, loadEngine, prepareConfig, PREPARED_FORMAT, PREPARED_VERSION, PreparedConfigError, type PreparedConfig } from "../../src/index.js";
import * as runtime from "../../src/runtime/index.js";
import { canonicalJson, configDigest } from "../../src/engine/prepared/config-digest.js";
import { murmur3 } from "../../src/experiments/hashing/murmur3.js";
import { configVocabulary } from "../../src/testing/config-vocabulary.js";
import { engineConfigArbitrary } from "../../src/testing/engine-config-arbitrary.js";
import { userScenarioArbitrary } from "../../src/testing/scenario-arbitrary.js";
import { simulateUser } from "../../src/testing/simulate-user.js";
import { exampleConfig } from "../support/engine-fixtures.js";
import { runPreparedDecideVectors, type VectorDocument, type VectorFile } from "../vectors/vector-runner.js";
import { refusal } from "../support/prepared-refusal.js";
import { expectSameAnswers } from "../support/same-answers.js";

const SEED = 20261202;
const DAY = 86_400_000;

/** Through JSON, as a prepared config travels from a server to a browser. */
const overTheWire = (prepared: PreparedConfig): unknown => JSON.parse(JSON.stringify(prepared));

/** The same JSON with every object's keys in reverse order (as a store that reorders keys gives it back). */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value).reverse()) Object.defineProperty(copy, key, { value: reordered((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}

describe("prepareConfig", () => {
  it("is JSON: a round trip through JSON.stringify gives the same value", () => {
    const prepared = prepareConfig(exampleConfig());
    expect(prepared).toMatchObject({ format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(overTheWire(prepared)).toStrictEqual(JSON.parse(JSON.stringify(prepared)));
    expect(JSON.stringify(overTheWire(prepared))).toBe(JSON.stringify(prepared));
  });

  it("is deterministic: the same config gives the same text", () => {
    expect(JSON.stringify(prepareConfig(exampleConfig()))).toBe(JSON.stringify(prepareConfig(exampleConfig())));
  });

  it("refuses an invalid config as createEngine does, with the same problems", () => {
    const config = { campaigns: [{ id: "a", category: "promotional", channels: ["push"], trigger: { event: "tap", where: { nope: [] } }, content: { push: { title: "x" } } }] };
    const problems = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      throw new Error("accepted");
    };
    expect(problems(() => prepareConfig(config))).toEqual(problems(() => createEngine(config)));
  });
});

describe("loadEngine(prepareConfig(config)) is createEngine(config)", () => {
  it("gives every golden decide vector its expected output (test/vectors/decide.json)", () => {
    const file: VectorFile = { ...(JSON.parse(readFileSync(new URL("../vectors/decide.json", import.meta.url), "utf8")) as VectorDocument), file: "decide.json" };
    const prepared = overTheWire(prepareConfig(file.config));
    const viaRuntime = runPreparedDecideVectors(runtime, prepared, file);
    expect(viaRuntime.map((result) => result.actual)).toEqual(file.cases.map((vector) => vector.expected));
  });

  it("exposes the same campaigns and behaviour policy", () => {
    const created = createEngine(exampleConfig());
    const loaded = loadEngine(overTheWire(prepareConfig(exampleConfig())));
    expect(loaded.campaignIds).toEqual(created.campaignIds);
    expect(loaded.behaviour).toEqual(created.behaviour);
  });

  it("decides alike on literals JSON cannot carry: a -0 in a rule is 0 in both (review of issue 19)", () => {
    const campaign = (id: string, where: unknown) => ({ id, category: "promotional", channels: ["push"], trigger: { event: "x", where }, content: { push: { title: id } } });
    const config = { campaigns: [campaign("divides-by-minus-zero", { "<": [{ "/": [1, -0] }, 0] }), campaign("equals-minus-zero", { "===": [{ var: "event.properties.v" }, -0] })] };
    const user = { id: "u1", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] } } };
    const input = { event: { name: "x", properties: { v: 0 } }, user, now: Date.parse("2026-11-23T12:00:00Z") };
    const created = createEngine(config).decide(input);
    expect(loadEngine(overTheWire(prepareConfig(config))).decide(input)).toEqual(created);
    expect(created.decisions.map((decision) => decision.campaignId)).toEqual(["equals-minus-zero"]);
  });

  it("shares no object with the caller's config: editing the prepared output or the config changes neither the other nor an engine (review of issue 19)", () => {
    const config = exampleConfig();
    const text = JSON.stringify(config);
    const engine = createEngine(config);
    const prepared = prepareConfig(config);
    const vandalise = (value: unknown, depth = 0): void => {
      if (depth > 40 || typeof value !== "object" || value === null) return;
      for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        vandalise(child, depth + 1);
        if (Array.isArray(child)) child.length = 0;
        else if (typeof child === "string") (value as Record<string, unknown>)[key] = "X";
      }
    };
    vandalise(prepared.engine);
    expect(JSON.stringify(config)).toBe(text);
    const before = JSON.stringify(engine.decide({ event: { name: "add_to_cart", properties: { value: 3 } }, user: { id: "u1" }, now: Date.parse("2026-11-23T12:00:00Z") }));
    vandalise(config);
    expect(JSON.stringify(engine.decide({ event: { name: "add_to_cart", properties: { value: 3 } }, user: { id: "u1" }, now: Date.parse("2026-11-23T12:00:00Z") }))).toBe(before);
  });

  it("validates the config as JSON gives it: what prepareConfig accepts always loads, and createEngine accepts the same (review of issue 19)", () => {
    // An `undefined` argument is null in JSON: active_days with a null window is not a valid rule.
    const config = { segments: [{ id: "s", rule: { ">=": [{ active_days: [1, undefined] }, 1] } }], campaigns: [] };
    expect(() => createEngine(config)).toThrow(ConfigError);
    expect(() => prepareConfig(config)).toThrow(ConfigError);
    const cyclic: Record<string, unknown> = { campaigns: [] };
    cyclic.self = cyclic;
    expect(() => createEngine(cyclic)).toThrow(ConfigError);
  });

  it("accepts the prepared JSON with its keys reordered (the digest is over canonical JSON)", () => {
    const prepared = overTheWire(prepareConfig(exampleConfig()));
    const engine = loadEngine(reordered(prepared));
    expect(engine.campaignIds).toEqual(createEngine(exampleConfig()).campaignIds);
  });

  it("property: generated configs, users and events give the same decide, due, nextCheckAt and explain, call by call", () => {
    const scenarios = engineConfigArbitrary({ maxCampaigns: 4 }).chain((config) => {
      const behaviour = createEngine(config).behaviour;
      return userScenarioArbitrary({ vocabulary: configVocabulary(config), behaviour, spanDays: 3 }).map((scenario) => ({ config, scenario }));
    });
    let verdicts = 0;
    fc.assert(
      fc.property(scenarios, ({ config, scenario }) => {
        verdicts += expectSameAnswers(createEngine(config), loadEngine(overTheWire(prepareConfig(config))), scenario);
      }),
      { seed: SEED, numRuns: 60 },
    );
    // Not vacuous: the calls reach the steps and say something.
    expect(verdicts).toBeGreaterThan(100);
  });

  it("property: the example config sends the same messages to generated users over days of events", () => {
    const config = exampleConfig();
    const created = createEngine(config);
    const loaded = loadEngine(overTheWire(prepareConfig(config)));
    let sending = 0;
    fc.assert(
      fc.property(userScenarioArbitrary({ vocabulary: configVocabulary(config), behaviour: created.behaviour, spanDays: 5 }), (scenario) => {
        const input = { user: scenario.user, events: scenario.events, tailMs: 2 * DAY };
        const simulation = simulateUser(created, input);
        if (simulation.deliveries.length > 0) sending++;
        expect(simulateUser(loaded, input)).toEqual(simulation);
      }),
      { seed: SEED, numRuns: 60 },
    );
    // Not vacuous: many generated users do get messages.
    expect(sending).toBeGreaterThan(10);
  });
});

describe("loadEngine refuses what is not an untouched prepared config", () => {
  const prepared = prepareConfig(exampleConfig());

  it("a raw config, null, an array or a string: not a prepared config", () => {
    for (const value of [exampleConfig(), null, [], "nudgekit", 42, undefined]) expect(refusal(value)).toMatch(/not a prepared config/);
  });

  it("another format version: prepare it again", () => {
    expect(refusal({ ...prepared, version: 0 })).toMatch(new RegExp(`format version 0.*loads version ${PREPARED_VERSION}`));
  });

  it("an edit anywhere in the engine: the digest does not match", () => {
    const edited = overTheWire(prepared) as { engine: { campaigns: { priority: number }[] } };
    edited.engine.campaigns[0]!.priority += 1;
    expect(refusal(edited)).toMatch(/changed after prepareConfig/);
    expect(refusal({ ...prepared, digest: "00000000" })).toMatch(/changed after prepareConfig/);
    expect(refusal({ ...prepared, engine: undefined })).toMatch(/changed after prepareConfig/);
  });

  it("a consistent digest over broken data: a PreparedConfigError, not a crash", () => {
    const broken = { campaigns: [{ id: "x", trigger: null }] };
    expect(refusal({ format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: configDigest(broken), engine: broken })).toMatch(/not what prepareConfig writes at \/engine\/campaigns\/0\//);
  });

  it("an edit with its digest computed again: refused at load with where it is, never an error in decide (issue 19)", () => {
    const edited = overTheWire(prepared) as { digest: string; engine: { campaigns: { audience: unknown; channel: { channels: unknown } }[]; timeZone: unknown } };
    const reseal = (change: (engine: typeof edited.engine) => void): unknown => {
      const copy = structuredClone(edited);
      change(copy.engine);
      return { ...copy, digest: configDigest(copy.engine) };
    };
    expect(refusal(reseal((engine) => (engine.campaigns[4]!.audience = 0)))).toMatch(/at \/engine\/campaigns\/4\/audience:/);
    expect(refusal(reseal((engine) => (engine.campaigns[0]!.channel.channels = ["fax"])))).toMatch(/at \/engine\/campaigns\/0\/channel\/channels\/0:/);
    expect(refusal(reseal((engine) => (engine.timeZone = "Mars/Base")))).toMatch(/at \/engine\/timeZone:/);
  });

  it("keeps its own copy: changing the prepared object after loading changes no decision (issue 19)", () => {
    const config = { arbitration: { maxPerEvent: 1 }, campaigns: [0, 1, 2].map((index) => ({ id: `c${index}`, category: "promotional", tags: ["t"], channels: ["push"], trigger: { event: "tap" }, content: { push: { title: `{{ user.name | default: "c${index}" }}` } } })) };
    const mine = overTheWire(prepareConfig(config)) as { engine: { arbitration: { maxPerEvent: number }; campaigns: { tags: string[]; content: unknown[] }[] } };
    const engine = loadEngine(mine);
    const user = { id: "u", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] } } };
    const input = { event: { name: "tap" }, user, now: Date.parse("2026-11-23T12:00:00Z") };
    const before = engine.decide(input);
    expect(before.decisions).toHaveLength(1);
    mine.engine.arbitration.maxPerEvent = 5;
    for (const campaign of mine.engine.campaigns) {
      campaign.tags.splice(0);
      campaign.content.splice(0);
    }
    expect(engine.decide(input)).toEqual(before);
  });

  it("nesting deeper than the stack: a PreparedConfigError", () => {
    let deep: unknown = 0;
    for (let depth = 0; depth < 200_000; depth++) deep = [deep];
    expect(refusal({ format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: "0", engine: deep })).toMatch(/cannot be read/);
  });

  it("property: any JSON value, as such or as the engine of a prepared config, gives an engine or a PreparedConfigError, never another error", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, wrap) => {
        const input = wrap ? { format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: configDigest(value), engine: value } : value;
        try {
          loadEngine(input);
        } catch (error) {
          expect(error).toBeInstanceOf(PreparedConfigError);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes what JSON.stringify writes otherwise", () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: "x" }, undefined], u: undefined })).toBe('{"a":[{"c":"x","d":null},null],"b":1}');
    expect(canonicalJson(JSON.parse('{"__proto__":1,"a":-0}'))).toBe('{"__proto__":1,"a":0}');
  });

  it("escapes what JSON.stringify escapes, in keys and values", () => {
    const value = { 'q"k': 'a"b\\c\n\u0001', "\ud83d\ude00": "lone \ud800 and \udfff", plain: "é ü" };
    expect(canonicalJson(value)).toBe(`{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key as keyof typeof value])}`).join(",")}}`);
  });

  it("property: the digest hashes the canonical text, piece by piece", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), (value) => {
        expect(configDigest(value)).toBe(murmur3(canonicalJson(value)).toString(16).padStart(8, "0"));
        expect(JSON.parse(canonicalJson(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("property: the same text for the same JSON whatever its key order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reordered(value))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
