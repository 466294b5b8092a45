import { describe, expect, it } from "vitest";
import {
  betaCdf,
  betaSurvival,
  chiSquareCdf,
  chiSquareSurvival,
  logBeta,
  logGamma,
  normalCdf,
  normalDensity,
  normalQuantile,
  normalSurvival,
  regularizedIncompleteBeta,
  regularizedIncompleteGammaP,
  regularizedIncompleteGammaQ,
  StatisticsInputError,
  studentTCdf,
  studentTQuantile,
  studentTSurvival,
} from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

/**
 * Tolerances against the SciPy fixture. The brief asks for 1e-6 absolute; the implementation does far
 * better, so the tests pin what it achieves (with headroom) to catch regressions:
 * - probabilities: 1e-11 absolute everywhere, and relative 1e-7 below 1e-3 (SciPy's own chi-square and
 *   incomplete gamma at a = 5e5 are off by ~1e-8 relative there; see the mpmath values below).
 * - quantiles and ln Γ: 1e-10 relative (1e-12 for ln Γ and Φ⁻¹).
 */
const PROBABILITY = { absolute: 1e-11, relative: 1e-7, tailBelow: 1e-3 };

describe("distribution functions match SciPy", () => {
  it("ln Γ over 1e-8 … 1e10", () => {
    for (const [x, value] of reference.logGamma) expectClose(logGamma(x), value, { absolute: 1e-12 * Math.max(1, Math.abs(value)) }, `logGamma(${x})`);
  });

  it("regularized incomplete gamma P and Q for a from 0.5 to 5e5", () => {
    for (const [a, x, lower, upper] of reference.incompleteGamma) {
      expectClose(regularizedIncompleteGammaP(a, x), lower, PROBABILITY, `P(${a}, ${x})`);
      expectClose(regularizedIncompleteGammaQ(a, x), upper, PROBABILITY, `Q(${a}, ${x})`);
    }
  });

  it("Beta CDF and survival, parameters up to 1e5 and 5e5", () => {
    for (const [x, a, b, cdf, sf] of reference.beta) {
      expectClose(betaCdf(x, a, b), cdf, PROBABILITY, `betaCdf(${x}, ${a}, ${b})`);
      expectClose(betaSurvival(x, a, b), sf, PROBABILITY, `betaSurvival(${x}, ${a}, ${b})`);
      expectClose(regularizedIncompleteBeta(x, a, b), cdf, PROBABILITY, `I(${x}, ${a}, ${b})`);
    }
  });

  it("normal CDF and survival from z = −38 to 9", () => {
    for (const [z, cdf, sf] of reference.normal) {
      expectClose(normalCdf(z), cdf, { absolute: 1e-15, relative: 1e-12, tailBelow: 0.5 }, `normalCdf(${z})`);
      expectClose(normalSurvival(z), sf, { absolute: 1e-15, relative: 1e-12, tailBelow: 0.5 }, `normalSurvival(${z})`);
    }
  });

  it("normal quantile from p = 1e-300 to 1 − 1e-15", () => {
    for (const [p, z] of reference.normalQuantile) expectClose(normalQuantile(p), z, { absolute: 1e-12 * Math.max(1, Math.abs(z)) }, `normalQuantile(${p})`);
  });

  it("chi-square CDF and survival, df 1 to 1e6, p-values down to 1e-12", () => {
    for (const [x, df, cdf, sf] of reference.chiSquare) {
      expectClose(chiSquareCdf(x, df), cdf, PROBABILITY, `chiSquareCdf(${x}, ${df})`);
      expectClose(chiSquareSurvival(x, df), sf, PROBABILITY, `chiSquareSurvival(${x}, ${df})`);
    }
  });

  it("Student-t CDF and survival, df 1 to 1e6 (non-integer too), p-values down to 1e-12", () => {
    for (const [t, df, cdf, sf] of reference.studentT) {
      expectClose(studentTCdf(t, df), cdf, PROBABILITY, `studentTCdf(${t}, ${df})`);
      expectClose(studentTSurvival(t, df), sf, PROBABILITY, `studentTSurvival(${t}, ${df})`);
    }
  });

  it("Student-t quantile, df 1 to 1e6", () => {
    for (const [p, df, t] of reference.studentTQuantile) {
      expectClose(studentTQuantile(p, df), t, { absolute: 1e-10 * Math.max(1, Math.abs(t)) }, `studentTQuantile(${p}, ${df})`);
    }
  });

  it("extreme tails keep their relative precision (40-digit mpmath values)", () => {
    const functions: Record<string, (...args: number[]) => number> = {
      regularizedIncompleteGammaP: (a, x) => regularizedIncompleteGammaP(a as number, x as number),
      chiSquareCdf: (x, df) => chiSquareCdf(x as number, df as number),
      chiSquareSurvival: (x, df) => chiSquareSurvival(x as number, df as number),
      normalCdf: (z) => normalCdf(z as number),
      normalSurvival: (z) => normalSurvival(z as number),
      betaCdf: (x, a, b) => betaCdf(x as number, a as number, b as number),
      betaSurvival: (x, a, b) => betaSurvival(x as number, a as number, b as number),
      studentTSurvival: (t, df) => studentTSurvival(t as number, df as number),
    };
    expect(reference.precisionTails.length).toBeGreaterThanOrEqual(8);
    for (const row of reference.precisionTails) {
      const compute = functions[row.function];
      if (compute === undefined) throw new Error(`no function ${row.function}`);
      // Subnormal results (< 2.2e-308) carry fewer significant bits.
      const relative = row.value < 2.2250738585072014e-308 ? 1e-6 : 1e-11;
      expectClose(compute(...row.args), row.value, { absolute: 1e-15, relative }, `${row.function}(${row.args.join(", ")})`);
    }
  });
});

