import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Liquid } from "liquidjs";
import { describe, expect, it } from "vitest";
import { compileTemplate } from "../../src/engine/content/compile-template.js";
import type { CompiledTemplate } from "../../src/engine/content/template-model.js";
import { escapeHtml } from "../../src/engine/content/escape-html.js";
import { renderTemplate, type TemplateEscaping } from "../../src/engine/content/render-template.js";
import { TEMPLATE_FILTERS } from "../../src/engine/content/template-filters.js";
import { TEMPLATE_LIMITS } from "../../src/engine/content/template-limits.js";

function compiled(source: string): CompiledTemplate {
  const result = compileTemplate(source);
  if (!result.ok) throw new Error(`${JSON.stringify(source)}: ${JSON.stringify(result.problems)}`);
  return result.template;
}

function render(source: string, data: unknown = {}, escaping: TemplateEscaping = "text"): string {
  return renderTemplate(compiled(source), data, escaping);
}

function problemsOf(source: string): { offset: number; message: string }[] {
  const result = compileTemplate(source);
  return result.ok ? [] : result.problems;
}

const liquid = new Liquid({ strictFilters: true, ownPropertyOnly: true });

/**
 * [template, data, expected text, how liquidjs differs (only for documented differences)]. Every
 * row without one must also be what liquidjs renders.
 */
type Example = readonly [string, Record<string, unknown>, string, string?];

function examples(rows: readonly Example[]): void {
  it.each(rows.map(([source, data, expected, difference]) => [source, data, expected, difference ?? null] as const))(
    "%s",
    (source, data, expected, difference) => {
      expect(render(source, data)).toBe(expected);
      const reference = liquid.parseAndRenderSync(source, structuredClone(data));
      // A documented difference must really be one, or its row belongs with the others.
      if (difference === null) expect(reference).toBe(expected);
      else expect(reference).not.toBe(expected);
    },
  );
}

describe("outputs and literal text", () => {
  examples([
    ["Hello, world!", {}, "Hello, world!"],
    ["a } b }} c %}", {}, "a } b }} c %}"],
    ["{{ 'single' }} {{ \"double\" }} {{ \"it's\" }} {{ 'say \"hi\"' }}", {}, "single double it's say \"hi\""],
    ['{{ "}} and {{ inside" }}', {}, "}} and {{ inside"],
    ["{{ 3 }} {{ -2 }} {{ 0.5 }} {{ 1.0 }} {{ -0 }} {{ 007 }}", {}, "3 -2 0.5 1 0 7"],
    ["{{ true }} {{ false }} [{{ nil }}] [{{ null }}]", {}, "true false [] []"],
    ["{{ n }} {{ big }} {{ tiny }}", { n: 0.1 + 0.2, big: 1e21, tiny: 5e-7 }, "0.30000000000000004 1e+21 5e-7"],
    ["[{{ list }}]", { list: ["a", 1, null, true, ["b", ["c"]]] }, "[a1truebc]"],
    ["[{{ user }}]", { user: { name: "Ada" } }, "[]", "liquidjs prints [object Object]"],
    ["[{{ list }}]", { list: ["a", { k: 1 }] }, "[a]", "liquidjs prints a[object Object]"],
  ]);

  it("does not print NaN or Infinity found in the data", () => {
    expect(render("[{{ a }}|{{ b }}|{{ c }}]", { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: [Number.NEGATIVE_INFINITY, 1] })).toBe("[||1]");
  });

  it("is constant when it reads no data", () => {
    expect(compiled("Hello {{ 'you' | upcase }}").constant).toBe(true);
    expect(compiled("Hello").constant).toBe(true);
    expect(compiled("Hello {{ name }}").constant).toBe(false);
    expect(compiled("Hello {{ 'x' | append: name }}").constant).toBe(false);
  });

  it("keeps its source", () => {
    expect(compiled("Hi {{ name }}").source).toBe("Hi {{ name }}");
  });
});

describe("whitespace control", () => {
  examples([
    ["a \n\t {{- 'x' -}} \r\n b", {}, "axb"],
    ["a {{- 'x' }} b", {}, "ax b"],
    ["a {{ 'x' -}} b", {}, "a xb"],
    ["a\u00a0\u3000{{- 'x' -}}\u2028 b", {}, "axb"],
    // U+FEFF is not one of Liquid's blanks (String#trim would remove it).
    ["a\ufeff{{- 'x' -}}\ufeffb", {}, "a\ufeffx\ufeffb"],
    ["{{ 'a' -}}  {{- 'b' }}", {}, "ab"],
    ["{{-5}} {{ -5 }}", {}, "5 -5"],
    ["x {{ name-}} y", { name: "n" }, "x ny"],
  ]);
});

