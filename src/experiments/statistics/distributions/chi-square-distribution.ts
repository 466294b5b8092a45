import { requireNotNaN, requirePositive } from "../input-checks.js";
import { regularizedGammaPair } from "./incomplete-gamma.js";

/** Chi-square CDF P(X ≤ x) with `degreesOfFreedom` > 0 (need not be an integer). */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  requireNotNaN(x, "x");
  requirePositive(degreesOfFreedom, "degreesOfFreedom");
  return regularizedGammaPair(degreesOfFreedom / 2, x / 2).lower;
}

/** Chi-square survival function P(X > x): the p-value of a chi-square statistic, precise down to ~1e-300. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  requireNotNaN(x, "x");
  requirePositive(degreesOfFreedom, "degreesOfFreedom");
  return regularizedGammaPair(degreesOfFreedom / 2, x / 2).upper;
}
