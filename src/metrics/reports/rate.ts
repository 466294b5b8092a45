import { wilsonInterval } from "../../experiments/statistics/wilson-interval.js";

/** A rate with its Wilson score interval, and the counts it comes from. */
export interface Rate {
  readonly rate: number;
  readonly lower: number;
  readonly upper: number;
  readonly numerator: number;
  readonly denominator: number;
}

/** `numerator / denominator` with its Wilson interval at `confidence`; null without a denominator. */
export function rateOf(numerator: number, denominator: number, confidence: number): Rate | null {
  if (denominator === 0) return null;
  const interval = wilsonInterval({ users: denominator, conversions: numerator }, { confidence });
  return { rate: interval.rate, lower: interval.lower, upper: interval.upper, numerator, denominator };
}
