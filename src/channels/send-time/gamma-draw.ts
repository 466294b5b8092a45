/**
 * A Gamma(shape, 1) draw from given uniforms, as its logarithm: what Thompson sampling over hours
 * draws per hour. Exact functions only (nudgekit's ln, exp and cos, and IEEE sqrt), so that a draw
 * is the same on every runtime; the logarithm, so that the small shapes of hours the user never
 * engaged in (their prior's share of a few pseudo-counts) do not all underflow to 0.
 */
import { ln } from "../../math/ln.js";
import { cosPi } from "../../math/sin-cos-pi.js";

/** Tries of Marsaglia and Tsang's method before the draw falls back to the shape's mean (a try is accepted with probability above 0.95). */
const MAX_TRIES = 16;

/**
 * ln of a Gamma(shape, 1) draw (shape > 0), by Marsaglia and Tsang's method on shape + 1 with a
 * Box–Muller normal, and `ln U / shape` added below 1. `uniform(k)` is the k-th uniform in [0, 1).
 *
 * @example
 * logGammaDraw(2.5, (k) => [0.3, 0.7, 0.5, 0.1][k % 4]!); // ln of a draw near the shape (2.5)
 */
export function logGammaDraw(shape: number, uniform: (k: number) => number): number {
  let k = 0;
  const boost = shape < 1 ? ln(1 - uniform(k++)) / shape : 0;
  const a = shape < 1 ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    // A standard normal (Box–Muller): 1 − U is in (0, 1], so its logarithm is finite.
    const x = Math.sqrt(-2 * ln(1 - uniform(k++))) * cosPi(2 * uniform(k++));
    const root = 1 + c * x;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = 1 - uniform(k++);
    if (ln(u) < 0.5 * x * x + d - d * v + d * ln(v)) return ln(d) + ln(v) + boost;
  }
  return ln(d) + boost;
}
