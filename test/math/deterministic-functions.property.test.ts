/**
 * src/math's functions against the engine's Math (ln, exp, log1p, asin: within 1 ulp; V8 also runs
 * fdlibm for these, so in Node they agree bit for bit) and, for sinPi and cosPi, which Math has no
 * counterpart of, against sin(πx) and cos(πx) computed exactly enough in BigInt fixed point: the
 * error must stay below 1 ulp. Special values (±0, ±Infinity, NaN, subnormals, the ends of the
 * domains) are exact.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asin } from "../../src/math/asin.js";
import { exp } from "../../src/math/exp.js";
import { fromWords, highWord, lowWord } from "../../src/math/float64-words.js";
import { ln } from "../../src/math/ln.js";
import { log1p } from "../../src/math/log1p.js";
import { powerOfTen } from "../../src/math/power-of-ten.js";
import { cosPi, sinPi } from "../../src/math/sin-cos-pi.js";

const NUM_RUNS = 5000;
const MIN_SUBNORMAL = Number.MIN_VALUE;
const MAX_SUBNORMAL = 2.225073858507201e-308;
const view = new DataView(new ArrayBuffer(8));

/** The doubles between a and b, counting ±0 as one: 0 when identical (NaN counts as equal to NaN). */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Number.POSITIVE_INFINITY;
  const ordered = (x: number): bigint => {
    view.setFloat64(0, x);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const difference = ordered(a) - ordered(b);
  return Number(difference < 0n ? -difference : difference);
}

/** Every double, NaN and infinities included, by bit pattern: reaches the whole exponent range evenly. */
const anyDouble = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((bits) => {
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
});
const subnormal = fc.double({ min: -MAX_SUBNORMAL, max: MAX_SUBNORMAL, noNaN: true });

function expectWithinOneUlpOf(ours: (x: number) => number, reference: (x: number) => number, values: fc.Arbitrary<number>): void {
  fc.assert(
    fc.property(values, (x) => ulpDistance(ours(x), reference(x)) <= 1),
    { numRuns: NUM_RUNS },
  );
}

/** Object.is for each pair: -0 and 0 differ, NaN equals NaN. */
function expectExactly(fn: (x: number) => number, table: readonly (readonly [number, number])[]): void {
  for (const [x, expected] of table) expect(Object.is(fn(x), expected), `${fn.name}(${x}) = ${fn(x)}, expected ${expected}`).toBe(true);
}

describe("float64 words", () => {
  it("split and join a double as fdlibm's GET_HIGH_WORD / INSERT_WORDS do", () => {
    expect(highWord(1)).toBe(0x3ff00000);
    expect(lowWord(1)).toBe(0);
    expect(highWord(-2)).toBe(0xc0000000 | 0);
    expect(fromWords(0x400921fb, 0x54442d18)).toBe(Math.PI);
    expect(fromWords(0x3fef3333, 0)).toBe(0.974999904632568359375);
    fc.assert(fc.property(anyDouble, (x) => Object.is(fromWords(highWord(x), lowWord(x)), x) || Number.isNaN(x)));
  });
});

describe("ln", () => {
  it("is within 1 ulp of Math.log on every positive double, subnormals included", () => {
    expectWithinOneUlpOf(ln, Math.log, anyDouble.map(Math.abs));
    expectWithinOneUlpOf(ln, Math.log, fc.double({ min: 0.5, max: 2, noNaN: true }));
    expectWithinOneUlpOf(ln, Math.log, fc.double({ min: MIN_SUBNORMAL, max: MAX_SUBNORMAL, noNaN: true }));
  });

  it("is exact on special values", () => {
    expectExactly(ln, [
      [0, Number.NEGATIVE_INFINITY],
      [-0, Number.NEGATIVE_INFINITY],
      [1, 0],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [-1, Number.NaN],
      [-MIN_SUBNORMAL, Number.NaN],
      [Number.NEGATIVE_INFINITY, Number.NaN],
      [Number.NaN, Number.NaN],
      [2, Math.LN2],
      [10, Math.LN10],
      [MIN_SUBNORMAL, -744.4400719213812],
      [Number.MAX_VALUE, 709.782712893384],
    ]);
  });
});

