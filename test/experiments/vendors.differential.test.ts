/**
 * Differential tests: nudgekit's vendor-compatible bucketing (`growthbook`, `optimizely`,
 * `unleash` from src/experiments/vendors) against the real JavaScript SDKs installed as
 * devDependencies, over fast-check ids (ASCII, grapheme and raw UTF-16 with lone surrogates) and
 * fixed tricky ids.
 *
 * The behaviour reproduced is that of the installed JS SDKs:
 * - GrowthBook 1.8.0: FNV-1a 32 over UTF-16 code units (`charCodeAt`); compared with its `util`
 *   helpers directly and end to end with `GrowthBook#run`.
 * - Optimizely 6.6.1: MurmurHash3 (seed 1) over the UTF-8 bytes (TextEncoder, lone surrogate →
 *   U+FFFD); the SDK's bucketer is not exported, so its exact bucket values are read from its DEBUG
 *   log line "Assigned bucket %s to user with bucketing ID %s" during `getVariation`.
 * - Unleash (unleash-client 6.12.1 for Node): murmurhash3js, the low byte of each UTF-16 code unit;
 *   `{ encoding: "utf8" }` opts into UTF-8 (Unleash's Go/Python/Java/Rust SDKs), checked against the
 *   `murmurhash` package.
 */
import { createRequire } from "node:module";
import { GrowthBook, type Experiment } from "@growthbook/growthbook";
import { createInstance, createLogger, createStaticProjectConfigManager, DEBUG, type Client } from "@optimizely/optimizely-sdk";
import fc from "fast-check";
import murmurhash from "murmurhash";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// @ts-expect-error -- the ESM build has no .d.mts next to it; typed through the cast below.
import * as gbUtilUntyped from "../../node_modules/@growthbook/growthbook/dist/esm/util.mjs";
import { growthbook, optimizely, unleash } from "../../src/experiments/index.js";

const gbUtil = gbUtilUntyped as typeof import("../../node_modules/@growthbook/growthbook/dist/util.js");
const require = createRequire(import.meta.url);
const unleashUtil = require("unleash-client/lib/strategy/util.js") as typeof import("unleash-client/lib/strategy/util.js");

const RUNS = 500;

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const TRICKY = [
  "",
  "0",
  "ü",
  "ÿ",
  "Ā",
  "日本",
  "😀",
  "a\u0301",
  "\uD800",
  "\uDFFF",
  "\uDC00\uD800",
  "\uDBFF\uDFFF",
  "a\uD800b",
  "%s%d",
  "x".repeat(1001),
  "ü日😀\uD800a\u0301".repeat(150),
];

/** Any JavaScript string: ASCII, graphemes, raw code units (lone surrogates), tricky fixed ones. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(...TRICKY),
);
const nonEmptyText = text.filter((s) => s.length > 0);
const asciiText = fc.string({ unit: "binary-ascii" });

/** Runs `fn` with console.error silenced (GrowthBook logs invalid coverage / weights). */
function quietly<T>(fn: () => T): T {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
}

// ---------------------------------------------------------------------------------------------
// GrowthBook
// ---------------------------------------------------------------------------------------------

/** Weights for `n` variations summing to 1 (or equal when all zero). */
const normalisedWeights = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }).map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    return total === 0 ? raw.map(() => 1 / n) : raw.map((w) => w / total);
  });

/** Weights for `n` variations: valid, scaled near the 0.99 / 1.01 tolerance, wrong length, arbitrary, or missing. */
const weightsFor = (n: number) =>
  fc.option(
    fc.oneof(
      normalisedWeights(n),
      fc.tuple(normalisedWeights(n), fc.double({ min: 0.98, max: 1.02, noNaN: true })).map(([ws, k]) => ws.map((w) => w * k)),
      fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { maxLength: 12 }),
      fc.array(fc.double(), { maxLength: 6 }),
      normalisedWeights(n + 1),
    ),
    { nil: undefined },
  );

const coverageArb = fc.option(
  fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -2, max: 3 }), fc.constantFrom(0, 1, -0.5, 1.5, Number.NaN, Infinity)),
  { nil: undefined },
);

