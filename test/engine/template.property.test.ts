import fc from "fast-check";
import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/engine/content/compile-template.js";
import type { CompiledTemplate } from "../../src/engine/content/template-model.js";
import { renderTemplate } from "../../src/engine/content/render-template.js";
import { TEMPLATE_LIMITS } from "../../src/engine/content/template-limits.js";
import { deepFreeze } from "../support/deep-freeze.js";

const SEED = 20261202;

// ---------------------------------------------------------------------------------------------
// Data: JSON with a fixed set of keys, which includes the names that paths treat specially
// (first, last, size). Left out on purpose: "length", because `| size`, `| first` and `| last` of
// an object with a length key differ from liquidjs (documented); "__proto__", "constructor" and
// "prototype", which read as missing here but can be own keys of parsed JSON in liquidjs.
const KEYS = ["name", "city", "n", "price", "items", "tags", "user", "flag", "note", "first", "last", "size"] as const;

const textUnit = fc.constantFrom(
  ..."aBz09 -_.,:|}%é".split(""),
  "\n",
  "\t",
  "\r",
  "\u00a0",
  "\u3000",
  "\ufeff",
  "😀",
  "<",
  ">",
  "&",
  '"',
  "'",
);

const dataString = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: "grapheme", maxLength: 4 }),
  fc.string({ unit: textUnit, maxLength: 8 }),
  fc.constantFrom("", " ", "0", "12", " 7 ", "-3.5", "1e3", "abc", "true"),
);

// Numbers stay well inside the double range, so no chain of up to four filters can overflow to
// Infinity (rendered "" here, "Infinity" by liquidjs: a documented difference).
const dataNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);

const jsonData = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthSize: "small" },
    dataString,
    dataNumber,
    fc.boolean(),
    fc.constant(null),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }),
}));

const rootData = fc.dictionary(fc.constantFrom(...KEYS), jsonData.value, { maxKeys: 8 }) as fc.Arbitrary<Record<string, unknown>>;

// ---------------------------------------------------------------------------------------------
// Templates in the supported subset.

const blank = fc.constantFrom("", " ", " ", "  ", "\n", "\t", "\u00a0");
const key = fc.constantFrom(...KEYS);

const segment = fc.oneof(
  key.map((name) => `.${name}`),
  fc.integer({ min: -3, max: 3 }).map((index) => `[${index}]`),
  fc.tuple(key, blank).map(([name, space]) => `[${space}"${name}"${space}]`),
  key.map((name) => `['${name}']`),
);

const variablePath = fc
  .tuple(fc.oneof(key, key.map((name) => `["${name}"]`)), fc.array(segment, { maxLength: 3 }))
  .map(([root, rest]) => root + rest.join(""));

// Inside an output a string may hold braces, even "}}" and "{%": both parsers skip quoted text.
const literalUnit = fc.constantFrom(..."ab Z0-.,|:{}%<>&é".split(""), "😀", "\n", "'", '"');
const stringLiteral = fc.tuple(fc.constantFrom('"', "'"), fc.string({ unit: literalUnit, maxLength: 6 })).map(
  ([quote, text]) => quote + text.split(quote).join("") + quote,
);

const numberLiteral = fc.oneof(
  fc.integer({ min: -100, max: 100 }).map(String),
  fc
    .tuple(fc.constantFrom("", "-"), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 999 }))
    .map(([sign, whole, fraction]) => `${sign}${whole}.${fraction}`),
);

const literal = fc.oneof(stringLiteral, numberLiteral, fc.constantFrom("true", "false", "nil", "null"));
const operand = fc.oneof({ weight: 3, arbitrary: variablePath }, { weight: 2, arbitrary: literal });

function filterWith(name: string, ...args: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.tuple(blank, ...args).map(([space, ...values]) =>
    values.length === 0 ? `|${space}${name}` : `|${space}${name}:${space}${values.join(`,${space}`)}`,
  );
}

