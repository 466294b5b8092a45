import { argumentsOf, isJsonPrimitive, isOperation, operatorOf } from "../rules/rule-shape.js";
import { isInstant, isoInstant } from "../time/instant.js";
import { toEpochMilliseconds } from "../time/timestamp.js";
import { BEHAVIOURAL_OPERATOR_NAMES } from "../segments/operators/behavioural-operator-table.js";

/*
 * What one JSON Logic rule reads and what it compares it with. Generated data drawn from these
 * values satisfies (and, with the neighbours of numbers, just fails) the rule's comparisons, which
 * random values almost never do: `{"==": [{"var": "event.properties.category"}, "chips"]}` needs
 * exactly "chips".
 */

/** Where a rule's findings are gathered (several rules share one). */
export interface RuleVocabulary {
  /** Every `var` path read. */
  readonly paths: Set<string>;
  /** Per path, literal values compared with it; keyed by JSON text to stay distinct. */
  readonly constants: Map<string, Map<string, unknown>>;
  /** Events named by behavioural operators (`event_count`, `days_since_last`, …). */
  readonly behaviourEvents: Set<string>;
  /** Instants named by `before` / `after`. */
  readonly instants: Set<number>;
}

export function emptyRuleVocabulary(): RuleVocabulary {
  return { paths: new Set(), constants: new Map(), behaviourEvents: new Set(), instants: new Set() };
}

const COMPARISONS: ReadonlySet<string> = new Set(["==", "===", "!=", "!==", "<", "<=", ">", ">="]);
const TEXT_TESTS: ReadonlySet<string> = new Set(["starts_with", "ends_with", "contains", "starts_with_ci", "ends_with_ci", "contains_ci", "equals_ci"]);
const SET_TESTS: ReadonlySet<string> = new Set(["any_in", "all_in", "none_in"]);
const VERSION_TESTS: ReadonlySet<string> = new Set(["version_eq", "version_gt", "version_gte", "version_lt", "version_lte"]);
const ORDER_TESTS: ReadonlySet<string> = new Set(["before", "after"]);
const BEHAVIOURAL: ReadonlySet<string> = new Set(BEHAVIOURAL_OPERATOR_NAMES);
const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const DAY = 86_400_000;

/** The path a `var` reads, when it is a literal one (paths through prototype names read as missing: skipped). */
function varPath(value: unknown): string | undefined {
  if (!isOperation(value) || operatorOf(value) !== "var") return undefined;
  const { args } = argumentsOf(value, "var");
  const path = args[0];
  const text = typeof path === "number" && Number.isInteger(path) ? String(path) : path;
  if (typeof text !== "string" || text === "" || text.split(".").some((segment) => FORBIDDEN.has(segment))) return undefined;
  return text;
}

function add(into: RuleVocabulary, path: string, ...values: unknown[]): void {
  let known = into.constants.get(path);
  if (known === undefined) into.constants.set(path, (known = new Map()));
  for (const value of values) if (value !== undefined) known.set(JSON.stringify(value), value);
}

/** A number and its neighbours, so `>`, `>=`, `==` and their negations can all be hit. */
function around(value: unknown): unknown[] {
  return typeof value === "number" && Number.isFinite(value) ? [value, value - 1, value + 1] : [value];
}

function comparison(into: RuleVocabulary, args: readonly unknown[]): void {
  const paths = args.map(varPath);
  const literals = args.filter(isJsonPrimitive);
  for (const path of paths) if (path !== undefined) add(into, path, ...literals.flatMap(around));
  // "between" (`a <= x <= b`): the middle is inside too.
  const [low, , high] = args;
  if (args.length === 3 && paths[1] !== undefined && typeof low === "number" && typeof high === "number") add(into, paths[1], (low + high) / 2);
}

function membership(into: RuleVocabulary, args: readonly unknown[]): void {
  const [needle, haystack] = args;
  const needlePath = varPath(needle);
  const haystackPath = varPath(haystack);
  if (needlePath !== undefined && Array.isArray(haystack)) add(into, needlePath, ...haystack.filter(isJsonPrimitive));
  if (needlePath !== undefined && typeof haystack === "string") add(into, needlePath, haystack);
  if (haystackPath !== undefined && isJsonPrimitive(needle)) add(into, haystackPath, typeof needle === "string" ? needle : String(needle), [needle]);
}

function textTest(into: RuleVocabulary, operator: string, args: readonly unknown[]): void {
  const [text, fragment] = args;
  const path = varPath(text);
  if (path === undefined || typeof fragment !== "string") return;
  const sample = operator.startsWith("starts_with") ? `${fragment}x` : operator.startsWith("ends_with") ? `x${fragment}` : operator.startsWith("contains") ? `x${fragment}x` : fragment;
  add(into, path, fragment, operator.endsWith("_ci") ? sample.toUpperCase() : sample);
}

function setTest(into: RuleVocabulary, args: readonly unknown[]): void {
  const [items, list] = args;
  const itemsPath = varPath(items);
  const listPath = varPath(list);
  if (itemsPath !== undefined && Array.isArray(list)) {
    const elements = list.filter(isJsonPrimitive);
    add(into, itemsPath, ...elements, ...elements.map((element) => [element]));
  }
  if (listPath !== undefined && Array.isArray(items)) add(into, listPath, items, ...items.filter(isJsonPrimitive).map((element) => [element]));
}

function versionTest(into: RuleVocabulary, args: readonly unknown[]): void {
  args.forEach((arg, index) => {
    const path = varPath(arg);
    const other = args[1 - index];
    if (path !== undefined && (typeof other === "string" || typeof other === "number")) add(into, path, String(other), "0.0.1", "999.0.0");
  });
}

function orderTest(into: RuleVocabulary, args: readonly unknown[]): void {
  args.forEach((arg, index) => {
    const at = toEpochMilliseconds(args[1 - index]);
    if (at === undefined) return;
    into.instants.add(at);
    const path = varPath(arg);
    // A day either side, as ISO text, where that is still inside the Date range.
    if (path !== undefined) add(into, path, ...[at - DAY, at + DAY].filter(isInstant).map(isoInstant));
  });
}

/** Walks a rule, recording what it reads and what it compares with. Never throws, whatever the rule. */
export function collectRuleVocabulary(rule: unknown, into: RuleVocabulary, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(rule)) {
    for (const element of rule) collectRuleVocabulary(element, into, depth + 1);
    return;
  }
  if (!isOperation(rule)) return;
  const operator = operatorOf(rule);
  const { args } = argumentsOf(rule, operator);
  const path = varPath(rule);
  if (path !== undefined) into.paths.add(path);
  if (COMPARISONS.has(operator)) comparison(into, args);
  else if (operator === "in") membership(into, args);
  else if (TEXT_TESTS.has(operator)) textTest(into, operator, args);
  else if (SET_TESTS.has(operator)) setTest(into, args);
  else if (VERSION_TESTS.has(operator)) versionTest(into, args);
  else if (ORDER_TESTS.has(operator)) orderTest(into, args);
  else if (BEHAVIOURAL.has(operator) && typeof args[0] === "string" && operator !== "rfm_score") into.behaviourEvents.add(args[0]);
  for (const arg of args) collectRuleVocabulary(arg, into, depth + 1);
}