const rangeArb = fc.tuple(fc.double({ min: -0.2, max: 1.2 }), fc.double({ min: -0.2, max: 1.2 }));
const unitValue = fc.oneof(fc.double({ min: 0, max: 1 }), fc.double(), fc.constantFrom(0, 0.5, 1, -0, Number.NaN));

describe("growthbook vs @growthbook/growthbook 1.8.0", () => {
  it("hash(seed, value, version) is identical for any seed, value and version", () => {
    const version = fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: -3, max: 5 }), fc.double());
    fc.assert(
      fc.property(text, text, version, (seed, value, v) => {
        expect(growthbook.hash(seed, value, v)).toBe(gbUtil.hash(seed, value, v));
      }),
      { numRuns: RUNS },
    );
  });

  it("hash on fixed tricky ids (versions 1 and 2)", () => {
    for (const seed of ["", "s", "ü", "\uD800"]) {
      for (const id of TRICKY) {
        expect(growthbook.hash(seed, id, 1)).toBe(gbUtil.hash(seed, id, 1));
        expect(growthbook.hash(seed, id, 2)).toBe(gbUtil.hash(seed, id, 2));
      }
    }
  });

  it("getBucketRanges(n, coverage, weights) deep-equals the SDK, including invalid coverage and weights", () => {
    const input = fc.integer({ min: -2, max: 12 }).chain((n) => fc.tuple(fc.constant(n), coverageArb, weightsFor(Math.max(n, 0))));
    quietly(() =>
      fc.assert(
        fc.property(input, ([n, coverage, weights]) => {
          const ours = growthbook.getBucketRanges(n, coverage, weights);
          const theirs = gbUtil.getBucketRanges(n, coverage, weights === undefined ? undefined : [...weights]);
          expect(ours).toStrictEqual(theirs);
        }),
        { numRuns: RUNS },
      ),
    );
  });

  it("chooseVariation(n, ranges) is identical, for SDK-built and arbitrary ranges", () => {
    const builtRanges = fc
      .tuple(fc.integer({ min: 0, max: 8 }), coverageArb)
      .chain(([n, coverage]) => fc.tuple(fc.constant(n), fc.constant(coverage), weightsFor(n)))
      .map(([n, coverage, weights]) => quietly(() => gbUtil.getBucketRanges(n, coverage, weights)));
    const ranges = fc.oneof(builtRanges, fc.array(rangeArb, { maxLength: 8 }));
    const n = fc.oneof(unitValue, text.map((id) => gbUtil.hash("s", id, 2)!));
    fc.assert(
      fc.property(n, ranges, (value, rs) => {
        expect(growthbook.chooseVariation(value, rs)).toBe(gbUtil.chooseVariation(value, rs));
      }),
      { numRuns: RUNS },
    );
  });

  it("inRange(n, range) is identical", () => {
    fc.assert(
      fc.property(unitValue, rangeArb, (value, range) => {
        expect(growthbook.inRange(value, range)).toBe(gbUtil.inRange(value, range));
      }),
      { numRuns: RUNS },
    );
  });

  it("inNamespace(hashValue, namespace) is identical", () => {
    const bound = fc.oneof(fc.double({ min: -0.1, max: 1.1 }), fc.constantFrom(0, 0.5, 1));
    fc.assert(
      fc.property(text, text, bound, bound, (hashValue, id, start, end) => {
        expect(growthbook.inNamespace(hashValue, [id, start, end])).toBe(gbUtil.inNamespace(hashValue, [id, start, end]));
      }),
      { numRuns: RUNS },
    );
  });

  it("getEqualWeights(n) is identical", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 200 }), (n) => {
        expect(growthbook.getEqualWeights(n)).toStrictEqual(gbUtil.getEqualWeights(n));
      }),
      { numRuns: 300 },
    );
  });

  it("predicts GrowthBook#run: inExperiment and variationId for an inline 3-variation experiment", () => {
    const input = fc.record({
      id: nonEmptyText,
      seed: fc.oneof(fc.constant("s"), nonEmptyText),
      hashVersion: fc.constantFrom(1, 2),
      coverage: coverageArb,
      weights: weightsFor(3),
    });
    quietly(() =>
      fc.assert(
        fc.property(input, ({ id, seed, hashVersion, coverage, weights }) => {
          const exp: Experiment<number> = {
            key: "exp",
            variations: [0, 1, 2],
            hashVersion,
            seed,
            ...(coverage === undefined ? {} : { coverage }),
            ...(weights === undefined ? {} : { weights: [...weights] }),
          };
          const client = new GrowthBook({ attributes: { id } });
          const result = client.run(exp);
          client.destroy();

          const n = growthbook.hash(seed, id, hashVersion);
          expect(n).not.toBeNull();
          // run() replaces an undefined coverage by 1 before calling getBucketRanges.
          const predicted = growthbook.chooseVariation(n!, growthbook.getBucketRanges(3, coverage === undefined ? 1 : coverage, weights));
          expect(result.inExperiment).toBe(predicted !== -1);
          expect(result.variationId).toBe(predicted === -1 ? 0 : predicted);
          if (result.inExperiment) expect(result.bucket).toBe(n);
        }),
        { numRuns: RUNS },
      ),
    );
  });

  it("run() with the brief's fixed shape (seed 's', hashVersion 2) on tricky ids", () => {
    const weights = [0.2, 0.3, 0.5];
    for (const coverage of [1, 0.6]) {
      for (const id of TRICKY.filter((s) => s.length > 0)) {
        const client = new GrowthBook({ attributes: { id } });
        const result = client.run({ key: "exp", variations: [0, 1, 2], weights, coverage, hashVersion: 2, seed: "s" });
        client.destroy();
        const predicted = growthbook.chooseVariation(growthbook.hash("s", id, 2)!, growthbook.getBucketRanges(3, coverage, weights));
        expect(result.inExperiment).toBe(predicted !== -1);
        if (result.inExperiment) expect(result.variationId).toBe(predicted);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Optimizely
// ---------------------------------------------------------------------------------------------

interface SdkExperiment {
  readonly id: string;
  readonly key: string;
  readonly allocation: readonly optimizely.TrafficAllocation[];
  /** variation id → variation key */
  readonly keys: ReadonlyMap<string, string>;
}

/** Experiment "exp" (id 1886780721, the published vectors' entity) split at X = 5000. */
const SPLIT_POINTS = [0, 1, 2434, 2435, 4299, 4300, 5000, 5254, 5255, 7777, 9999, 10000];

function buildExperiments(): SdkExperiment[] {
  const experiments: SdkExperiment[] = [];
  const add = (id: string, key: string, allocation: optimizely.TrafficAllocation[]) => {
    const keys = new Map<string, string>();
    allocation.forEach((a, i) => {
      if (a.entityId !== "") keys.set(a.entityId, `v${i}`);
    });
    experiments.push({ id, key, allocation, keys });
  };
  add("1886780721", "exp", [
    { entityId: "100001", endOfRange: 5000 },
    { entityId: "100002", endOfRange: 10000 },
  ]);
  // Three variations and a gap (buckets ≥ 6000 get no variation).
  add("1886780722", "exp2", [
    { entityId: "100003", endOfRange: 2500 },
    { entityId: "100004", endOfRange: 4300 },
    { entityId: "100005", endOfRange: 6000 },
  ]);
  SPLIT_POINTS.forEach((x, i) => {
    add(`30000000${i}`, `split${i}`, [
      { entityId: `4000000${i}`, endOfRange: x },
      { entityId: `5000000${i}`, endOfRange: 10000 },
    ]);
  });
  return experiments;
}

function datafileFor(experiments: readonly SdkExperiment[]): string {
  return JSON.stringify({
    version: "4",
    projectId: "10000000001",
    accountId: "10000000002",
    revision: "1",
    anonymizeIP: true,
    botFiltering: false,
    events: [],
    audiences: [],
    typedAudiences: [],
    attributes: [],
    groups: [],
    featureFlags: [],
    rollouts: [],
    experiments: experiments.map((e) => ({
      id: e.id,
      key: e.key,
      status: "Running",
      layerId: `${e.id}9`,
      audienceIds: [],
      forcedVariations: {},
      variations: [...e.keys].map(([id, key]) => ({ id, key, variables: [] })),
      trafficAllocation: e.allocation,
    })),
  });
}

describe("optimizely vs @optimizely/optimizely-sdk 6.6.1", () => {
  const experiments = buildExperiments();
  const logLines: string[] = [];
  let client: Client;

  beforeAll(async () => {
    client = createInstance({
      projectConfigManager: createStaticProjectConfigManager({ datafile: datafileFor(experiments) }),
      // Every SDK message goes to this handler (nothing reaches the console).
      logger: createLogger({ level: DEBUG, logHandler: { log: (_level, message) => logLines.push(message) } }),
    });
    await client.onReady();
  });

  afterAll(async () => {
    await client.close();
  });

  /** The SDK's decision for `userId` in `experiment`, with the bucket value it logged. */
  function sdkDecision(experiment: SdkExperiment, userId: string): { bucket: number; variationKey: string | null } {
    logLines.length = 0;
    const variationKey = client.getVariation(experiment.key, userId);
    const buckets = logLines.flatMap((line) => {
      const match = /^(?:\w+: )?Assigned bucket (\d+) to user with bucketing ID /.exec(line);
      return match ? [Number(match[1])] : [];
    });
    expect(buckets).toHaveLength(1);
    return { bucket: buckets[0]!, variationKey };
  }

  /** Our prediction: bucket value and the variation key of the allocation it falls in. */
  function ourDecision(experiment: SdkExperiment, userId: string): { bucket: number; variationKey: string | null } {
    const bucket = optimizely.bucketValue(optimizely.bucketingKey(userId, experiment.id));
    const entityId = optimizely.findBucket(bucket, experiment.allocation);
    return { bucket, variationKey: entityId === null ? null : (experiment.keys.get(entityId) ?? null) };
  }

  it("published vectors: ppid1/ppid2 + 1886780721 → 5254/4299, ppid2 + 1886780722 → 2434", () => {
    expect(optimizely.bucketValue(optimizely.bucketingKey("ppid1", "1886780721"))).toBe(5254);
    expect(optimizely.bucketValue(optimizely.bucketingKey("ppid2", "1886780721"))).toBe(4299);
    expect(optimizely.bucketValue(optimizely.bucketingKey("ppid2", "1886780722"))).toBe(2434);
    expect(sdkDecision(experiments[0]!, "ppid1")).toStrictEqual({ bucket: 5254, variationKey: "v1" });
    expect(sdkDecision(experiments[0]!, "ppid2")).toStrictEqual({ bucket: 4299, variationKey: "v0" });
    expect(sdkDecision(experiments[1]!, "ppid2")).toStrictEqual({ bucket: 2434, variationKey: "v0" });
  });

  it("bucket values logged by the SDK equal bucketValue(bucketingKey(id, experimentId)), and findBucket picks its variation", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...experiments), (id, experiment) => {
        expect(ourDecision(experiment, id)).toStrictEqual(sdkDecision(experiment, id));
      }),
      { numRuns: RUNS },
    );
  });

  it("every tricky id in every experiment (split points 0…10000, a 3-way split with a gap)", () => {
    for (const experiment of experiments) {
      for (const id of TRICKY) {
        expect(ourDecision(experiment, id)).toStrictEqual(sdkDecision(experiment, id));
      }
    }
  });

  it("bucketValue(key) equals floor(murmurhash.v3(key, 1) / 2^32 × 10000) for any string", () => {
    fc.assert(
      fc.property(text, (key) => {
        expect(optimizely.bucketValue(key)).toBe(Math.floor((murmurhash.v3(key, 1) / 2 ** 32) * 10000));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Unleash
// ---------------------------------------------------------------------------------------------

describe("unleash vs unleash-client 6.12.1 (Node)", () => {
  const normalizer = fc.integer({ min: 1, max: 10000 });

  it("normalizedStrategyValue(id, groupId) and normalizedHash(id, groupId) equal the SDK's", () => {
    fc.assert(
      fc.property(text, text, (id, groupId) => {
        const theirs = unleashUtil.normalizedStrategyValue(id, groupId);
        expect(unleash.normalizedStrategyValue(id, groupId)).toBe(theirs);
        expect(unleash.normalizedHash(id, groupId)).toBe(theirs);
      }),
      { numRuns: RUNS },
    );
  });

  it("normalizedVariantValue(id, groupId, n) and normalizedHash(id, groupId, n, VARIANT_SEED) equal the SDK's", () => {
    fc.assert(
      fc.property(text, text, normalizer, (id, groupId, n) => {
        const theirs = unleashUtil.normalizedVariantValue(id, groupId, n);
        expect(unleash.normalizedVariantValue(id, groupId, n)).toBe(theirs);
        expect(unleash.normalizedHash(id, groupId, n, unleash.VARIANT_SEED)).toBe(theirs);
      }),
      { numRuns: RUNS },
    );
  });

  it("{ encoding: 'utf8' } equals (murmurhash.v3(`${groupId}:${id}`, seed) % n) + 1", () => {
    const seed = fc.oneof(fc.constantFrom(0, unleash.VARIANT_SEED), fc.integer({ min: 0, max: 0xffffffff }));
    fc.assert(
      fc.property(text, text, normalizer, seed, (id, groupId, n, s) => {
        const expected = (murmurhash.v3(`${groupId}:${id}`, s) % n) + 1;
        expect(unleash.normalizedHash(id, groupId, n, s, { encoding: "utf8" })).toBe(expected);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(text, text, normalizer, (id, groupId, n) => {
        const key = `${groupId}:${id}`;
        expect(unleash.normalizedStrategyValue(id, groupId, { encoding: "utf8" })).toBe((murmurhash.v3(key, 0) % 100) + 1);
        expect(unleash.normalizedVariantValue(id, groupId, n, { encoding: "utf8" })).toBe((murmurhash.v3(key, unleash.VARIANT_SEED) % n) + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it("for ASCII ids and groupIds both encodings agree (and equal the SDK)", () => {
    fc.assert(
      fc.property(asciiText, asciiText, normalizer, (id, groupId, n) => {
        const sdk = unleashUtil.normalizedVariantValue(id, groupId, n);
        expect(unleash.normalizedVariantValue(id, groupId, n, { encoding: "utf8" })).toBe(sdk);
        expect(unleash.normalizedStrategyValue(id, groupId, { encoding: "utf8" })).toBe(unleashUtil.normalizedStrategyValue(id, groupId));
      }),
      { numRuns: RUNS },
    );
  });

  it('for "ü" (groupId "g1") the encodings differ: strategy 86 vs 45, variant n=1000 91 vs 392', () => {
    expect(unleashUtil.normalizedStrategyValue("ü", "g1")).toBe(86);
    expect(unleash.normalizedStrategyValue("ü", "g1")).toBe(86);
    expect(unleash.normalizedStrategyValue("ü", "g1", { encoding: "utf8" })).toBe(45);
    expect(unleashUtil.normalizedVariantValue("ü", "g1", 1000)).toBe(91);
    expect(unleash.normalizedVariantValue("ü", "g1", 1000)).toBe(91);
    expect(unleash.normalizedVariantValue("ü", "g1", 1000, { encoding: "utf8" })).toBe(392);
  });

  it("tricky ids and groupIds", () => {
    for (const id of TRICKY) {
      for (const groupId of ["", "g1", "ü", "\uD800"]) {
        expect(unleash.normalizedStrategyValue(id, groupId)).toBe(unleashUtil.normalizedStrategyValue(id, groupId));
        expect(unleash.normalizedVariantValue(id, groupId, 1000)).toBe(unleashUtil.normalizedVariantValue(id, groupId, 1000));
        expect(unleash.normalizedStrategyValue(id, groupId, { encoding: "utf8" })).toBe((murmurhash.v3(`${groupId}:${id}`, 0) % 100) + 1);
      }
    }
  });
});
