import * as fc from "fast-check";
import { scalarArbitrary, valueArbitrary } from "./json-values.js";

export interface RuleArbitraryOptions {
  /** The `var` paths rules read (default: a few `user.*` and `event.*` paths). */
  readonly paths?: readonly string[];
  /** Per path, literals to compare it with (e.g. `configVocabulary(config).constants`); others are generic. */
  readonly constants?: Readonly<Record<string, readonly unknown[]>>;
  /**
   * Adds behavioural operators (`event_count`, `days_since_last`, …) over these events, with windows
   * of at most 30 days. Such rules compile with `{ operators: behaviouralOperators() }` (the engine
   * compiles trigger, audience and segment rules so).
   */
  readonly behaviourEvents?: readonly string[];
  /** Levels of and / or / ! / if above the comparisons (default 2). */
  readonly maxDepth?: number;
  /** Include nudgekit's engagement operators: strings, sets, versions, time (default true). */
  readonly engagement?: boolean;
}

export type JsonLogicRule = boolean | { readonly [operator: string]: unknown };

const DEFAULT_PATHS = ["user.attributes.plan", "user.attributes.country", "user.attributes.age", "event.properties.value", "event.properties.category", "session.platform"];
const WORDS = ["pro", "free", "FR", "chips", "ios", "a"];
const VERSIONS = ["1", "5.2", "5.10.1", "v2.0.0-beta.1"];
const WINDOWS = ["24h", "7d", "30d"];
const INSTANTS = ["2026-01-01T00:00:00Z", "2026-11-23T12:00:00+01:00"];

const op = (name: string) => (args: unknown): JsonLogicRule => ({ [name]: args });

/** Conditions on one path: comparisons with its constants, and engagement tests. */
function conditionsOn(path: string, constants: readonly unknown[] | undefined, engagement: boolean): fc.Arbitrary<JsonLogicRule>[] {
  const value = valueArbitrary(constants);
  const variable = fc.oneof({ weight: 4, arbitrary: fc.constant({ var: path }) }, { weight: 1, arbitrary: scalarArbitrary.map((fallback) => ({ var: [path, fallback] })) });
  const numbers = constants?.filter((entry): entry is number => typeof entry === "number") ?? [];
  const number = numbers.length > 0 ? fc.oneof(fc.constantFrom(...numbers), fc.integer({ min: -5, max: 200 })) : fc.integer({ min: -5, max: 200 });
  const strings = constants?.filter((entry): entry is string => typeof entry === "string") ?? [];
  const word = strings.length > 0 ? fc.oneof(fc.constantFrom(...strings), fc.constantFrom(...WORDS)) : fc.constantFrom(...WORDS);
  const arbitraries: fc.Arbitrary<JsonLogicRule>[] = [
    ...["==", "!=", "===", "!==", ">", ">=", "<", "<="].map((name) => fc.tuple(variable, value).map(op(name))),
    fc.tuple(number, variable, number).map(([low, read, high]) => ({ "<=": [Math.min(low, high), read, Math.max(low, high)] })),
    fc.tuple(variable, fc.array(value, { minLength: 1, maxLength: 3 })).map(op("in")),
    fc.tuple(word, variable).map(op("in")),
    variable.map(op("!!")),
    variable.map((read) => ({ "!": [read] })),
    fc.tuple(variable, number).map(([read, amount]) => ({ ">": [{ "+": [read, 1] }, amount] })),
  ];
  if (engagement) {
    arbitraries.push(
      ...["starts_with", "ends_with", "contains", "equals_ci", "contains_ci"].map((name) => fc.tuple(variable, word).map(op(name))),
      ...["any_in", "none_in"].map((name) => fc.tuple(variable, fc.array(word, { minLength: 1, maxLength: 3 })).map(op(name))),
      ...["version_gte", "version_lt"].map((name) => fc.tuple(variable, fc.constantFrom(...VERSIONS)).map(op(name))),
      fc.tuple(variable, fc.constantFrom(...WINDOWS)).map(op("within_last")),
      ...["before", "after"].map((name) => fc.tuple(variable, fc.constantFrom(...INSTANTS)).map(op(name))),
      fc.tuple(variable, number).map(([read, days]) => ({ ">=": [{ days_since: read }, days] })),
    );
  }
  return arbitraries;
}

/** Behavioural conditions over the user's aggregates. */
function behaviourConditions(events: readonly string[]): fc.Arbitrary<JsonLogicRule>[] {
  const event = fc.constantFrom(...events);
  const count = fc.integer({ min: 0, max: 10 });
  return [
    fc.tuple(event, fc.constantFrom(...WINDOWS), count).map(([name, window, n]) => ({ ">=": [{ event_count: [name, window] }, n] })),
    fc.tuple(event, count).map(([name, n]) => ({ ">=": [{ event_count: name }, n] })),
    fc.tuple(event, fc.constantFrom(...WINDOWS)).map(([name, window]) => ({ never_did: [name, window] })),
    fc.tuple(event, count).map(([name, n]) => ({ ">=": [{ active_days: [name, "30d"] }, n] })),
    fc.tuple(event, fc.integer({ min: 0, max: 30 })).map(([name, n]) => ({ "<=": [{ days_since_last: name }, n] })),
  ];
}

/**
 * Valid JSON Logic conditions over the given `var` paths: comparisons with the paths' constants,
 * `in`, `!!`, arithmetic, nudgekit's engagement operators (strings, sets, versions, time) and,
 * optionally, behavioural ones, combined with and / or / ! / if. Every rule compiles with
 * `compileRule` (with `{ operators: behaviouralOperators() }` when `behaviourEvents` is given).
 *
 * @example
 * const vocabulary = configVocabulary(config);
 * fc.assert(fc.property(ruleArbitrary({ paths: vocabulary.paths, constants: vocabulary.constants }), (rule) => {
 *   const compiled = compileRule(rule);
 *   compiled({ event, user, now });
 * }));
 */
export function ruleArbitrary(options: RuleArbitraryOptions = {}): fc.Arbitrary<JsonLogicRule> {
  const paths = options.paths !== undefined && options.paths.length > 0 ? options.paths : DEFAULT_PATHS;
  const engagement = options.engagement ?? true;
  const leaves = [
    ...paths.flatMap((path) => conditionsOn(path, options.constants?.[path], engagement)),
    ...(options.behaviourEvents !== undefined && options.behaviourEvents.length > 0 ? behaviourConditions(options.behaviourEvents) : []),
  ];
  const leaf = fc.oneof({ weight: 20, arbitrary: fc.oneof(...leaves) }, { weight: 1, arbitrary: fc.boolean() });
  const maxDepth = Math.max(0, Math.min(options.maxDepth ?? 2, 6));
  let rule: fc.Arbitrary<JsonLogicRule> = leaf;
  for (let depth = 0; depth < maxDepth; depth++) {
    const inner = rule;
    rule = fc.oneof(
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }).map(op("and")) },
      { weight: 2, arbitrary: fc.array(inner, { minLength: 1, maxLength: 3 }).map(op("or")) },
      { weight: 1, arbitrary: inner.map((negated) => ({ "!": [negated] })) },
      { weight: 1, arbitrary: fc.tuple(inner, inner, inner).map(op("if")) },
    );
  }
  return rule;
}
