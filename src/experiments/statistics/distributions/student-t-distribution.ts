import { ln } from "../../../math/ln.js";
import { log1p } from "../../../math/log1p.js";
import { requireNotNaN, requirePositive } from "../input-checks.js";
import { regularizedBetaPair } from "./incomplete-beta.js";
import { logBeta } from "./log-beta.js";

/**
 * P(T > |t|) for Student's t: ½ I_x(ν/2, ½) with x = ν/(ν + t²). Both x and 1 − x are formed from
 * q = |t|/√ν without overflow or cancellation, so tiny p-values keep their relative precision.
 */
function upperTailOfAbsolute(t: number, degreesOfFreedom: number): { tail: number; complement: number } {
  if (!Number.isFinite(t)) return { tail: 0, complement: 1 };
  const q = Math.abs(t) / Math.sqrt(degreesOfFreedom);
  let x: number;
  let y: number;
  if (q < 1) {
    const q2 = q * q;
    x = 1 / (1 + q2);
    y = q2 / (1 + q2);
  } else {
    const s2 = 1 / (q * q);
    x = s2 / (1 + s2);
    y = 1 / (1 + s2);
  }
  const pair = regularizedBetaPair(x, y, degreesOfFreedom / 2, 0.5);
  return { tail: 0.5 * pair.lower, complement: 0.5 + 0.5 * pair.upper };
}

/** Student's t CDF P(T ≤ t) with `degreesOfFreedom` > 0 (non-integer allowed, as Welch's test needs). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  requireNotNaN(t, "t");
  requirePositive(degreesOfFreedom, "degreesOfFreedom");
  const { tail, complement } = upperTailOfAbsolute(t, degreesOfFreedom);
  return t < 0 ? tail : complement;
}

/** Student's t survival function P(T > t). */
export function studentTSurvival(t: number, degreesOfFreedom: number): number {
  requireNotNaN(t, "t");
  requirePositive(degreesOfFreedom, "degreesOfFreedom");
  const { tail, complement } = upperTailOfAbsolute(t, degreesOfFreedom);
  return t > 0 ? tail : complement;
}

/** ln of Student's t density. */
export function studentTLogDensity(t: number, degreesOfFreedom: number): number {
  return -0.5 * ln(degreesOfFreedom) - logBeta(degreesOfFreedom / 2, 0.5) - ((degreesOfFreedom + 1) / 2) * log1p((t * t) / degreesOfFreedom);
}
