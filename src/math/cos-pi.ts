/*
 * cosPi after FreeBSD msun's s_cospi.c (Copyright (c) 2017 Steven G. Kargl, BSD 2-clause: see
 * LICENSE, "Third-party notices"), with the reduction done by `%`, which is exact.
 */
import { kernelCosPi, kernelSinPi } from "./trig-kernels.js";

/**
 * cos(π·x), the same bits on every JavaScript engine: built only from + − × ÷, `%` and
 * `Math.fround`, never from `Math.cos`, whose last bit differs between engines and engine versions.
 * The argument is reduced exactly, so `cosPi(n + 0.5) === 0` and `cosPi(n) === ±1` for every
 * integer n; the error is below 1 ulp.
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
  const ax = Math.abs(x);
  if (!(ax < Number.POSITIVE_INFINITY)) return Number.NaN;
  let r = ax % 2; // exact; 0 for every |x| ≥ 2^53
  // cos(π(1 + r)) = −cos(πr)
  const negative = r >= 1;
  if (negative) r -= 1;
  if (r === 0.5) return 0;
  let c: number;
  if (r < 0.25) c = kernelCosPi(r);
  else if (r < 0.5) c = kernelSinPi(0.5 - r);
  else if (r < 0.75) c = -kernelSinPi(r - 0.5);
  else c = -kernelCosPi(1 - r);
  return negative ? -c : c;
}