describe("exp", () => {
  it("is within 1 ulp of Math.exp on every double and across the finite range", () => {
    expectWithinOneUlpOf(exp, Math.exp, anyDouble);
    expectWithinOneUlpOf(exp, Math.exp, fc.double({ min: -746, max: 710, noNaN: true }));
    expectWithinOneUlpOf(exp, Math.exp, fc.double({ min: -1, max: 1, noNaN: true }));
  });

  it("is exact on special values, overflow and underflow (subnormal results included)", () => {
    expectExactly(exp, [
      [0, 1],
      [-0, 1],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [Number.NEGATIVE_INFINITY, 0],
      [Number.NaN, Number.NaN],
      [709.79, Number.POSITIVE_INFINITY],
      [-745.14, 0],
      [-745.1332191019411, MIN_SUBNORMAL],
      [709.782712893384, 1.7976931348622732e308],
      [MIN_SUBNORMAL, 1],
      [-MIN_SUBNORMAL, 1],
    ]);
    expect(exp(-740)).toBe(Math.exp(-740)); // subnormal result
  });
});

describe("log1p", () => {
  it("is within 1 ulp of Math.log1p from −1 up, for tiny and subnormal arguments too", () => {
    expectWithinOneUlpOf(log1p, Math.log1p, anyDouble.filter((x) => !(x < -1)));
    expectWithinOneUlpOf(log1p, Math.log1p, fc.double({ min: -1, max: 4, noNaN: true }));
    expectWithinOneUlpOf(log1p, Math.log1p, fc.double({ min: -1e-6, max: 1e-6, noNaN: true }));
    expectWithinOneUlpOf(log1p, Math.log1p, subnormal);
  });

  it("is exact on special values", () => {
    expectExactly(log1p, [
      [0, 0],
      [-0, -0],
      [-1, Number.NEGATIVE_INFINITY],
      [-1.0000000000000002, Number.NaN],
      [Number.NEGATIVE_INFINITY, Number.NaN],
      [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
      [Number.NaN, Number.NaN],
      [MIN_SUBNORMAL, MIN_SUBNORMAL],
      [-MIN_SUBNORMAL, -MIN_SUBNORMAL],
      [1e-300, 1e-300],
      [1, Math.LN2],
    ]);
  });
});

describe("asin", () => {
  it("is within 1 ulp of Math.asin on [−1, 1], near ±1 and on tiny and subnormal arguments", () => {
    expectWithinOneUlpOf(asin, Math.asin, fc.double({ min: -1, max: 1, noNaN: true }));
    expectWithinOneUlpOf(asin, Math.asin, fc.double({ min: 0.97, max: 1, noNaN: true }));
    expectWithinOneUlpOf(asin, Math.asin, fc.double({ min: -1e-7, max: 1e-7, noNaN: true }));
    expectWithinOneUlpOf(asin, Math.asin, subnormal);
  });

  it("is exact on special values", () => {
    expectExactly(asin, [
      [0, 0],
      [-0, -0],
      [1, Math.PI / 2],
      [-1, -Math.PI / 2],
      [1.0000000000000002, Number.NaN],
      [-2, Number.NaN],
      [Number.POSITIVE_INFINITY, Number.NaN],
      [Number.NEGATIVE_INFINITY, Number.NaN],
      [Number.NaN, Number.NaN],
      [MIN_SUBNORMAL, MIN_SUBNORMAL],
      [-MAX_SUBNORMAL, -MAX_SUBNORMAL],
      [0.5, 0.5235987755982989],
    ]);
  });
});

// --- sin(πx), cos(πx) in BigInt fixed point ------------------------------------------------------

const PRECISION = 1200n; // fraction bits: far below the 2^-1074 of the smallest subnormal
const ONE = 1n << PRECISION;

/** atan(1/n) · 2^PRECISION by its series. */
function atanOfInverse(n: bigint): bigint {
  let sum = 0n;
  let power = ONE / n;
  for (let k = 1n, sign = 1n; power !== 0n; k += 2n, sign = -sign) {
    sum += (sign * power) / k;
    power /= n * n;
  }
  return sum;
}
/** π · 2^PRECISION by Machin's formula. */
const PI = 16n * atanOfInverse(5n) - 4n * atanOfInverse(239n);

/** A finite double as an exact fixed-point BigInt (value · 2^PRECISION). */
function toFixed(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & 0xfffffffffffffn) | (exponent === 0 ? 0n : 1n << 52n);
  const shift = BigInt(Math.max(exponent, 1) - 1075) + PRECISION;
  const magnitude = mantissa << shift;
  return bits >> 63n === 1n ? -magnitude : magnitude;
}