describe("published table values", () => {
  it("chi-square: 3.841 at df 1 and 5.991 at df 2 are the 5 % critical values; 10.828 at df 1 is 0.1 %", () => {
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 12);
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(10.828, 1)).toBeCloseTo(0.001, 5);
    // df 2 is exponential: P(X > x) = e^(−x/2).
    expect(chiSquareSurvival(7, 2)).toBeCloseTo(Math.exp(-3.5), 15);
  });

  it("normal: Φ(1.959964) = 0.975, Φ(1.644854) = 0.95, Φ⁻¹(0.975) = 1.959964", () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 7);
    expect(normalCdf(1.644854)).toBeCloseTo(0.95, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalDensity(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 15);
  });

  it("Student t: t(0.975; 10) = 2.228, t(0.975; 1) = 12.706, t(0.95; 30) = 1.697", () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 6);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697261, 6);
    // df 1 is Cauchy: P(T > 1) = 1/4.
    expect(studentTSurvival(1, 1)).toBeCloseTo(0.25, 15);
    expect(studentTCdf(0, 7.5)).toBe(0.5);
  });

  it("ln Γ: Γ(½) = √π, Γ(5) = 24; B(2, 3) = 1/12; Beta(1, 1) is uniform", () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 15);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(betaCdf(0.3, 1, 1)).toBeCloseTo(0.3, 15);
  });
});

describe("edges and invalid arguments", () => {
  it("infinite arguments give limits", () => {
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(studentTSurvival(Infinity, 3)).toBe(0);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
    expect(chiSquareSurvival(Infinity, 4)).toBe(0);
    expect(chiSquareCdf(-1, 4)).toBe(0);
    expect(betaCdf(-0.5, 2, 2)).toBe(0);
    expect(betaCdf(1.5, 2, 2)).toBe(1);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(studentTQuantile(1, 4)).toBe(Infinity);
  });

  it.each([
    ["normalCdf(NaN)", () => normalCdf(Number.NaN), "z"],
    ["normalQuantile(1.5)", () => normalQuantile(1.5), "p"],
    ["chiSquareSurvival(1, 0)", () => chiSquareSurvival(1, 0), "degreesOfFreedom"],
    ["studentTCdf(1, -2)", () => studentTCdf(1, -2), "degreesOfFreedom"],
    ["studentTQuantile(0.5, Infinity)", () => studentTQuantile(0.5, Infinity), "degreesOfFreedom"],
    ["betaCdf(0.5, 0, 1)", () => betaCdf(0.5, 0, 1), "alpha"],
    ["betaSurvival(0.5, 1, NaN)", () => betaSurvival(0.5, 1, Number.NaN), "beta"],
    ["regularizedIncompleteBeta(2, 1, 1)", () => regularizedIncompleteBeta(2, 1, 1), "x"],
    ["regularizedIncompleteGammaP(1, -1)", () => regularizedIncompleteGammaP(1, -1), "x"],
  ])("%s throws StatisticsInputError naming the argument", (_name, call, field) => {
    expect(call).toThrow(StatisticsInputError);
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      expect((error as StatisticsInputError).field).toBe(field);
    }
  });
});
