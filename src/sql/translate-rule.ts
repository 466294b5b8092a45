/**
 * A segment rule (JSON Logic) as a SQL condition with nudgekit's semantics: two-valued (a NULL
 * never leaks into AND / OR / NOT), a NULL column read as JavaScript reads a missing attribute
 * (json-logic's `var` gives null), truthiness per declared type, and `==`, `===`, `<` and `in` as
 * JavaScript computes them for those types. What SQL cannot say with the same answers is refused
 * with the rule's path (SqlTranslationError), never translated into a different query. Every
 * literal is a bound parameter; every identifier comes from the schema, quoted.
 */
import { isPlainObject } from "../json/plain-object.js";
import { childPointer } from "../json/json-pointer.js";
import type { AudienceSchema } from "./audience-schema.js";
import type { SqlDialect } from "./sql-dialect.js";
import { SqlTranslationError } from "./sql-translation-error.js";
import type { SqlParameters } from "./sql-parameters.js";
import type { Fragment } from "./sql-fragment.js";
import { BehaviourTranslator } from "./translate-behaviour.js";
import type { ResolvedSqlOptions } from "./sql-options.js";
import { versionCondition } from "./translate-version.js";
import { splitPath } from "../rules/semantics/property-path.js";
import { BEHAVIOURAL_OPERATOR_NAMES } from "../segments/operators/behavioural-operator-table.js";

/** The behavioural operators of nudgekit/segments (those SQL does not express yet are refused). */
const BEHAVIOURAL: ReadonlySet<string> = new Set(BEHAVIOURAL_OPERATOR_NAMES);

/** A value written in the rule (not an operation). */
const isLiteral = (rule: unknown): boolean => rule === null || ["string", "number", "boolean"].includes(typeof rule);

const TRUE = "TRUE";
const FALSE = "FALSE";

/** The one operator key of an operation, or undefined for a literal. */
function operatorOf(rule: unknown): string | undefined {
  if (!isPlainObject(rule)) return undefined;
  const keys = Object.keys(rule);
  return keys.length === 1 ? keys[0] : undefined;
}

/** An operation's arguments: json-logic takes a lone argument without its array. */
function argumentsOf(rule: Record<string, unknown>, operator: string): unknown[] {
  const args = rule[operator];
  return Array.isArray(args) ? args : [args];
}

export class RuleTranslator {
  readonly #behaviour: BehaviourTranslator | undefined;
  readonly #schema: AudienceSchema;

  constructor(
    options: ResolvedSqlOptions,
    private readonly dialect: SqlDialect,
    private readonly parameters: SqlParameters,
    /** The profiles table's alias in the query. */
    private readonly alias: string,
  ) {
    const { schema, now, policy, rfm } = options;
    this.#schema = schema;
    this.#behaviour = schema.events === undefined || now === undefined || policy === undefined ? undefined : new BehaviourTranslator(schema.events, dialect, parameters, now, policy, rfm);
    this.#missing = schema.events === undefined ? "the schema's events table" : now === undefined ? "the instant the query answers for (options.now)" : "the aggregation policy (options.behaviour, an engine config's behaviour)";
  }

  /** What the behavioural operators lack, when they do. */
  readonly #missing: string;

