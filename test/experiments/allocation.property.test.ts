import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignVariant,
  BUCKET_COUNT,
  bucketRanges,
  chiSquareSurvival,
  compileExperiment,
  createUnitHasher,
  diffAllocations,
  type Experiment,
} from "../../src/experiments/index.js";

// Fixed seeds: these are statistical tests, and a reproducible run is what CI needs.
const SEED = 20261123;
const idsOf = (count: number, prefix = "u") => Array.from({ length: count }, (_, i) => `${prefix}${i.toString(36)}-${(i * 2654435761) % 1000003}`);
const IDS_100K = idsOf(100_000);

const weightsArb = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })), { minLength: 1, maxLength: 8 }).filter((w) => w.some((x) => x > 0));
const experimentArb: fc.Arbitrary<Experiment> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  weights: weightsArb,
  coverage: fc.double({ min: 0, max: 1, noNaN: true }),
}).map(({ id, weights, coverage }) => ({ id, coverage, variants: weights.map((weight, i) => ({ id: `v${i}`, weight })) }));

function chiSquareUniformP(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  const statistic = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
  return chiSquareSurvival(statistic, counts.length - 1);
}

/** Chi-square test of independence on a contingency table. */
function independenceP(table: readonly (readonly number[])[]): number {
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columns = table[0]!.map((_, j) => table.reduce((sum, row) => sum + row[j]!, 0));
  const total = rows.reduce((a, b) => a + b, 0);
  let statistic = 0;
  table.forEach((row, i) => row.forEach((observed, j) => {
    const expected = (rows[i]! * columns[j]!) / total;
    if (expected > 0) statistic += (observed - expected) ** 2 / expected;
  }));
  return chiSquareSurvival(statistic, (rows.filter((r) => r > 0).length - 1) * (columns.filter((c) => c > 0).length - 1));
}

