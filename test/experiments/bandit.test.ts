import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { applyMinimumShare } from "../../src/experiments/bandit/share-floor.js";
import { banditAllocation, banditAssign, sampleBeta, sampleLogGamma, type BanditSnapshot } from "../../src/experiments/bandit/index.js";
import { chanceToBeatControl } from "../../src/experiments/statistics/index.js";

const snapshot: BanditSnapshot = {
  id: "2026-11-23T18:00",
  arms: [
    { id: "a", successes: 12, failures: 88 },
    { id: "b", successes: 20, failures: 80 },
    { id: "c", successes: 3, failures: 27 },
  ],
};

const sum = (record: Readonly<Record<string, number>>): number => Object.values(record).reduce((total, value) => total + value, 0);

const armsArbitrary = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 6 })
  .chain((ids) =>
    fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), successes: fc.integer({ min: 0, max: 500 }), failures: fc.integer({ min: 0, max: 500 }) }))),
  );

describe("banditAllocation", () => {
  it("worked example: pinned shares for a fixed experiment and snapshot (identical on every platform)", () => {
    const allocation = banditAllocation("homepage-banner", snapshot, { minimumShare: 0.05 });
    expect(allocation.probabilityBest).toEqual({ a: 0.0519, b: 0.8207, c: 0.1274 });
    expect(allocation.shares).toEqual({ a: 0.0519, b: 0.8207, c: 0.1274 });
  });

  it("P(best) matches the exact two-arm chance to beat within Monte Carlo error", () => {
    const two: BanditSnapshot = { id: "v1", arms: [{ id: "control", successes: 100, failures: 900 }, { id: "treatment", successes: 130, failures: 870 }] };
    const exact = chanceToBeatControl({ users: 1000, conversions: 100 }, { users: 1000, conversions: 130 });
    const allocation = banditAllocation("exp", two, { draws: 20000 });
    // Standard error √(p(1 − p)/20 000) ≈ 0.0009; allow 5 of them.
    expect(Math.abs((allocation.probabilityBest["treatment"] as number) - exact)).toBeLessThan(0.0047);
  });

  it("the floor clamps weak arms and rescales the rest", () => {
    const lopsided: BanditSnapshot = { id: "s", arms: [{ id: "bad", successes: 0, failures: 500 }, { id: "good", successes: 200, failures: 300 }, { id: "ok", successes: 190, failures: 310 }] };
    const allocation = banditAllocation("exp", lopsided, { minimumShare: 0.1, draws: 4000 });
    expect(allocation.probabilityBest["bad"]).toBe(0);
    expect(allocation.shares["bad"]).toBe(0.1);
    expect(sum(allocation.shares)).toBeCloseTo(1, 12);
    const good = allocation.probabilityBest["good"] as number;
    expect(allocation.shares["good"]).toBeCloseTo(good * 0.9, 12);
  });

  it("applyMinimumShare repeats until no arm is under the floor", () => {
    // Clamping the 0.02 arm pushes the 0.19 arm under 0.2 once the rest is rescaled.
    const shares = applyMinimumShare([0.02, 0.19, 0.79], 0.2);
    expect(shares[0]).toBe(0.2);
    expect(shares[1]).toBe(0.2);
    expect(shares[2]).toBeCloseTo(0.6, 15);
    for (const share of applyMinimumShare([0, 0, 1], 1 / 3)) expect(share).toBeCloseTo(1 / 3, 15);
    expect(applyMinimumShare([0, 0], 0)).toEqual([0.5, 0.5]);
  });

  it("property: deterministic, shares sum to 1 and respect the floor", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), armsArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (experimentId, snapshotId, arms, floorFraction) => {
        const minimumShare = floorFraction / arms.length;
        const input: BanditSnapshot = { id: snapshotId, arms };
        const first = banditAllocation(experimentId, input, { minimumShare, draws: 300 });
        const second = banditAllocation(experimentId, { id: snapshotId, arms: arms.map((arm) => ({ ...arm })) }, { minimumShare, draws: 300 });
        expect(second).toEqual(first);
        // Same keys as the arms (object key order puts integer-like ids first, so compare sorted).
        expect(Object.keys(first.shares).sort()).toEqual(arms.map((arm) => arm.id).sort());
        expect(Math.abs(sum(first.shares) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(sum(first.probabilityBest) - 1)).toBeLessThan(1e-12);
        for (const share of Object.values(first.shares)) expect(share).toBeGreaterThanOrEqual(minimumShare * (1 - 1e-12));
      }),
      { numRuns: 40 },
    );
  });

  it("a different snapshot id reseeds the draws", () => {
    const again = banditAllocation("homepage-banner", { ...snapshot, id: "2026-11-23T19:00" }, { minimumShare: 0.05 });
    expect(again.probabilityBest).not.toEqual({ a: 0.0519, b: 0.8207, c: 0.1274 });
  });

  it("arm ids are plain keys, even __proto__", () => {
    const hostile: BanditSnapshot = { id: "s", arms: [{ id: "__proto__", successes: 50, failures: 50 }, { id: "constructor", successes: 10, failures: 90 }] };
    const allocation = banditAllocation("exp", hostile, { draws: 500 });
    expect(Object.keys(allocation.shares)).toEqual(["__proto__", "constructor"]);
    expect(allocation.shares["__proto__"]).toBeGreaterThan(0.99);
    expect(Object.getPrototypeOf(allocation.shares)).toBe(Object.prototype);
    expect(banditAssign("exp", "u1", hostile, { draws: 500 }).armId).toBe("__proto__");
  });
});

