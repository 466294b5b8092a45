/*
 * The polynomial kernels of sin and cos on [-π/4, π/4] and their half-turn forms, ported from
 * FreeBSD msun (k_sin.c, k_cos.c: fdlibm; k_sinpi.h, k_cospi.h), using only + − × ÷ and
 * Math.fround (both exactly specified), so every engine computes the same bits.
 *
 * k_sin.c, k_cos.c: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 * Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
 * distribute this software is freely granted, provided that this notice is preserved.
 *
 * k_sinpi.h, k_cospi.h: Copyright (c) 2017 Steven G. Kargl. All rights reserved. Redistribution and
 * use in source and binary forms, with or without modification, are permitted (BSD 2-clause: the
 * full notices are in LICENSE, "Third-party notices").
 */

// The polynomial coefficients, written out in the kernels below (fewer bytes in a browser bundle):
// sin(x) ≈ x + S1·x³ + … + S6·x¹³ on [0, π/4], |sin(x)/x − poly| ≤ 2^-58, with
//   S1 = -1.66666666666666324348e-1 (0xBFC55555 55555549)
//   S2 = 8.33333333332248946124e-3 (0x3F811111 1110F8A6)
//   S3 = -1.98412698298579493134e-4 (0xBF2A01A0 19C161D5)
//   S4 = 2.75573137070700676789e-6 (0x3EC71DE3 57B1FE7D)
//   S5 = -2.50507602534068634195e-8 (0xBE5AE5E6 8A2B9CEB)
//   S6 = 1.58969099521155010221e-10 (0x3DE5D93A 5ACFD57C)

// cos(x) ≈ 1 − x²/2 + C1·x⁴ + … + C6·x¹⁴ on [0, π/4], error ≤ 2^-58, with
//   C1 = 4.16666666666666019037e-2 (0x3FA55555 5555554C)
//   C2 = -1.38888888888741095749e-3 (0xBF56C16C 16C15177)
//   C3 = 2.48015872894767294178e-5 (0x3EFA01A0 19CB1590)
//   C4 = -2.75573143513906633035e-7 (0xBE927E4F 809C52AD)
//   C5 = 2.08757232129817482790e-9 (0x3E21EE9E BDB4B1C4)
//   C6 = -1.13596475577881948265e-11 (0xBDA8FAE9 BE8838D4)

/** π split so that a float (24 bits) times PI_HI is exact: PI_HI + PI_LO ≈ π to 2^-80. */
const PI_HI = 3.1415926814079285; // 0x400921FB 58000000
const PI_LO = -2.7818135228334233e-8; // 0xBE5DDE97 3DCB3B3A

/** sin(x + y) for |x| ≤ π/4, y the tail of x (|y| < ulp(x) / 2): fdlibm's __kernel_sin(x, y, 1). */
function kernelSin(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  // S2 + z(S3 + z·S4) + z·w(S5 + z·S6)
  const r = 8.33333333332248946124e-3 + z * (-1.98412698298579493134e-4 + z * 2.75573137070700676789e-6) + z * w * (-2.50507602534068634195e-8 + z * 1.58969099521155010221e-10);
  const v = z * x;
  return x - ((z * (0.5 * y - v * r) - y) - v * -1.66666666666666324348e-1); // … − v·S1
}

/** cos(x + y) for |x| ≤ π/4, y the tail of x: fdlibm's __kernel_cos. */
function kernelCos(x: number, y: number): number {
  const z = x * x;
  const w = z * z;
  // z(C1 + z(C2 + z·C3)) + w²(C4 + z(C5 + z·C6))
  const r = z * (4.16666666666666019037e-2 + z * (-1.38888888888741095749e-3 + z * 2.48015872894767294178e-5)) + w * w * (-2.75573143513906633035e-7 + z * (2.08757232129817482790e-9 + z * -1.13596475577881948265e-11));
  const hz = 0.5 * z;
  const v = 1 - hz;
  return v + ((1 - v - hz) + (z * r - x * y));
}

/**
 * sin(π·x) (`sine` true) or cos(π·x) for |x| ≤ 1/4 (k_sinpi.h, k_cospi.h): the kernel of hi + lo =
 * π·x to ~2^-75 relative. Odd in x for the sine, even for the cosine, bit for bit.
 */
export function kernelPi(x: number, sine: boolean): number {
  if (sine && x < TWO_MINUS_100 && x > -TWO_MINUS_100) return tinyPiTimes(x);
  const xHi = Math.fround(x); // 24 bits: xHi · PI_HI is exact
  const xLo = (x - xHi) * (PI_LO + PI_HI) + xHi * PI_LO;
  const hi = xHi * PI_HI;
  const sum = hi + xLo;
  return (sine ? kernelSin : kernelCos)(sum, hi - sum + xLo);
}

/** 2^-100, 2^200 and 2^-200, written as the decimals that parse to them exactly. */
const TWO_MINUS_100 = 7.888609052210118e-31;
const TWO_200 = 1.6069380442589903e60;
const TWO_MINUS_200 = 6.223015277861142e-61;

/**
 * sin(πx) for |x| < 2^-100, where it is πx to the last bit (the cubic term is 2^-197 of it), after
 * s_sinpi.c's tiny branch: x is scaled into the range where `Math.fround` splits it into 24 exact
 * bits (below 2^-126 it rounds to a float subnormal or zero, and the split loses its exactness), the
 * product is formed in two parts and scaled back, rounding once at most (only when subnormal).
 */
function tinyPiTimes(x: number): number {
  if (x === 0) return x;
  let scaled = x;
  let steps = 0;
  while (scaled < TWO_MINUS_100 && scaled > -TWO_MINUS_100) {
    scaled *= TWO_200; // exact: the result stays below 2^100
    steps++;
  }
  const hi = Math.fround(scaled);
  const lo = scaled - hi;
  let product = (PI_LO + PI_HI) * lo + PI_LO * hi + PI_HI * hi;
  for (let i = 0; i < steps; i++) product *= TWO_MINUS_200; // exact until the last step
  return product;
}
