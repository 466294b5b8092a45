/*
 * asin ported from fdlibm's e_asin.c as kept in FreeBSD msun.
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */
import { fromWords, highWord } from "./float64-words.js";

const PIO2_HI = 1.5707963267948966; // 0x3FF921FB 54442D18
const PIO2_LO = 6.123233995736766e-17; // 0x3C91A626 33145C07
const PIO4_HI = 0.7853981633974483; // 0x3FE921FB 54442D18
/** The smallest double whose high word is 0x3FEF3333 (fdlibm's "|x| > 0.975"). */
const NEAR_ONE = 0.974999904632568359375;
const TWO_POW_MINUS_27 = 7.450580596923828e-9;

// R(t) = p(t)/q(t) ≈ (asin(x) − x)/x³ with t = x², Remez error < 2^-58.75.
const P_S0 = 1.66666666666666657415e-1; // 0x3FC55555 55555555
const P_S1 = -3.25565818622400915405e-1; // 0xBFD4D612 03EB6F7D
const P_S2 = 2.01212532134862925881e-1; // 0x3FC9C155 0E884455
const P_S3 = -4.00555345006794114027e-2; // 0xBFA48228 B5688F3B
const P_S4 = 7.91534994289814532176e-4; // 0x3F49EFE0 7501B288
const P_S5 = 3.47933107596021167570e-5; // 0x3F023DE1 0DFDF709
const Q_S1 = -2.40339491173441421878; // 0xC0033A27 1C8A2D4B
const Q_S2 = 2.02094576023350569471; // 0x40002AE5 9C598AC8
const Q_S3 = -6.88283971605453293030e-1; // 0xBFE6066C 1B8D0159
const Q_S4 = 7.70381505559019352791e-2; // 0x3FB3B8C5 B12E9282

function p(t: number): number {
  return t * (P_S0 + t * (P_S1 + t * (P_S2 + t * (P_S3 + t * (P_S4 + t * P_S5)))));
}

function q(t: number): number {
  return 1 + t * (Q_S1 + t * (Q_S2 + t * (Q_S3 + t * Q_S4)));
}

/**
 * The arcsine of x in radians, in [−π/2, π/2], the same bits on every JavaScript engine: fdlibm's
 * algorithm built only from + − × ÷, `Math.sqrt` and bit access (all exactly specified), never from
 * `Math.asin`, whose last bit differs between engines and engine versions. Error below 1 ulp.
 *
 * Special values: asin(±0) = ±0, asin(±1) = ±π/2, asin(x) = NaN for |x| > 1 and for NaN.
 *
 * @example
 * asin(1); //=> 1.5707963267948966
 * asin(0.5); //=> 0.5235987755982989 (π/6)
 * asin(-0); //=> -0
 */
export function asin(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 1)) return ax === 1 ? x * PIO2_HI + x * PIO2_LO : Number.NaN;
  if (ax < 0.5) {
    if (ax < TWO_POW_MINUS_27) return x;
    const t = x * x;
    return x + x * (p(t) / q(t));
  }
  // asin(x) = π/2 − 2·asin(√((1 − |x|)/2))
  const t = (1 - ax) * 0.5;
  const s = Math.sqrt(t);
  let result: number;
  if (ax >= NEAR_ONE) {
    result = PIO2_HI - (2 * (s + s * (p(t) / q(t))) - PIO2_LO);
  } else {
    const f = fromWords(highWord(s), 0); // s with its low 32 bits cleared
    const c = (t - f * f) / (s + f); // f + c = √t to double precision
    const pTerm = 2 * s * (p(t) / q(t)) - (PIO2_LO - 2 * c);
    result = PIO4_HI - (pTerm - (PIO4_HI - 2 * f));
  }
  return x > 0 ? result : -result;
}