describe("variable paths", () => {
  const data = {
    user: {
      attributes: { first_name: "Ada", "favourite colour": "teal", prénom: "Adèle" },
      tags: ["vip", "beta", "eu"],
      size: "XL",
      first: "own first",
      empty: [],
    },
    event: { properties: { items: [{ name: "Shoe" }, { name: "Bag" }] } },
    name: "Ada",
    nothing: null,
    zero: 0,
    "0": "zero key",
  };
  examples([
    ["{{ user.attributes.first_name }}", data, "Ada"],
    ["{{ event.properties.items[0].name }} {{ event.properties.items[1].name }}", data, "Shoe Bag"],
    ["{{ event.properties.items[-1].name }} {{ event.properties.items[-2].name }}", data, "Bag Shoe"],
    ["[{{ event.properties.items[2].name }}][{{ event.properties.items[-3] }}]", data, "[][]"],
    ["{{ user.tags.first }} {{ user.tags.last }} {{ user.tags.size }}", data, "vip eu 3"],
    ["[{{ user.empty.first }}][{{ user.empty.last }}] {{ user.empty.size }}", data, "[][] 0"],
    ["{{ name.size }} {{ name[0] }} {{ name[2] }} [{{ name[-1] }}] [{{ name.first }}]", data, "3 A a [] []"],
    ["{{ user.attributes.size }} {{ event.size }}", data, "3 1"],
    // Own keys called size and first win over the computed ones.
    ["{{ user.size }} {{ user.first }}", data, "XL own first"],
    ['{{ user.attributes["favourite colour"] }} {{ user.attributes[\'prénom\'] }} {{ ["name"] }}', data, "teal Adèle Ada"],
    ['{{ user.tags["first"] }} {{ user.tags["1"] }} {{ [0] }}', data, "vip beta zero key"],
    ["[{{ missing }}][{{ missing.deeper.still }}][{{ nothing.x }}][{{ zero.x }}][{{ name.x }}]", data, "[][][][][]"],
    ["[{{ user.tags.length }}][{{ name.length }}]", data, "[3][3]"],
    // Top-level names the data lacks are nil; a top-level size is then 0, as in liquidjs.
    ["[{{ first }}][{{ size }}]", data, "[][0]"],
  ]);

  it("reads prototype members and the forbidden names as nil", () => {
    const own = JSON.parse('{"__proto__": {"isAdmin": true}, "constructor": "c", "prototype": "p", "name": "Ada"}') as object;
    expect(render("[{{ o.__proto__.isAdmin }}|{{ o.constructor }}|{{ o.prototype }}|{{ o.name }}]", { o: own })).toBe("[|||Ada]");
    expect(render("[{{ o.toString }}|{{ o.hasOwnProperty }}|{{ o.__proto__ }}|{{ list.constructor.name }}]", { o: {}, list: [] })).toBe("[|||]");
    expect(render('[{{ o["__proto__"] }}|{{ o["constructor"] }}|{{ s.constructor }}]', { o: {}, s: "text" })).toBe("[||]");
  });

  it("reads inherited properties as nil, including a polluted Object.prototype", () => {
    class Account {
      get plan(): string {
        return "gold";
      }
    }
    const child = Object.create({ inherited: "yes" }) as Record<string, unknown>;
    child.own = "mine";
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.polluted = "bad";
    try {
      expect(render("[{{ c.inherited }}|{{ c.own }}|{{ a.plan }}|{{ x.polluted }}|{{ polluted }}]", { c: child, a: new Account(), x: {} })).toBe(
        "[|mine|||]",
      );
    } finally {
      delete prototype.polluted;
    }
  });

  it("reads everything as nil when the data is not an object", () => {
    const template = compiled("[{{ length }}{{ size }}{{ x.y }}]");
    for (const data of [null, undefined, "text", 42, true]) expect(renderTemplate(template, data, "text")).toBe("[]");
  });

  it("never calls functions in the data", () => {
    let called = false;
    const greet = (): string => {
      called = true;
      return "hi";
    };
    expect(render("[{{ greet }}|{{ o.greet }}|{{ list[0] }}]", { greet, o: { greet }, list: [greet] })).toBe("[||]");
    expect(called).toBe(false);
  });

  it("blanks only the output whose value cannot be read (throwing getters, proxies)", () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error("get");
        },
        getOwnPropertyDescriptor: () => {
          throw new Error("descriptor");
        },
        ownKeys: () => {
          throw new Error("keys");
        },
      },
    );
    const getter = Object.defineProperty({}, "name", {
      enumerable: true,
      get: () => {
        throw new Error("boom");
      },
    });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const data = { trap, getter, revoked, ok: "fine", list: new Proxy([1, 2], { get: () => { throw new Error("list"); } }) };
    expect(render("{{ trap.x }}|{{ trap.size }}|{{ getter.name }}|{{ revoked.x }}|{{ list | join }}|{{ ok }}", data)).toBe("|||||fine");
    expect(renderTemplate(compiled("{{ x }}"), trap, "html")).toBe("");
  });
});

