import { exp } from "../../math/exp.js";
import { ln } from "../../math/ln.js";
import { log1p } from "../../math/log1p.js";
import { regularizedBetaPair } from "./distributions/incomplete-beta.js";
import { logBeta } from "./distributions/log-beta.js";
import { GAUSS_LEGENDRE_20 } from "./distributions/gauss-legendre.js";
import type { ConversionCounts } from "./conversion-lift.js";
import { optionalObject, requireBetaPrior, requireConversionCounts } from "./input-checks.js";

export interface ChanceToBeatControlOptions {
  /** Beta prior on each conversion rate. Default { alpha: 1, beta: 1 } (uniform). */
  readonly prior?: { readonly alpha: number; readonly beta: number };
}

/** Beta posterior parameters of one arm. */
interface BetaPosterior {
  readonly alpha: number;
  readonly beta: number;
}

/**
 * The exact sum has one term per unit of the parameter it runs over; beyond this many terms the
 * quadrature is as accurate and cheaper. The two agree to ~1e-10 where both apply (tested).
 */
export const EXACT_SUM_MAX_TERMS = 20_000;

/**
 * P(p_B > p_A) for p_A ~ Beta(aA, bA), p_B ~ Beta(aB, bB) with integer aB (Evan Miller's formula):
 * Σ_{i<aB} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA)). Consecutive terms have the ratio
 * (aA + i)(bB + i) / ((aA + bA + bB + i)(1 + i)), so the sum runs in log space with one log per term
 * and a running log-sum-exp (terms can underflow individually while their sum does not).
 */
function millerSum(aA: number, bA: number, aB: number, bB: number): number {
  let logTerm = logBeta(aA, bA + bB) - logBeta(aA, bA);
  let logMax = logTerm;
  let scaledSum = 1;
  const total = aA + bA + bB;
  for (let i = 1; i < aB; i++) {
    logTerm += ln(((aA + i - 1) * (bB + i - 1)) / ((total + i - 1) * i));
    if (logTerm > logMax) {
      scaledSum = scaledSum * exp(logMax - logTerm) + 1;
      logMax = logTerm;
    } else {
      scaledSum += exp(logTerm - logMax);
    }
  }
  return Math.min(1, exp(logMax) * scaledSum);
}

/**
 * Exact P(p_B > p_A) when one of the four posterior parameters is a small enough whole number; the
 * formula sums over that parameter (swapping arms, or p ↦ 1 − p, moves any parameter into place).
 * `null` when none qualifies.
 */
export function exactChanceToBeat(a: BetaPosterior, b: BetaPosterior): number | null {
  const candidates = [a.alpha, a.beta, b.alpha, b.beta].filter((value) => Number.isInteger(value) && value <= EXACT_SUM_MAX_TERMS);
  if (candidates.length === 0) return null;
  const smallest = Math.min(...candidates);
  // Checked in a fixed order so that swapping the arms picks the mirrored case: results stay complementary.
  if (b.alpha === smallest) return millerSum(a.alpha, a.beta, b.alpha, b.beta);
  if (a.alpha === smallest) return 1 - millerSum(b.alpha, b.beta, a.alpha, a.beta);
  // 1 − p ~ Beta(β, α), and p_B > p_A ⇔ 1 − p_A > 1 − p_B.
  if (a.beta === smallest) return millerSum(b.beta, b.alpha, a.beta, a.alpha);
  return 1 - millerSum(a.beta, a.alpha, b.beta, b.alpha);
}

/** Rough width of logit(p) for p ~ Beta(α, β): √(1/α + 1/β) (≈ √(ψ′(α) + ψ′(β)) for large parameters). */
function logitWidth(posterior: BetaPosterior): number {
  return Math.sqrt(1 / posterior.alpha + 1 / posterior.beta);
}

/** Log-density of t = logit(p) for p ~ Beta(α, β), up to the constant −ln B(α, β): α ln p + β ln(1 − p). */
function logitLogKernel(t: number, posterior: BetaPosterior): number {
  return -posterior.alpha * log1p(exp(-t)) - posterior.beta * log1p(exp(t));
}

