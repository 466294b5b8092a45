/**
 * Content trees in prepared configs: `loadEngine(prepareConfig(config))` renders exactly what
 * `createEngine(config)` renders (through JSON too), and a content tree edited after prepareConfig,
 * with its digest computed again, is refused at load with a PreparedConfigError naming where.
 */
import { describe, expect, it } from "vitest";
import { createEngine, loadEngine, prepareConfig, PreparedConfigError, type Engine } from "../../src/engine/index.js";
import { loadEngine as runtimeLoadEngine } from "../../src/runtime/index.js";
import { configDigest } from "../../src/engine/prepared/config-digest.js";
import { MAX_CONTENT_DEPTH } from "../../src/engine/content/content-model.js";
import { exampleConfig, HOUR } from "../support/engine-fixtures.js";
import { inApp, NOW, RICH_CAMPAIGNS, richConfig, richUser, userOn } from "./content-support.js";
import { refusal } from "../support/prepared-refusal.js";

type Json = Record<string, unknown>;
type Tree = { kind: string; fields?: [string, Tree][]; items?: Tree[]; escaping?: string; template?: unknown; value?: unknown };
/** A prepared engine as JSON, with what the tests edit typed. */
type PreparedJson = { format: string; version: number; digest: string; engine: { campaigns: { content: [string, [string, [string, Tree][]][]][] }[] } };

const overTheWire = (value: unknown): PreparedJson => JSON.parse(JSON.stringify(value)) as PreparedJson;

const PROPERTIES = [
  {},
  { q: "a b & c", url: "https://shop.example/x y", id: 7, path: "p/q", count: 2, tags: ["x", "y"], alt: "<img>" },
  { q: "<script>", url: "  JaVaScRiPt:alert(1)", id: "x", path: "", count: "3", tags: [] },
  { q: "\ud800", url: "shop://cart", id: null, path: "é", count: 1e300, tags: "x" },
];

/** Every decision of `engine` for every rich campaign, user variation and set of properties. */
function everyDecision(engine: Engine): unknown[] {
  const out: unknown[] = [];
  for (const campaign of RICH_CAMPAIGNS) {
    for (const properties of PROPERTIES) {
      for (let index = 0; index < 6; index++) {
        const user = richUser(campaign, { id: `user-${index}`, attributes: { first_name: index % 2 === 0 ? "Ana" : "<b>Bo</b>", ref: `r ${index}` } });
        out.push(engine.decide({ event: { name: campaign.event, properties }, user, now: NOW }).decisions);
      }
    }
  }
  return out;
}

describe("a prepared config renders the same content", () => {
  it("loadEngine(prepareConfig(config)) decides with the same content as createEngine(config), through JSON too", () => {
    const expected = everyDecision(createEngine(richConfig()));
    expect(JSON.stringify(expected)).toContain("cards");
    expect(everyDecision(loadEngine(prepareConfig(richConfig())))).toEqual(expected);
    expect(everyDecision(loadEngine(overTheWire(prepareConfig(richConfig()))))).toEqual(expected);
    expect(everyDecision(runtimeLoadEngine(overTheWire(prepareConfig(richConfig()))))).toEqual(expected);
  });

  it("the bundled example (structured content in campaigns and journeys) decides the same loaded", () => {
    const config = exampleConfig();
    const created = createEngine(config);
    const loaded = loadEngine(overTheWire(prepareConfig(config)));
    const events = ["checkout_started", "add_to_cart", "signup", "app_open", "payment_failed", "purchase", "product_viewed"];
    for (const platform of ["ios", "android", "web", "desktop"]) {
      for (let index = 0; index < 5; index++) {
        const user = userOn(platform, { id: `u${index}` });
        for (const name of events) {
          const input = { event: { name, properties: { category: "chips", value: 30, product_name: "Salsa & chips" } }, user, now: NOW };
          expect(loaded.decide(input)).toEqual(created.decide(input));
        }
        expect(loaded.due({ user, now: NOW + 48 * HOUR })).toEqual(created.due({ user, now: NOW + 48 * HOUR }));
      }
    }
  });

  it("the prepared content tree is JSON: templates with their escaping, per variant, channel and platform", () => {
    const prepared = overTheWire(prepareConfig(inApp("modal", { title: "Hi {{ user.attributes.first_name }}", image: "/x/{{ event.properties.x }}", platforms: { ios: { body: "iOS" } } })));
    const content = prepared.engine.campaigns[0]!.content;
    expect(content.map(([variant]) => variant)).toEqual([""]);
    const trees = content[0]![1][0]!;
    expect(trees[0]).toBe("in_app");
    expect(trees[1].map(([platform]) => platform)).toEqual(["", "ios"]);
    const fields = Object.fromEntries(trees[1][0]![1].fields!);
    expect(fields.title).toMatchObject({ kind: "template", escaping: "text" });
    expect(fields.image).toMatchObject({ kind: "template", escaping: "url" });
  });
});

