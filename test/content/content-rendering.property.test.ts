/**
 * Properties of rendering structured content, for any data a caller may pass:
 * - decide never throws, and the content is JSON of the config's shape (hostile data changes
 *   texts only: never a field, an id, a type, a number or a list's length);
 * - a link (image, icon, deepLink, an action's url) never opens with an unsafe scheme, whatever
 *   the data and however the template assembles it;
 * - a decision's content is the caller's: mutating it changes no later decision, and two
 *   decisions share no object; the caller's inputs are never written;
 * - an engine loaded from the prepared config renders the same content.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTemplate, createEngine, loadEngine, prepareConfig, renderTemplate, TEMPLATE_LIMITS } from "../../src/engine/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { NOW, onChannel, RICH_CAMPAIGNS, richConfig, richUser, type RichCampaign } from "./content-support.js";

const SEED = 20261207;
const engine = createEngine(richConfig());
const loaded = loadEngine(JSON.parse(JSON.stringify(prepareConfig(richConfig()))));

/** Fields whose value is a link, wherever they are (but never inside the app's `data`). */
const LINK_FIELDS = new Set(["image", "icon", "deepLink", "url"]);
/** Fields that are ids or choices: the config's text, whatever the data. */
const LITERAL_FIELDS = new Set(["id", "type", "style", "name", "placement", "selector", "screen"]);
const UNSAFE_SCHEMES = new Set(["javascript:", "vbscript:", "data:", "file:", "blob:"]);

// ---------------------------------------------------------------------------------------------
// Hostile data

const throwingGetter = Object.defineProperty({}, "q", {
  enumerable: true,
  get() {
    throw new Error("getter");
  },
});
const throwingProxy = new Proxy(
  {},
  {
    get() {
      throw new Error("get");
    },
    has() {
      throw new Error("has");
    },
    ownKeys() {
      throw new Error("ownKeys");
    },
    getOwnPropertyDescriptor() {
      throw new Error("getOwnPropertyDescriptor");
    },
  },
);
let deeplyNested: unknown = "bottom";
for (let depth = 0; depth < 5_000; depth++) deeplyNested = [deeplyNested];
const HUGE = ["x".repeat(100_000), "é".repeat(70_000), "\ud83d\ude00".repeat(40_000), "&<>%".repeat(20_000), " javascript:".repeat(10_000)];
const hugeArray = Array.from({ length: 200_000 }, (_, index) => (index % 2 === 0 ? index : "javascript:"));

/** Text that looks like a scheme, a piece of one, or what browsers drop before they read it. */
const schemePiece = fc.constantFrom("javascript", "JaVaScRiPt", "vbscript", "data", "file", "blob", "java", "script", ":", "%3A", "&colon;", "\t", "\n", "\r", " ", "\u0000", "\u001f", "\u00a0", "\ufeff", "alert(1)", "//", "/", "https", "shop", "x", "?", "#", "&", "+", "%");
const schemeLike = fc.array(schemePiece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(""));
const loneSurrogates = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 3 }).chain((codes) => fc.constantFrom(String.fromCharCode(...codes), `a${String.fromCharCode(...codes)}`, `${String.fromCharCode(...codes)}b`));
const hostileKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "q", "url", "id", "size", "first", "last", "length"));
const hostileText = fc.oneof(fc.string({ unit: "binary", maxLength: 30 }), schemeLike, loneSurrogates, fc.constantFrom(...HUGE));
// Not the proxy: fast-check could not print it in a counterexample.
const special = fc.constantFrom<unknown>(throwingGetter, deeplyNested, hugeArray, Object.create(null), JSON.parse('{"__proto__": {"q": "polluted", "first_name": "polluted"}}'), NaN, -0, Infinity, 1e308, Number.MIN_VALUE);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ key: hostileKey, maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, withObjectString: true }) },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: special },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileText, fc.integer()), { maxLength: 5 }) },
);
/** Either a hostile value as a whole, or an object whose fields the templates read are hostile. */
const hostileFields = (names: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostileValue,
    // Onto a null-prototype object, or a plain one (where an extra "__proto__" sets an inherited prototype the engine must not read).
    fc.tuple(fc.record(Object.fromEntries(names.map((name) => [name, hostileValue])), { requiredKeys: [] }), fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 }), fc.boolean()).map(([fields, extra, bare]) => Object.assign(bare ? (Object.create(null) as object) : {}, extra, fields)),
    fc.constantFrom("__proto__", "constructor").chain((key) => hostileValue.map((value) => ({ [key]: value, ...JSON.parse(`{"${key}": {"q": "x"}}`) }))),
  );
const hostileProperties = hostileFields(["q", "url", "id", "path", "count", "tags", "alt"]);
const hostileAttributes = hostileFields(["first_name", "ref"]);
const campaignArbitrary = fc.constantFrom(...RICH_CAMPAIGNS);

// ---------------------------------------------------------------------------------------------
// Oracles

