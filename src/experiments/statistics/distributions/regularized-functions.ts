import { requireNonNegative, requireNotNaN, requirePositive } from "../input-checks.js";
import { StatisticsInputError } from "../statistics-input-error.js";
import { regularizedBetaPair } from "./incomplete-beta.js";
import { regularizedGammaPair } from "./incomplete-gamma.js";

// Checked public forms of the special functions the distributions are built on.

/** Lower regularized incomplete gamma P(a, x) = γ(a, x)/Γ(a), a > 0, x ≥ 0 (Infinity allowed). */
export function regularizedIncompleteGammaP(a: number, x: number): number {
  requirePositive(a, "a");
  if (x !== Infinity) requireNonNegative(x, "x");
  return regularizedGammaPair(a, x).lower;
}

/** Upper regularized incomplete gamma Q(a, x) = 1 − P(a, x), computed directly when small. */
export function regularizedIncompleteGammaQ(a: number, x: number): number {
  requirePositive(a, "a");
  if (x !== Infinity) requireNonNegative(x, "x");
  return regularizedGammaPair(a, x).upper;
}

/** Regularized incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  requireNotNaN(x, "x");
  if (x < 0 || x > 1) throw new StatisticsInputError("x", `must be in [0, 1]; got ${x}`);
  requirePositive(a, "a");
  requirePositive(b, "b");
  return regularizedBetaPair(x, 1 - x, a, b).lower;
}
