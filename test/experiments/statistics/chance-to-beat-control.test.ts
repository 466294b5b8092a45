import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exactChanceToBeat, integratedChanceToBeat } from "../../../src/experiments/statistics/chance-to-beat-control.js";
import { chanceToBeatControl } from "../../../src/experiments/statistics/index.js";
import { expectClose, reference } from "./reference.js";

const arm = (maxUsers: number) =>
  fc.integer({ min: 0, max: maxUsers }).chain((users) => fc.record({ users: fc.constant(users), conversions: fc.integer({ min: 0, max: users }) }));

describe("chanceToBeatControl", () => {
  it("matches SciPy quadrature of f_B(x)·F_A(x) (exact and quadrature paths, priors included)", () => {
    expect(reference.chanceToBeatControl.length).toBeGreaterThanOrEqual(10);
    for (const row of reference.chanceToBeatControl) {
      const value = chanceToBeatControl(row.control, row.treatment, { prior: row.prior });
      expectClose(value, row.value, { absolute: 1e-9 }, JSON.stringify(row));
    }
  });

  it("worked example: 130/1000 vs 100/1000 beats control with probability 0.9822", () => {
    expect(chanceToBeatControl({ users: 1000, conversions: 100 }, { users: 1000, conversions: 130 })).toBeCloseTo(0.9822, 4);
  });

  it("closed form and quadrature agree to 1e-9 wherever both apply", () => {
    const cases = [
      [{ alpha: 1, beta: 1 }, { alpha: 1, beta: 1 }],
      [{ alpha: 11, beta: 91 }, { alpha: 16, beta: 86 }],
      [{ alpha: 101, beta: 901 }, { alpha: 131, beta: 871 }],
      [{ alpha: 1, beta: 11 }, { alpha: 11, beta: 1 }],
      [{ alpha: 3, beta: 400 }, { alpha: 9, beta: 380 }],
      [{ alpha: 19001, beta: 981001 }, { alpha: 19301, beta: 980701 }],
      [{ alpha: 15000, beta: 35000 }, { alpha: 15200, beta: 34800 }],
      [{ alpha: 30001, beta: 170001 }, { alpha: 1601, beta: 8401 }],
      [{ alpha: 2, beta: 5 }, { alpha: 20000, beta: 3 }],
    ] as const;
    for (const [a, b] of cases) {
      const exact = exactChanceToBeat(a, b);
      if (exact === null) throw new Error("expected an exact value");
      expectClose(integratedChanceToBeat(a, b), exact, { absolute: 1e-9 }, JSON.stringify([a, b]));
    }
  });

  it("uses the quadrature when no parameter is a small whole number", () => {
    expect(exactChanceToBeat({ alpha: 0.5, beta: 3.5 }, { alpha: 1.5, beta: 2.5 })).toBeNull();
    expect(exactChanceToBeat({ alpha: 20001, beta: 30001 }, { alpha: 20301, beta: 29701 })).toBeNull();
  });

  it("is 0.5 for identical arms and with no data", () => {
    expect(chanceToBeatControl({ users: 0, conversions: 0 }, { users: 0, conversions: 0 })).toBeCloseTo(0.5, 14);
    expect(chanceToBeatControl({ users: 500, conversions: 40 }, { users: 500, conversions: 40 })).toBeCloseTo(0.5, 12);
    expect(chanceToBeatControl({ users: 3, conversions: 1 }, { users: 3, conversions: 1 }, { prior: { alpha: 0.5, beta: 0.5 } })).toBeCloseTo(0.5, 9);
  });

  it("property: chance(a, b) + chance(b, a) = 1 within 1e-9", () => {
    fc.assert(
      fc.property(arm(5000), arm(5000), (a, b) => {
        expect(Math.abs(chanceToBeatControl(a, b) + chanceToBeatControl(b, a) - 1)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it("property: the same holds with large counts and non-integer priors (quadrature path)", () => {
    fc.assert(
      fc.property(arm(2_000_000), arm(2_000_000), fc.double({ min: 0.2, max: 5, noNaN: true }), (a, b, priorAlpha) => {
        const options = { prior: { alpha: priorAlpha, beta: 1.5 } };
        const value = chanceToBeatControl(a, b, options);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        expect(Math.abs(value + chanceToBeatControl(b, a, options) - 1)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it("property: one more treatment conversion never lowers the chance", () => {
    fc.assert(
      fc.property(arm(3000), arm(3000), (control, treatment) => {
        fc.pre(treatment.conversions < treatment.users);
        const better = { users: treatment.users, conversions: treatment.conversions + 1 };
        expect(chanceToBeatControl(control, better)).toBeGreaterThanOrEqual(chanceToBeatControl(control, treatment) - 1e-12);
      }),
      { numRuns: 100 },
    );
  });
});