  /** The joins the translated conditions read from (the behaviour tables), after the profiles table. */
  joins(): string {
    const behaviour = this.#behaviour?.joins(`${this.alias}.${this.dialect.quote(this.#schema.profiles.id)}`) ?? "";
    return [behaviour, ...this.#versionJoins.values()].filter(Boolean).join(" ");
  }

  /** Per version test of a column against a literal: its join (a table of the column's distinct values and the test's answer). */
  readonly #versionJoins = new Map<string, string>();

  /** A version test of a column against a literal, answered per distinct value of the column and joined by it. */
  private versionByValue(operator: string, column: Fragment, literal: { literal: unknown }, columnOnRight: boolean, path: string): string {
    const value: Fragment = { sql: "d.v", type: "text", nullable: true };
    const test = versionCondition(operator, columnOnRight ? literal : value, columnOnRight ? value : literal, this.dialect, this.parameters, path);
    const key = `${column.sql}\u0000${test}`;
    let join = this.#versionJoins.get(key);
    const alias = `nudgekit_version_${join === undefined ? this.#versionJoins.size : [...this.#versionJoins.keys()].indexOf(key)}`;
    if (join === undefined) {
      const read = column.sql.replace(`${this.alias}.`, "t.");
      join = `LEFT JOIN (SELECT d.v, ${test} AS ok FROM (SELECT DISTINCT ${read} AS v FROM ${this.dialect.quote(this.#schema.profiles.table)} AS t) AS d) AS ${alias} ON ${alias}.v = ${column.sql}`;
      this.#versionJoins.set(key, join);
    }
    return `COALESCE(${alias}.ok, FALSE)`;
  }

  /** The rule as a condition: TRUE exactly when nudgekit's evaluation is truthy. */
  condition(rule: unknown, path: string): string {
    const operator = operatorOf(rule);
    if (operator === undefined) {
      if (Array.isArray(rule) || isPlainObject(rule)) throw new SqlTranslationError(path, "an array or object as a condition is not supported in SQL");
      return this.truthy(this.value(rule, path));
    }
    const args = argumentsOf(rule as Record<string, unknown>, operator);
    const at = childPointer(path, operator);
    const arg = (index: number): string => childPointer(at, String(index));
    switch (operator) {
      case "and":
      case "or": {
        if (args.length === 0) return FALSE;
        const parts = args.map((item, index) => this.condition(item, arg(index)));
        return `(${parts.join(operator === "and" ? " AND " : " OR ")})`;
      }
      case "!":
        return `(NOT ${this.condition(args[0], arg(0))})`;
      case "!!":
        return this.condition(args[0], arg(0));
      case "==":
      case "!=": {
        this.arity(args, 2, at, operator);
        const equal = this.looseEquals(this.value(args[0], arg(0)), this.value(args[1], arg(1)), at);
        return operator === "==" ? equal : `(NOT ${equal})`;
      }
      case "===":
      case "!==": {
        this.arity(args, 2, at, operator);
        const equal = this.strictEquals(this.value(args[0], arg(0)), this.value(args[1], arg(1)));
        return operator === "===" ? equal : `(NOT ${equal})`;
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        const between = (operator === "<" || operator === "<=") && args.length === 3;
        if (!between) this.arity(args, 2, at, operator);
        const values = args.map((item, index) => this.numeric(this.value(item, arg(index)), arg(index)));
        const sqlOperator = operator;
        if (between) return `(${values[0]} ${sqlOperator} ${values[1]} AND ${values[1]} ${sqlOperator} ${values[2]})`;
        return `(${values[0]} ${sqlOperator} ${values[1]})`;
      }
      case "in":
        this.arity(args, 2, at, operator);
        return this.membership(args[0], args[1], at);
      case "version_eq":
      case "version_gt":
      case "version_gte":
      case "version_lt":
      case "version_lte": {
        this.arity(args, 2, at, operator);
        const side = (index: number) => (isLiteral(args[index]) ? { literal: args[index] } : this.value(args[index], arg(index)));
        const [left, right] = [side(0), side(1)];
        // A column against a literal: tested once per distinct value (apps ship few versions), then joined.
        const column = [left, right].find((value): value is Fragment => "sql" in value && value.type === "text" && value.sql.startsWith(`${this.alias}.`));
        const other = column === left ? right : left;
        if (column !== undefined && "literal" in other) return this.versionByValue(operator, column, other, column === right, at);
        return versionCondition(operator, left, right, this.dialect, this.parameters, at);
      }
      default:
        return this.truthy(this.value(rule, path));
    }
  }

  /** A value a rule computes (the operands of comparisons). */
  value(rule: unknown, path: string): Fragment {
    if (rule === null) return { sql: "NULL", type: "null", nullable: true };
    if (typeof rule === "number") {
      if (!Number.isFinite(rule)) throw new SqlTranslationError(path, "a number must be finite");
      return { sql: `CAST(${this.parameters.add(rule)} AS ${this.dialect.doubleType})`, type: "number", nullable: false };
    }
    if (typeof rule === "string") return { sql: `CAST(${this.parameters.add(rule)} AS ${this.dialect.textType})`, type: "text", nullable: false };
    if (typeof rule === "boolean") return { sql: rule ? TRUE : FALSE, type: "boolean", nullable: false };
    const operator = operatorOf(rule);
    if (operator === "var") return this.variable(argumentsOf(rule as Record<string, unknown>, operator), childPointer(path, "var"));
    if (operator !== undefined && BEHAVIOURAL.has(operator)) return this.behaviour(operator, argumentsOf(rule as Record<string, unknown>, operator), childPointer(path, operator));
    if (operator === undefined) throw new SqlTranslationError(path, "an array or object value is not supported in SQL");
    throw new SqlTranslationError(childPointer(path, operator), `"${operator}" as a value is not supported in SQL`);
  }

  /** `var` of an attribute the schema maps: its column; with a default, the default where the attribute is missing. */
  private variable(args: unknown[], path: string): Fragment {
    const [name, fallback] = args;
    if (typeof name !== "string") throw new SqlTranslationError(path, "a var in SQL must read a fixed path");
    // A path through __proto__, constructor or prototype always reads as missing in nudgekit: null, whatever the schema maps.
    if (splitPath(name) === undefined) return args.length < 2 || fallback === undefined ? { sql: "NULL", type: "null", nullable: true } : this.value(fallback, childPointer(path, "1"));
    if (!Object.hasOwn(this.#schema.profiles.attributes, name)) throw new SqlTranslationError(path, `no column for ${JSON.stringify(name)} in the schema's profiles.attributes`);
    const { column, type } = this.#schema.profiles.attributes[name]!;
    const read: Fragment = { sql: `${this.alias}.${this.dialect.quote(column)}`, type, nullable: true };
    if (args.length < 2 || fallback === undefined) return read;
    const other = this.value(fallback, childPointer(path, "1"));
    if (other.type === "null") return read;
    if (other.type !== type) throw new SqlTranslationError(childPointer(path, "1"), `a default of another type than the column's (${type}) is not supported in SQL`);
    return { sql: `COALESCE(${read.sql}, ${other.sql})`, type, nullable: other.nullable };
  }

  private behaviour(operator: string, args: unknown[], path: string): Fragment {
    if (this.#behaviour === undefined) throw new SqlTranslationError(path, `"${operator}" needs ${this.#missing}`);
    return this.#behaviour.value(operator, args, path);
  }

  /** Truthiness as JavaScript's for the declared type (0 and "" are falsy; NULL, a missing attribute, is). */
  truthy(value: Fragment): string {
    switch (value.type) {
      case "null":
        return FALSE;
      case "boolean":
        return value.nullable ? `COALESCE(${value.sql}, FALSE)` : value.sql;
      case "number":
        return `COALESCE(${value.sql} <> 0, FALSE)`;
      case "text":
        return `COALESCE(${value.sql} <> '', FALSE)`;
    }
  }

  /** ToNumber for the relational operators: null (a missing attribute) is 0, a boolean 0 or 1; text is refused (its number parsing is JavaScript's). */
  private numeric(value: Fragment, path: string): string {
    switch (value.type) {
      case "null":
        return "0";
      case "number":
        return value.nullable ? `COALESCE(${value.sql}, 0)` : value.sql;
      case "boolean":
        return `(CASE WHEN ${value.sql} THEN 1 ELSE 0 END)`;
      case "text":
        throw new SqlTranslationError(path, "ordering text is not supported in SQL (JavaScript orders by UTF-16 code units and reads mixed operands as numbers)");
    }
  }

  /** `a == b`, never NULL. */
  private looseEquals(a: Fragment, b: Fragment, path: string): string {
    if (a.type === "null" || b.type === "null") {
      const other = a.type === "null" ? b : a;
      return other.type === "null" ? TRUE : other.nullable ? `(${other.sql} IS NULL)` : FALSE;
    }
    if (a.type === b.type) return `(${a.sql} IS NOT DISTINCT FROM ${b.sql})`;
    if (a.type === "text" || b.type === "text") throw new SqlTranslationError(path, "comparing text with a number or a boolean with == is not supported in SQL (JavaScript reads the text as a number)");
    // A number and a boolean: the boolean as 0 or 1; null equals only null.
    const [number, boolean] = a.type === "number" ? [a, b] : [b, a];
    return `(CASE WHEN ${number.sql} IS NULL OR ${boolean.sql} IS NULL THEN (${number.sql} IS NULL AND ${boolean.sql} IS NULL) ELSE ${number.sql} = (CASE WHEN ${boolean.sql} THEN 1 ELSE 0 END) END)`;
  }

  /** `a === b`, never NULL: equal values of one type, or both null. */
  private strictEquals(a: Fragment, b: Fragment): string {
    if (a.type === b.type) return a.type === "null" ? TRUE : `(${a.sql} IS NOT DISTINCT FROM ${b.sql})`;
    const nulls = [a, b].map((value) => (value.type === "null" ? TRUE : value.nullable ? `${value.sql} IS NULL` : FALSE));
    return `(${nulls[0]} AND ${nulls[1]})`;
  }

  /** `in`: a list literal (indexOf: strict equality with each member), or a text literal (a substring). */
  private membership(needle: unknown, haystack: unknown, path: string): string {
    const value = this.value(needle, childPointer(path, "0"));
    if (Array.isArray(haystack)) {
      // Arrays and objects in the list are never found (json-logic-js compares them by identity).
      const members = haystack.filter((member) => member === null || ["string", "number", "boolean"].includes(typeof member));
      if (members.length === 0) return FALSE;
      return `(${members.map((member, index) => this.strictEquals(value, this.value(member, childPointer(childPointer(path, "1"), String(index))))).join(" OR ")})`;
    }
    if (typeof haystack === "string") {
      if (haystack === "") return FALSE;
      if (value.type !== "text" && value.type !== "null") throw new SqlTranslationError(childPointer(path, "0"), "looking for a number or a boolean in text is not supported in SQL (JavaScript writes it as text first)");
      // A missing needle is the text "null".
      const missingFound = haystack.includes("null") ? TRUE : FALSE;
      if (value.type === "null") return missingFound;
      const text = this.parameters.add(haystack);
      const found = this.dialect.contains(`CAST(${text} AS ${this.dialect.textType})`, value.sql);
      return value.nullable ? `(CASE WHEN ${value.sql} IS NULL THEN ${missingFound} ELSE ${found} END)` : found;
    }
    throw new SqlTranslationError(childPointer(path, "1"), "in SQL, `in` looks in a list or a text written in the rule");
  }

  private arity(args: unknown[], count: number, path: string, operator: string): void {
    if (args.length !== count) throw new SqlTranslationError(path, `"${operator}" takes ${count} arguments in SQL`);
  }
}
