import { exp } from "../../../math/exp.js";
import { requireNotNaN } from "../input-checks.js";
import { regularizedGammaPair } from "./incomplete-gamma.js";

const INVERSE_SQRT_TWO_PI = 0.39894228040143267794;

/**
 * P(|Z| > |z|) for a standard normal Z, i.e. erfc(|z|/√2) = Q(½, z²/2). Going through the incomplete
 * gamma function keeps full relative precision in the tails (down to ~1e-300), unlike `1 − erf`.
 */
function twoSidedTail(z: number): number {
  return regularizedGammaPair(0.5, (z * z) / 2).upper;
}

/** Standard normal CDF Φ(z) = P(Z ≤ z), accurate relative to its value in the lower tail. */
export function normalCdf(z: number): number {
  requireNotNaN(z, "z");
  return z < 0 ? 0.5 * twoSidedTail(z) : 1 - 0.5 * twoSidedTail(z);
}

/** Standard normal survival function 1 − Φ(z) = P(Z > z), accurate relative to its value in the upper tail. */
export function normalSurvival(z: number): number {
  requireNotNaN(z, "z");
  return z > 0 ? 0.5 * twoSidedTail(z) : 1 - 0.5 * twoSidedTail(z);
}

/** Standard normal density φ(z). */
export function normalDensity(z: number): number {
  requireNotNaN(z, "z");
  return INVERSE_SQRT_TWO_PI * exp(-(z * z) / 2);
}
