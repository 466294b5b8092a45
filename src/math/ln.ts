/*
 * ln ported from fdlibm's e_log.c as kept in FreeBSD msun.
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */
import { fromWords, highWord, lowWord } from "./float64-words.js";

export const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000: k·LN2_HI is exact for |k| < 2000
export const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO_POW_54 = 18014398509481984;

// log(1 + f) = 2s + s·R(s²) with s = f/(2 + f); R's Remez error ≤ 2^-58.45 (shared with log1p).
export const LG1 = 6.666666666666735130e-1; // 0x3FE55555 55555593
export const LG2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
export const LG3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
export const LG4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
export const LG5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
export const LG6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
export const LG7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

/**
 * The natural logarithm of x, the same bits on every JavaScript engine: fdlibm's algorithm built
 * only from + − × ÷ and bit access (exactly specified), never from `Math.log`, whose last bit differs
 * between engines and engine versions. Error below 1 ulp.
 *
 * Special values: ln(±0) = −Infinity, ln(1) = +0, ln(Infinity) = Infinity, ln(x) = NaN for x < 0
 * and for NaN.
 *
 * @example
 * ln(1); //=> 0
 * ln(Math.E); //=> 1
 * ln(0.5); //=> -0.6931471805599453
 * ln(0); //=> -Infinity
 */
export function ln(x: number): number {
  let hx = highWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022: zero, negative or subnormal
    if (x === 0) return Number.NEGATIVE_INFINITY;
    if (hx < 0) return Number.NaN;
    k -= 54;
    x *= TWO_POW_54; // subnormal: scale up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = fromWords(hx | (i ^ 0x3ff00000), lowWord(x)); // normalise x or x/2 into [√2/2, √2)
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - r) : k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}
