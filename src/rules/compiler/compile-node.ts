import { EvaluationContext, type Evaluator } from "../evaluation-context.js";
import { childPointer } from "../../json/json-pointer.js";
import type { RuleLimits } from "../limits.js";
import type { CompiledArgument, DataScope, OperationSite, OperatorTable } from "../operators/operator-spec.js";
import type { RuleProblem } from "../rule-error.js";
import { argumentsOf, isOperation, operatorOf } from "../rule-shape.js";
import { isPlainObject } from "../../json/plain-object.js";
import { MISSING, ownProperty } from "../semantics/property-path.js";
import type { StaticRead } from "../semantics/static-read.js";
import { freezeLiteral } from "./freeze-literal.js";
import { describeUnknownOperator } from "./operator-suggestion.js";
import type { Tracer } from "./tracer.js";
import type { ZoneClock } from "../../time-zones/zone-clock.js";

/** Everything one compilation shares. */
export interface CompileEnvironment {
  readonly operators: OperatorTable;
  readonly limits: RuleLimits;
  readonly problems: RuleProblem[];
  /**
   * Set when explaining: every node then reports itself as unknown at compile time, so nothing is
   * folded or short-cut and each node's evaluation is recorded.
   */
  readonly tracer: Tracer | undefined;
  /** The zone arithmetic of the `timeZones` option, for the local-time operators. */
  readonly zones: ZoneClock;
  /** Told of every operation node compiled (not folded): what a code-generating backend reads. */
  readonly onOperation?: ((node: CompiledNode, operation: CompiledOperation) => void) | undefined;
}

/** An operation node as compiled: its operator and compiled arguments (for code generation). */
export interface CompiledOperation {
  readonly operator: string;
  readonly args: readonly CompiledNode[];
  readonly scope: DataScope;
}

export type CompiledNode = CompiledArgument;

const returnNull: Evaluator = () => null;

const readRootNow: Evaluator = (_data, context) => {
  const now = ownProperty(context.root, "now");
  return now === MISSING ? null : now;
};

const readRootHistory: Evaluator = (_data, context) => {
  const history = ownProperty(context.root, "history");
  return history === MISSING ? null : history;
};

/** Compiles one rule node (and, recursively, its children) into an evaluator. */
export function compileNode(rule: unknown, path: string, env: CompileEnvironment, scope: DataScope = "input"): CompiledNode {
  const tracer = env.tracer;
  if (tracer === undefined) return compileUntraced(rule, path, env, scope);
  tracer.enter(rule, path);
  const node = compileUntraced(rule, path, env, scope);
  // Traced nodes must be called, never read around: no known value, no static read.
  return { rule: node.rule, path: node.path, value: undefined, known: false, evaluate: tracer.wrap(node.evaluate) };
}

function compileUntraced(rule: unknown, path: string, env: CompileEnvironment, scope: DataScope): CompiledNode {
  if (rule === null || typeof rule === "string" || typeof rule === "number" || typeof rule === "boolean") {
    return constantNode(rule, path, rule);
  }
  if (Array.isArray(rule)) return compileArray(rule, path, env, scope);
  if (isOperation(rule) && isPlainObject(rule)) return compileOperation(rule, path, env, scope);
  // Objects with zero or several keys are data, returned as written.
  const literal = freezeLiteral(rule, path, env.problems);
  return constantNode(rule, path, literal.ok ? literal.value : null);
}

/**
 * An argument that its operator takes as data (OperatorSpec.dataArgument): a frozen literal, even
 * an object with one key. When explaining it is recorded like any node, as data (no operator).
 */
function compileDataNode(rule: unknown, path: string, env: CompileEnvironment): CompiledNode {
  const tracer = env.tracer;
  tracer?.enter(rule, path, true);
  const literal = freezeLiteral(rule, path, env.problems);
  const node = constantNode(rule, path, literal.ok ? literal.value : null);
  if (tracer === undefined) return { ...node, data: true };
  return { rule, path, value: undefined, known: false, data: true, evaluate: tracer.wrap(node.evaluate) };
}

function constantNode(rule: unknown, path: string, value: unknown): CompiledNode {
  return { rule, path, known: true, value, evaluate: constantEvaluator(value, path) };
}

/**
 * json-logic-js builds every array afresh on each evaluation (literal objects, by contrast, are
 * returned as the same object), so `===` and `in` can tell them apart across evaluations and nodes.
 * Known arrays are therefore copied per evaluation, one unit of the budget per element copied;
 * operators that only read a known value use `value` at compile time instead (e.g. `in` turns a
 * literal list into a Set).
 */
function constantEvaluator(value: unknown, path: string): Evaluator {
  if (!Array.isArray(value)) return () => value;
  return (_data, context) => copyArrays(value, context, path);
}