describe("a tampered content tree is refused at load", () => {
  const config = inApp("modal", { title: "Hi {{ user.attributes.first_name }}", image: "/x/{{ event.properties.x }}", buttons: [{ id: "b", label: "l", action: { type: "dismiss" } }], data: { promo: "P" }, platforms: { ios: { body: "iOS" } } });
  const prepared = overTheWire(prepareConfig(config));
  const CONTENT = "/engine/campaigns/0/content/0/1/0/1";

  /** The prepared config with its first campaign's in-app trees changed, and its digest computed again. */
  function resealed(change: (trees: [string, Tree][]) => void): PreparedJson {
    const copy = structuredClone(prepared);
    change(copy.engine.campaigns[0]!.content[0]![1][0]![1]);
    return { ...copy, digest: configDigest(copy.engine) };
  }
  const root = (trees: [string, Tree][]): Tree => trees[0]![1];
  const field = (trees: [string, Tree][], name: string): [string, Tree] => root(trees).fields!.find(([key]) => key === name)!;

  it("untouched, or resealed without a change, it loads and renders", () => {
    const engine = loadEngine(resealed(() => {}));
    const decision = engine.decide({ event: { name: "tap", properties: { x: "a b" } }, user: userOn("web"), now: NOW }).decisions[0];
    expect(decision?.content).toEqual({ title: "Hi Ana", image: "/x/a%20b", buttons: [{ id: "b", label: "l", action: { type: "dismiss" } }], data: { promo: "P" } });
  });

  it("an edit without a new digest: changed after prepareConfig", () => {
    const edited = structuredClone(prepared);
    field(edited.engine.campaigns[0]!.content[0]![1][0]![1], "title")[1].escaping = "html";
    expect(refusal(edited)).toMatch(/changed after prepareConfig/);
  });

  it("an escaping that is not text, html or url", () => {
    for (const escaping of ["js", "", "HTML", null]) {
      const message = refusal(resealed((trees) => (field(trees, "title")[1].escaping = escaping as string)));
      expect(message).toBe(`the prepared config is not what prepareConfig writes at ${CONTENT}/0/1/fields/0/1/escaping: prepare it again from the config`);
    }
  });

  it('a field named "__proto__", or any name that is not a word', () => {
    for (const name of ["__proto__", "Title", "", "a-b", "1x"]) {
      expect(refusal(resealed((trees) => (field(trees, "title")[0] = name)))).toMatch(new RegExp(`at ${CONTENT}/0/1/fields/0/0: `));
    }
    // Inside data, too.
    expect(refusal(resealed((trees) => (field(trees, "data")[1].fields![0]![0] = "__proto__")))).toMatch(/at \/engine\/campaigns\/0\/content\/0\/1\/0\/1\/0\/1\/fields\/\d+\/1\/fields\/0\/0: /);
  });

  it("refuses a field name every object inherits, and a tree whose root is not an object (review fixes)", () => {
    expect(refusal(resealed((trees) => (field(trees, "data")[1].fields![0]![0] = "toString")))).toMatch(/not what prepareConfig writes at /);
    expect(refusal(resealed((trees) => (trees[0]![1] = { kind: "value", value: "x" } as Tree)))).toMatch(new RegExp(`at ${CONTENT}/0/1: `));
    expect(refusal(resealed((trees) => (trees[0]![1] = { kind: "list", items: [] } as Tree)))).toMatch(new RegExp(`at ${CONTENT}/0/1: `));
  });

  it(`nesting deeper than MAX_CONTENT_DEPTH (${MAX_CONTENT_DEPTH})`, () => {
    const nested = (lists: number): Tree => {
      let node: Tree = { kind: "value", value: "x" };
      for (let depth = 0; depth < lists; depth++) node = { kind: "list", items: [node] };
      return node;
    };
    // The root object is depth 0, a field's value depth 1: lists down to depth MAX_CONTENT_DEPTH hold a value.
    expect(() => loadEngine(resealed((trees) => root(trees).fields!.push(["deep", nested(MAX_CONTENT_DEPTH - 1)])))).not.toThrow();
    expect(refusal(resealed((trees) => root(trees).fields!.push(["deep", nested(MAX_CONTENT_DEPTH)])))).toMatch(/not what prepareConfig writes at \/engine\/campaigns\/0\/content\/0\/1\/0\/1\/0\/1\/fields\/\d+\/1(\/items\/0)+: /);
    expect(refusal(resealed((trees) => root(trees).fields!.push(["deep", nested(200)])))).toMatch(/not what prepareConfig writes at /);
    // Deep objects too.
    let objects: Tree = { kind: "value", value: 1 };
    for (let depth = 0; depth < MAX_CONTENT_DEPTH; depth++) objects = { kind: "object", fields: [["x", objects]] };
    expect(refusal(resealed((trees) => root(trees).fields!.push(["deep", objects])))).toMatch(/not what prepareConfig writes at /);
  });

  it('a platform list whose first tree is not every user\'s ("")', () => {
    expect(refusal(resealed((trees) => trees.reverse()))).toMatch(new RegExp(`at ${CONTENT}: `));
    expect(refusal(resealed((trees) => (trees[0]![0] = "ios")))).toMatch(new RegExp(`at ${CONTENT}: `));
    expect(refusal(resealed((trees) => trees.splice(0)))).toMatch(new RegExp(`at ${CONTENT}: `));
  });

  it("a platform that is not one, a node of no known kind, a template of no known shape", () => {
    expect(refusal(resealed((trees) => (trees[1]![0] = "watchos")))).toMatch(/at \/engine\/campaigns\/0\/content\/0\/1\/0\/1\/1\/0: /);
    expect(refusal(resealed((trees) => (field(trees, "title")[1] = { kind: "code", value: "x" } as Tree)))).toMatch(new RegExp(`at ${CONTENT}/0/1/fields/0/1`));
    expect(refusal(resealed((trees) => (field(trees, "title")[1].template = { parts: [{ kind: "output", operand: { kind: "path", segments: ["x"] }, filters: [{ name: "eval", args: [] }] }] })))).toMatch(new RegExp(`at ${CONTENT}/0/1/fields/0/1/template/parts/0/filters/0`));
    expect(refusal(resealed((trees) => (field(trees, "title")[1] = { kind: "value", value: { x: 1 } })))).toMatch(new RegExp(`at ${CONTENT}/0/1/fields/0/1/value`));
  });

  it("a refused config never gets as far as decide; a loaded one keeps its own copy of the tree", () => {
    const mine = resealed(() => {});
    const engine = loadEngine(mine);
    const input = { event: { name: "tap", properties: { x: "1" } }, user: userOn("ios"), now: NOW };
    const before = engine.decide(input);
    expect(before.decisions[0]?.content).toMatchObject({ body: "iOS" });
    const trees = mine.engine.campaigns[0]!.content[0]![1][0]![1];
    root(trees).fields!.splice(0);
    trees[1]![1].fields!.length = 0;
    expect(engine.decide(input)).toEqual(before);
  });
});
