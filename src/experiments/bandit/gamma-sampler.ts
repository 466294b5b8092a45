import { exp } from "../../math/exp.js";
import { ln } from "../../math/ln.js";

/*
 * ln and exp are src/math's, not Math.log / Math.exp: their last bit differs between JavaScript
 * engines, and a draw near a tie between two arms could then pick another arm in a browser than on
 * the server. Math.sqrt is exactly specified.
 */

/** A uniform random number in [0, 1): here always a seeded `seedrandom` PRNG. */
export type UniformSource = () => number;

/** Standard normal variate by Marsaglia's polar method (no trigonometry, exact in distribution). */
function standardNormal(random: UniformSource): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * ln(s)) / s);
  }
}

/**
 * ln of a Gamma(shape, 1) variate, by Marsaglia & Tsang (2000). For shape < 1 it uses their boost
 * Gamma(a) = Gamma(a + 1) · U^(1/a); returning the logarithm keeps that finite even when U^(1/a)
 * underflows (shape ≪ 1), so Beta draws built from it never become 0/0.
 */
export function sampleLogGamma(shape: number, random: UniformSource): number {
  if (shape < 1) {
    const uniform = 1 - random(); // (0, 1]: never log(0)
    return sampleLogGamma(shape + 1, random) + ln(uniform) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    const x2 = x * x;
    // Cheap squeeze first; the log test only for the ~2 % it rejects.
    if (u < 1 - 0.0331 * x2 * x2 || ln(u) < 0.5 * x2 + d * (1 - v + ln(v))) return ln(d * v);
  }
}

/**
 * logit of a Beta(alpha, beta) variate: ln X − ln Y for X ~ Gamma(alpha), Y ~ Gamma(beta). Comparing
 * arms on this scale keeps draws that are all within 1e-17 of 0 or 1 apart.
 */
export function sampleBetaLogit(alpha: number, beta: number, random: UniformSource): number {
  return sampleLogGamma(alpha, random) - sampleLogGamma(beta, random);
}

/** A Beta(alpha, beta) variate: X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function sampleBeta(alpha: number, beta: number, random: UniformSource): number {
  return 1 / (1 + exp(-sampleBetaLogit(alpha, beta, random)));
}
