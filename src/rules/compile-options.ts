import type { CustomOperators } from "./custom-operators.js";
import type { RuleLimits } from "./limits.js";
import type { RuleEvaluationError } from "./rule-error.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";
import type { RuleBackend } from "./compiler/rule-backend.js";

export interface CompileOptions {
  /** Extra operators for this compile. Names may not shadow built-in operators. */
  readonly operators?: CustomOperators;
  /** Overrides of the default bounds (see DEFAULT_RULE_LIMITS). */
  readonly limits?: Partial<RuleLimits>;
  /**
   * Told when an evaluation was stopped (cost limit, too-deep data, a custom operator threw). The
   * compiled rule then returns `null`. Without it the failure is silent, which keeps evaluation total.
   */
  readonly onError?: (error: RuleEvaluationError) => void;
  /** Receives the values passed through `log`. Without it `log` is inert. */
  readonly log?: (value: unknown) => void;
  /**
   * Where `local_hour` and `local_day_of_week` get zone offsets: `intlTimeZones` (the default: the
   * runtime's Intl) or `pinnedTimeZones` from nudgekit/time-zones (the same on every runtime).
   */
  readonly timeZones?: TimeZoneProvider;
  /**
   * How the rule runs: closures (the default, CSP-safe) or `codegenBackend` from
   * nudgekit/rules/codegen (generated JavaScript, faster; needs `new Function`). Same results.
   */
  readonly backend?: RuleBackend | "closures";
}

/** A compiled rule: evaluates against data; never throws, never mutates the data. */
export type CompiledRule = (data: unknown) => unknown;
