/**
 * The run-time half of test/math/exact-math-on-decision-paths.test.ts: with every
 * implementation-approximated Math function replaced by a stub that records its call and throws,
 * the golden vectors, bandit allocations and assignments, and the statistics behind `pickWinner`
 * still give exactly their results, and no stub is ever called. (`**` cannot be stubbed: the static
 * test covers it.)
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as caps from "../../src/caps/index.js";
import * as channels from "../../src/channels/index.js";
import * as experiments from "../../src/experiments/index.js";
import * as rules from "../../src/rules/index.js";
import * as timeZones from "../../src/time-zones/index.js";
import { runVectors, VECTOR_FILES, type VectorDocument, type VectorFile } from "../vectors/vector-runner.js";

const APPROXIMATED = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "cbrt", "cos", "cosh", "exp", "expm1", "hypot", "log", "log1p", "log10", "log2", "pow", "sin", "sinh", "tan", "tanh"] as const;

const files: VectorFile[] = VECTOR_FILES.map((file) => ({ ...(JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), "utf8")) as VectorDocument), file }));

const originals = new Map(APPROXIMATED.map((name) => [name, Math[name]] as const));
const calls: string[] = [];

/** Runs `work` with the approximated Math functions stubbed out; the stubs record and throw. */
function withoutApproximatedMath<T>(work: () => T): T {
  for (const name of APPROXIMATED) {
    Object.defineProperty(Math, name, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        calls.push(`Math.${name}(${args.join(", ")})`);
        throw new Error(`Math.${name} called on a decision path`);
      },
    });
  }
  try {
    return work();
  } finally {
    for (const [name, fn] of originals) Object.defineProperty(Math, name, { configurable: true, writable: true, value: fn });
  }
}

afterEach(() => {
  calls.length = 0;
});

describe("decisions without Math.sin, cos, asin, exp, log, log1p, pow …", () => {
  it("every golden vector gives its expected output, and no approximated Math function is called", () => {
    const results = withoutApproximatedMath(() => runVectors({ root, experiments, rules, caps, channels, timeZones }, files));
    expect(calls).toEqual([]);
    const expected = files.flatMap((file) => file.cases.map((vector) => ({ file: file.file, name: vector.name, actual: vector.expected })));
    expect(results).toEqual(expected);
  });

  it("bandit allocations and assignments (Gamma draws, shape < 1 too) call none", () => {
    const snapshot: experiments.BanditSnapshot = {
      id: "2026-11-23",
      arms: [
        { id: "a", successes: 12, failures: 88 },
        { id: "b", successes: 20, failures: 80 },
        { id: "c", successes: 0, failures: 3 },
      ],
    };
    const withStubs = withoutApproximatedMath(() => ({
      allocation: experiments.banditAllocation("banner", snapshot, { prior: { alpha: 0.3, beta: 0.7 }, draws: 2000 }),
      arms: ["u1", "u2", "u3", "u4"].map((unit) => experiments.banditAssign("banner", unit, snapshot).armId),
      beta: experiments.sampleBeta(0.05, 2, () => 0.25),
    }));
    expect(calls).toEqual([]);
    expect(withStubs.allocation).toEqual(experiments.banditAllocation("banner", snapshot, { prior: { alpha: 0.3, beta: 0.7 }, draws: 2000 }));
  });

  it("pickWinner and the statistics under it (z, t and chi-square tests, chance to beat, quantiles) call none", () => {
    const results: experiments.ExperimentResults = {
      control: "a",
      variants: [
        { id: "a", users: 10000, conversions: 1000, revenue: { mean: 5.1, variance: 30 } },
        { id: "b", users: 10000, conversions: 1100, revenue: { mean: 5.4, variance: 33 } },
      ],
    };
    const run = () => [
      experiments.pickWinner(results, { metric: "conversion", minimumUsersPerVariant: 100, expectedWeights: [1, 1] }),
      experiments.pickWinner(results, { metric: "conversion", method: "bayesian", minimumUsersPerVariant: 100 }),
      experiments.pickWinner(results, { metric: "revenue", minimumUsersPerVariant: 100 }),
      experiments.pickWinner(results, { metric: "revenue", method: "bayesian", minimumUsersPerVariant: 100 }),
      experiments.sampleSize({ baselineRate: 0.1, minimumDetectableEffect: 0.01 }),
      experiments.studentTQuantile(0.975, 1),
      experiments.studentTQuantile(0.975, 7.5),
      experiments.chanceToBeatControl({ users: 50, conversions: 3 }, { users: 60, conversions: 9 }, { prior: { alpha: 0.5, beta: 0.5 } }),
    ];
    const withStubs = withoutApproximatedMath(run);
    expect(calls).toEqual([]);
    expect(withStubs).toEqual(run());
  });
});
