import { cosPi } from "../../../math/sin-cos-pi.js";

/** Nodes and weights of an n-point Gauss–Legendre rule on [−1, 1]. */
export interface QuadratureRule {
  readonly nodes: readonly number[];
  readonly weights: readonly number[];
}

/** Roots of Pₙ by Newton's method from Tricomi's initial guesses; deterministic and exact to ~1e-16. */
function gaussLegendre(n: number): QuadratureRule {
  const nodes: number[] = new Array<number>(n).fill(0);
  const weights: number[] = new Array<number>(n).fill(0);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = cosPi((i + 0.75) / (n + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let k = 2; k <= n; k++) {
        const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  return { nodes, weights };
}

/** The 20-point rule: exact for polynomials of degree 39, used panel by panel. */
export const GAUSS_LEGENDRE_20: QuadratureRule = gaussLegendre(20);