/** sin(θ) or cos(θ) by Taylor series, θ in fixed point (|θ| ≤ 2π). */
function taylor(theta: bigint, cosine: boolean): bigint {
  const square = (theta * theta) >> PRECISION;
  let term = cosine ? ONE : theta;
  let sum = term;
  for (let k = cosine ? 1n : 2n; term !== 0n; k += 2n) {
    term = -((term * square) >> PRECISION) / (k * (k + 1n));
    sum += term;
  }
  return sum;
}

/** |ours − exact| in ulps of the exact value (ulps of the subnormal spacing below 2^-1022). */
function errorInUlps(ours: number, exact: bigint): number {
  const magnitude = exact < 0n ? -exact : exact;
  const binade = magnitude === 0n ? -1074 : magnitude.toString(2).length - 1 - Number(PRECISION);
  const ulp = 1n << (BigInt(Math.max(binade - 52, -1074)) + PRECISION);
  const error = toFixed(ours) - exact;
  return Number(((error < 0n ? -error : error) * 1_000_000n) / ulp) / 1_000_000;
}

/** sin(πx) or cos(πx), exactly enough: the reduction x mod 2 is exact in doubles. */
function exactHalfTurn(x: number, cosine: boolean): bigint {
  const r = Math.abs(x) % 2;
  const value = taylor((PI * toFixed(r)) >> PRECISION, cosine);
  return !cosine && x < 0 ? -value : value;
}

