const TINY = 1e-300;

/**
 * A continued fraction b₀ + a₁/(b₁ + a₂/(b₂ + …)) evaluated by the modified Lentz method (Numerical
 * Recipes §5.2): each step folds in the next partial numerator and denominator. Shared by the
 * incomplete gamma and beta functions.
 */
export class LentzFraction {
  /** The value of the fraction so far. */
  value: number;
  private c: number;
  private d: number;

  /** Starts from the state after the leading terms: C₀, D₀ (already inverted) and f₀ = value. */
  constructor(c: number, d: number, value: number) {
    this.c = c;
    this.d = d;
    this.value = value;
  }

  /** Folds in aₙ/bₙ and returns the factor the value changed by (1 at convergence). */
  step(numerator: number, denominator: number): number {
    let d = denominator + numerator * this.d;
    if (Math.abs(d) < TINY) d = TINY;
    let c = denominator + numerator / this.c;
    if (Math.abs(c) < TINY) c = TINY;
    this.d = 1 / d;
    this.c = c;
    const delta = this.d * c;
    this.value *= delta;
    return delta;
  }
}