/** Where the logit log-density has dropped by `drop` below its mode, walking from the mode in `direction`. */
function supportEdge(posterior: BetaPosterior, mode: number, step: number, direction: 1 | -1, drop: number): number {
  const peak = logitLogKernel(mode, posterior);
  let inside = mode;
  let distance = step;
  while (peak - logitLogKernel(mode + direction * distance, posterior) < drop) {
    inside = mode + direction * distance;
    distance *= 2;
  }
  let outside = mode + direction * distance;
  for (let i = 0; i < 60; i++) {
    const middle = (inside + outside) / 2;
    if (peak - logitLogKernel(middle, posterior) < drop) inside = middle;
    else outside = middle;
  }
  return outside;
}

/**
 * P(p_wide < p_narrow) = ∫ f_narrow(x) F_wide(x) dx by composite Gauss–Legendre quadrature. The
 * integral is taken in t = logit(x), where the Beta density is smooth and log-concave with no endpoint
 * singularities for any α, β > 0, over the narrower posterior's effective support (log-density within
 * 46 of its peak, i.e. mass beyond it < 1e-19); F_wide varies slowly on that scale.
 */
function integratedChance(narrow: BetaPosterior, wide: BetaPosterior): number {
  const mode = ln(narrow.alpha / narrow.beta);
  const width = logitWidth(narrow);
  const low = supportEdge(narrow, mode, width, -1, 46);
  const high = supportEdge(narrow, mode, width, 1, 46);
  const panels = Math.min(400, Math.max(8, Math.ceil((high - low) / width)));
  const panelWidth = (high - low) / panels;
  const logNormalizer = logBeta(narrow.alpha, narrow.beta);
  const { nodes, weights } = GAUSS_LEGENDRE_20;
  let sum = 0;
  for (let panel = 0; panel < panels; panel++) {
    const center = low + (panel + 0.5) * panelWidth;
    for (let k = 0; k < nodes.length; k++) {
      const t = center + 0.5 * panelWidth * (nodes[k] as number);
      const density = exp(logitLogKernel(t, narrow) - logNormalizer);
      if (density === 0) continue;
      const x = 1 / (1 + exp(-t));
      const y = 1 / (1 + exp(t));
      sum += (weights[k] as number) * density * regularizedBetaPair(x, y, wide.alpha, wide.beta).lower;
    }
  }
  return Math.min(1, Math.max(0, 0.5 * panelWidth * sum));
}

/** P(p_B > p_A) by quadrature, integrating over whichever posterior is narrower. */
export function integratedChanceToBeat(a: BetaPosterior, b: BetaPosterior): number {
  return logitWidth(b) <= logitWidth(a) ? integratedChance(b, a) : 1 - integratedChance(a, b);
}

/**
 * Bayesian chance to beat control: P(p_treatment > p_control) when each conversion rate has an
 * independent Beta(prior.alpha + conversions, prior.beta + users − conversions) posterior. Exact
 * (Evan Miller's closed-form sum) when a posterior parameter is a whole number ≤ 20 000, which with
 * the default Beta(1, 1) prior means whenever some arm has ≤ 19 999 conversions or non-conversions;
 * accurate quadrature otherwise. Two arms with no users give 0.5.
 */
export function chanceToBeatControl(control: ConversionCounts, treatment: ConversionCounts, options?: ChanceToBeatControlOptions): number {
  const a = requireConversionCounts(control, "control");
  const b = requireConversionCounts(treatment, "treatment");
  const prior = requireBetaPrior(optionalObject(options, "options")["prior"], "options.prior");
  const posteriorA = { alpha: prior.alpha + a.conversions, beta: prior.beta + a.users - a.conversions };
  const posteriorB = { alpha: prior.alpha + b.conversions, beta: prior.beta + b.users - b.conversions };
  return exactChanceToBeat(posteriorA, posteriorB) ?? integratedChanceToBeat(posteriorA, posteriorB);
}
