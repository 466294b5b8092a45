/*
 * sinPi after FreeBSD msun's s_sinpi.c (Copyright (c) 2017 Steven G. Kargl, BSD 2-clause: see
 * LICENSE, "Third-party notices"), with the reduction done by `%`, which is exact.
 */
import { fromWords, highWord } from "./float64-words.js";
import { kernelCosPi, kernelSinPi, PI_HI, PI_LO } from "./trig-kernels.js";

const TWO_POW_53 = 9007199254740992;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;
const TWO_POW_MINUS_29 = 1.862645149230957e-9;

/** sin(π·r) for 0 ≤ r < 1, from the kernel of the nearest quarter turn. */
function sinPiOfFraction(r: number): number {
  if (r < 0.25) return kernelSinPi(r);
  if (r < 0.5) return kernelCosPi(0.5 - r);
  if (r < 0.75) return kernelCosPi(r - 0.5);
  return kernelSinPi(1 - r);
}

/**
 * sin(π·x), the same bits on every JavaScript engine: built only from + − × ÷, `%` and bit access,
 * never from `Math.sin`, whose last bit differs between engines and engine versions. The argument is
 * reduced exactly (no multiplication by an inexact π before it), so `sinPi(n) === 0` for every
 * integer n and `sinPi(0.5) === 1`; the error is below 1 ulp.
 *
 * Special values: sinPi(±0) = ±0, sinPi(±n) = ±0 for integers n, sinPi(±Infinity) = sinPi(NaN) = NaN.
 *
 * @example
 * sinPi(0.5); //=> 1
 * sinPi(1); //=> 0
 * sinPi(1 / 6); //=> 0.5
 * sinPi(-1); //=> -0
 * sinPi(48.8566 / 180); //=> 0.7530652322342716 (the sine of 48.8566°)
 */
export function sinPi(x: number): number {
  const ax = Math.abs(x);
  if (ax < TWO_POW_MINUS_29) {
    if (x === 0) return x;
    // π·x from x split in two, scaled up so that subnormal x keep their bits (s_sinpi.c).
    const hi = fromWords(highWord(x), 0) * TWO_POW_53;
    const lo = x * TWO_POW_53 - hi;
    return ((PI_LO + PI_HI) * lo + PI_LO * hi + PI_HI * hi) * TWO_POW_MINUS_53;
  }
  if (!(ax < Number.POSITIVE_INFINITY)) return Number.NaN;
  let r = ax % 2; // exact; 0 for every |x| ≥ 2^53
  if (r === 0 || r === 1) return 0 * x; // ±0 with the sign of x
  // sin(π(1 + r)) = −sin(πr)
  const negative = r > 1 !== x < 0;
  if (r > 1) r -= 1;
  const s = sinPiOfFraction(r);
  return negative ? -s : s;
}
