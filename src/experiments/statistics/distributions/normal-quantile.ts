import { ln } from "../../../math/ln.js";
import { StatisticsInputError } from "../statistics-input-error.js";

/**
 * Standard normal quantile Φ⁻¹(p): Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988),
 * relative error ~1e-16 over (1e-300, 1 − 1e-16). Returns −Infinity at 0 and Infinity at 1.
 */
export function normalQuantile(p: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new StatisticsInputError("p", `must be a probability in [0, 1]; got ${String(p)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
          4.5921953931549871457e4) *
          r +
          1.3731693765509461125e4) *
          r +
          1.9715909503065514427e3) *
          r +
          1.3314166789178437745e2) *
          r +
          3.387132872796366608)) /
      (((((((5.226495278852854561e3 * r + 2.8729085735721942674e4) * r + 3.930789580009271061e4) * r +
        2.1213794301586595867e4) *
        r +
        5.3941960214247511077e3) *
        r +
        6.8718700749205790830e2) *
        r +
        4.2313330701600911252e1) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-ln(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r + 2.4178072517745061177e-1) * r +
        1.27045825245236838258) *
        r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 1.51986665636164571966e-2) * r +
        1.4810397642748007459e-1) *
        r +
        6.8976733498510000455e-1) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
        2.65321895265761230930e-2) *
        r +
        2.96560571828504891230e-1) *
        r +
        1.78482653991729133580) *
        r +
        5.46378491116411436990) *
        r +
        6.65790464350110377720) /
      (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
        7.86869131145613259100e-4) *
        r +
        1.48753612908506148525e-2) *
        r +
        1.36929880922735805310e-1) *
        r +
        5.99832206555887937690e-1) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * The normal quantile of a two-sided interval at `confidence`: Φ⁻¹(1 − (1 − confidence)/2), the z
 * every normal-approximation interval here is built with.
 *
 * @example
 * twoSidedNormalQuantile(0.95); // 1.9599639845400536
 */
export function twoSidedNormalQuantile(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}