const truncateLength = fc.integer({ min: -2, max: 60 }).map(String);
// Division by zero gives nil here and Infinity/NaN in liquidjs (documented): divisors are non-zero literals.
const nonZeroDivisor = fc.oneof(
  fc.integer({ min: 1, max: 50 }),
  fc.integer({ min: -50, max: -1 }),
  fc.constantFrom(0.5, -2.5, 0.1),
).map(String);

// round with a fractional number of digits gives NaN in liquidjs, printed "NaN" there and "" here
// (documented: non-finite numbers print as ""): digits are whole-number literals.
const roundDigits = fc.integer({ min: -3, max: 6 }).map(String);

const filter = fc.oneof(
  ...["upcase", "downcase", "capitalize", "strip", "url_encode", "size", "first", "last"].map((name) => filterWith(name)),
  filterWith("default", operand),
  filterWith("truncate"),
  filterWith("truncate", truncateLength),
  filterWith("truncate", truncateLength, operand),
  filterWith("append", operand),
  filterWith("prepend", operand),
  filterWith("replace", operand, operand),
  filterWith("round"),
  filterWith("round", roundDigits),
  fc.constantFrom("plus", "minus", "times").chain((name) => filterWith(name, operand)),
  filterWith("divided_by", nonZeroDivisor),
  filterWith("join"),
  filterWith("join", operand),
);

const output = fc
  .record({
    trimBefore: fc.boolean(),
    trimAfter: fc.boolean(),
    before: blank,
    after: blank,
    operand,
    filters: fc.array(filter, { maxLength: 4 }),
  })
  .map(
    ({ trimBefore, trimAfter, before, after, operand, filters }) =>
      `{{${trimBefore ? "-" : ""}${before}${operand}${filters.map((call) => ` ${call}`).join("")}${after}${trimAfter ? "-" : ""}}}`,
  );

/** Literal text: anything but "{", which could open an output or a tag. */
function templateOf(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(fc.oneof(text, output), { maxLength: 6 }).map((parts) => parts.join(""));
}

const template = templateOf(fc.string({ unit: textUnit, maxLength: 10 }));

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok) throw new Error(`${JSON.stringify(source)} did not compile: ${JSON.stringify(result.problems)}`);
  return result.template;
}

// ---------------------------------------------------------------------------------------------
// The reference.

const liquidText = new Liquid({ strictFilters: true, ownPropertyOnly: true });
const liquidHtml = new Liquid({ strictFilters: true, ownPropertyOnly: true, outputEscape: "escape" });

/**
 * A copy of `value` for liquidjs in which every object's text is "": liquidjs prints an object as
 * "[object Object]" (String(object)), this renderer prints "" (documented). A non-enumerable own
 * toString changes exactly that and nothing else (key counts, lookups, truthiness stay the same).
 */
function withEmptyObjectText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withEmptyObjectText);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) copy[name] = withEmptyObjectText(child);
  Object.defineProperty(copy, "toString", { value: () => "", enumerable: false });
  return copy;
}

/**
 * liquidjs's render, or undefined where liquidjs throws "URI malformed": url_encode of a lone
 * surrogate (e.g. `first` of an emoji), which is encoded as U+FFFD here (documented).
 */
function reference(liquid: Liquid, source: string, data: unknown): string | undefined {
  try {
    return liquid.parseAndRenderSync(source, withEmptyObjectText(data) as object) as string;
  } catch (error) {
    if (String(error).includes("URI malformed")) return undefined;
    throw error;
  }
}

