import { cosPi, sinPi } from "../../../math/sin-cos-pi.js";
import { exp } from "../../../math/exp.js";
import { ln } from "../../../math/ln.js";
import { requirePositive } from "../input-checks.js";
import { StatisticsInputError } from "../statistics-input-error.js";
import { normalQuantile } from "./normal-quantile.js";
import { studentTLogDensity, studentTSurvival } from "./student-t-distribution.js";

const MAX_ITERATIONS = 200;

/**
 * The t > 0 with P(T > t) = tail, for 0 < tail < ½. Newton's method on u = ln t, g(u) = ln S(eᵘ) − ln tail:
 * the t tail is a power law, so g is nearly linear in u and Newton converges in a few steps from the
 * normal quantile even for ν = 1. A bracket [low, high] on u makes every step safe (bisection fallback).
 */
function upperQuantile(tail: number, degreesOfFreedom: number): number {
  if (degreesOfFreedom === 1) return cosPi(tail) / sinPi(tail); // Cauchy: closed form
  const logTail = ln(tail);
  let low = -Infinity;
  let high = Infinity;
  let u = ln(Math.max(-normalQuantile(tail), 1e-300));
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const t = exp(u);
    const survival = studentTSurvival(t, degreesOfFreedom);
    const g = ln(survival) - logTail;
    if (g === 0) return t;
    if (g > 0) low = u;
    else high = u;
    // g′(u) = −t·f(t)/S(t)
    const slope = -exp(u + studentTLogDensity(t, degreesOfFreedom)) / survival;
    let next = u - g / slope;
    if (!(next > low && next < high)) {
      if (Number.isFinite(low) && Number.isFinite(high)) next = (low + high) / 2;
      else next = Number.isFinite(low) ? low + 2 : high - 2;
    }
    if (Math.abs(next - u) <= 1e-15 * Math.max(1, Math.abs(u))) return exp(next);
    u = next;
  }
  return exp(u);
}

/** Student's t quantile: the t with P(T ≤ t) = p. Returns ∓Infinity at p = 0 and 1. */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new StatisticsInputError("p", `must be a probability in [0, 1]; got ${String(p)}`);
  }
  requirePositive(degreesOfFreedom, "degreesOfFreedom");
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // 1 − p is exact for p ≥ ½ (Sterbenz), so the upper half loses nothing by symmetry.
  return p > 0.5 ? upperQuantile(1 - p, degreesOfFreedom) : -upperQuantile(p, degreesOfFreedom);
}
