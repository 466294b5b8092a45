import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ConversionCounts, MeanSummary, PowerOptions, SampleSizeOptions } from "../../../src/experiments/statistics/index.js";

/** Shape of test/experiments/fixtures/statistics-reference.json (written by scripts/reference/statistics-reference.py). */
export interface StatisticsReference {
  readonly scipy: string;
  /** [x, ln Γ(x)] */
  readonly logGamma: Array<[number, number]>;
  /** [a, x, P(a, x), Q(a, x)] */
  readonly incompleteGamma: Array<[number, number, number, number]>;
  /** [x, a, b, cdf, sf] */
  readonly beta: Array<[number, number, number, number, number]>;
  /** [z, cdf, sf] */
  readonly normal: Array<[number, number, number]>;
  /** [p, z] */
  readonly normalQuantile: Array<[number, number]>;
  /** [x, df, cdf, sf] */
  readonly chiSquare: Array<[number, number, number, number]>;
  /** [t, df, cdf, sf] */
  readonly studentT: Array<[number, number, number, number]>;
  /** [p, df, t] */
  readonly studentTQuantile: Array<[number, number, number]>;
  readonly precisionTails: Array<{ function: string; args: number[]; value: number }>;
  readonly chanceToBeatControl: Array<{ control: ConversionCounts; treatment: ConversionCounts; prior: { alpha: number; beta: number }; value: number }>;
  readonly conversionLift: Array<{
    control: ConversionCounts;
    treatment: ConversionCounts;
    confidence: number;
    z: number;
    pValue: number;
    confidenceInterval: [number, number];
  }>;
  readonly welchTTest: Array<{
    control: MeanSummary;
    treatment: MeanSummary;
    confidence: number;
    t: number;
    degreesOfFreedom: number;
    pValue: number;
    confidenceInterval: [number, number];
  }>;
  readonly sampleRatioMismatch: Array<{ observed: number[]; expectedWeights: number[]; chiSquare: number; pValue: number; expected: number[] }>;
  readonly sampleSize: Array<{ options: SampleSizeOptions; exact: number; perVariant: number }>;
  readonly power: Array<{ options: PowerOptions; power: number }>;
}

export const reference = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/statistics-reference.json", import.meta.url)), "utf8"),
) as StatisticsReference;

/**
 * |actual − expected| ≤ absolute, and for expected values below `tailBelow` also ≤ relative·|expected|,
 * so that tiny tail probabilities are checked for relative precision rather than passing trivially.
 */
export function expectClose(
  actual: number,
  expected: number,
  tolerance: { absolute: number; relative?: number; tailBelow?: number },
  label: string,
): void {
  const error = Math.abs(actual - expected);
  if (!(error <= tolerance.absolute)) throw new Error(`${label}: got ${actual}, expected ${expected} (absolute error ${error} > ${tolerance.absolute})`);
  const relative = tolerance.relative;
  if (relative !== undefined && Math.abs(expected) < (tolerance.tailBelow ?? Infinity) && expected !== 0) {
    const relativeError = error / Math.abs(expected);
    if (!(relativeError <= relative)) throw new Error(`${label}: got ${actual}, expected ${expected} (relative error ${relativeError} > ${relative})`);
  }
}