describe("sinPi and cosPi", () => {
  const wide = fc.oneof(
    fc.double({ min: -4, max: 4, noNaN: true }),
    fc.double({ min: -0.25, max: 0.25, noNaN: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
    subnormal,
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 2 + Number.EPSILON * n),
  );

  it("the BigInt reference is exact enough to tell 1 ulp apart", () => {
    expect(errorInUlps(0.5, exactHalfTurn(1 / 6, false))).toBeLessThan(0.5);
    expect(errorInUlps(Math.SQRT1_2, exactHalfTurn(0.25, true))).toBeLessThan(0.5);
    expect(errorInUlps(0.5000000000000001, exactHalfTurn(1 / 6, false))).toBeGreaterThan(1);
    expect(errorInUlps(Math.sin(Math.PI * (1 - 2 ** -40)), exactHalfTurn(1 - 2 ** -40, false))).toBeGreaterThan(1000); // Math.PI's rounding, amplified
  });

  it("are within 1 ulp of sin(πx) and cos(πx) computed exactly in BigInt", () => {
    fc.assert(
      fc.property(wide, (x) => errorInUlps(sinPi(x), exactHalfTurn(x, false)) < 1 && errorInUlps(cosPi(x), exactHalfTurn(x, true)) < 1),
      { numRuns: 3000 },
    );
  });

  it("stay within 1 ulp where x is below float's normal range (Math.fround no longer splits it exactly)", () => {
    // Found by the property above (seed 645414008): sinPi was 1 ulp above the correctly rounded πx.
    for (const x of [7.051810175973962e-46, 2 ** -1074, 2 ** -149 * 0.51, 2 ** -126, 2 ** -126 * 0.75, 2 ** -100, 2 ** -100 * 0.999, 1e-300, 3e-200]) {
      for (const signed of [x, -x]) expect(errorInUlps(sinPi(signed), exactHalfTurn(signed, false)), String(signed)).toBeLessThan(1);
    }
    fc.assert(
      fc.property(fc.double({ min: -(2 ** -90), max: 2 ** -90, noNaN: true }), (x) => errorInUlps(sinPi(x), exactHalfTurn(x, false)) < 1 && Object.is(sinPi(-x), -sinPi(x))),
      { numRuns: 3000 },
    );
  });

  it("agree with Math.sin(π·x) and Math.cos(π·x) within 2 ulps where π·x is nearly exact (|x| ≤ 1/4)", () => {
    // Math.PI · x carries π's own rounding and the product's: up to 1 ulp before Math.sin adds its own.
    const quarter = fc.double({ min: -0.25, max: 0.25, noNaN: true });
    fc.assert(
      fc.property(quarter, (x) => ulpDistance(sinPi(x), Math.sin(Math.PI * x)) <= 2 && ulpDistance(cosPi(x), Math.cos(Math.PI * x)) <= 2),
      { numRuns: NUM_RUNS },
    );
  });

  it("are odd and even, bit for bit, and periodic with period 2 wherever x + 2 is exact", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x) => {
        const shifted = x + 2;
        const periodic = shifted - 2 !== x || (sinPi(shifted) === sinPi(x) && cosPi(shifted) === cosPi(x)); // ±0 compare equal
        return Object.is(sinPi(-x), -sinPi(x)) && Object.is(cosPi(-x), cosPi(x)) && periodic;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("are exact on integers, half-integers and special values", () => {
    expectExactly(sinPi, [
      [0, 0],
      [-0, -0],
      [1, 0],
      [-1, -0],
      [2, 0],
      [-7, -0],
      [0.5, 1],
      [-0.5, -1],
      [1.5, -1],
      [2.5, 1],
      [2 ** 52 + 1, 0],
      [-(2 ** 53), -0],
      [Number.MAX_VALUE, 0],
      [Number.POSITIVE_INFINITY, Number.NaN],
      [Number.NEGATIVE_INFINITY, Number.NaN],
      [Number.NaN, Number.NaN],
      [1 / 6, 0.5],
      [0.25, Math.SQRT1_2],
    ]);
    expectExactly(cosPi, [
      [0, 1],
      [-0, 1],
      [1, -1],
      [-1, -1],
      [2, 1],
      [0.5, 0],
      [-0.5, 0],
      [1.5, 0],
      [-2.5, 0],
      [2 ** 52 + 1, -1],
      [2 ** 53, 1],
      [Number.MAX_VALUE, 1],
      [Number.POSITIVE_INFINITY, Number.NaN],
      [Number.NaN, Number.NaN],
      [MIN_SUBNORMAL, 1],
      [1 / 3, 0.5],
    ]);
    expect(sinPi(MIN_SUBNORMAL)).toBe(MIN_SUBNORMAL * Math.PI); // π·2^-1074 rounds to 3·2^-1074
  });
});

describe("powerOfTen", () => {
  it("is exactly 10^n wherever 10^n is a double, and the correctly rounded 10^n beyond", () => {
    for (let n = 0; n <= 22; n++) expect(powerOfTen(n)).toBe(Number(10n ** BigInt(n)));
    for (let n = 23; n <= 308; n++) expect(powerOfTen(n)).toBe(Number(10n ** BigInt(n))); // BigInt → Number rounds correctly
    expect(powerOfTen(309)).toBe(Number.POSITIVE_INFINITY);
    expect(powerOfTen(-3)).toBe(0.001);
    expect(powerOfTen(-324)).toBe(0);
    expect(powerOfTen(-323)).toBe(1e-323);
  });
});
