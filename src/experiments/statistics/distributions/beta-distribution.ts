import { requireNotNaN, requirePositive } from "../input-checks.js";
import { regularizedBetaPair } from "./incomplete-beta.js";
import type { TailPair } from "./tail-pair.js";

function betaTails(x: number, alpha: number, beta: number): TailPair {
  requireNotNaN(x, "x");
  requirePositive(alpha, "alpha");
  requirePositive(beta, "beta");
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x >= 1) return { lower: 1, upper: 0 };
  return regularizedBetaPair(x, 1 - x, alpha, beta);
}

/** Beta(alpha, beta) CDF P(X ≤ x) = I_x(alpha, beta); x outside [0, 1] clamps to 0 or 1. */
export function betaCdf(x: number, alpha: number, beta: number): number {
  return betaTails(x, alpha, beta).lower;
}

/** Beta(alpha, beta) survival function P(X > x) = 1 − I_x(alpha, beta), computed directly in the upper tail. */
export function betaSurvival(x: number, alpha: number, beta: number): number {
  return betaTails(x, alpha, beta).upper;
}