describe("renderTemplate agrees with liquidjs on the supported subset", () => {
  it('with escaping "text"', () => {
    let compared = 0;
    fc.assert(
      fc.property(template, rootData, (source, data) => {
        const expected = reference(liquidText, source, data);
        const actual = renderTemplate(compiled(source), deepFreeze(structuredClone(data)), "text");
        if (expected === undefined) return;
        compared++;
        expect(actual).toBe(expected);
      }),
      { seed: SEED, numRuns: 1_000 },
    );
    // Only url_encode of a lone surrogate is left out; most runs must be compared.
    expect(compared).toBeGreaterThan(950);
  });

  it('with escaping "html" (liquidjs outputEscape: "escape")', () => {
    fc.assert(
      fc.property(template, rootData, (source, data) => {
        const expected = reference(liquidHtml, source, data);
        if (expected !== undefined) expect(renderTemplate(compiled(source), data, "html")).toBe(expected);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("renderTemplate on any data", () => {
  const anyData = fc.anything({
    maxDepth: 4,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withDate: true,
    withBigInt: true,
    key: fc.oneof(fc.constantFrom(...KEYS, "__proto__", "constructor", "length", "toString"), fc.string({ maxLength: 4 })),
  });

  it("never throws and never exceeds the output limit", () => {
    fc.assert(
      fc.property(template, anyData, fc.constantFrom("html" as const, "text" as const), (source, data, escaping) => {
        const rendered = renderTemplate(compiled(source), data, escaping);
        expect(typeof rendered).toBe("string");
        expect(rendered.length).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxOutputLength);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("is deterministic and leaves the data as it was", () => {
    fc.assert(
      fc.property(template, rootData, (source, data) => {
        const before = structuredClone(data);
        const compiledTemplate = compiled(source);
        const first = renderTemplate(compiledTemplate, data, "html");
        expect(renderTemplate(compiledTemplate, data, "html")).toBe(first);
        expect(data).toEqual(before);
        // Frozen data would make any write throw; the result must be the same.
        expect(renderTemplate(compiledTemplate, deepFreeze(structuredClone(data)), "html")).toBe(first);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('with escaping "html", no markup character from data or from an output reaches the result raw', () => {
    // Literal text without any of & < > " ', so that every one of them in the result came from an output.
    const plainText = fc.string({ unit: fc.constantFrom(..."ab -.}%\n".split("")), maxLength: 8 });
    const escapedOnly = /^(?:[^&<>"']|&(?:amp|lt|gt|#34|#39);)*$/;
    const hostileString = fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "'", "a", "<script>", "&amp;"), maxLength: 6 });
    const markupData = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), {
      maxKeys: 8,
    });
    fc.assert(
      fc.property(templateOf(plainText), markupData, (source, data) => {
        expect(renderTemplate(compiled(source), data, "html")).toMatch(escapedOnly);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("compileTemplate on any source", () => {
  // Valid templates with one to three random edits (a fragment of syntax inserted over a few
  // characters): wrong in every way a person could get them wrong, and sometimes still valid.
  const fragment = fc.constantFrom(
    ..."{}|:,\"'.[]0-%\\ \n".split(""),
    "{{",
    "}}",
    "{%",
    "-}}",
    " | ",
    "name",
    "upcase",
    "append: ",
    ".size",
    "[0]",
    "nil",
    "",
  );
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fragment);
  const editedTemplate = fc.tuple(template, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([source, edits]) =>
    edits.reduce((text, [at, removed, inserted]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + inserted + text.slice(index + removed);
    }, source),
  );

  it("never throws, places problems inside the source, and accepts only what liquidjs renders the same", () => {
    let acceptedWithOutputs = 0;
    fc.assert(
      fc.property(editedTemplate, rootData, (source, data) => {
        const result = compileTemplate(source);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(problem.offset).toBeGreaterThanOrEqual(0);
            expect(problem.offset).toBeLessThanOrEqual(source.length);
          }
          return;
        }
        if (result.template.parts.some((part) => part.kind === "output")) acceptedWithOutputs++;
        // Edits can divide by a variable or round to a variable number of digits, whose non-finite
        // results differ on purpose (see the generator of valid templates above).
        if (/divided_by|round/.test(source)) return;
        const expected = reference(liquidText, source, data);
        if (expected !== undefined) expect(renderTemplate(result.template, data, "text")).toBe(expected);
      }),
      { seed: SEED, numRuns: 1_500 },
    );
    expect(acceptedWithOutputs).toBeGreaterThan(100);
  });
});
