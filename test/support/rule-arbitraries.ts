import fc from "fast-check";

/*
 * Generators of JSON Logic rules over every standard operator (with the arities compileRule
 * accepts) and of JSON data whose keys those rules' paths can reach.
 */

/** Keys used by both data and paths, so lookups often hit. None is an inherited member name. */
export const DATA_KEYS = ["a", "b", "c", "0", "1", "length"] as const;

const text = fc.constantFrom("", "0", "1", "a", "b", "abc", "a,b", "1.5", " 2 ", "true", "null", "x y", "é");

export const jsonPrimitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(0.5, -1.5, 10, 100, 1e21),
  text,
);

export const jsonData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonPrimitive,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...DATA_KEYS), tie("value"), { maxKeys: 4 }),
  ),
})).value;

export const dataPath: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("", "a", "b", "c", "0", "1", "a.b", "a.0", "0.a", "b.c.a", "a.length", "x", "a.b.c"),
  fc.integer({ min: 0, max: 2 }),
  fc.constant(null),
);

type Rule = unknown;
const op = (name: string) => (args: Rule[]) => ({ [name]: args });

export const jsonLogicRule: fc.Arbitrary<Rule> = fc.letrec<{ rule: Rule }>((tie) => {
  const r = tie("rule");
  const many = (min: number, max: number) => fc.array(r, { minLength: min, maxLength: max });
  const fixed = (...arbs: fc.Arbitrary<Rule>[]) => fc.tuple(...arbs);
  return {
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      jsonPrimitive,
      // Fresh objects each time: a JSON rule never shares a value between two places.
      fc.constantFrom(() => ({}), () => ({ a: 1, b: [2] })).map((make) => make()),
      // data access
      dataPath.map((path) => ({ var: path })),
      fc.tuple(dataPath, jsonPrimitive).map((args) => ({ var: args })),
      fc.tuple(r).map((args) => ({ var: args })),
      fc.array(dataPath, { maxLength: 3 }).map(op("missing")),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(dataPath, { maxLength: 3 })).map(op("missing_some")),
      // logic
      many(0, 5).map(op("if")),
      many(0, 4).map(op("?:")),
      many(1, 3).map(op("and")),
      many(1, 3).map(op("or")),
      fixed(r).map(op("!")),
      fixed(r).map(op("!!")),
      // comparison
      ...["==", "===", "!=", "!==", ">", ">="].map((name) => fixed(r, r).map(op(name))),
      ...["<", "<="].map((name) => many(2, 3).map(op(name))),
      // arithmetic
      many(1, 3).map(op("+")),
      many(1, 3).map(op("*")),
      many(1, 2).map(op("-")),
      fixed(r, r).map(op("/")),
      fixed(r, r).map(op("%")),
      many(1, 3).map(op("min")),
      many(1, 3).map(op("max")),
      // arrays
      ...["map", "filter", "all", "none", "some"].map((name) => fixed(r, r).map(op(name))),
      many(2, 3).map(op("reduce")),
      many(0, 3).map(op("merge")),
      // strings
      fixed(r, r).map(op("in")),
      many(1, 3).map(op("cat")),
      many(2, 3).map(op("substr")),
      fixed(r).map(op("log")),
      // arrays of rules
      many(0, 3),
    ),
  };
}).rule;
