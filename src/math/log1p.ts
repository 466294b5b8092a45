/*
 * log1p ported from fdlibm's s_log1p.c as kept in FreeBSD msun.
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunPro, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */
import { fromWords, highWord, lowWord } from "./float64-words.js";
import { LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO } from "./ln.js";

/**
 * ln(1 + x), accurate also for tiny x, the same bits on every JavaScript engine: fdlibm's algorithm
 * built only from + − × ÷ and bit access (exactly specified), never from `Math.log1p`, whose last bit
 * differs between engines and engine versions. Error below 1 ulp.
 *
 * Special values: log1p(±0) = ±0, log1p(−1) = −Infinity, log1p(Infinity) = Infinity, log1p(x) = NaN
 * for x < −1 and for NaN.
 *
 * @example
 * log1p(0); //=> 0
 * log1p(1e-20); //=> 1e-20
 * log1p(1); //=> 0.6931471805599453
 * log1p(-1); //=> -Infinity
 */
export function log1p(x: number): number {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2 (roughly), x negative included
    if (ax >= 0x3ff00000) {
      // x ≤ −1 (or −Infinity, or a NaN with the sign bit set)
      return x === -1 ? Number.NEGATIVE_INFINITY : Number.NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      return ax < 0x3c900000 ? x : x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2: f = x exactly
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x; // Infinity or NaN
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // what 1 + x lost to rounding
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = fromWords(hu | 0x3ff00000, lowWord(u)); // normalise u
    } else {
      k += 1;
      u = fromWords(hu | 0x3fe00000, lowWord(u)); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
    const r = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - r : k * LN2_HI - (r - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - (hfsq - (s * (hfsq + r) + (k * LN2_LO + c)) - f);
}