describe("filters", () => {
  it("are exactly the documented ones", () => {
    expect(TEMPLATE_FILTERS).toEqual([
      "default", "upcase", "downcase", "capitalize", "strip", "truncate", "append", "prepend", "replace", "url_encode",
      "round", "plus", "minus", "times", "divided_by", "size", "first", "last", "join",
    ]);
    expect(Object.isFrozen(TEMPLATE_FILTERS)).toBe(true);
  });

  describe("default", () => {
    examples([
      ['{{ missing | default: "there" }}', {}, "there"],
      ['{{ v | default: "x" }}|{{ f | default: "x" }}|{{ n | default: "x" }}|{{ l | default: "x" }}', { v: "", f: false, n: null, l: [] }, "x|x|x|x"],
      ['{{ z | default: "x" }}|{{ s | default: "x" }}|{{ t | default: "x" }}', { z: 0, s: " ", t: true }, "0| |true"],
      ["{{ missing | default: other }}", { other: "from data" }, "from data"],
      ['[{{ o | default: "x" }}]', { o: {} }, "[]", "liquidjs prints [object Object]"],
    ]);
  });

  describe("upcase, downcase, capitalize, strip", () => {
    examples([
      ["{{ 'Ada Lovelace' | upcase }} {{ 'Ada Lovelace' | downcase }}", {}, "ADA LOVELACE ada lovelace"],
      ["{{ 'aDA lOVELACE' | capitalize }} {{ 'élan' | capitalize }} [{{ '' | capitalize }}]", {}, "Ada lovelace Élan []"],
      ["{{ 'straße' | upcase }} {{ 5 | upcase }} [{{ nil | upcase }}] {{ list | upcase }}", { list: ["a", "b"] }, "STRASSE 5 [] AB"],
      ["[{{ s | strip }}]", { s: " \n\t hi there \u00a0" }, "[hi there]"],
    ]);
  });

  describe("truncate", () => {
    const long = "The quick brown fox jumps over the lazy dog, twice over, slowly";
    examples([
      ["{{ s | truncate }}", { s: long }, "The quick brown fox jumps over the lazy dog, tw..."],
      ["{{ s | truncate: 9 }}|{{ s | truncate: 9, '…' }}|{{ s | truncate: 9, '' }}", { s: long }, "The qu...|The quic…|The quick"],
      ["{{ 'short' | truncate: 5 }}|{{ 'short' | truncate: 2 }}|{{ 'short' | truncate: 0 }}", {}, "short|...|..."],
      ["{{ s | truncate: 4 }}", { s: "😀😀😀😀😀" }, "😀..."],
      ["{{ 12345 | truncate: 5 | plus: 1 }} {{ list | truncate: 3 | size }}", { list: ["a", "b"] }, "12346 2"],
      ["{{ s | truncate: '6' }}|{{ s | truncate: missing }}", { s: long }, "The...|The quick brown fox jumps over the lazy dog, tw..."],
    ]);
  });

  describe("append, prepend, replace", () => {
    examples([
      ["{{ 'a' | append: 'b' }} {{ 'a' | prepend: 'b' }} {{ 1 | append: 2 }} {{ 'x' | append: nil }}", {}, "ab ba 12 x"],
      ["{{ name | prepend: 'Dear ' | append: ',' }}", { name: "Ada" }, "Dear Ada,"],
      ["{{ 'a-b-c' | replace: '-', ' ' }}|{{ 'abc' | replace: 'x', 'y' }}|{{ 'abc' | replace: '', '.' }}", {}, "a b c|abc|a.b.c"],
      ["{{ 'aaa' | replace: 'a', 'aa' }}|{{ 'a$&b' | replace: '$&', '$1' }}|{{ '' | replace: '', 'x' }}", {}, "aaaaaa|a$1b|"],
    ]);
  });

  describe("url_encode", () => {
    examples([
      ["{{ q | url_encode }}", { q: "red shoes & bags/é?=#+" }, "red+shoes+%26+bags%2F%C3%A9%3F%3D%23%2B"],
      ["{{ q | url_encode }}", { q: "A-Z_a.z~!*'()" }, "A-Z_a.z~!*'()"],
    ]);

    it("encodes a lone surrogate as U+FFFD instead of failing (liquidjs throws URI malformed)", () => {
      expect(render("{{ s | first | url_encode }}|{{ s | url_encode }}", { s: "😀\udc00x" })).toBe("%EF%BF%BD|%F0%9F%98%80%EF%BF%BDx");
      expect(() => liquid.parseAndRenderSync("{{ s | first | url_encode }}", { s: "😀" })).toThrow(/URI malformed/);
    });
  });

  describe("round and arithmetic", () => {
    examples([
      ["{{ 3.14159 | round }} {{ 3.14159 | round: 2 }} {{ 2.5 | round }} {{ -2.5 | round }} {{ 1234 | round: -2 }}", {}, "3 3.14 3 -3 1200"],
      ["{{ 1.005 | round: 2 }} {{ '2.75' | round: 1 }} {{ 'abc' | round }} {{ tiny | round: 2 }}", { tiny: 1e-7 }, "1.01 2.8 0 0"],
      ["{{ 2 | plus: 3 }} {{ 2 | minus: 3 }} {{ 2 | times: 3 }} {{ 7 | divided_by: 2 }}", {}, "5 -1 6 3.5"],
      ["{{ '5' | plus: 1 }} {{ ' 3.5 ' | times: 2 }} {{ 'x' | plus: 1 }} {{ true | plus: 1 }} {{ nil | minus: 1 }}", {}, "6 7 1 2 -1"],
      ["{{ one | plus: 1 }} {{ two | plus: 1 }} {{ obj | plus: 1 }}", { one: [4], two: [4, 5], obj: { a: 1 } }, "5 1 1"],
      ["{{ 0.1 | plus: 0.2 }} {{ price | times: 1.2 | round: 2 }}", { price: 19.99 }, "0.30000000000000004 23.99"],
      ["[{{ 1 | divided_by: 0 }}] {{ 0 | divided_by: 0 | default: 'n/a' }}", {}, "[] n/a", "liquidjs gives Infinity and NaN"],
      ["[{{ big | times: 10 }}] [{{ 'Infinity' | plus: 1 }}]", { big: 1e308 }, "[] []", "liquidjs prints Infinity"],
    ]);
  });

  describe("size, first, last", () => {
    examples([
      ["{{ 'abc' | size }} {{ list | size }} {{ obj | size }} {{ 5 | size }} {{ nil | size }} {{ '' | size }}", { list: [1, 2], obj: { a: 1 } }, "3 2 0 0 0 0"],
      ["{{ list | first }} {{ list | last }} {{ 'abc' | first }} {{ 'abc' | last }}", { list: ["x", "y", "z"] }, "x z a c"],
      ["[{{ none | first }}][{{ '' | last }}][{{ 5 | first }}][{{ obj | last }}]", { none: [], obj: { last: 1 } }, "[][][][]"],
      ["{{ list | first | upcase }} {{ list | last | size }}", { list: ["ab", "cde"] }, "AB 3"],
    ]);
  });

  describe("join", () => {
    examples([
      ["{{ list | join }}|{{ list | join: ', ' }}|{{ list | join: '' }}|{{ list | join: nil }}", { list: ["a", "b", "c"] }, "a b c|a, b, c|abc|a b c"],
      ["{{ list | join: '-' }}", { list: [1, null, true, ["x", ["y", null]], 2.5] }, "1--true-x,y,-2.5"],
      ["[{{ s | join: '-' }}][{{ nil | join: '-' }}][{{ 5 | join }}]", { s: "abc" }, "[abc][][5]"],
      ["[{{ list | join: ', ' }}]", { list: ["a", { k: 1 }] }, "[a, ]", "liquidjs prints a, [object Object]"],
    ]);
  });

  it("never mutate their input", () => {
    const data = { list: ["b", "a"], s: "Abc" };
    const before = structuredClone(data);
    render("{{ list | join | upcase | replace: 'B', 'x' | truncate: 2 }}{{ list | first }}{{ list.last }}{{ s | downcase }}", data);
    expect(data).toEqual(before);
  });
});