/** A compiled rule that is a constant: its value, with arrays copied per call (see constantEvaluator). */
export function constantRule(value: unknown): (data: unknown) => unknown {
  if (!Array.isArray(value)) return () => value;
  return () => copyArrays(value, undefined, "");
}

function copyArrays(value: unknown, context: EvaluationContext | undefined, path: string): unknown {
  if (!Array.isArray(value)) return value;
  context?.charge(value.length, path);
  const copy = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) copy[i] = copyArrays(value[i], context, path);
  return copy;
}

function invalidNode(rule: unknown, path: string): CompiledNode {
  return { rule, path, known: false, value: undefined, evaluate: returnNull };
}

function compileArray(rule: readonly unknown[], path: string, env: CompileEnvironment, scope: DataScope): CompiledNode {
  const elements = rule.map((element, index) => compileNode(element, childPointer(path, index), env, scope));
  if (elements.every((element) => element.known)) {
    return constantNode(rule, path, Object.freeze(elements.map((element) => element.value)));
  }
  const evaluators = elements.map((element) => element.evaluate);
  const length = evaluators.length;
  const evaluate: Evaluator = (data, context) => {
    context.charge(length, path);
    const out = new Array<unknown>(length);
    for (let i = 0; i < length; i++) out[i] = (evaluators[i] as Evaluator)(data, context);
    return out;
  };
  return { rule, path, known: false, value: undefined, evaluate };
}

function compileOperation(rule: Record<string, unknown>, path: string, env: CompileEnvironment, scope: DataScope): CompiledNode {
  const operator = operatorOf(rule);
  const spec = env.operators.get(operator);
  if (spec === undefined) {
    env.problems.push({ path, message: describeUnknownOperator(operator, env.operators) });
    return invalidNode(rule, path);
  }

  const { args: rawArgs, unary } = argumentsOf(rule, operator);
  const argsPath = childPointer(path, operator);
  const problemsBefore = env.problems.length;
  if (rawArgs.length < spec.minArgs || rawArgs.length > spec.maxArgs) {
    env.problems.push({ path, message: describeArity(operator, spec.minArgs, spec.maxArgs, rawArgs.length, spec.arityHint) });
  }
  const isOperator = (name: string): boolean => env.operators.has(name);
  const args = rawArgs.map((arg, index) => {
    const argPath = unary ? argsPath : childPointer(argsPath, index);
    return spec.dataArgument?.(index, arg, isOperator) === true ? compileDataNode(arg, argPath, env) : compileNode(arg, argPath, env, spec.argScopes?.[index] ?? scope);
  });
  if (env.problems.length > problemsBefore) return invalidNode(rule, path);

  let readsRoot = false;
  let read: StaticRead | undefined;
  const site: OperationSite = {
    operator,
    path,
    args,
    limits: env.limits,
    scope,
    zones: env.zones,
    problem(message, argIndex, within = []) {
      const at = argIndex === undefined ? path : (args[argIndex]?.path ?? path);
      env.problems.push({ path: within.reduce<string>((pointer, key) => childPointer(pointer, key), at), message: `"${operator}": ${message}` });
    },
    rootNow: () => {
      readsRoot = true;
      return readRootNow;
    },
    rootHistory: () => {
      readsRoot = true;
      return readRootHistory;
    },
    declareStaticRead: (declared) => {
      read = declared;
    },
  };
  const evaluate = spec.compile(site);
  if (env.problems.length > problemsBefore) return invalidNode(rule, path);

  if (spec.pure && !readsRoot && env.tracer === undefined && args.every((arg) => arg.known)) {
    const folded = foldConstant(evaluate, env.limits);
    if (folded !== MISSING) return constantNode(rule, path, folded);
  }
  const node: CompiledNode = { rule, path, known: false, value: undefined, evaluate, read };
  env.onOperation?.(node, { operator, args, scope });
  return node;
}

/**
 * Evaluates a data-independent operation once; MISSING when it would not finish within the limits.
 * The value is not frozen: its arrays are copied on every evaluation (constantEvaluator), literal
 * objects are already frozen copies, and anything else came from a caller's operator and is theirs.
 */
function foldConstant(evaluate: Evaluator, limits: RuleLimits): unknown {
  try {
    return evaluate(undefined, new EvaluationContext(limits, undefined));
  } catch {
    // Left to run (and fail safely) at evaluation time, where the failure is reported.
    return MISSING;
  }
}

function describeArity(operator: string, min: number, max: number, got: number, hint: string | undefined): string {
  const plural = (n: number) => `${n} argument${n === 1 ? "" : "s"}`;
  const expected =
    min === max ? plural(min) : max === Number.POSITIVE_INFINITY ? `at least ${plural(min)}` : `${min} to ${max} arguments`;
  return `"${operator}" takes ${expected}, got ${got}${hint ? ` (${hint})` : ""}`;
}
