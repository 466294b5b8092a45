import type { CompiledNode, CompiledOperation } from "../compiler/compile-node.js";
import { isJsonPrimitive } from "../rule-shape.js";
import { chargeStringEquality, lessOrEqual, lessThan, looseEquals } from "../semantics/comparison.js";
import { LONG_STRING } from "../semantics/membership.js";
import { MISSING, resolveSegments } from "../semantics/property-path.js";
import type { StaticRead } from "../semantics/static-read.js";
import { truthy } from "../semantics/truthiness.js";
import { parseLooseFloat, toNumeric } from "../semantics/coercion.js";
import { loopBodyWeight } from "../operators/loop-body-weight.js";

/**
 * The JavaScript source of a compiled rule, and the values it refers to. The source is the body of
 * a function of the helpers `h`: it binds them (`const h0 = h[0], …`), declares the loops'
 * functions (`function f0(d, c) { … }`) and returns `function rule(d, c)` (the data, the context).
 *
 * Safety: nothing from a rule reaches the source but `JSON.stringify`-ed strings (with `<`, U+2028
 * and U+2029 escaped too), numbers written by `String(number)`, and generated names (`d`, `c`,
 * `h<n>`, `t<n>`, `f<n>`); every other value (objects, functions, the closures of the parts not
 * written out) is a helper, passed by reference. test/rules/codegen-safety.test.ts parses the
 * source of hostile rules to prove it.
 */
export interface RuleSource {
  readonly source: string;
  readonly helpers: readonly unknown[];
}

const hasOwn = Object.prototype.hasOwnProperty;

const isArray = Array.isArray;
const min = Math.min;
const newArray = (length: number): unknown[] => new Array<unknown>(length);
const charge = (context: { charge(units: number, path: string): void }, units: number, path: string): void => context.charge(units, path);

/** Elements all / some / none charge before visiting further (arrays.ts: FIRST_BATCH). */
const FIRST_BATCH = 16;

/** Operators whose every evaluation returns a boolean (comparison.ts, logic.ts). */
const BOOLEAN_OPERATORS: ReadonlySet<string> = new Set(["==", "!=", "===", "!==", "<", "<=", ">", ">=", "!", "!!", "all", "some", "none"]);

/**
 * Where an expression is written: the function (its temporaries) and the name of its data. In a
 * reduce body, `step` names the element and the accumulator, so that reads of `current` and
 * `accumulator` need no step object; one is built only when something else reads the data.
 */
interface Scope {
  readonly data: string;
  temps: number;
  readonly step?: { readonly current: string; readonly accumulator: string; usedObject: boolean };
}

/**
 * A string as a JavaScript literal: JSON's, with `<`, U+2028 and U+2029 escaped too, so that the
 * source stays inert inside an HTML script element and in any JavaScript version.
 */
