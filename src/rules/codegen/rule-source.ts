import type { CompiledNode, CompiledOperation } from "../compiler/compile-node.js";
import { isJsonPrimitive } from "../rule-shape.js";
import { chargeStringEquality, lessOrEqual, lessThan, looseEquals } from "../semantics/comparison.js";
import { LONG_STRING } from "../semantics/membership.js";
import { MISSING, resolveSegments } from "../semantics/property-path.js";
import type { StaticRead } from "../semantics/static-read.js";
import { truthy } from "../semantics/truthiness.js";

/**
 * The JavaScript source of a compiled rule, and the values it refers to. The source is the body of
 * `function (d, c)` (the data and the evaluation context) after `const h0 = h[0], …` bind the helpers.
 *
 * Safety: nothing from a rule reaches the source but `JSON.stringify`-ed strings (`<`, U+2028 and
 * U+2029 escaped as well), numbers written by
 * `String(number)` and the generated names `d`, `c`, `h<n>`, `t<n>` (values, paths and keys); every
 * other value (objects, functions, evaluators of the parts not inlined) is a helper, passed by
 * reference. test/rules/codegen-safety.test.ts parses the source of hostile rules to prove it.
 */
export interface RuleSource {
  readonly source: string;
  readonly helpers: readonly unknown[];
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Operators whose every evaluation returns a boolean (comparison.ts, logic.ts). */
const BOOLEAN_OPERATORS: ReadonlySet<string> = new Set(["==", "!=", "===", "!==", "<", "<=", ">", ">=", "!", "!!"]);

/**
 * A string as a JavaScript literal: JSON's, with `<`, U+2028 and U+2029 escaped too, so that the
 * source stays inert inside an HTML script element and in any JavaScript version.
 */
function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A value as a literal, when it has one that JSON or String(number) writes exactly. */
function literalOf(value: unknown): string | undefined {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") {
    if (Object.is(value, -0)) return "(-0)";
    if (!Number.isFinite(value)) return undefined;
    return value < 0 ? `(${String(value)})` : String(value);
  }
  return undefined;
}

/** A known primitive side of an equality, as the closures pick it (comparison.ts: constantSide). */
function constantSide(left: CompiledNode, right: CompiledNode): CompiledNode | undefined {
  const fixed = (arg: CompiledNode) => arg.known && isJsonPrimitive(arg.value) && !(typeof arg.value === "string" && arg.value.length > LONG_STRING);
  return fixed(right) ? right : fixed(left) ? left : undefined;
}

class SourceWriter {
  readonly helpers: unknown[] = [];
  readonly #helperNames = new Map<unknown, string>();
  #temps = 0;

  constructor(readonly operations: ReadonlyMap<CompiledNode, CompiledOperation>) {}

  get temps(): number {
    return this.#temps;
  }

  helper(value: unknown): string {
    let name = this.#helperNames.get(value);
    if (name === undefined) {
      name = `h${this.helpers.length}`;
      this.helpers.push(value);
      this.#helperNames.set(value, name);
    }
    return name;
  }

  temp(): string {
    return `t${this.#temps++}`;
  }

  /** A known value: its literal, or a helper (a folded NaN or Infinity has no JSON literal). */
  constant(value: unknown): string {
    return literalOf(value) ?? this.helper(value);
  }

  /** An expression with the node's value for data `d` and context `c`. */
  expression(node: CompiledNode): string {
    if (node.known) {
      // Arrays are built afresh per evaluation (and charged): their node does that.
      if (Array.isArray(node.value)) return this.#call(node);
      return this.constant(node.value);
    }
    if (node.read !== undefined && node.read.stepField === undefined) return this.#read(node.read);
    const operation = this.operations.get(node);
    if (operation === undefined) return this.#call(node);
    switch (operation.operator) {
      case "and":
      case "or":
        return this.#andOr(operation.operator, operation.args);
      case "!":
        return `!${this.#condition(operation.args[0] as CompiledNode)}`;
      case "!!":
        return this.#condition(operation.args[0] as CompiledNode);
      case "if":
      case "?:":
        return this.#if(operation.args);
      case "==":
      case "!=":
        return this.#looseEquality(node, operation.args, operation.operator === "!=");
      case "===":
      case "!==":
        return this.#strictEquality(node, operation.args, operation.operator === "!==");
      case "<":
      case "<=":
      case ">":
      case ">=":
        return this.#ordering(node, operation.operator, operation.args);
      default:
        return this.#call(node);
    }
  }

