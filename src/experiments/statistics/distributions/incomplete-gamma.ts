import { exp } from "../../../math/exp.js";
import { ln } from "../../../math/ln.js";
import { logRatioDeviation } from "./log1p-minus-x.js";
import { HALF_LOG_TWO_PI, logGamma, STIRLING_THRESHOLD, stirlingCorrection } from "./log-gamma.js";
import { LentzFraction } from "./lentz-fraction.js";
import type { TailPair } from "./tail-pair.js";

const EPSILON = 1e-16;
const TINY = 1e-300;
/** Both the series and the continued fraction need O(√a) steps near x ≈ a; this covers a up to ~1e9. */
const MAX_ITERATIONS = 100_000;

/** ln(xᵃ e⁻ˣ / Γ(a)), with the large terms cancelled analytically when a is large. */
function logGammaPrefactor(a: number, x: number): number {
  if (a >= STIRLING_THRESHOLD) {
    return a * logRatioDeviation(x, a) + 0.5 * ln(a) - HALF_LOG_TWO_PI - stirlingCorrection(a);
  }
  return a * ln(x) - x - logGamma(a);
}

/** Σ xⁿ / (a (a+1) … (a+n)), converging fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let denominator = a;
  let term = 1 / a;
  let sum = term;
  for (let n = 0; n < MAX_ITERATIONS; n++) {
    denominator += 1;
    term *= x / denominator;
    sum += term;
    if (term < sum * EPSILON) break;
  }
  return sum;
}

/** Legendre's continued fraction for Γ(a, x) eˣ x⁻ᵃ, evaluated by the modified Lentz method; for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  const fraction = new LentzFraction(1 / TINY, 1 / b, 1 / b);
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    b += 2;
    const delta = fraction.step(-i * (i - a), b);
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return fraction.value;
}

/**
 * Regularized incomplete gamma functions P(a, x) (lower) and Q(a, x) = 1 − P (upper) for a > 0, x ≥ 0.
 * Arguments are assumed valid; public wrappers check them.
 */
export function regularizedGammaPair(a: number, x: number): TailPair {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const prefactor = exp(logGammaPrefactor(a, x));
  if (x < a + 1) {
    const lower = Math.min(1, prefactor * lowerSeries(a, x));
    return { lower, upper: 1 - lower };
  }
  const upper = Math.min(1, prefactor * upperContinuedFraction(a, x));
  return { lower: 1 - upper, upper };
}