export function stringLiteral(text: string): string {
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
  /** Functions of loops, written before the rule's function (`function f0(d, c) { … }`). */
  readonly functions: string[] = [];
  #scope: Scope = { data: "d", temps: 0 };

  constructor(readonly operations: ReadonlyMap<CompiledNode, CompiledOperation>) {}

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
    return `t${this.#scope.temps++}`;
  }

  /** A known value: its literal, or a helper (a folded NaN or Infinity has no JSON literal). */
  constant(value: unknown): string {
    return literalOf(value) ?? this.helper(value);
  }

  /** The data of the current scope as a value (in a reduce body: the step object, built then). */
  #data(): string {
    const step = this.#scope.step;
    if (step !== undefined) step.usedObject = true;
    return this.#scope.data;
  }

  /** The body of the rule's function: its temporaries and the expression of `root`. */
  body(root: CompiledNode): string {
    const expression = this.expression(root);
    return `${this.#declarations()}  return ${expression};\n`;
  }

  #declarations(): string {
    const temps = Array.from({ length: this.#scope.temps }, (_, index) => `t${index}`);
    return temps.length > 0 ? `  let ${temps.join(", ")};\n` : "";
  }

  /** Writes a function of its own (a loop) with `write` in a fresh scope; returns its name. */
  #function(write: () => string): string {
    const outer = this.#scope;
    this.#scope = { data: "d", temps: 0 };
    try {
      const statements = write();
      const name = `f${this.functions.length}`;
      this.functions.push(`function ${name}(d, c) {\n${this.#declarations()}${statements}}\n`);
      return name;
    } finally {
      this.#scope = outer;
    }
  }

  /** An expression with the node's value for the scope's data and context `c`. */
  expression(node: CompiledNode): string {
    if (node.known) {
      // Arrays are built afresh per evaluation (and charged): their node does that.
      if (Array.isArray(node.value)) return this.#call(node);
      return this.constant(node.value);
    }
    if (node.read !== undefined) return this.#read(node.read);
    const operation = this.operations.get(node);
    if (operation === undefined) return this.#call(node);
    const args = operation.args;
    switch (operation.operator) {
      case "and":
      case "or":
        return this.#andOr(operation.operator, args);
      case "!":
        return `!${this.#condition(args[0] as CompiledNode)}`;
      case "!!":
        return this.#condition(args[0] as CompiledNode);
      case "if":
      case "?:":
        return this.#if(args);
      case "==":
      case "!=":
        return this.#looseEquality(node, args, operation.operator === "!=");
      case "===":
      case "!==":
        return this.#strictEquality(node, args, operation.operator === "!==");
      case "<":
      case "<=":
      case ">":
      case ">=":
        return this.#ordering(node, operation.operator, args);
      case "in":
        return this.#in(node, args);
      case "+":
      case "*":
        return this.#sumOrProduct(node, operation.operator, args);
      case "-":
        return this.#difference(node, args);
      case "/":
      case "%":
        return this.#quotient(node, operation.operator, args);
      case "all":
      case "some":
      case "none":
        return operation.scope === "input" ? this.#quantifier(node, operation.operator, args) : this.#call(node);
      case "filter":
      case "map":
        return operation.scope === "input" ? this.#mapOrFilter(node, operation.operator, args) : this.#call(node);
      case "reduce":
        return operation.scope === "input" ? this.#reduce(node, args) : this.#call(node);
      default:
        return this.#call(node);
    }
  }

  /** The part the closures evaluate: called as it is. */
  #call(node: CompiledNode): string {
    return `${this.helper(node.evaluate)}(${this.#data()}, c)`;
  }

  /** Whether the node's value is always a boolean (comparisons, `!`, `!!`): then it is its own truth. */
  #isBoolean(node: CompiledNode): boolean {
    if (node.known) return typeof node.value === "boolean";
    const operation = this.operations.get(node);
    return operation !== undefined && BOOLEAN_OPERATORS.has(operation.operator);
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
    const step = this.#scope.step;
    if (segments.length === 0) return this.#data();
    const fallback = this.constant(read.fallback);
    const hasOwnHelper = this.helper(hasOwn);
    const proto = this.temp();
    const getProto = this.helper(Object.getPrototypeOf);
    const objectProto = this.helper(Object.prototype);
    const arrayProto = this.helper(Array.prototype);
    // Found, and not what the built-in prototype holds: own for sure (an inherited value is the
    // prototype's); otherwise hasOwnProperty decides (class instances, null prototypes, equal
    // values, NaN). Reading Object.prototype or Array.prototype runs no getter: forbidden names
    // (`__proto__`) never reach a read.
    const own = (from: string, key: string, into: string) =>
      `(${into} = ${from}[${stringLiteral(key)}]) === undefined || !((((${proto} = ${getProto}(${from})) === ${objectProto} || ${proto} === ${arrayProto}) && ${into} === ${into} && ${into} !== ${proto}[${stringLiteral(key)}]) || ${hasOwnHelper}.call(${from}, ${stringLiteral(key)}))`;
    const first = this.temp();
    let text: string;
    if (read.stepField !== undefined && step !== undefined) {
      // The step's own field, held in a variable: no step object, no own-property check (static-read.ts).
      text = `((${first} = ${step[read.stepField]}) === undefined ? ${fallback} : `;
    } else if (read.stepField !== undefined) {
      text = `((${first} = ${this.#data()}.${read.stepField}) === undefined ? ${fallback} : `;
    } else {
      const holder = this.temp();
      text = `((${holder} = ${this.#data()}) === null || ${holder} === undefined ? ${fallback} : ${own(holder, segments[0] as string, first)} ? ${fallback} : `;
    }
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
    const chargeEquality = `${this.helper(chargeStringEquality)}(${first}, ${second}, c, ${stringLiteral(node.path)})`;
    return `((${first} = ${this.expression(left)}), (${second} = ${this.expression(right)}), typeof ${first} === "string" && typeof ${second} === "string" && ${chargeEquality}, ${first} ${same} ${second})`;
  }

  /** `a < b < c` / `a <= b <= c` (comparison.ts: compileBetween and the three-argument form). */
  #between(node: CompiledNode, strict: boolean, args: readonly CompiledNode[]): string {
    const [left, middle, right] = args as [CompiledNode, CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const compare = this.helper(strict ? lessThan : lessOrEqual);
    const symbol = strict ? "<" : "<=";
    if (left.known && right.known && typeof left.value === "number" && typeof right.value === "number") {
      const [low, high, value] = [this.constant(left.value), this.constant(right.value), this.temp()];
      return `(typeof (${value} = ${this.expression(middle)}) === "number" ? ${low} ${symbol} ${value} && ${value} ${symbol} ${high} : ${compare}(${low}, ${value}, c, ${path}) && ${compare}(${value}, ${high}, c, ${path}))`;
    }
    const [first, second, third] = [this.temp(), this.temp(), this.temp()];
    // All three first, as json-logic-js; a third value of undefined means the two-argument form.
    return `((${first} = ${this.expression(left)}), (${second} = ${this.expression(middle)}), (${third} = ${this.expression(right)}), ${third} === undefined ? ${compare}(${first}, ${second}, c, ${path}) : ${compare}(${first}, ${second}, c, ${path}) && ${compare}(${second}, ${third}, c, ${path}))`;
  }

  /** Orderings: two arguments, or the three-argument "between" of `<` and `<=`. */
  #ordering(node: CompiledNode, operator: "<" | "<=" | ">" | ">=", args: readonly CompiledNode[]): string {
    if (args.length === 3 && (operator === "<" || operator === "<=")) return this.#between(node, operator === "<", args);
    if (args.length !== 2) return this.#call(node);
    const [left, right] = args as [CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const strict = operator === "<" || operator === ">";
    const compare = this.helper(strict ? lessThan : lessOrEqual);
    const symbol = strict ? "<" : "<=";
    // `a > b` is `b < a`: the bound may be on either side, as in comparison.ts.
    const lower = operator === "<" || operator === "<=" ? left : right;
    // Against a known number (right first, as comparison.ts picks it): the other side's typeof picks the fast path.
    const bound = right.known && typeof right.value === "number" ? right : left.known && typeof left.value === "number" ? left : undefined;
    if (bound !== undefined) {
      const other = bound === right ? left : right;
      const value = this.temp();
      const constant = this.constant(bound.value);
      const [a, b] = lower === other ? [value, constant] : [constant, value];
      return `(typeof (${value} = ${this.expression(other)}) === "number" ? ${a} ${symbol} ${b} : ${compare}(${a}, ${b}, c, ${path}))`;
    }
    // Left first, then right, as the closures evaluate them.
    const first = this.temp();
    const second = this.temp();
    const [a, b] = lower === left ? [first, second] : [second, first];
    return `((${first} = ${this.expression(left)}), (${second} = ${this.expression(right)}), ${compare}(${a}, ${b}, c, ${path}))`;
  }

  /**
   * `in` a literal list of primitives (strings.ts takes a Set of them): `===` tests, or the Set
   * for a long list. Other forms are left to the closures.
   */
  #in(node: CompiledNode, args: readonly CompiledNode[]): string {
    const [needle, haystack] = args as [CompiledNode, CompiledNode];
    if (!haystack.known || !Array.isArray(haystack.value)) return this.#call(node);
    const list = haystack.value as readonly unknown[];
    // As strings.ts: a Set answers only without objects, NaN and strings over LONG_STRING.
    if (list.some((value) => (typeof value === "object" && value !== null) || Number.isNaN(value) || (typeof value === "string" && value.length > LONG_STRING))) return this.#call(node);
    const value = this.temp();
    if (list.length === 0) return `((${this.expression(needle)}), false)`;
    // === and a Set agree here: no NaN in the list, and -0 equals 0 either way; a long needle is in neither.
    if (list.length <= 8) return `((${value} = ${this.expression(needle)}) === ${list.map((item) => this.constant(item)).join(` || ${value} === `)})`;
    return `${this.helper(new Set(list))}.has(${this.expression(needle)})`;
  }

  /** An operand of `+` and `*` through parseFloat (coercion.ts: parseLooseFloat). */
  #looseFloat(node: CompiledNode, path: string): string {
    const value = this.temp();
    return `(typeof (${value} = ${this.expression(node)}) === "number" ? (${value} === 0 ? 0 : ${value}) : ${this.helper(parseLooseFloat)}(${value}, c, ${path}))`;
  }

  /** An operand of `-`, `/` and `%` through ToNumber (coercion.ts: toNumeric). */
  #numeric(value: string, path: string): string {
    return `(typeof ${value} === "number" ? ${value} : ${this.helper(toNumeric)}(${value}, c, ${path}))`;
  }

  /** `+` and `*` of one or two operands (more are left to the closures; a lone `*` operand is returned as it is). */
  #sumOrProduct(node: CompiledNode, operator: "+" | "*", args: readonly CompiledNode[]): string {
    const path = stringLiteral(node.path);
    if (args.length === 1) return operator === "+" ? this.#looseFloat(args[0] as CompiledNode, path) : this.expression(args[0] as CompiledNode);
    if (args.length !== 2) return this.#call(node);
    return `(${this.#looseFloat(args[0] as CompiledNode, path)} ${operator} ${this.#looseFloat(args[1] as CompiledNode, path)})`;
  }

  #difference(node: CompiledNode, args: readonly CompiledNode[]): string {
    const path = stringLiteral(node.path);
    const first = this.temp();
    if (args.length === 1) return `((${first} = ${this.expression(args[0] as CompiledNode)}), -${this.#numeric(first, path)})`;
    const second = this.temp();
    // Both operands first; a second operand of undefined means negation (json-logic-js).
    return `((${first} = ${this.expression(args[0] as CompiledNode)}), (${second} = ${this.expression(args[1] as CompiledNode)}), ${second} === undefined ? -${this.#numeric(first, path)} : ${this.#numeric(first, path)} - ${this.#numeric(second, path)})`;
  }

  /** `/` and `%`: the first operand converted before the second is evaluated, as in arithmetic.ts. */
  #quotient(node: CompiledNode, operator: "/" | "%", args: readonly CompiledNode[]): string {
    const path = stringLiteral(node.path);
    const first = this.temp();
    const second = this.temp();
    return `((${first} = ${this.expression(args[0] as CompiledNode)}), (${first} = ${this.#numeric(first, path)}), (${second} = ${this.expression(args[1] as CompiledNode)}), ${first} ${operator} ${this.#numeric(second, path)})`;
  }

  /** all / some / none (arrays.ts: compileQuantifier), charged in the same batches. */
  #quantifier(node: CompiledNode, operator: "all" | "some" | "none", args: readonly CompiledNode[]): string {
    const [items, body] = args as [CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const weight = loopBodyWeight(body.rule);
    const stopWhen = operator !== "all";
    const stopped = operator === "some";
    const name = this.#function(() => {
      const [list, length, paid, index, batch] = [this.temp(), this.temp(), this.temp(), this.temp(), this.temp()];
      const itemsText = this.expression(items);
      const element = this.temp();
      const condition = this.#inScope(element, () => this.#condition(body));
      return [
        `  ${list} = ${itemsText};\n`,
        `  if (!${this.helper(isArray)}(${list}) || ${list}.length === 0) return ${String(operator === "none")};\n`,
        `  ${length} = ${list}.length;\n`,
        `  ${paid} = ${length} < ${FIRST_BATCH} ? ${length} : ${FIRST_BATCH};\n`,
        `  ${this.helper(charge)}(c, ${paid} * ${weight}, ${path});\n`,
        `  for (${index} = 0; ${index} < ${length}; ${index}++) {\n`,
        `    if (${index} === ${paid}) { ${batch} = ${this.helper(min)}(${length} - ${index}, ${index}); ${this.helper(charge)}(c, ${batch} * ${weight}, ${path}); ${paid} += ${batch}; }\n`,
        `    ${element} = ${list}[${index}];\n`,
        `    if (${condition} === ${String(stopWhen)}) return ${String(stopped)};\n`,
        `  }\n`,
        `  return ${String(!stopped)};\n`,
      ].join("");
    });
    return `${name}(${this.#data()}, c)`;
  }

  /** map / filter (arrays.ts). */
  #mapOrFilter(node: CompiledNode, operator: "map" | "filter", args: readonly CompiledNode[]): string {
    const [items, body] = args as [CompiledNode, CompiledNode];
    const path = stringLiteral(node.path);
    const weight = loopBodyWeight(body.rule);
    const name = this.#function(() => {
      const [list, length, out, index] = [this.temp(), this.temp(), this.temp(), this.temp()];
      const itemsText = this.expression(items);
      const element = this.temp();
      const loop =
        operator === "map"
          ? `    ${out}[${index}] = ${this.#inScope(element, () => this.expression(body))};\n`
          : `    if (${this.#inScope(element, () => this.#condition(body))}) ${out}.push(${element});\n`;
      return [
        `  ${list} = ${itemsText};\n`,
        `  if (!${this.helper(isArray)}(${list})) return [];\n`,
        `  ${length} = ${list}.length;\n`,
        `  ${this.helper(charge)}(c, ${length} * ${weight}, ${path});\n`,
        operator === "map" ? `  ${out} = ${this.helper(newArray)}(${length});\n` : `  ${out} = [];\n`,
        `  for (${index} = 0; ${index} < ${length}; ${index}++) {\n`,
        `    ${element} = ${list}[${index}];\n`,
        loop,
        `  }\n`,
        `  return ${out};\n`,
      ].join("");
    });
    return `${name}(${this.#data()}, c)`;
  }

  /** reduce (arrays.ts): the body reads `current` and `accumulator` from variables; a step object is built only when it is read as a whole. */
  #reduce(node: CompiledNode, args: readonly CompiledNode[]): string {
    const [items, body, initial] = args as [CompiledNode, CompiledNode, CompiledNode | undefined];
    const path = stringLiteral(node.path);
    const weight = loopBodyWeight(body.rule);
    const name = this.#function(() => {
      const [list, length, accumulator, index, element, stepObject] = [this.temp(), this.temp(), this.temp(), this.temp(), this.temp(), this.temp()];
      const itemsText = this.expression(items);
      const initialText = initial === undefined ? "null" : this.expression(initial);
      const step = { current: element, accumulator, usedObject: false };
      const outer = this.#scope;
      this.#scope = { data: stepObject, temps: outer.temps, step };
      let bodyText: string;
      try {
        bodyText = this.expression(body);
      } finally {
        outer.temps = this.#scope.temps;
        this.#scope = outer;
      }
      return [
        `  ${list} = ${itemsText};\n`,
        `  ${accumulator} = ${initialText};\n`,
        `  if (!${this.helper(isArray)}(${list})) return ${accumulator};\n`,
        `  ${length} = ${list}.length;\n`,
        `  ${this.helper(charge)}(c, ${length} * ${weight}, ${path});\n`,
        `  for (${index} = 0; ${index} < ${length}; ${index}++) {\n`,
        `    ${element} = ${list}[${index}];\n`,
        step.usedObject ? `    ${stepObject} = { current: ${element}, accumulator: ${accumulator} };\n` : "",
        `    ${accumulator} = ${bodyText};\n`,
        `  }\n`,
        `  return ${accumulator};\n`,
      ].join("");
    });
    return `${name}(${this.#data()}, c)`;
  }

  /** Writes an expression whose data is `data` (a loop's element), with the temporaries of the current function. */
  #inScope(data: string, write: () => string): string {
    const outer = this.#scope;
    this.#scope = { data, temps: outer.temps };
    try {
      return write();
    } finally {
      outer.temps = this.#scope.temps;
      this.#scope = outer;
    }
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
  const body = writer.body(root);
  const helpers = writer.helpers.map((_, index) => `h${index} = h[${index}]`);
  const source = `${helpers.length > 0 ? `const ${helpers.join(", ")};\n` : ""}${writer.functions.join("")}return function rule(d, c) {\n${body}};`;
  return { source, helpers: writer.helpers };
}
