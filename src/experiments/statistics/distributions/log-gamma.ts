import { ln } from "../../../math/ln.js";

const HALF_LOG_TWO_PI = 0.91893853320467274178;

/** Godfrey's Lanczos coefficients (g = 7, n = 9): relative error ~1e-15 for 0.5 ≤ x < 10. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** Below this, Lanczos; from here on the Stirling series with six correction terms is exact to ~1e-16. */
export const STIRLING_THRESHOLD = 10;

/**
 * `ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]` for x ≥ 10: the Stirling series remainder. Kept separate so
 * that callers can cancel the large leading terms analytically (see incomplete gamma and beta).
 */
export function stirlingCorrection(x: number): number {
  const z = 1 / x;
  const z2 = z * z;
  return z * (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 * (1 / 1680 - z2 * (1 / 1188 - z2 * (691 / 360360))))));
}

/** ln Γ(x) for x > 0 (the only arguments the distributions here need). */
export function logGamma(x: number): number {
  if (x >= STIRLING_THRESHOLD) return (x - 0.5) * ln(x) - x + HALF_LOG_TWO_PI + stirlingCorrection(x);
  // Γ(x) = Γ(x + 1) / x keeps the Lanczos sum in its accurate range.
  if (x < 0.5) return logGamma(x + 1) - ln(x);
  const shifted = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (shifted + i);
  const t = shifted + 7.5;
  return HALF_LOG_TWO_PI + (shifted + 0.5) * ln(t) - t + ln(sum);
}

export { HALF_LOG_TWO_PI };