describe("escaping", () => {
  it("escapeHtml escapes & < > \" ' and leaves the rest", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    expect(escapeHtml("plain é 😀")).toBe("plain é 😀");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
  });

  const source = `<p title="{{ name }}">Hi <b>{{ name | append: '!' }}</b> {{ "<3" }} {{ list }}</p>`;
  const data = { name: `<img onerror=x> "Bo" & 'Al'`, list: ["<i>", "&"] };

  it('with "html", escapes every output value and no literal text', () => {
    expect(render(source, data, "html")).toBe(
      `<p title="&lt;img onerror=x&gt; &#34;Bo&#34; &amp; &#39;Al&#39;">Hi <b>&lt;img onerror=x&gt; &#34;Bo&#34; &amp; &#39;Al&#39;!</b> &lt;3 &lt;i&gt;&amp;</p>`,
    );
    expect(render(source, data, "html")).toBe(new Liquid({ outputEscape: "escape", ownPropertyOnly: true }).parseAndRenderSync(source, data));
  });

  it('with "text", escapes nothing', () => {
    expect(render(source, data, "text")).toBe(`<p title="<img onerror=x> "Bo" & 'Al'">Hi <b><img onerror=x> "Bo" & 'Al'!</b> <3 <i>&</p>`);
  });

  it("escapes for any escaping value other than text", () => {
    expect(renderTemplate(compiled("{{ x }}"), { x: "<b>" }, "HTML" as TemplateEscaping)).toBe("&lt;b&gt;");
  });
});