/** The content with every text blanked but the literals (ids, types…; never in `data`): what data must not change. */
function skeleton(value: unknown, name = "", inData = false): unknown {
  if (typeof value === "string") return LITERAL_FIELDS.has(name) && !inData ? value : "";
  if (Array.isArray(value)) return value.map((item) => skeleton(item, name, inData));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, skeleton(child, key, inData || name === "data")]));
  return value;
}

/** Every link in rendered content (never the app's `data`), with where it is. */
function links(value: unknown, path = ""): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => links(item, `${path}/${index}`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === "data" ? [] : LINK_FIELDS.has(key) && typeof child === "string" ? [[`${path}/${key}`, child] as [string, unknown]] : links(child, `${path}/${key}`)));
}

/**
 * Whether a browser would open `link` with an unsafe scheme, two ways: as the URL standard reads
 * it (tabs and newlines removed, leading and trailing C0 controls and spaces stripped, then the
 * scheme), and as Node's WHATWG URL parser reads it.
 */
function opensUnsafely(link: string): boolean {
  const normalised = link.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (/^(?:javascript|vbscript|data|file|blob):/i.test(normalised)) return true;
  try {
    return UNSAFE_SCHEMES.has(new URL(link).protocol);
  } catch {
    return false; // not an absolute URL: relative, no scheme
  }
}

