/**
 * Structured content that is wrong is a ConfigError at the JSON pointer of what is wrong, with a
 * message that says what would be right: fields a format does not take (naming the formats that
 * do), fields a message needs, duplicate ids, list bounds, unsafe or scheme-less links, rating
 * scales, typos.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, createEngine, prepareConfig } from "../../src/engine/index.js";
import { inApp, oneCampaign, onChannel, problemsOf, type Problem } from "./content-support.js";

const IN_APP = "/campaigns/0/content/in_app";
const button = (id: string) => ({ id, label: id, action: { type: "dismiss" } });
const card = (id: string) => ({ id, title: id });
const step = (id: string) => ({ id, anchor: { screen: "home" }, body: id });
const UNSAFE = "must not use a javascript:, vbscript:, data:, file: or blob: link";
const NO_SCHEME = 'must be a link with a scheme ("https://…", "shop://…"), a path ("/pricing") or start with a template value ("{{ event.properties.url }}")';

function only(config: unknown): Problem {
  const problems = problemsOf(config);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe("a field the format does not take", () => {
  it.each([
    ["cards in a modal", inApp("modal", { title: "t", cards: [card("a")] }), `${IN_APP}/cards`, "a modal has no cards (it is a field of carousel); it takes title, body, image, imageAlt, action, buttons, data"],
    ["steps in a survey", inApp("survey", { questions: [{ id: "q", type: "text", prompt: "p" }], steps: [step("s")] }), `${IN_APP}/steps`, "a survey has no steps (it is a field of product_tour); it takes title, body, questions, thankYou, data"],
    ["an anchor on a banner", inApp("banner", { title: "t", anchor: { screen: "x" } }), `${IN_APP}/anchor`, "a banner has no anchor (it is a field of tooltip); it takes title, body, image, imageAlt, action, buttons, data"],
    ["buttons on a carousel", inApp("carousel", { cards: [card("c")], buttons: [button("a")] }), `${IN_APP}/buttons`, "a carousel has no buttons (it is a field of banner, modal, full_screen, card, tooltip); it takes title, cards, data"],
    ["a thank-you screen in a modal", inApp("modal", { title: "t", thankYou: { title: "x" } }), `${IN_APP}/thankYou`, "a modal has no thankYou (it is a field of survey); it takes title, body, image, imageAlt, action, buttons, data"],
    ["questions in a carousel's iOS fields", inApp("carousel", { cards: [card("c")], platforms: { ios: { questions: [{ id: "q", type: "text", prompt: "p" }] } } }), `${IN_APP}/platforms/ios/questions`, "a carousel has no questions (it is a field of survey); it takes title, cards, data"],
  ])("%s", (_, config, path, message) => {
    expect(only(config)).toEqual({ path, message });
  });

  it("in a variant's content and a variant's platform fields, at the variant's pointer", () => {
    const experiment = { variants: [{ id: "a", content: { in_app: { cards: [card("c")] } } }, { id: "b", content: { in_app: { platforms: { android: { steps: [step("s")] } } } } }] };
    expect(problemsOf(inApp("modal", { title: "t" }, { experiment }))).toEqual([
      { path: "/campaigns/0/experiment/variants/0/content/in_app/cards", message: "a modal has no cards (it is a field of carousel); it takes title, body, image, imageAlt, action, buttons, data" },
      { path: "/campaigns/0/experiment/variants/1/content/in_app/platforms/android/steps", message: "a modal has no steps (it is a field of product_tour); it takes title, body, image, imageAlt, action, buttons, data" },
    ]);
  });

  it("prepareConfig refuses it as createEngine does", () => {
    const config = inApp("modal", { title: "t", cards: [card("a")] });
    expect(() => prepareConfig(config)).toThrow(ConfigError);
    try {
      prepareConfig(config);
    } catch (error) {
      expect((error as ConfigError).problems.map(({ path, message }) => ({ path, message }))).toEqual(problemsOf(config));
    }
  });
});

describe("a field the message needs", () => {
  it.each([
    ["a carousel without cards", inApp("carousel", { title: "t" }), IN_APP, "a carousel needs cards"],
    ["a product tour without steps", inApp("product_tour", { title: "t" }), IN_APP, "a product_tour needs steps"],
    ["a survey without questions", inApp("survey", { title: "t" }), IN_APP, "a survey needs questions"],
    ["a tooltip without an anchor", inApp("tooltip", { title: "t" }), IN_APP, "a tooltip needs anchor"],
    ["an empty tooltip", inApp("tooltip", {}), IN_APP, "a tooltip needs title or body, and anchor"],
    ["a modal with an image only", inApp("modal", { image: "https://cdn.example/x.png" }), IN_APP, "a modal needs title or body"],
    ["an email without html or text", onChannel("email", { subject: "s" }), "/campaigns/0/content/email", "an email needs html or text"],
    ["an email without a subject", onChannel("email", { text: "x" }), "/campaigns/0/content/email", "an email needs subject"],
    ["an empty email", onChannel("email", {}), "/campaigns/0/content/email", "an email needs subject, and html or text"],
    ["a push without a title or data", onChannel("push", { body: "b" }), "/campaigns/0/content/push", "a push needs title or data"],
    ["a web push without a title", onChannel("web_push", { body: "b" }), "/campaigns/0/content/web_push", "a Web Push message needs title"],
  ])("%s", (_, config, path, message) => {
    expect(only(config)).toEqual({ path, message });
  });

  it("an SMS without text", () => {
    const problem = only(onChannel("sms", {}));
    expect(problem.path).toBe("/campaigns/0/content/sms");
    expect(problem.message).toMatch(/needs text$/);
  });

  it("a platform's fields do not count: every user's message must have what it needs", () => {
    expect(only(inApp("modal", { platforms: { ios: { title: "iOS only" } } }))).toEqual({ path: IN_APP, message: "a modal needs title or body" });
    expect(only(onChannel("sms", { platforms: { ios: { text: "x" } } })).path).toBe("/campaigns/0/content/sms");
  });

  it("a variant's content is checked with the campaign's under it, at the variant's pointer", () => {
    expect(only(inApp("carousel", {}, { experiment: { variants: [{ id: "v", content: { in_app: { title: "x" } } }] } }))).toEqual({
      path: "/campaigns/0/experiment/variants/0/content/in_app",
      message: 'a carousel needs cards in variant "v"',
    });
    // The campaign's cards serve every variant; the control sends nothing and needs nothing.
    expect(() => createEngine(inApp("carousel", { cards: [card("c")] }, { experiment: { variants: [{ id: "v", content: { in_app: { title: "x" } } }, { id: "ctl" }], control: "ctl" } }))).not.toThrow();
    expect(only(oneCampaign({ channels: ["in_app"], format: "modal", content: {}, experiment: { variants: [{ id: "x", content: { in_app: { title: "x" } } }, { id: "y" }] } }))).toEqual({
      path: "/campaigns/0/experiment/variants/1/content",
      message: 'no content for in_app in variant "y"',
    });
  });

  it("content for a channel the campaign does not list", () => {
    expect(only(oneCampaign({ channels: ["push"], content: { push: { title: "t" }, in_app: { title: "x" } } }))).toEqual({
      path: "/campaigns/0/content/in_app",
      message: "content for in_app, which the campaign does not list in channels",
    });
  });
});

describe("ids, list sizes and values", () => {
  it.each([
    ["duplicate button ids", inApp("modal", { title: "t", buttons: [button("ok"), button("ok")] }), `${IN_APP}/buttons/1/id`, 'button id "ok" is used twice'],
    ["duplicate card ids", inApp("carousel", { cards: [card("a"), card("b"), card("a")] }), `${IN_APP}/cards/2/id`, 'card id "a" is used twice'],
    ["duplicate step ids", inApp("product_tour", { steps: [step("s"), step("s")] }), `${IN_APP}/steps/1/id`, 'step id "s" is used twice'],
    ["duplicate question ids", inApp("survey", { questions: [{ id: "q", type: "text", prompt: "p" }, { id: "q", type: "rating", prompt: "p" }] }), `${IN_APP}/questions/1/id`, 'question id "q" is used twice'],
    [
      "duplicate option ids",
      inApp("survey", { questions: [{ id: "q", type: "single_choice", prompt: "p", options: [{ id: "o", label: "x" }, { id: "o", label: "y" }] }] }),
      `${IN_APP}/questions/0/options/1/id`,
      'option id "o" is used twice',
    ],
    ["duplicate button ids in a tour step", inApp("product_tour", { steps: [{ ...step("s"), buttons: [button("b"), button("b")] }] }), `${IN_APP}/steps/0/buttons/1/id`, 'button id "b" is used twice'],
    ["more than 10 cards", inApp("carousel", { cards: Array.from({ length: 11 }, (_, index) => card(`c${index}`)) }), `${IN_APP}/cards`, "must have at most 10 cards"],
    ["no cards", inApp("carousel", { cards: [] }), `${IN_APP}/cards`, "must have at least one card"],
    ["more than 4 buttons in a modal", inApp("modal", { title: "t", buttons: ["a", "b", "c", "d", "e"].map(button) }), `${IN_APP}/buttons`, "must have at most 4 buttons"],
    ["more than 3 buttons on a push", onChannel("push", { title: "t", buttons: ["a", "b", "c", "d"].map(button) }), "/campaigns/0/content/push/buttons", "must have at most 3 buttons"],
    ["an empty list of buttons", inApp("modal", { title: "t", buttons: [] }), `${IN_APP}/buttons`, "must have at least one button (leave the field out for none)"],
    ["more than 2 buttons in a tour step", inApp("product_tour", { steps: [{ ...step("s"), buttons: ["a", "b", "c"].map(button) }] }), `${IN_APP}/steps/0/buttons`, "must have at most 2 buttons"],
    ["a single choice with one option", inApp("survey", { questions: [{ id: "q", type: "single_choice", prompt: "p", options: [{ id: "o", label: "x" }] }] }), `${IN_APP}/questions/0/options`, "must offer at least 2 options"],
    [
      "maxSelections above the options",
      inApp("survey", { questions: [{ id: "q", type: "multiple_choice", prompt: "p", options: [{ id: "a", label: "A" }, { id: "b", label: "B" }], maxSelections: 3 }] }),
      `${IN_APP}/questions/0/maxSelections`,
      "maxSelections must not exceed the number of options",
    ],
    ["a card with nothing to show", inApp("carousel", { cards: [{ id: "c", imageAlt: "alt" }] }), `${IN_APP}/cards/0`, "a card needs a title, a body or an image"],
    ["an id with a space", inApp("modal", { title: "t", buttons: [{ ...button("a"), id: "has space" }] }), `${IN_APP}/buttons/0/id`, "must be an id of letters, digits, _ . : - (at most 64 characters, starting with a letter or digit)"],
    ["an empty button label", inApp("modal", { title: "t", buttons: [{ ...button("a"), label: "" }] }), `${IN_APP}/buttons/0/label`, "must not be empty"],
    ["a negative badge", onChannel("push", { title: "t", badge: -1 }), "/campaigns/0/content/push/badge", "must be at least 0, not the number -1"],
    ["a template longer than 10,000 characters", onChannel("push", { title: "x".repeat(10_001) }), "/campaigns/0/content/push/title", "must be at most 10,000 characters"],
    ["an anchor of neither form", inApp("tooltip", { title: "t", anchor: { id: "x" } }), `${IN_APP}/anchor`, 'must be { "selector": "#cart-button" } (a web element) or { "screen": "checkout" } (an app screen)'],
  ])("%s", (_, config, path, message) => {
    expect(only(config)).toEqual({ path, message });
  });
});

describe("rating scales", () => {
  const rating = (bounds: Record<string, unknown>) => inApp("survey", { questions: [{ id: "nps", type: "rating", prompt: "p", ...bounds }] });
  const BELOW = { path: `${IN_APP}/questions/0/max`, message: "min must be below max (the scale is 0–10 by default)" };

  it("min equal to or above max", () => {
    expect(only(rating({ min: 5, max: 5 }))).toEqual(BELOW);
    expect(only(rating({ min: 7, max: 3 }))).toEqual(BELOW);
  });

  it("min 10 alone is at the default max", () => {
    expect(only(rating({ min: 10 }))).toEqual(BELOW);
  });

  it("bounds outside 0–10", () => {
    expect(problemsOf(rating({ min: 11 }))).toContainEqual({ path: `${IN_APP}/questions/0/min`, message: "must be at most 10, not the number 11" });
    expect(problemsOf(rating({ max: 0 }))).toContainEqual({ path: `${IN_APP}/questions/0/max`, message: "must be at least 1, not the number 0" });
    expect(problemsOf(rating({ min: 1.5 }))[0]?.path).toBe(`${IN_APP}/questions/0/min`);
  });
});

describe("links", () => {
  it.each([
    ["javascript: in an action", inApp("modal", { title: "t", action: { type: "url", url: "javascript:alert(1)" } }), `${IN_APP}/action/url`],
    ["JavaScript: in mixed case", onChannel("push", { title: "t", deepLink: "JaVaScRiPt:alert(1)" }), "/campaigns/0/content/push/deepLink"],
    ["vbscript: as an image", onChannel("push", { title: "t", image: "vbscript:msgbox(1)" }), "/campaigns/0/content/push/image"],
    ["data: as a card's image", inApp("carousel", { cards: [{ id: "c", image: "data:image/svg+xml;base64,PHN2Zz4=" }] }), `${IN_APP}/cards/0/image`],
    ["file: in a button", inApp("modal", { title: "t", buttons: [{ id: "b", label: "x", action: { type: "url", url: "file:///etc/passwd" } }] }), `${IN_APP}/buttons/0/action/url`],
    ["BLOB: as a tour step's image", inApp("product_tour", { steps: [{ ...step("s"), image: "BLOB:https://x/1" }] }), `${IN_APP}/steps/0/image`],
    ["javascript: as a deep link on iOS", onChannel("push", { title: "t", platforms: { ios: { deepLink: "javascript:void(0)" } } }), "/campaigns/0/content/push/platforms/ios/deepLink"],
    ["javascript: in a card's action in a variant", inApp("carousel", { cards: [card("c")] }, { experiment: { variants: [{ id: "v", content: { in_app: { cards: [{ id: "c", title: "t", action: { type: "deep_link", url: "javascript:x" } }] } } }] } }), "/campaigns/0/experiment/variants/0/content/in_app/cards/0/action/url"],
  ])("%s: refused", (_, config, path) => {
    expect(only(config)).toEqual({ path, message: UNSAFE });
  });

  it.each(["  javascript:alert(1)", "\tjavascript:alert(1)", "java\tscript:alert(1)", "\u0000javascript:alert(1)"])("an unsafe scheme hidden by spaces or controls (%j) is refused, and the link then has no scheme either", (link) => {
    expect(problemsOf(onChannel("push", { title: "t", deepLink: link }))).toEqual([
      { path: "/campaigns/0/content/push/deepLink", message: UNSAFE },
      { path: "/campaigns/0/content/push/deepLink", message: NO_SCHEME },
    ]);
  });

  it("a link without a scheme, path or template start", () => {
    expect(only(onChannel("push", { title: "t", deepLink: "shop.example/cart" }))).toEqual({ path: "/campaigns/0/content/push/deepLink", message: NO_SCHEME });
    expect(only(inApp("modal", { title: "t", image: "cdn.example/x.png" }))).toEqual({ path: `${IN_APP}/image`, message: NO_SCHEME });
    expect(problemsOf(onChannel("push", { title: "t", deepLink: "" }))).toContainEqual({ path: "/campaigns/0/content/push/deepLink", message: "must not be empty" });
  });

  it("links with a scheme, paths, fragments and links read from data are accepted", () => {
    for (const link of ["https://shop.example/cart", "shop://cart", "mailto:help@shop.example", "tel:+33100000000", "/pricing", "#top", "{{ event.properties.url }}", "{{ event.properties.host }}/p/{{ event.properties.id }}"]) {
      expect(() => createEngine(onChannel("push", { title: "t", deepLink: link }))).not.toThrow();
    }
  });

  it("a data field named url is text, never checked as a link", () => {
    expect(() => createEngine(onChannel("push", { title: "t", data: { url: "not a link at all" } }))).not.toThrow();
  });
});

describe("typos and unknown values", () => {
  it('"titel" for "title"', () => {
    const problem = only(inApp("modal", { titel: "Hello" }));
    expect(problem.path).toBe(IN_APP);
    expect(problem.message).toMatch(/^unknown key "titel" \(known keys: title, body, /);
  });

  it("a typo in a push, an email, an SMS, a button and a card, each where it is", () => {
    expect(only(onChannel("push", { titel: "t" })).path).toBe("/campaigns/0/content/push");
    expect(only(onChannel("email", { subject: "s", text: "x", htlm: "<p>" }))).toEqual({ path: "/campaigns/0/content/email", message: 'unknown key "htlm" (known keys: subject, preheader, html, text, data, platforms)' });
    expect(only(onChannel("sms", { txt: "x" }))).toEqual({ path: "/campaigns/0/content/sms", message: 'unknown key "txt" (known keys: text, platforms)' });
    expect(only(inApp("modal", { title: "t", buttons: [{ ...button("a"), lable: "x" }] })).path).toBe(`${IN_APP}/buttons/0`);
    expect(only(inApp("carousel", { cards: [{ ...card("a"), imageAlt: "x", imgae: "/x.png" }] })).path).toBe(`${IN_APP}/cards/0`);
  });

  it("a key a dismiss action does not take", () => {
    expect(only(inApp("modal", { title: "t", action: { type: "dismiss", url: "https://x" } }))).toEqual({ path: `${IN_APP}/action`, message: 'unknown key "url" (known keys: type)' });
  });

  it("an unknown action type and an unknown question type are refused at their type", () => {
    expect(only(inApp("modal", { title: "t", action: { type: "open" } })).path).toBe(`${IN_APP}/action/type`);
    expect(only(inApp("survey", { questions: [{ id: "q", type: "slider", prompt: "p" }] })).path).toBe(`${IN_APP}/questions/0/type`);
  });

  it("an unknown platform, and platforms inside a platform", () => {
    expect(only(inApp("modal", { title: "t", platforms: { watch: { title: "x" } } }))).toEqual({ path: `${IN_APP}/platforms`, message: 'unknown key "watch" (known keys: ios, android, web, mobile_web, desktop)' });
    expect(only(onChannel("push", { title: "t", platforms: { ios: { platforms: { android: { title: "x" } } } } })).path).toBe("/campaigns/0/content/push/platforms/ios");
  });

  it("data field names that are not words, or values that are not text", () => {
    expect(problemsOf(onChannel("push", { title: "t", data: { Promo: "x", "my-key": "y", n: 3 } }))).toEqual([
      { path: "/campaigns/0/content/push/data/Promo", message: 'field name "Promo" must be a word (letters, digits, _), starting with a lower-case letter' },
      { path: "/campaigns/0/content/push/data/my-key", message: 'field name "my-key" must be a word (letters, digits, _), starting with a lower-case letter' },
      { path: "/campaigns/0/content/push/data/n", message: "must be a text template (a string)" },
    ]);
  });

  it("a __proto__ key, in the content or in its data, is reported rather than dropped", () => {
    expect(only(inApp("modal", JSON.parse('{"title":"t","__proto__":{"body":"x"}}') as Record<string, unknown>))).toMatchObject({ path: IN_APP, message: expect.stringMatching(/^unknown key "__proto__"/) });
    expect(only(onChannel("push", { title: "t", data: JSON.parse('{"__proto__":"x"}') as Record<string, unknown> }))).toEqual({
      path: "/campaigns/0/content/push/data/__proto__",
      message: 'field name "__proto__" must be a word (letters, digits, _), starting with a lower-case letter',
    });
  });

  it("a template that does not compile, reported once however many variants and platforms use it", () => {
    const config = onChannel("push", { title: "Hi {{ user.name | shout }}", platforms: { ios: { body: "x" }, android: { body: "y" } } }, { experiment: { variants: [{ id: "a" }, { id: "b" }] } });
    const problem = only(config);
    expect(problem.path).toBe("/campaigns/0/content/push/title");
    expect(problem.message).toMatch(/^unknown filter "shout"; the filters are default, .* \(at character 18\)$/);
  });

  it("every problem of a config at once", () => {
    const problems = problemsOf({
      campaigns: [
        { id: "a", category: "promotional", channels: ["in_app"], format: "modal", trigger: { event: "tap" }, content: { in_app: { title: "t", cards: [card("c")] } } },
        { id: "b", category: "promotional", channels: ["email"], trigger: { event: "tap" }, content: { email: { subject: "s" } } },
        { id: "c", category: "promotional", channels: ["push"], trigger: { event: "tap" }, content: { push: { title: "t", deepLink: "javascript:x" } } },
      ],
    });
    expect(problems.map((problem) => problem.path).sort()).toEqual(["/campaigns/0/content/in_app/cards", "/campaigns/1/content/email", "/campaigns/2/content/push/deepLink"]);
  });
});

describe("review fixes", () => {
  it("names the action and question types when one is unknown", () => {
    expect(problemsOf(inApp("modal", { title: "t", action: { type: "open", url: "shop://x" } }))).toEqual([
      { path: "/campaigns/0/content/in_app/action/type", message: expect.stringContaining('"type": "deep_link" | "url"') },
    ]);
    expect(problemsOf(inApp("survey", { questions: [{ id: "q", type: "slider", prompt: "?" }] }))).toEqual([
      { path: "/campaigns/0/content/in_app/questions/0/type", message: expect.stringContaining('"rating" | "single_choice" | "multiple_choice" | "text"') },
    ]);
  });

  it("refuses a data field named as something every object inherits", () => {
    expect(problemsOf(onChannel("push", { title: "t", data: { toString: "x", constructor: "y" } }))).toEqual([
      { path: "/campaigns/0/content/push/data/toString", message: 'field name "toString" is a name every object inherits: choose another' },
      { path: "/campaigns/0/content/push/data/constructor", message: 'field name "constructor" is a name every object inherits: choose another' },
    ]);
  });
});
