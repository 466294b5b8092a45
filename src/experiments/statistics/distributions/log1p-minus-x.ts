import { ln } from "../../../math/ln.js";
import { log1p } from "../../../math/log1p.js";

/**
 * `ln(1 + d) − d` for d > −1, without the cancellation of computing it as `log1p(d) − d` when
 * |d| is small. Large-argument gamma and beta densities are written as `a · log1pMinusX(d)` so that
 * terms of size ~a·ln(a) never have to cancel each other.
 */
export function log1pMinusX(d: number): number {
  if (Math.abs(d) > 0.1) return log1p(d) - d;
  // −d²/2 + d³/3 − d⁴/4 + …; |d| ≤ 0.1 so 20 terms reach double precision.
  let power = d * d;
  let sum = -power / 2;
  for (let n = 3; n < 40; n++) {
    power *= -d;
    const term = power / n;
    sum -= term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * ln(value / reference) − (value − reference) / reference, i.e. `log1pMinusX` of the relative
 * deviation, for value, reference > 0. Far from the reference, 1 + d rebuilt from d = (value −
 * reference)/reference would carry an absolute error of ~1e-16 (relative error 1e-16/(1 + d)), so the
 * ratio is formed directly there.
 */
export function logRatioDeviation(value: number, reference: number): number {
  const deviation = (value - reference) / reference;
  return Math.abs(deviation) <= 0.5 ? log1pMinusX(deviation) : ln(value / reference) - deviation;
}
