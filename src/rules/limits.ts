/** Bounds that keep hostile rules and data from exhausting the stack, memory or time. */
export interface RuleLimits {
  /** Deepest nesting of arrays and objects in a rule. Checked at compile time. */
  readonly maxDepth: number;
  /** Most JSON values (operations, arguments, literals) in a rule. Checked at compile time. */
  readonly maxNodes: number;
  /**
   * Budget of one evaluation, in units of bounded work charged before the work is done: an
   * element visited by a loop costs its body's weight (one per operation in it), an element
   * produced or scanned costs one, a character read, compared, converted or produced by string
   * and path work costs one, and slow lookups cost more (a time-zone lookup 500). The full table
   * is in docs/rules.md, Limits. When it runs out the evaluation stops and the compiled rule
   * returns `null` (reported through `onError` as a "cost-limit" error whose `cost` is the units charged).
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
