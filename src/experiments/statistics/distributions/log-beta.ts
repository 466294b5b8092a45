import { ln } from "../../../math/ln.js";
import { log1p } from "../../../math/log1p.js";
import { HALF_LOG_TWO_PI, logGamma, STIRLING_THRESHOLD, stirlingCorrection } from "./log-gamma.js";

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0. For large arguments the three log-gammas
 * are each ~a·ln(a) and would cancel to a much smaller result, so the Stirling leading terms are
 * combined analytically first.
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < STIRLING_THRESHOLD) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = a + b;
  if (small < STIRLING_THRESHOLD) {
    // ln Γ(large) − ln Γ(large + small) with the (x − ½) ln x − x terms merged through log1p.
    const ratio = -(large - 0.5) * log1p(small / large) - small * ln(sum) + small;
    return logGamma(small) + ratio + stirlingCorrection(large) - stirlingCorrection(sum);
  }
  return (
    HALF_LOG_TWO_PI +
    (a - 0.5) * ln(a / sum) +
    (b - 0.5) * ln(b / sum) -
    0.5 * ln(sum) +
    stirlingCorrection(a) +
    stirlingCorrection(b) -
    stirlingCorrection(sum)
  );
}
