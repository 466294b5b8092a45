import type { Evaluator } from "../evaluation-context.js";
import type { RuleLimits } from "../limits.js";
import type { StaticRead } from "../semantics/static-read.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";

/**
 * What the data is where a node is evaluated: the input (or an element, inside map / filter / all /
 * some / none), or the `{current, accumulator}` object a reduce step receives.
 */
export type DataScope = "input" | "reduce-step";

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
  /**
   * Set when the argument is a `var` with a fixed path and a primitive default: operators may then
   * call `readStatic(data, read)` instead of `evaluate` (same result, no closure call).
   */
  readonly read?: StaticRead | undefined;
  /** True when the argument is data as written (OperatorSpec.dataArgument), not a rule. */
  readonly data?: boolean;
}

/** What an operator's `compile` is given about the operation being compiled. */
export interface OperationSite {
  readonly operator: string;
  /** JSON pointer of the operation node. */
  readonly path: string;
  readonly args: readonly CompiledArgument[];
  readonly limits: RuleLimits;
  /** What the data is when this operation runs. */
  readonly scope: DataScope;
  /** Zone arithmetic on the compile's `timeZones` provider (local-time operators). */
  readonly zones: ZoneClock;
  /**
   * Records a problem with argument `argIndex` (or with the whole operation) and keeps compiling;
   * `within` points further into that argument (a key of a literal object, an index).
   */
  problem(message: string, argIndex?: number, within?: readonly (string | number)[]): void;
  /** An evaluator for the input's `now` (the `now` key of the root data), for time operators. */
  rootNow(): Evaluator;
  /** An evaluator for the input's `history` (the `history` key of the root data), for the message-history operators. */
  rootHistory(): Evaluator;
  /** Declares that this operation is a fixed-path read (only `var` does). */
  declareStaticRead(read: StaticRead): void;
}

/** How the compiler treats one operator. */
export interface OperatorSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Pure operators whose arguments are all known are evaluated once at compile time. */
  readonly pure: boolean;
  /** Extra guidance appended to an arity error. */
  readonly arityHint?: string;
  /** Arguments evaluated against other data than the operation's (the body of map, reduce…). */
  readonly argScopes?: Readonly<Record<number, DataScope>>;
  /**
   * Whether argument `index`, as written, is data rather than a rule: it is then a frozen literal
   * even when it is an object with one key (which a rule would read as an operation). The
   * message-history operators take `{"campaign": "cart-push"}` as a selector this way; an object
   * whose one key names an operator (`isOperator`) stays a rule, so a selector can come from data.
   */
  dataArgument?(index: number, rule: unknown, isOperator: (name: string) => boolean): boolean;
  compile(site: OperationSite): Evaluator;
}

export type OperatorTable = ReadonlyMap<string, OperatorSpec>;