describe("problems", () => {
  it.each([
    ["{% if vip %}Hi", 0, "tags such as {% if %} are not supported; only {{ output }}"],
    ["Hi {% unclosed", 3, "tags such as {% if %} are not supported"],
    ["Hi {{ name", 3, '"{{" is not closed by "}}"'],
    ['Hi {{ "}}', 3, '"{{" is not closed by "}}"'],
    ["Hi {{ }}", 3, "empty output: put a variable or a literal between {{ and }}"],
    ["Hi {{-}}", 3, "empty output"],
    ["{{ name | titlecase }}", 10, 'unknown filter "titlecase"; the filters are default, upcase,'],
    ["{{ name | constructor }}", 10, 'unknown filter "constructor"'],
    ["{{ name | append }}", 10, 'filter "append" takes 1 argument, got 0'],
    ["{{ name | upcase: 1 }}", 10, 'filter "upcase" takes 0 arguments, got 1'],
    ["{{ name | replace: 'a' }}", 10, 'filter "replace" takes 2 arguments, got 1'],
    ["{{ name | truncate: 1, 2, 3 }}", 10, 'filter "truncate" takes 0 to 2 arguments, got 3'],
    ["{{ name | round: 1, 2 }}", 10, 'filter "round" takes 0 or 1 argument, got 2'],
    ["{{ name | default }}", 10, 'filter "default" takes 1 argument, got 0'],
    ["{{ a b }}", 5, 'expected "|" or "}}", found "b"'],
    ["{{ a == b }}", 5, 'expected "|" or "}}", found "=="'],
    ["{{ a | }}", 7, 'expected a filter name after "|", found the end of the output'],
    ["{{ a | append: }}", 15, "expected a variable or a literal, found the end of the output"],
    ["{{ a | append: 'x', }}", 20, "expected a variable or a literal, found the end of the output"],
    ["{{ a | default: x, allow_false: true }}", 30, 'expected "|" or "}}", found ":"'],
    ["{{ a | upcase x }}", 14, 'expected "|" or "}}", found "x"'],
    ["{{ 'it\\'s' }}", 6, "backslashes are not allowed in strings"],
    ["{{ 'abc }}", 0, '"{{" is not closed by "}}"'],
    ['{{ "abc".size }}', 8, "a literal has no properties"],
    ["{{ true.x }}", 7, "a literal has no properties"],
    ["{{ 5[0] }}", 4, "a literal has no properties"],
    ["{{ empty }}", 3, '"empty" is not supported'],
    ["{{ x | default: blank }}", 16, '"blank" is not supported'],
    ["{{ prénom }}", 5, 'names may contain only ASCII letters, digits, "_" and "-"; write ["a key"] for other keys'],
    ["{{ a.b? }}", 6, "names may contain only ASCII letters"],
    ["{{ a. }}", 5, 'expected a property name after ".", found the end of the output'],
    ["{{ a.[0] }}", 5, 'expected a property name after ".", found "[0]"'],
    ["{{ a[b] }}", 5, 'expected a whole number or a quoted key between [ and ], found "b]"'],
    ["{{ a[1.5] }}", 5, "expected a whole number or a quoted key between [ and ]"],
    ["{{ a[0 }}", 7, 'expected "]", found the end of the output'],
    ["{{ 1.5.2 }}", 3, "expected a number such as 3 or -2.5"],
    ["{{ 1. }}", 3, "expected a number such as 3 or -2.5"],
    ["{{ 12abc }}", 3, "expected a number such as 3 or -2.5"],
    ["{{ - }}", 3, "expected a number such as 3 or -2.5"],
    ["{{ +5 }}", 3, 'expected a variable or a literal, found "+5"'],
    ["{{ (1..3) }}", 3, "expected a variable or a literal"],
  ] as const)("%s", (source, offset, message) => {
    const problems = problemsOf(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.offset).toBe(offset);
    expect(problems[0]?.message).toContain(message);
  });

  it("reports every problem, in source order", () => {
    const source = "{{ a | nope }} {% if %} {{ b | append }} {{ c | upcase: 1 | nope2 }} {{ }} {{ ok }}";
    const problems = problemsOf(source);
    expect(problems.map((problem) => problem.offset)).toEqual(
      ["nope", "{%", "append", "upcase", "nope2", "{{ }}"].map((text) => source.indexOf(text)),
    );
  });

  it("rejects a source over the length limit without parsing it", () => {
    const source = "x".repeat(TEMPLATE_LIMITS.maxSourceLength + 1);
    expect(problemsOf(source)).toEqual([{ offset: 10_000, message: "the template is 10001 characters long; the limit is 10000" }]);
    expect(compileTemplate("x".repeat(TEMPLATE_LIMITS.maxSourceLength)).ok).toBe(true);
  });

  it("rejects more outputs than the limit, at the first one too many", () => {
    expect(compileTemplate("{{ a }}".repeat(200)).ok).toBe(true);
    expect(problemsOf("{{ a }}".repeat(201) + "{{ b }}")).toEqual([{ offset: 1400, message: "more than 200 outputs; the limit is 200" }]);
  });

  it("never throws, whatever the source", () => {
    for (const source of ["{{", "{%", "}}", "{{{{}}}}", "{{'", '{{"}}"', "{{ a[", "{{ a[\"", "{{ a |", "{{ a | b:", "\ud800{{x}}", ""]) {
      expect(() => compileTemplate(source)).not.toThrow();
    }
    expect(compileTemplate(42 as unknown as string)).toEqual({ ok: false, problems: [{ offset: 0, message: "a template must be a string, got number" }] });
  });

  it("compiles to a frozen template", () => {
    const template = compiled("Hi {{ name | default: 'x' }}");
    expect(Object.isFrozen(template)).toBe(true);
    expect(Object.isFrozen(template.parts)).toBe(true);
  });
});

