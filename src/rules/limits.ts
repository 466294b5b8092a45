/** Bounds that keep hostile rules and data from exhausting the stack, memory or time. */
export interface RuleLimits {
  /** Deepest nesting of arrays and objects in a rule. Checked at compile time. */
  readonly maxDepth: number;
  /** Most JSON values (operations, arguments, literals) in a rule. Checked at compile time. */
  readonly maxNodes: number;
  /**
   * Budget of one evaluation: each array element visited or produced by an operator and each
   * character produced by string operators costs one unit. When it runs out the evaluation
   * stops and the compiled rule returns `null` (reported through `onError`).
   */
  readonly maxEvaluationCost: number;
  /** Deepest data nesting that is converted to a string (arrays inside arrays). */
  readonly maxDataDepth: number;
}

export const DEFAULT_RULE_LIMITS: RuleLimits = Object.freeze({
  maxDepth: 256,
  maxNodes: 50_000,
  maxEvaluationCost: 5_000_000,
  maxDataDepth: 1_000,
});

export function resolveLimits(overrides: Partial<RuleLimits> | undefined): RuleLimits {
  if (overrides === undefined) return DEFAULT_RULE_LIMITS;
  const limits = { ...DEFAULT_RULE_LIMITS };
  for (const key of Object.keys(DEFAULT_RULE_LIMITS) as (keyof RuleLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value >= 1) || !Number.isFinite(value)) {
      throw new RangeError(`limits.${key} must be a finite number >= 1, got ${String(value)}`);
    }
    limits[key] = Math.floor(value);
  }
  return Object.freeze(limits);
}