/** Every string in a value, with the longest. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function decideContent(on: typeof engine, campaign: RichCampaign, properties: unknown, attributes: unknown) {
  // Hostile on purpose: the engine takes any value where JSON is expected.
  const result = on.decide({ event: { name: campaign.event, properties: properties as Record<string, unknown> }, user: richUser(campaign, { attributes }), now: NOW });
  expect(result.decisions).toHaveLength(1);
  return result.decisions[0]!;
}

// Each campaign's content with ordinary data: the shape hostile data must keep.
const benign = new Map(RICH_CAMPAIGNS.map((campaign) => [campaign.id, decideContent(engine, campaign, { q: "q", url: "https://x", id: "1", path: "p", count: 1, tags: ["t"], alt: "a" }, { first_name: "Ana", ref: "r" }).content]));

describe("rendering hostile data", () => {
  it("property: decide never throws; the content is JSON of the config's shape, its literals unchanged, every text within the output limit", () => {
    fc.assert(
      fc.property(campaignArbitrary, hostileProperties, hostileAttributes, (campaign, properties, attributes) => {
        const decision = decideContent(engine, campaign, properties, attributes);
        const content = decision.content;
        expect(JSON.parse(JSON.stringify(content))).toStrictEqual(content);
        expect(skeleton(content)).toEqual(skeleton(benign.get(campaign.id)));
        for (const text of strings(content)) expect(text.length).toBeLessThanOrEqual(TEMPLATE_LIMITS.maxOutputLength);
        expect(decision.channel).toBe(campaign.channel);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("property: an engine loaded from the prepared config renders the same content", () => {
    fc.assert(
      fc.property(campaignArbitrary, hostileProperties, hostileAttributes, (campaign, properties, attributes) => {
        expect(decideContent(loaded, campaign, properties, attributes)).toEqual(decideContent(engine, campaign, properties, attributes));
      }),
      { seed: SEED + 1, numRuns: 80 },
    );
  });

  it("the values that only hostile code makes (throwing getters and proxies) render as empty text", () => {
    for (const campaign of RICH_CAMPAIGNS) {
      const content = decideContent(engine, campaign, throwingProxy, throwingGetter).content;
      expect(skeleton(content)).toEqual(skeleton(benign.get(campaign.id)));
    }
    // A "__proto__" key of the data is read as missing, never as the object's prototype.
    const sms = createEngine(onChannel("sms", { text: "{{ event.properties.q }}|{{ event.properties.__proto__.q }}|{{ user.attributes.first_name }}|{{ event.properties.constructor.name }}" }));
    const decision = sms.decide({ event: { name: "tap", properties: JSON.parse('{"__proto__": {"q": "polluted"}}') }, user: richUser(RICH_CAMPAIGNS[7]!, { attributes: JSON.parse('{"__proto__": {"first_name": "polluted"}}') }), now: NOW });
    expect(decision.decisions[0]?.content).toEqual({ text: "|||" });
    expect(({} as Record<string, unknown>).q).toBeUndefined();
    // Inherited values are never read.
    const inherited = sms.decide({ event: { name: "tap", properties: Object.create({ q: "inherited" }) as Record<string, unknown> }, user: richUser(RICH_CAMPAIGNS[7]!, { attributes: Object.create({ first_name: "inherited" }) }), now: NOW });
    expect(inherited.decisions[0]?.content).toEqual({ text: "|||" });
  });
});

describe("links never open with an unsafe scheme", () => {
  const linkData = fc.oneof(schemeLike, hostileText, fc.array(schemeLike, { maxLength: 4 }), hostileValue);

  it("property: in every link of every campaign, whatever the event's properties and the user's attributes", () => {
    const properties = fc.record({ url: linkData, path: linkData, q: linkData, id: linkData }, { requiredKeys: [] });
    fc.assert(
      fc.property(campaignArbitrary, properties, fc.record({ ref: linkData, first_name: linkData }, { requiredKeys: [] }), (campaign, props, attributes) => {
        const content = decideContent(engine, campaign, props, attributes).content;
        for (const [where, link] of links(content)) {
          expect(typeof link, where).toBe("string");
          expect(opensUnsafely(link as string), `${where}: ${JSON.stringify(link)}`).toBe(false);
        }
      }),
      { seed: SEED + 2, numRuns: 200 },
    );
  });

  it("property: a link template of any form, rendered with the url escaping, whatever the data", () => {
    const output = fc.constantFrom(
      "{{ a }}",
      "{{ b }}",
      "{{ a | prepend: b }}",
      "{{ a | append: b }}",
      "{{ a | strip }}",
      "{{ a | downcase }}",
      "{{ a | upcase }}",
      "{{ a | capitalize }}",
      '{{ a | replace: "x", b }}',
      '{{ a | replace: "%3A", ":" }}',
      "{{ a | url_encode }}",
      "{{ a | join: b }}",
      "{{ a | first }}",
      "{{ a | last }}",
      "{{ a | truncate: 12, b }}",
      "{{ a | default: b }}",
      '{{ "javascript:" }}',
      '{{ "java" | append: a }}',
    );
    const text = fc.constantFrom("javascript", "java", "script", ":", "/", "x", "data", "%3A", " ", "\t", "https://", "?q=");
    const template = fc.array(fc.oneof(output, text), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(template, fc.record({ a: linkData, b: linkData }), (source, data) => {
        const compiled = compileTemplate(source);
        expect(compiled.ok).toBe(true);
        if (!compiled.ok) return;
        const link = renderTemplate(compiled.template, data, "url");
        expect(opensUnsafely(link), `${JSON.stringify(source)} → ${JSON.stringify(link)}`).toBe(false);
      }),
      { seed: SEED + 3, numRuns: 400 },
    );
  });

  it("the oracle itself: it knows the unsafe links the engine must blank", () => {
    for (const link of ["javascript:x", " JaVaScRiPt:x", "\tjava\nscript:x", "\u0000data:x", "FILE:///x", "blob:x", "vbscript:x "]) expect(opensUnsafely(link)).toBe(true);
    for (const link of ["https://x", "shop://x", "/p", "#x", "javascript%3Ax", "\u00a0javascript:x", "java script:x", ""]) expect(opensUnsafely(link)).toBe(false);
  });
});

describe("decisions never alias engine state or each other", () => {
  const data = fc.record({ q: fc.string({ maxLength: 8 }), url: fc.constantFrom("https://x", "shop://y", "javascript:z"), id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), count: fc.integer(), tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }) }, { requiredKeys: [] });

  /** Changes every object, array and text in `value`, in place. */
  function vandalise(value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach(vandalise);
      value.reverse();
      value.push("added");
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === "object" && child !== null) vandalise(child);
      else record[key] = typeof child === "string" ? `${child} changed` : typeof child === "number" ? child + 1 : !child;
    }
    record.added = { nested: ["x"] };
    delete record.title;
  }

  /** Every object and array reachable from a value. */
  function objects(value: unknown, into = new Set<object>()): Set<object> {
    if (typeof value === "object" && value !== null) {
      into.add(value);
      for (const child of Object.values(value)) objects(child, into);
    }
    return into;
  }

  it("property: mutating a decision's content changes neither the next decision's content nor anything else", () => {
    fc.assert(
      fc.property(campaignArbitrary, data, fc.boolean(), (campaign, properties, prepared) => {
        const on = prepared ? loaded : engine;
        const input = () => ({ event: { name: campaign.event, properties }, user: richUser(campaign), now: NOW });
        const first = on.decide(input());
        const snapshot = structuredClone(first);
        for (const decision of first.decisions) vandalise(decision.content);
        vandalise(first.records);
        const second = on.decide(input());
        expect(second).toEqual(snapshot);
        // No object is shared between two calls' results.
        const third = on.decide(input());
        const shared = [...objects(second)].filter((object) => objects(third).has(object));
        expect(shared).toEqual([]);
      }),
      { seed: SEED + 4, numRuns: 100 },
    );
  });

  it("property: the caller's event and user are never written (frozen inputs decide the same)", () => {
    fc.assert(
      fc.property(campaignArbitrary, data, (campaign, properties) => {
        const thawed = engine.decide({ event: { name: campaign.event, properties: structuredClone(properties) }, user: richUser(campaign), now: NOW });
        const frozen = engine.decide(deepFreeze({ event: { name: campaign.event, properties: structuredClone(properties) }, user: richUser(campaign), now: NOW }));
        expect(frozen).toEqual(thawed);
      }),
      { seed: SEED + 5, numRuns: 60 },
    );
  });
});
