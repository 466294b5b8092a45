import type { EvaluationContext, Evaluator } from "./evaluation-context.js";
import type { OperationSite, OperatorSpec } from "./operators/operator-spec.js";
import { RuleEvaluationError } from "./rule-error.js";

/** What a caller-registered operator learns about the data it runs on. */
export interface OperatorScope {
  /** The current data: the input, or the element inside map / filter / all / some / none / reduce. */
  readonly data: unknown;
  /** The data the compiled rule was called with. */
  readonly root: unknown;
  /**
   * Spends `units` of the evaluation budget (`limits.maxEvaluationCost`) before work that grows with
   * the data: one unit per element or character the operator is about to read. When the budget runs
   * out it throws, and the evaluation stops with a "cost-limit" RuleEvaluationError (the rule
   * returns null). Counts that are not positive numbers spend nothing.
   *
   * @example
   * evaluate: ([list], scope) => {
   *   if (!Array.isArray(list)) return 0;
   *   scope.charge(list.length);
   *   return list.filter((item) => item === "gold").length;
   * }
   */
  charge(units: number): void;
}

/** The scope of one call of a caller's operator. */
class CallScope implements OperatorScope {
  readonly root: unknown;
  readonly #context: EvaluationContext;
  readonly #path: string;

  constructor(
    readonly data: unknown,
    context: EvaluationContext,
    path: string,
  ) {
    this.root = context.root;
    this.#context = context;
    this.#path = path;
  }

  charge(units: number): void {
    if (units > 0) this.#context.charge(units, this.#path);
  }
}

/** An argument as `checkArgs` sees it at compile time. */
export interface ArgumentAtCompileTime {
  /** True when the value does not depend on data (a literal, or an expression of literals). */
  readonly known: boolean;
  /** The value, when known. */
  readonly value: unknown;
}

/** How one use of an operator evaluates: its arguments are already evaluated. */
export type OperatorEvaluate = (args: readonly unknown[], scope: OperatorScope) => unknown;

/** A caller-registered operator. Its arguments are evaluated before it is called. */
export interface OperatorDefinition {
  /** Evaluates the operator; required unless `prepare` is given. */
  evaluate?: OperatorEvaluate;
  /**
   * Called once for each use of the operator in a rule, after `checkArgs`, with the arguments known
   * at compile time; returns the evaluate function for that use (e.g. with a literal window parsed
   * once). Takes precedence over `evaluate`.
   */
  prepare?(args: readonly ArgumentAtCompileTime[]): OperatorEvaluate;
  /** Fewest arguments accepted (default 0). */
  readonly minArgs?: number;
  /** Most arguments accepted (default unlimited). */
  readonly maxArgs?: number;
  /** Same arguments, same result, no side effects: evaluated at compile time when arguments are known. */
  readonly pure?: boolean;
  /** Checks arguments at compile time; return a message to reject the rule with a RuleError. */
  checkArgs?(args: readonly ArgumentAtCompileTime[]): string | undefined | void;
}

/** The json-logic-js `add_operation` shape: called with the evaluated arguments, `this` = data. */
export type OperatorFunction = (this: unknown, ...args: never[]) => unknown;

export type CustomOperators = Readonly<Record<string, OperatorDefinition | OperatorFunction>>;

const NAME = /^[^\s]{1,64}$/;

/** Turns a caller's definition into the compiler's operator spec; a thrown error stops only that evaluation. */
export function customOperatorSpec(name: string, definition: OperatorDefinition | OperatorFunction): OperatorSpec {
  if (!NAME.test(name)) throw new TypeError(`custom operator name ${JSON.stringify(name)} must be 1–64 characters without spaces`);
  if (typeof definition === "function") {
    const fn = definition as (this: unknown, ...args: unknown[]) => unknown;
    return {
      minArgs: 0,
      maxArgs: Number.POSITIVE_INFINITY,
      pure: false,
      compile: (site) => {
        const evaluators = site.args.map((arg) => arg.evaluate);
        return (data, context) => {
          const values = evaluators.map((evaluate) => evaluate(data, context));
          try {
            return fn.apply(data, values);
          } catch (error) {
            throw operatorThrew(name, site.path, error);
          }
        };
      },
    };
  }
  if (
    typeof definition !== "object" ||
    definition === null ||
    (typeof definition.evaluate !== "function" && typeof definition.prepare !== "function")
  ) {
    throw new TypeError(`custom operator ${JSON.stringify(name)} must be a function or an object with an evaluate(args, scope) or prepare(args) method`);
  }
  const minArgs = definition.minArgs ?? 0;
  const maxArgs = definition.maxArgs ?? Number.POSITIVE_INFINITY;
  if (!(Number.isInteger(minArgs) && minArgs >= 0 && (maxArgs === Number.POSITIVE_INFINITY || Number.isInteger(maxArgs)) && maxArgs >= minArgs)) {
    throw new TypeError(`custom operator ${JSON.stringify(name)}: minArgs/maxArgs must be integers with 0 <= minArgs <= maxArgs`);
  }
  return {
    minArgs,
    maxArgs,
    pure: definition.pure === true,
    compile: (site: OperationSite): Evaluator => {
      const known = site.args.map((arg) => ({ known: arg.known, value: arg.value }));
      const verdict = definition.checkArgs?.(known);
      if (typeof verdict === "string") {
        site.problem(verdict);
        return () => null;
      }
      let operate: OperatorEvaluate | undefined;
      try {
        operate = prepareEvaluate(name, definition, known);
      } catch (error) {
        site.problem(error instanceof Error ? error.message : String(error));
        return () => null;
      }
      if (operate === undefined) return () => null;
      if (site.args.every((arg) => arg.known)) {
        // Literal arguments: one frozen array for every call, nothing evaluated per call.
        const constant = Object.freeze(site.args.map((arg) => arg.value));
        return (data, context) => {
          try {
            return operate(constant, new CallScope(data, context, site.path));
          } catch (error) {
            throw operatorThrew(name, site.path, error);
          }
        };
      }
      const evaluators = site.args.map((arg) => arg.evaluate);
      return (data, context) => {
        const values = evaluators.map((evaluate) => evaluate(data, context));
        try {
          return operate(values, new CallScope(data, context, site.path));
        } catch (error) {
          throw operatorThrew(name, site.path, error);
        }
      };
    },
  };
}

function prepareEvaluate(
  name: string,
  definition: OperatorDefinition,
  known: readonly ArgumentAtCompileTime[],
): OperatorEvaluate | undefined {
  if (definition.prepare === undefined) return definition.evaluate?.bind(definition);
  const prepared = definition.prepare(known);
  if (typeof prepared !== "function") throw new TypeError(`custom operator ${JSON.stringify(name)}: prepare(args) must return a function`);
  return prepared;
}

function operatorThrew(name: string, path: string, error: unknown): RuleEvaluationError {
  if (error instanceof RuleEvaluationError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new RuleEvaluationError("operator-threw", `operator ${JSON.stringify(name)} threw: ${reason}`, path, error);
}