describe("limits and cost", () => {
  const max = TEMPLATE_LIMITS.maxOutputLength;

  it("has the documented, frozen limits", () => {
    expect(TEMPLATE_LIMITS).toEqual({ maxSourceLength: 10_000, maxOutputs: 200, maxOutputLength: 65_536 });
    expect(Object.isFrozen(TEMPLATE_LIMITS)).toBe(true);
  });

  it("cuts the rendered text at maxOutputLength", () => {
    expect(render("ab{{ s }}cd", { s: "x".repeat(100_000) })).toHaveLength(max);
    expect(render("{{ s }}{{ s }}", { s: "x".repeat(40_000) })).toHaveLength(max);
    expect(render("x".repeat(9_000) + "{{ s }}", { s: "y".repeat(60_000) })).toHaveLength(max);
  });

  it("never cuts between the halves of a surrogate pair or inside an entity", () => {
    const pairs = render("x{{ s }}", { s: "😀".repeat(40_000) });
    expect(pairs).toHaveLength(max - 1);
    expect(pairs.endsWith("😀")).toBe(true);
    const entities = render("{{ s }}", { s: "&".repeat(20_000) }, "html");
    expect(entities.length).toBeLessThanOrEqual(max);
    expect(entities.endsWith("&amp;")).toBe(true);
    expect(entities.length).toBeGreaterThan(max - 5);
  });

  it("bounds the cost of huge arrays, strings and objects", () => {
    const started = performance.now();
    const million = Array.from({ length: 1_000_000 }, (_, index) => index);
    const empties = new Array<string>(1_000_000).fill("");
    expect(render("{{ list | join: ', ' }}", { list: million })).toHaveLength(max);
    expect(render("[{{ list | join: '' }}][{{ list }}]", { list: empties })).toBe("[][]");
    expect(render("{{ list | size }} {{ list.size }} {{ list.last }} {{ list | last }}", { list: million })).toBe("1000000 1000000 999999 999999");
    const long = "ab".repeat(500_000);
    expect(render("{{ s | replace: '', s }}", { s: long })).toHaveLength(max);
    expect(render("{{ s | size }}", { s: long })).toBe("1000000");
    const manyKeys = Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index]));
    expect(render("{{ o.size }}".repeat(200), { o: manyKeys })).toBe("20000".repeat(200));
    const manyFilters = `{{ s${" | upcase".repeat(400)} }}`;
    expect(manyFilters.length).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxSourceLength);
    expect(render(manyFilters, { s: long })).toHaveLength(max);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it("reads a string as a number from its first maxOutputLength characters only, like every filter input", () => {
    // A digit past the cut is never read: a thousand `plus` filters cannot each scan a 100 MB string.
    const padded = " ".repeat(max) + "7";
    expect(render("{{ a | plus: s }}", { a: 1, s: padded })).toBe("1");
    expect(render("{{ s | plus: 1 }} {{ s | round }} {{ 'abc' | truncate: s }}", { s: padded })).toBe("1 0 ...");
    expect(render("{{ a | plus: s }}", { a: 1, s: " ".repeat(max - 1) + "7" })).toBe("8");
  });

  it("survives arrays nested very deeply or containing themselves", () => {
    let deep: unknown[] = ["bottom"];
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    const cycle: unknown[] = ["a"];
    cycle.push(cycle);
    expect(render("[{{ deep }}][{{ deep | join }}][{{ deep | plus: 1 }}]", { deep })).toBe("[][][1]");
    expect(render("{{ cycle }}", { cycle }).length).toBeLessThanOrEqual(max);
    expect(render("{{ cycle | join: '' }}", { cycle }).startsWith("aa")).toBe(true);
  });
});