describe("banditAssign", () => {
  it("is deterministic per (experiment, unit, snapshot) and uses the allocation's shares", () => {
    const first = banditAssign("homepage-banner", "user-42", snapshot, { minimumShare: 0.05 });
    expect(first).toEqual({ armId: "b", shares: { a: 0.0519, b: 0.8207, c: 0.1274 } });
    expect(banditAssign("homepage-banner", "user-42", { ...snapshot }, { minimumShare: 0.05 })).toEqual(first);
    // Cached per snapshot object: the very same frozen shares come back.
    expect(banditAssign("homepage-banner", "user-43", snapshot, { minimumShare: 0.05 }).shares).toBe(first.shares);
    expect(Object.isFrozen(first.shares)).toBe(true);
    // Different options are a different cache entry.
    expect(banditAssign("homepage-banner", "user-42", snapshot, { minimumShare: 0.3 }).shares).not.toEqual(first.shares);
  });

  it("empirical shares over 8 000 unit ids match the allocation", () => {
    const { shares } = banditAllocation("homepage-banner", snapshot, { minimumShare: 0.05 });
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const units = 8000;
    for (let unit = 0; unit < units; unit++) {
      const { armId } = banditAssign("homepage-banner", `user-${unit}`, snapshot, { minimumShare: 0.05 });
      counts[armId] = (counts[armId] as number) + 1;
    }
    for (const id of ["a", "b", "c"]) {
      const share = shares[id] as number;
      // 5 binomial standard errors.
      expect(Math.abs((counts[id] as number) / units - share)).toBeLessThan(5 * Math.sqrt((share * (1 - share)) / units));
    }
  });

  it("never assigns an arm with a zero share", () => {
    const decided: BanditSnapshot = { id: "s", arms: [{ id: "loser", successes: 0, failures: 2000 }, { id: "winner", successes: 1000, failures: 1000 }] };
    expect(banditAllocation("exp", decided, { draws: 2000 }).shares["loser"]).toBe(0);
    for (let unit = 0; unit < 500; unit++) expect(banditAssign("exp", String(unit), decided, { draws: 2000 }).armId).toBe("winner");
  });
});

describe("Beta and Gamma sampling (Marsaglia–Tsang)", () => {
  const moments = (draw: () => number, count: number) => {
    let mean = 0;
    let squares = 0;
    for (let i = 1; i <= count; i++) {
      const value = draw();
      const delta = value - mean;
      mean += delta / i;
      squares += delta * (value - mean);
    }
    return { mean, variance: squares / (count - 1) };
  };

  it.each([
    [2, 5],
    [0.3, 0.7],
    [0.05, 2],
    [1, 1],
    [50, 950],
    [10000, 20000],
  ])("Beta(%d, %d) has the right mean and variance (fixed seed)", (alpha, beta) => {
    const random = seedrandom(`beta ${alpha} ${beta}`);
    const count = 10000;
    const { mean, variance } = moments(() => sampleBeta(alpha, beta, random), count);
    const expectedMean = alpha / (alpha + beta);
    const expectedVariance = (alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1));
    // Mean within 5 standard errors; variance within 10 %.
    expect(Math.abs(mean - expectedMean)).toBeLessThan(5 * Math.sqrt(expectedVariance / count));
    expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.1);
  });

  it("Gamma(shape) has mean shape and variance shape, including shape < 1", () => {
    for (const shape of [0.2, 1, 3.5, 40]) {
      const random = seedrandom(`gamma ${shape}`);
      const { mean, variance } = moments(() => Math.exp(sampleLogGamma(shape, random)), 10000);
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / 10000));
      expect(Math.abs(variance / shape - 1)).toBeLessThan(0.12);
    }
  });

  it("tiny shapes stay finite on the log scale where the value itself underflows", () => {
    const random = seedrandom("tiny");
    for (let i = 0; i < 1000; i++) {
      const logValue = sampleLogGamma(0.001, random);
      expect(Number.isFinite(logValue)).toBe(true);
      const beta = sampleBeta(0.001, 0.001, random);
      expect(beta).toBeGreaterThanOrEqual(0);
      expect(beta).toBeLessThanOrEqual(1);
    }
  });
});

describe("banditAssign cache", () => {
  it("a snapshot object changed in place is not answered from a stale allocation", () => {
    const snapshot = { id: "s1", arms: [{ id: "a", successes: 1, failures: 100 }, { id: "b", successes: 100, failures: 1 }] };
    const before = banditAssign("exp", "u1", snapshot).shares;
    snapshot.arms[0]!.successes = 100;
    snapshot.arms[0]!.failures = 1;
    snapshot.arms[1]!.successes = 1;
    snapshot.arms[1]!.failures = 100;
    const after = banditAssign("exp", "u1", snapshot).shares;
    expect(after).toEqual(banditAllocation("exp", snapshot).shares);
    expect(after.a).toBeGreaterThan(before.a!);
  });
});
