import { exp } from "../../../math/exp.js";
import { ln } from "../../../math/ln.js";
import { log1p } from "../../../math/log1p.js";
import { logRatioDeviation } from "./log1p-minus-x.js";
import { logBeta } from "./log-beta.js";
import { HALF_LOG_TWO_PI, STIRLING_THRESHOLD, stirlingCorrection } from "./log-gamma.js";
import { LentzFraction } from "./lentz-fraction.js";
import type { TailPair } from "./tail-pair.js";

const EPSILON = 1e-16;
const TINY = 1e-300;
/** The continued fraction needs O(√max(a, b)) steps near the mean; this covers parameters up to ~1e9. */
const MAX_ITERATIONS = 100_000;

/**
 * ln(xᵃ yᵇ / B(a, b)) with y = 1 − x passed in separately (it is known more precisely than `1 − x` when
 * x is near 1). For large a and b the Stirling terms are cancelled analytically around the mean
 * x₀ = a / (a + b), where `a ln(x/x₀) + b ln(y/y₀)` would otherwise cancel catastrophically.
 */
function logBetaPrefactor(x: number, y: number, a: number, b: number): number {
  if (a >= STIRLING_THRESHOLD && b >= STIRLING_THRESHOLD) {
    const sum = a + b;
    const meanX = a / sum;
    const meanY = b / sum;
    // The linear terms a(x − x₀)/x₀ + b(y − y₀)/y₀ = (a + b)(x + y − 1) vanish.
    return (
      a * logRatioDeviation(x, meanX) +
      b * logRatioDeviation(y, meanY) +
      0.5 * ln((a * b) / sum) -
      HALF_LOG_TWO_PI -
      stirlingCorrection(a) -
      stirlingCorrection(b) +
      stirlingCorrection(sum)
    );
  }
  // ln of whichever of x, y is larger comes from the smaller one via log1p.
  const logX = x <= 0.5 ? ln(x) : log1p(-y);
  const logY = y <= 0.5 ? ln(y) : log1p(-x);
  return a * logX + b * logY - logBeta(a, b);
}

/** Continued fraction for I_x(a, b) · a / prefactor (Numerical Recipes' betacf, modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  const aPlusOne = a + 1;
  const aMinusOne = a - 1;
  let d = 1 - (sum * x) / aPlusOne;
  if (Math.abs(d) < TINY) d = TINY;
  const fraction = new LentzFraction(1, 1 / d, 1 / d);
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    fraction.step((m * (b - m) * x) / ((aMinusOne + m2) * (a + m2)), 1);
    const delta = fraction.step((-(a + m) * (sum + m) * x) / ((a + m2) * (aPlusOne + m2)), 1);
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return fraction.value;
}

/**
 * Regularized incomplete beta I_x(a, b) (lower) and 1 − I_x(a, b) = I_y(b, a) (upper), with y = 1 − x.
 * Whichever side the continued fraction converges on is computed directly, so small tails keep their
 * relative precision. Arguments are assumed valid (a, b > 0; x, y in [0, 1]); public wrappers check them.
 */
export function regularizedBetaPair(x: number, y: number, a: number, b: number): TailPair {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (y <= 0) return { lower: 1, upper: 0 };
  const prefactor = exp(logBetaPrefactor(x, y, a, b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = Math.min(1, (prefactor * betaContinuedFraction(x, a, b)) / a);
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, (prefactor * betaContinuedFraction(y, b, a)) / b);
  return { lower: 1 - upper, upper };
}
