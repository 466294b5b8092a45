import type { Evaluator } from "../evaluation-context.js";
import type { RuleLimits } from "../limits.js";

/** One compiled argument of an operation, as an operator's `compile` sees it. */
export interface CompiledArgument {
  /** The argument's rule, as written. */
  readonly rule: unknown;
  /** JSON pointer of the argument within the whole rule. */
  readonly path: string;
  readonly evaluate: Evaluator;
  /** True when the value is known at compile time (a literal or a folded constant expression). */
  readonly known: boolean;
  /** The value, when `known`. Frozen. */
  readonly value: unknown;
}

/** What an operator's `compile` is given about the operation being compiled. */
export interface OperationSite {
  readonly operator: string;
  /** JSON pointer of the operation node. */
  readonly path: string;
  readonly args: readonly CompiledArgument[];
  readonly limits: RuleLimits;
  /** Records a problem with argument `argIndex` (or with the whole operation) and keeps compiling. */
  problem(message: string, argIndex?: number): void;
  /** An evaluator for the input's `now` (the `now` key of the root data), for time operators. */
  rootNow(): Evaluator;
}

/** How the compiler treats one operator. */
export interface OperatorSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Pure operators whose arguments are all known are evaluated once at compile time. */
  readonly pure: boolean;
  /** Extra guidance appended to an arity error. */
  readonly arityHint?: string;
  compile(site: OperationSite): Evaluator;
}

export type OperatorTable = ReadonlyMap<string, OperatorSpec>;
