/*
 * exp ported from fdlibm's e_exp.c as kept in FreeBSD msun.
 * Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved. Permission to use, copy,
 * modify, and distribute this software is freely granted, provided that this notice is preserved.
 */
import { fromWords, highWord } from "./float64-words.js";
import { LN2_HI, LN2_LO } from "./ln.js";

const OVERFLOW_THRESHOLD = 7.09782712893383973096e2; // 0x40862E42 FEFA39EF
const UNDERFLOW_THRESHOLD = -7.45133219101941108420e2; // 0xC0874910 D52D3051
const INVERSE_LN2 = 1.44269504088896338700; // 0x3FF71547 652B82FE
const TWO_POW_1023 = 8.98846567431158e307;
const TWO_POW_MINUS_1000 = 9.33263618503218878990e-302; // 0x01700000 00000000

// r·(exp(r) + 1)/(exp(r) − 1) ≈ 2 + P1·r² + … + P5·r¹⁰ on [0, ln2/2], Remez error ≤ 2^-59.
const P1 = 1.66666666666666019037e-1; // 0x3FC55555 5555553E
const P2 = -2.77777777770155933842e-3; // 0xBF66C16C 16BEBD93
const P3 = 6.61375632143793436117e-5; // 0x3F11566A AF25DE2C
const P4 = -1.65339022054652515390e-6; // 0xBEBBBD41 C5D26BF1
const P5 = 4.13813679705723846039e-8; // 0x3E663769 72BEA4D0

/**
 * e to the power x, the same bits on every JavaScript engine: fdlibm's algorithm built only from
 * + − × ÷ and bit access (exactly specified), never from `Math.exp`, whose last bit differs between
 * engines and engine versions. Error below 1 ulp.
 *
 * Special values: exp(±0) = 1, exp(Infinity) = Infinity, exp(−Infinity) = +0, exp(NaN) = NaN;
 * Infinity above 709.78 and +0 below −745.13.
 *
 * @example
 * exp(0); //=> 1
 * exp(1); //=> 2.7182818284590455 (fdlibm's e: 0.67 ulp above Math.E)
 * exp(-745.2); //=> 0
 */
export function exp(x: number): number {
  const word = highWord(x);
  const negative = word < 0;
  const hx = word & 0x7fffffff; // high word of |x|
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: overflow, underflow, Infinity or NaN
    if (x !== x) return x;
    if (x > OVERFLOW_THRESHOLD) return Number.POSITIVE_INFINITY;
    if (x < UNDERFLOW_THRESHOLD) return 0;
  }
  let k = 0;
  let hi = 0;
  let lo = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: x = k·ln2 + r with |r| ≤ ln2/2, r = hi − lo
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5·ln2
      hi = negative ? x + LN2_HI : x - LN2_HI;
      lo = negative ? -LN2_LO : LN2_LO;
      k = negative ? -1 : 1;
    } else {
      k = Math.trunc(INVERSE_LN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI; // exact here
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1 + x;
  }
  const t = x * x;
  const twoPowK = fromWords(0x3ff00000 + ((k >= -1021 ? k : k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) return k === 1024 ? y * 2 * TWO_POW_1023 : y * twoPowK;
  return y * twoPowK * TWO_POW_MINUS_1000;
}
