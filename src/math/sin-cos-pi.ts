/*
 * sin(πx) and cos(πx) after FreeBSD msun's s_sinpi.c and s_cospi.c (Copyright (c) 2017 Steven G.
 * Kargl, BSD 2-clause: see LICENSE, "Third-party notices"), on the fdlibm kernels of
 * trig-kernels.ts. The argument is reduced to the nearest quarter turn by `%` and subtractions that
 * are all exact, so no inexact multiple of π is ever subtracted.
 */
import { kernelPi } from "./trig-kernels.js";

/**
 * sin(π(|x| + shift/2)) for shift 0 (sine) or 1 (cosine): |x| mod 2 = n/2 + d with n the nearest
 * quarter turn and |d| ≤ 1/4, then sin(π(n + shift)/2 + πd) is ±sin(πd) or ±cos(πd) by the quadrant.
 */
function quarterTurns(x: number, shift: 0 | 1): number {
  const r = Math.abs(x) % 2; // exact; 0 for every |x| ≥ 2^53; NaN for ±Infinity and NaN
  const n = Math.round(2 * r);
  const d = r - n / 2; // exact (Sterbenz)
  const quadrant = n + shift;
  const v = kernelPi(d, !(quadrant & 1));
  return quadrant & 2 ? -v : v;
}

/**
 * sin(π·x), the same bits on every JavaScript engine: built only from + − × ÷, `%`, `Math.round`
 * and `Math.fround` (all exactly specified), never from `Math.sin`, whose last bit differs between
 * engines and engine versions. Exact reduction makes `sinPi(n)` zero for every integer n and
 * `sinPi(0.5)` one; the error is below 1 ulp. For degrees, `sinPi(degrees / 180)`.
 *
 * Special values: sinPi(±0) = ±0, sinPi(±n) = ±0 for integers n, sinPi(±Infinity) = sinPi(NaN) = NaN.
 *
 * @example
 * sinPi(0.5); //=> 1
 * sinPi(1); //=> 0
 * sinPi(-1); //=> -0
 * sinPi(1 / 6); //=> 0.5
 * sinPi(48.8566 / 180); //=> 0.7530652322342716 (the sine of 48.8566°)
 */
export function sinPi(x: number): number {
  const s = quarterTurns(x, 0);
  if (s === 0) return 0 * x; // ±0 with the sign of x
  return x < 0 ? -s : s;
}

/**
 * cos(π·x), the same bits on every JavaScript engine: built only from + − × ÷, `%`, `Math.round`
 * and `Math.fround` (all exactly specified), never from `Math.cos`, whose last bit differs between
 * engines and engine versions. Exact reduction makes `cosPi(n + 0.5)` zero and `cosPi(n)` ±1 for
 * every integer n; the error is below 1 ulp. For degrees, `cosPi(degrees / 180)`.
 *
 * Special values: cosPi(±0) = 1, cosPi(n + 0.5) = +0, cosPi(±Infinity) = cosPi(NaN) = NaN.
 *
 * @example
 * cosPi(0); //=> 1
 * cosPi(0.5); //=> 0
 * cosPi(1); //=> -1
 * cosPi(60 / 180); //=> 0.5 (the cosine of 60°)
 */
export function cosPi(x: number): number {
  return quarterTurns(x, 1) + 0; // + 0 turns the −0 of cos(π(n + ½)) into +0
}