  /** The part the closures evaluate: called as it is. */
  #call(node: CompiledNode): string {
    return `${this.helper(node.evaluate)}(d, c)`;
  }

  /** Whether the node's value is always a boolean (comparisons, `!`, `!!`): then it is its own truth. */
  #isBoolean(node: CompiledNode): boolean {
    if (node.known) return typeof node.value === "boolean";
    const operator = this.operations.get(node)?.operator;
    return operator !== undefined && BOOLEAN_OPERATORS.has(operator);
  }

  /** A boolean expression: whether the node's value is truthy (JsonLogic truthiness). */
  #condition(node: CompiledNode): string {
    const expression = this.expression(node);
    return this.#isBoolean(node) ? expression : this.#truthy(expression);
  }

  #truthy(expression: string): string {
    const value = this.temp();
    return `((${value} = ${expression}) === true || (${value} !== false && ${this.helper(truthy)}(${value})))`;
  }

  /** readStatic (static-read.ts) written out: own properties only, the default when absent. */
  #read(read: StaticRead): string {
    const segments = read.segments;
    if (segments.length === 0) return "d";
    const fallback = this.constant(read.fallback);
    const holder = this.temp();
    const own = (from: string, key: string, into: string) => `(${into} = ${from}[${stringLiteral(key)}]) === undefined || !${this.helper(hasOwn)}.call(${from}, ${stringLiteral(key)})`;
    const first = this.temp();
    let text = `((${holder} = d) === null || ${holder} === undefined ? ${fallback} : ${own(holder, segments[0] as string, first)} ? ${fallback} : `;
    if (segments.length === 1) return `${text}${first})`;
    const second = this.temp();
    text += `${first} === null ? ${fallback} : ${own(first, segments[1] as string, second)} ? ${fallback} : `;
    if (segments.length === 2) return `${text}${second})`;
    const rest = this.temp();
    return `${text}(${rest} = ${this.helper(resolveSegments)}(${second}, ${this.helper(segments)}, 2)) === ${this.helper(MISSING)} ? ${fallback} : ${rest})`;
  }

  /** `and`: the first falsy value, or the last; `or`: the first truthy value, or the last. */
  #andOr(operator: "and" | "or", args: readonly CompiledNode[]): string {
    const last = args[args.length - 1] as CompiledNode;
    let text = this.expression(last);
    for (let i = args.length - 2; i >= 0; i--) {
      const arg = args[i] as CompiledNode;
      const value = this.temp();
      const test = this.#isBoolean(arg) ? `(${value} = ${this.expression(arg)})` : this.#truthy(`${value} = ${this.expression(arg)}`);
      text = operator === "and" ? `(${test} ? ${text} : ${value})` : `(${test} ? ${value} : ${text})`;
    }
    return text;
  }

  /** `if`: conditions known at compile time prune their branch, as in logic.ts. */
  #if(args: readonly CompiledNode[]): string {
    const pending: CompiledNode[] = [];
    let otherwise: string | undefined;
    let i = 0;
    for (; i < args.length - 1; i += 2) {
      const condition = args[i] as CompiledNode;
      const consequent = args[i + 1] as CompiledNode;
      if (condition.known) {
        if (truthy(condition.value)) {
          otherwise = this.expression(consequent);
          break;
        }
        continue;
      }
      pending.push(condition, consequent);
    }
    if (otherwise === undefined) otherwise = i === args.length - 1 ? this.expression(args[i] as CompiledNode) : "null";
    let text = otherwise;
    const branches: [string, string][] = [];
    for (let j = 0; j < pending.length; j += 2) branches.push([this.#condition(pending[j] as CompiledNode), this.expression(pending[j + 1] as CompiledNode)]);
    for (let j = branches.length - 1; j >= 0; j--) {
      const [condition, consequent] = branches[j] as [string, string];
      text = `(${condition} ? ${consequent} : ${text})`;
    }
    return text;
  }

  #looseEquality(node: CompiledNode, args: readonly CompiledNode[], negate: boolean): string {
    const [left, right] = args as [CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const equals = this.helper(looseEquals);
    const known = constantSide(left, right);
    const not = negate ? "!" : "";
    if (known !== undefined) {
      const constant = this.constant(known.value);
      const value = this.temp();
      const other = this.expression(known === right ? left : right);
      return `${not}(typeof (${value} = ${other}) === ${JSON.stringify(typeof known.value)} ? ${value} === ${constant} : ${equals}(${value}, ${constant}, c, ${path}))`;
    }
    return `${not}${equals}(${this.expression(left)}, ${this.expression(right)}, c, ${path})`;
  }

  #strictEquality(node: CompiledNode, args: readonly CompiledNode[], negate: boolean): string {
    const [left, right] = args as [CompiledNode, CompiledNode];
    const same = negate ? "!==" : "===";
    const known = constantSide(left, right);
    if (known !== undefined) return `(${this.expression(known === right ? left : right)} ${same} ${this.constant(known.value)})`;
    const first = this.temp();
    const second = this.temp();
    const charge = `${this.helper(chargeStringEquality)}(${first}, ${second}, c, ${stringLiteral(node.path)})`;
    return `((${first} = ${this.expression(left)}), (${second} = ${this.expression(right)}), typeof ${first} === "string" && typeof ${second} === "string" && ${charge}, ${first} ${same} ${second})`;
  }

  /** The two-argument forms (the three-argument "between" is left to the closures). */
  #ordering(node: CompiledNode, operator: "<" | "<=" | ">" | ">=", args: readonly CompiledNode[]): string {
    if (args.length !== 2) return this.#call(node);
    const [left, right] = args as [CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const strict = operator === "<" || operator === ">";
    const compare = this.helper(strict ? lessThan : lessOrEqual);
    const symbol = strict ? "<" : "<=";
    // `a > b` is `b < a`: the bound may be on either side, as in comparison.ts.
    const lower = operator === "<" || operator === "<=" ? left : right;
    const upper = operator === "<" || operator === "<=" ? right : left;
    if (right.known && typeof right.value === "number") {
      const value = this.temp();
      const bound = this.constant(right.value);
      return lower === left
        ? `(typeof (${value} = ${this.expression(left)}) === "number" ? ${value} ${symbol} ${bound} : ${compare}(${value}, ${bound}, c, ${path}))`
        : `(typeof (${value} = ${this.expression(left)}) === "number" ? ${bound} ${symbol} ${value} : ${compare}(${bound}, ${value}, c, ${path}))`;
    }
    if (left.known && typeof left.value === "number") {
      const value = this.temp();
      const bound = this.constant(left.value);
      return lower === left
        ? `(typeof (${value} = ${this.expression(right)}) === "number" ? ${bound} ${symbol} ${value} : ${compare}(${bound}, ${value}, c, ${path}))`
        : `(typeof (${value} = ${this.expression(right)}) === "number" ? ${value} ${symbol} ${bound} : ${compare}(${value}, ${bound}, c, ${path}))`;
    }
    // Left first, then right, as the closures evaluate them.
    const first = this.temp();
    const second = this.temp();
    const [a, b] = lower === left ? [first, second] : [second, first];
    return `((${first} = ${this.expression(left)}), (${second} = ${this.expression(right)}), ${compare}(${a}, ${b}, c, ${path}))`;
  }
}

/**
 * Writes the source of a compiled rule: `and`, `or`, `!`, `!!`, `if`, equality, two-argument
 * orderings and fixed-path `var` reads are written out; every other operation calls its compiled
 * closure, so that the result, the budget charged and the errors are the closures' own.
 *
 * @example
 * // For {"==": [{"var": "plan"}, "pro"]}: roughly
 * // (typeof (t2 = <own read of d.plan>) === "string" ? t2 === "pro" : h3(t2, "pro", c, ""))
 */
export function sourceOfTree(root: CompiledNode, operations: ReadonlyMap<CompiledNode, CompiledOperation>): RuleSource {
  const writer = new SourceWriter(operations);
  const expression = writer.expression(root);
  const temps = Array.from({ length: writer.temps }, (_, index) => `t${index}`);
  const helpers = writer.helpers.map((_, index) => `h${index} = h[${index}]`);
  const source = `${helpers.length > 0 ? `const ${helpers.join(", ")};\n` : ""}return function rule(d, c) {\n${temps.length > 0 ? `  let ${temps.join(", ")};\n` : ""}  return ${expression};\n};`;
  return { source, helpers: writer.helpers };
}
