/**
 * A probability and its complement, each computed directly where it is small. `1 − p` loses all
 * relative precision when p is near 1, so functions that can compute either side return both.
 */
export interface TailPair {
  /** P(X ≤ x) */
  readonly lower: number;
  /** P(X > x) */
  readonly upper: number;
}