describe("bucketing properties", () => {
  it("determinism: same experiment and unit → same assignment, also after a JSON round trip", () => {
    fc.assert(
      fc.property(experimentArb, fc.string({ unit: "binary" }), (experiment, unitId) => {
        const copy = JSON.parse(JSON.stringify(experiment)) as Experiment;
        expect(assignVariant(copy, unitId)).toEqual(assignVariant(experiment, unitId));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("uniformity: 100k ids into 10 buckets pass chi-square at p > 0.001 for many salts", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }), (salt) => {
        const hash = createUnitHasher(salt);
        const counts = new Array<number>(10).fill(0);
        for (const id of IDS_100K) counts[Math.floor(hash(id).bucket / 1000)]!++;
        expect(chiSquareUniformP(counts)).toBeGreaterThan(0.001);
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  it("independence: the buckets of two salts are independent (10×10 contingency, p > 0.001)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }), (saltA, saltB) => {
        fc.pre(saltA !== saltB);
        const a = createUnitHasher(saltA);
        const b = createUnitHasher(saltB);
        const table = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
        for (const id of IDS_100K) table[Math.floor(a(id).bucket / 1000)]![Math.floor(b(id).bucket / 1000)]!++;
        expect(independenceP(table)).toBeGreaterThan(0.001);
      }),
      { seed: SEED, numRuns: 4 },
    );
  });

  it("ranges: contiguous, disjoint, in slot order, each within [0, 10000)", () => {
    fc.assert(
      fc.property(weightsArb, fc.double({ min: 0, max: 1, noNaN: true }), (weights, coverage) => {
        const ranges = bucketRanges(weights, coverage);
        let previousEnd = 0;
        const full = bucketRanges(weights, 1);
        expect(full[full.length - 1]![1]).toBe(BUCKET_COUNT);
        ranges.forEach(([start, end], i) => {
          expect(start).toBe(full[i]![0]);
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThanOrEqual(start);
          expect(end).toBeLessThanOrEqual(full[i]![1]);
          if (weights[i] === 0) expect(end).toBe(start);
          previousEnd = end;
        });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("monotone ramp-up: raising coverage only adds units, lowering never moves one (every bucket)", () => {
    fc.assert(
      fc.property(weightsArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, c1, c2) => {
        const [low, high] = c1 <= c2 ? [c1, c2] : [c2, c1];
        const variantAt = (coverage: number) => {
          const ranges = bucketRanges(weights, coverage);
          const byBucket = new Int32Array(BUCKET_COUNT).fill(-1);
          ranges.forEach(([start, end], i) => byBucket.fill(i, start, end));
          return byBucket;
        };
        const before = variantAt(low);
        const after = variantAt(high);
        for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
          if (before[bucket] !== -1 && after[bucket] !== before[bucket]) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("monotone ramp-up through assignVariant on real ids", () => {
    fc.assert(
      fc.property(experimentArb, fc.double({ min: 0, max: 1, noNaN: true }), (experiment, extra) => {
        const higher = { ...experiment, coverage: Math.min(1, (experiment.coverage ?? 1) + extra) };
        for (const id of IDS_100K.slice(0, 300)) {
          const before = assignVariant(experiment, id).variantId;
          const after = assignVariant(higher, id).variantId;
          if (before !== null && after !== before) return false;
        }
        return true;
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("layer exclusivity: experiments with disjoint slices of a layer never share a unit", () => {
    const cutsArb = fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }).map((cuts) => [0, ...cuts.sort((a, b) => a - b), 100]);
    fc.assert(
      fc.property(cutsArb, fc.string({ minLength: 1, maxLength: 8 }), (cuts, layerId) => {
        const experiments = cuts.slice(1).map((end, i) => compileExperiment({ id: `e${i}`, variants: [{ id: "a" }, { id: "b" }], layer: { id: layerId, range: [cuts[i]! / 100, end / 100] } }));
        let reached = 0;
        for (const id of IDS_100K.slice(0, 500)) {
          const inExperiments = experiments.filter((e) => assignVariant(e, id).variantId !== null).length;
          if (inExperiments > 1) return false;
          reached += inExperiments;
        }
        return reached === 500; // the slices cover the whole layer, so everyone is in exactly one
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("holdout independence: holdout membership is independent of the experiment's variant", () => {
    const experiment = compileExperiment({ id: "checkout-cta", variants: [{ id: "a" }, { id: "b" }, { id: "c" }] });
    const holdout = { id: "global-2026", share: 0.2 };
    const table = [new Array<number>(3).fill(0), new Array<number>(3).fill(0)];
    for (const id of IDS_100K) {
      const withHoldout = assignVariant(experiment, id, { holdout });
      const variant = ["a", "b", "c"].indexOf(assignVariant(experiment, id).variantId!);
      table[withHoldout.reason === "holdout" ? 0 : 1]![variant]!++;
      if (withHoldout.reason !== "holdout") expect(withHoldout.variantId).toBe(["a", "b", "c"][variant]);
    }
    expect(table[0]!.reduce((a, b) => a + b) / IDS_100K.length).toBeCloseTo(0.2, 2);
    expect(independenceP(table)).toBeGreaterThan(0.001);
  });
});

describe("diffAllocations", () => {
  it("the documented example", () => {
    expect(diffAllocations({ id: "e", variants: [{ id: "a" }, { id: "b" }] }, { id: "e", variants: [{ id: "a", weight: 3 }, { id: "b", weight: 1 }] })).toEqual({
      changedVariant: 0.25,
      entered: 0,
      left: 0,
      unchanged: 0.75,
      stayedOut: 0,
      transitions: [
        { from: "a", to: "a", share: 0.5 },
        { from: "b", to: "a", share: 0.25 },
        { from: "b", to: "b", share: 0.25 },
      ],
      model: "exact",
    });
  });

  it("shares add up to 1; nothing changes between equal configurations", () => {
    fc.assert(
      fc.property(experimentArb, experimentArb, (before, after) => {
        const diff = diffAllocations(before, { ...after, id: before.id });
        const total = diff.changedVariant + diff.entered + diff.left + diff.unchanged + diff.stayedOut;
        expect(total).toBeCloseTo(1, 9);
        expect(diff.transitions.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(1, 9);
        const same = diffAllocations(before, before);
        expect(same.changedVariant + same.entered + same.left).toBe(0);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("a coverage change never moves a unit between variants", () => {
    fc.assert(
      fc.property(experimentArb, fc.double({ min: 0, max: 1, noNaN: true }), (experiment, coverage) => {
        expect(diffAllocations(experiment, { ...experiment, coverage }).changedVariant).toBe(0);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("matches what happens to real ids (20k ids, within sampling error)", () => {
    fc.assert(
      fc.property(experimentArb, experimentArb, fc.boolean(), (before, afterConfig, changeSalt) => {
        const after = { ...afterConfig, id: before.id, ...(changeSalt ? { salt: `${before.id}-v2` } : {}) };
        const diff = diffAllocations(before, after);
        expect(diff.model).toBe(changeSalt ? "independent-hashes" : "exact");
        const sample = IDS_100K.slice(0, 20_000);
        let changed = 0;
        let entered = 0;
        let left = 0;
        for (const id of sample) {
          const x = assignVariant(before, id).variantId;
          const y = assignVariant(after, id).variantId;
          if (x !== null && y !== null && x !== y) changed++;
          if (x === null && y !== null) entered++;
          if (x !== null && y === null) left++;
        }
        // 5 standard errors of a share from 20k ids is at most 0.018.
        expect(Math.abs(changed / sample.length - diff.changedVariant)).toBeLessThan(0.018);
        expect(Math.abs(entered / sample.length - diff.entered)).toBeLessThan(0.018);
        expect(Math.abs(left / sample.length - diff.left)).toBeLessThan(0.018);
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it("layers: moving a slice is exact when the layer salt is kept", () => {
    const base = { id: "e", variants: [{ id: "a" }] };
    const diff = diffAllocations({ ...base, layer: { id: "l", range: [0, 0.5] } }, { ...base, layer: { id: "l", range: [0.25, 0.75] } });
    expect(diff).toMatchObject({ unchanged: 0.25, left: 0.25, entered: 0.25, stayedOut: 0.25, changedVariant: 0, model: "exact" });
  });
});