describe("docs/personalisation.md", () => {
  const doc = readFileSync(fileURLToPath(new URL("../../docs/personalisation.md", import.meta.url)), "utf8");
  const docExamples = [...doc.matchAll(/```json example\n([\s\S]*?)```/g)].map(
    (match) =>
      JSON.parse(match[1] as string) as { template: string; data: Record<string, unknown>; text: string; html?: string; liquidjs?: string },
  );

  it("has examples", () => {
    expect(docExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(docExamples.map((example) => [example.template, example] as const))("%s", (_source, example) => {
    expect(render(example.template, example.data, "text")).toBe(example.text);
    // An example showing a documented difference says what liquidjs prints instead.
    expect(liquid.parseAndRenderSync(example.template, example.data)).toBe(example.liquidjs ?? example.text);
    if (example.html !== undefined) expect(render(example.template, example.data, "html")).toBe(example.html);
  });

  it("prints what compileTemplate returns in the problems example", () => {
    const result = compileTemplate("{% if vip %}Hi {{ name | titlecase }}{{ }}");
    expect(result.ok).toBe(false);
    for (const problem of result.ok ? [] : result.problems) {
      expect(doc).toContain(`{ offset: ${problem.offset}, message: ${problem.message.includes('"') ? `'${problem.message}'` : `"${problem.message}"`} }`);
    }
  });

  it("lists every filter", () => {
    for (const name of TEMPLATE_FILTERS) expect(doc).toContain(`\`${name}\``);
  });
});
