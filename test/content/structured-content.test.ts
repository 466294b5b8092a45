/**
 * Structured message content (commit fd79568): every in-app format renders its own fields (cards,
 * tour steps, survey questions, a tooltip's anchor), buttons carry each action type, push, email
 * and SMS render their fields, and per-platform variants apply in the order campaign < campaign
 * platform < variant < variant platform.
 */
import { describe, expect, it } from "vitest";
import { applyRecords, createEngine, type EngineConfigInput } from "../../src/engine/index.js";
import { contentFor, inApp, NOW, oneCampaign, onChannel, problemsOf, profileOn, reachableUser, render, TAP, userOn } from "./content-support.js";

const ana = reachableUser(); // first_name "Ana", active iOS session

describe("in-app formats render their structured fields", () => {
  const messageFields = {
    title: "Hi {{ user.attributes.first_name }}",
    body: "{{ event.properties.count }} items in your cart",
    image: "https://cdn.example/cart.png",
    imageAlt: "A cart",
    action: { type: "deep_link", url: "shop://cart" },
    buttons: [
      { id: "checkout", label: "Check out", action: { type: "deep_link", url: "shop://checkout" }, style: "primary" },
      { id: "later", label: "Later", action: { type: "dismiss" }, style: "secondary" },
    ],
    data: { promo: "CART{{ event.properties.count }}" },
  };
  const renderedMessage = {
    title: "Hi Ana",
    body: "3 items in your cart",
    image: "https://cdn.example/cart.png",
    imageAlt: "A cart",
    action: { type: "deep_link", url: "shop://cart" },
    buttons: [
      { id: "checkout", label: "Check out", action: { type: "deep_link", url: "shop://checkout" }, style: "primary" },
      { id: "later", label: "Later", action: { type: "dismiss" }, style: "secondary" },
    ],
    data: { promo: "CART3" },
  };

  it.each(["banner", "modal", "full_screen", "card"])("a %s renders title, body, image, action, buttons and data", (format) => {
    const engine = createEngine(inApp(format, messageFields));
    const decision = engine.decide({ event: { name: TAP, properties: { count: 3 } }, user: ana, now: NOW }).decisions[0];
    expect(decision).toMatchObject({ channel: "in_app", format });
    expect(decision?.content).toEqual(renderedMessage);
  });

  it("a tooltip renders its anchor (a web element or an app screen) and its placement as written", () => {
    const selector = render(inApp("tooltip", { body: "Your cart, {{ user.attributes.first_name }}", anchor: { selector: "#cart > .icon[data-x='{{ a }}']" }, placement: "bottom" }), userOn("web"));
    // A selector is never a template: "{{ a }}" stays as written.
    expect(selector).toEqual({ body: "Your cart, Ana", anchor: { selector: "#cart > .icon[data-x='{{ a }}']" }, placement: "bottom" });
    const screen = render(inApp("tooltip", { title: "Here", anchor: { screen: "checkout" } }));
    expect(screen).toEqual({ title: "Here", anchor: { screen: "checkout" } });
  });

  it("a carousel renders its cards, each with its own image, action and button", () => {
    const content = render(
      inApp("carousel", {
        title: "For you, {{ user.attributes.first_name }}",
        cards: [
          { id: "shoes", title: "Shoes", body: "{{ event.properties.shoes }} pairs", image: "https://cdn.example/shoes.png", imageAlt: "Shoes", action: { type: "url", url: "https://shop.example/shoes", newWindow: true } },
          { id: "bags", image: "https://cdn.example/bags.png", button: { id: "see-bags", label: "See bags", action: { type: "deep_link", url: "shop://bags" }, style: "link" } },
          { id: "hats", body: "Hats" },
        ],
        data: { list: "home" },
      }),
      ana,
      { shoes: 12 },
    );
    expect(content).toEqual({
      title: "For you, Ana",
      cards: [
        { id: "shoes", title: "Shoes", body: "12 pairs", image: "https://cdn.example/shoes.png", imageAlt: "Shoes", action: { type: "url", url: "https://shop.example/shoes", newWindow: true } },
        { id: "bags", image: "https://cdn.example/bags.png", button: { id: "see-bags", label: "See bags", action: { type: "deep_link", url: "shop://bags" }, style: "link" } },
        { id: "hats", body: "Hats" },
      ],
      data: { list: "home" },
    });
  });

  it("a product tour renders its steps in order, with anchors, placements and buttons", () => {
    const steps = [
      { id: "welcome", anchor: { selector: "#logo" }, placement: "center", title: "Welcome, {{ user.attributes.first_name }}", body: "A short tour", buttons: [{ id: "next", label: "Next", action: { type: "custom", name: "tour.next" } }] },
      { id: "search", anchor: { selector: "#search" }, placement: "bottom", body: "Search here", image: "/img/search.png", imageAlt: "Search" },
      { id: "done", anchor: { screen: "home" }, body: "Done", buttons: [{ id: "finish", label: "Finish", action: { type: "dismiss" } }, { id: "help", label: "Help", action: { type: "url", url: "https://help.example" } }] },
    ];
    const content = render(inApp("product_tour", { title: "Tour", steps }), userOn("web"));
    expect(content).toEqual({
      title: "Tour",
      steps: [{ ...steps[0], title: "Welcome, Ana" }, steps[1], steps[2]],
    });
    expect((content.steps ?? []).map((step) => step.id)).toEqual(["welcome", "search", "done"]);
  });

  it("a survey renders its questions of each type and its thank-you screen", () => {
    const questions = [
      // A rating with no scale: 0–10 by default (the content carries only what the config wrote).
      { id: "nps", type: "rating", prompt: "How likely are you to recommend us, {{ user.attributes.first_name }}?" },
      { id: "stars", type: "rating", prompt: "Rate the app", min: 1, max: 5, lowLabel: "Poor", highLabel: "Great", required: true },
      { id: "why", type: "single_choice", prompt: "Why?", options: [{ id: "price", label: "Price" }, { id: "speed", label: "Speed" }] },
      { id: "what", type: "multiple_choice", prompt: "What do you use?", options: [{ id: "a", label: "A" }, { id: "b", label: "B" }, { id: "c", label: "C" }], maxSelections: 2 },
      { id: "more", type: "text", prompt: "Anything else?", placeholder: "Tell us, {{ user.attributes.first_name }}", maxLength: 500, required: false },
    ];
    const content = render(
      inApp("survey", {
        title: "Quick question",
        body: "Two minutes",
        questions,
        thankYou: { title: "Thanks {{ user.attributes.first_name }}!", body: "It helps", buttons: [{ id: "close", label: "Close", action: { type: "dismiss" } }] },
      }),
    );
    expect(content).toEqual({
      title: "Quick question",
      body: "Two minutes",
      questions: [
        { id: "nps", type: "rating", prompt: "How likely are you to recommend us, Ana?" },
        questions[1],
        questions[2],
        questions[3],
        { ...questions[4], placeholder: "Tell us, Ana" },
      ],
      thankYou: { title: "Thanks Ana!", body: "It helps", buttons: [{ id: "close", label: "Close", action: { type: "dismiss" } }] },
    });
  });

  it("a rating's scale defaults to 0–10: either bound alone is checked against the other's default", () => {
    const survey = (question: Record<string, unknown>) => inApp("survey", { questions: [{ id: "q", type: "rating", prompt: "p", ...question }] });
    expect(() => createEngine(survey({}))).not.toThrow();
    expect(() => createEngine(survey({ min: 9 }))).not.toThrow();
    expect(() => createEngine(survey({ max: 1 }))).not.toThrow();
    expect(() => createEngine(survey({ min: 0, max: 10 }))).not.toThrow();
    expect(() => createEngine(survey({ min: 10 }))).toThrow(/min must be below max \(the scale is 0–10 by default\)/);
    expect(render(survey({ min: 9 })).questions).toEqual([{ id: "q", type: "rating", prompt: "p", min: 9 }]);
  });
});

describe("buttons and actions", () => {
  const buttons = [
    { id: "open-cart", label: "Cart", action: { type: "deep_link", url: "shop://cart/{{ event.properties.cart }}" } },
    { id: "web", label: "Web", action: { type: "url", url: "https://shop.example/cart?c={{ event.properties.cart }}", newWindow: false }, style: "secondary" },
    { id: "close", label: "No thanks", action: { type: "dismiss" }, style: "link" },
    { id: "later", label: "Remind me, {{ user.attributes.first_name }}", action: { type: "custom", name: "remind", data: { in: "{{ event.properties.hours }}h", cart: "{{ event.properties.cart }}" } } },
  ];

  it("renders each action type: deep_link and url links, dismiss, custom with its name and data", () => {
    const content = render(inApp("modal", { title: "t", buttons }), ana, { cart: "c 1", hours: 2 });
    expect(content.buttons).toEqual([
      { id: "open-cart", label: "Cart", action: { type: "deep_link", url: "shop://cart/c%201" } },
      { id: "web", label: "Web", action: { type: "url", url: "https://shop.example/cart?c=c%201", newWindow: false }, style: "secondary" },
      { id: "close", label: "No thanks", action: { type: "dismiss" }, style: "link" },
      // A custom action's data is text: nothing URL-encoded, its name is kept as written.
      { id: "later", label: "Remind me, Ana", action: { type: "custom", name: "remind", data: { in: "2h", cart: "c 1" } } },
    ]);
  });

  it("a push carries up to three buttons, a tooltip and a thank-you screen theirs", () => {
    const push = render(onChannel("push", { title: "t", buttons: buttons.slice(0, 3) }), ana, { cart: "x" });
    expect(push.buttons?.map((button) => [button.id, button.action.type])).toEqual([
      ["open-cart", "deep_link"],
      ["web", "url"],
      ["close", "dismiss"],
    ]);
    const tooltip = render(inApp("tooltip", { body: "b", anchor: { screen: "cart" }, buttons: [buttons[3]!] }), ana, { cart: "x", hours: 1 });
    expect(tooltip.buttons).toEqual([{ id: "later", label: "Remind me, Ana", action: { type: "custom", name: "remind", data: { in: "1h", cart: "x" } } }]);
  });

  it("the whole message's action (a tap on it) renders like a button's", () => {
    expect(render(inApp("banner", { body: "b", action: { type: "url", url: "/orders/{{ event.properties.order }}" } }), ana, { order: "A/1" }).action).toEqual({ type: "url", url: "/orders/A%2F1" });
    expect(render(inApp("card", { body: "b", action: { type: "dismiss" } })).action).toEqual({ type: "dismiss" });
  });
});

describe("push, web push, email and SMS content", () => {
  it("a push renders every field: text as text, links encoded, numbers and flags as written", () => {
    const content = render(
      onChannel("push", {
        title: "{{ event.properties.product }} is back",
        subtitle: "Hi {{ user.attributes.first_name }}",
        body: "Only {{ event.properties.stock }} left",
        image: "https://cdn.example/p/{{ event.properties.sku }}.png",
        icon: "/icon.png",
        deepLink: "shop://product/{{ event.properties.sku }}",
        sound: "default",
        badge: 3,
        category: "RESTOCK",
        threadId: "restock-{{ event.properties.sku }}",
        collapseKey: "restock",
        timeSensitive: true,
        data: { sku: "{{ event.properties.sku }}" },
      }),
      ana,
      { product: "Red shoes", stock: 2, sku: "RS 42" },
    );
    expect(content).toEqual({
      title: "Red shoes is back",
      subtitle: "Hi Ana",
      body: "Only 2 left",
      image: "https://cdn.example/p/RS%2042.png",
      icon: "/icon.png",
      deepLink: "shop://product/RS%2042",
      sound: "default",
      badge: 3,
      category: "RESTOCK",
      threadId: "restock-RS 42",
      collapseKey: "restock",
      timeSensitive: true,
      data: { sku: "RS 42" },
    });
  });

  it("a background push (data, no title) is content too", () => {
    expect(render(onChannel("push", { data: { refresh: "inbox" } }))).toEqual({ data: { refresh: "inbox" } });
  });

  it("a web push, an email and an SMS render their fields", () => {
    const webUser = userOn("web", { consents: { web_push: { optedIn: true, tokens: [{ platform: "web", valid: true }] } } });
    expect(render(onChannel("web_push", { title: "Hi {{ user.attributes.first_name }}", icon: "https://cdn.example/i.png" }), webUser)).toEqual({ title: "Hi Ana", icon: "https://cdn.example/i.png" });
    expect(render(onChannel("email", { subject: "Hi {{ user.attributes.first_name }}", preheader: "Pre", html: "<p>Hi {{ user.attributes.first_name }}</p>", text: "Hi {{ user.attributes.first_name }}", data: { campaign: "c" } }))).toEqual({
      subject: "Hi Ana",
      preheader: "Pre",
      html: "<p>Hi Ana</p>",
      text: "Hi Ana",
      data: { campaign: "c" },
    });
    expect(render(onChannel("sms", { text: "Hi {{ user.attributes.first_name }}, code {{ event.properties.code }}" }), ana, { code: 1234 })).toEqual({ text: "Hi Ana, code 1234" });
  });

  it("each channel of a campaign gets its own content", () => {
    const engine = createEngine(oneCampaign({ channels: ["push", "email"], strategy: "all-eligible", content: { push: { title: "push" }, email: { subject: "email", text: "body" } } }));
    const decisions = engine.decide({ event: { name: TAP }, user: ana, now: NOW }).decisions;
    expect(Object.fromEntries(decisions.map((decision) => [decision.channel, decision.content]))).toEqual({ push: { title: "push" }, email: { subject: "email", text: "body" } });
  });
});

describe("per-platform variants", () => {
  const modal = inApp("modal", {
    title: "Free shipping on orders over 50 €, {{ user.attributes.first_name }}",
    body: "Ends Sunday",
    buttons: [{ id: "shop", label: "Shop now", action: { type: "url", url: "https://shop.example" } }],
    platforms: {
      ios: { title: "Free shipping, {{ user.attributes.first_name }}", buttons: [{ id: "shop", label: "Shop", action: { type: "deep_link", url: "shop://home" } }] },
      android: { body: "Ends Sun." },
    },
  });
  const engine = createEngine(modal);

  it("an iOS user gets the iOS fields over the campaign's; a web user gets the campaign's", () => {
    expect(contentFor(engine, userOn("ios"))).toEqual({ title: "Free shipping, Ana", body: "Ends Sunday", buttons: [{ id: "shop", label: "Shop", action: { type: "deep_link", url: "shop://home" } }] });
    const base = { title: "Free shipping on orders over 50 €, Ana", body: "Ends Sunday", buttons: [{ id: "shop", label: "Shop now", action: { type: "url", url: "https://shop.example" } }] };
    expect(contentFor(engine, userOn("web"))).toEqual(base);
    expect(contentFor(engine, userOn("desktop"))).toEqual(base);
    expect(contentFor(engine, userOn("android"))).toEqual({ ...base, body: "Ends Sun." });
  });

  it("a platform's fields replace whole fields (a list of buttons is not merged item by item)", () => {
    expect(contentFor(engine, userOn("ios")).buttons).toHaveLength(1);
    const twoButtons = createEngine(
      inApp("modal", {
        title: "t",
        buttons: [
          { id: "a", label: "A", action: { type: "dismiss" } },
          { id: "b", label: "B", action: { type: "dismiss" } },
        ],
        platforms: { ios: { buttons: [{ id: "c", label: "C", action: { type: "dismiss" } }] } },
      }),
    );
    expect(contentFor(twoButtons, userOn("ios")).buttons?.map((button) => button.id)).toEqual(["c"]);
    expect(contentFor(twoButtons, userOn("web")).buttons?.map((button) => button.id)).toEqual(["a", "b"]);
  });

  it("out of a session, the profile's platform picks a push's content; no platform at all gets the campaign's", () => {
    const push = createEngine(onChannel("push", { title: "Long title for everyone", platforms: { ios: { title: "Short" }, android: { title: "Droid" } } }));
    expect(contentFor(push, profileOn("ios"))).toEqual({ title: "Short" });
    expect(contentFor(push, profileOn("android"))).toEqual({ title: "Droid" });
    expect(contentFor(push, profileOn("web"))).toEqual({ title: "Long title for everyone" });
    expect(contentFor(push, profileOn(undefined))).toEqual({ title: "Long title for everyone" });
    // A platform the engine does not know reads as none.
    expect(contentFor(push, profileOn("watchos"))).toEqual({ title: "Long title for everyone" });
  });

  it("a push follows the user's device (their platform), an in-app message the session's", () => {
    const push = createEngine(onChannel("push", { title: "everyone", platforms: { ios: { title: "ios" }, web: { title: "web" } } }));
    expect(contentFor(push, userOn("web", { platform: "ios" }))).toEqual({ title: "ios" });
    expect(contentFor(push, userOn("ios", { platform: "web" }))).toEqual({ title: "web" });
    // Without a platform of their own, the session's.
    expect(contentFor(push, userOn("web"))).toEqual({ title: "web" });
    const banner = createEngine(inApp("banner", { title: "everyone", platforms: { ios: { title: "ios" }, web: { title: "web" } } }));
    expect(contentFor(banner, userOn("web", { platform: "ios" }))).toEqual({ title: "web" });
  });

  it("per-platform email and SMS copy", () => {
    const email = createEngine(onChannel("email", { subject: "Your order", html: "<p>Desktop</p>", platforms: { mobile_web: { html: "<p>Mobile</p>" } } }));
    expect(contentFor(email, profileOn("mobile_web"))).toEqual({ subject: "Your order", html: "<p>Mobile</p>" });
    expect(contentFor(email, profileOn("desktop"))).toEqual({ subject: "Your order", html: "<p>Desktop</p>" });
    const sms = createEngine(onChannel("sms", { text: "A long text for Android", platforms: { ios: { text: "Short" } } }));
    expect(contentFor(sms, profileOn("ios"))).toEqual({ text: "Short" });
    expect(contentFor(sms, profileOn("android"))).toEqual({ text: "A long text for Android" });
  });
});

describe("variant and platform precedence: campaign < campaign platform < variant < variant platform", () => {
  // Each field is set by the sources that name it; the one that wins says which.
  const push = {
    title: "campaign",
    subtitle: "campaign",
    body: "campaign",
    sound: "campaign",
    platforms: { ios: { title: "campaign-ios", subtitle: "campaign-ios", body: "campaign-ios" } },
  };
  const variant = { id: "v", content: { push: { title: "variant", body: "variant", platforms: { ios: { title: "variant-ios" } } } } };
  const engine = createEngine(onChannel("push", push, { experiment: { variants: [variant] } }));

  it("on iOS: the variant's iOS field, else the variant's, else the campaign's iOS, else the campaign's", () => {
    const decision = engine.decide({ event: { name: TAP }, user: userOn("ios"), now: NOW }).decisions[0];
    expect(decision?.variantId).toBe("v");
    expect(decision?.content).toEqual({ title: "variant-ios", body: "variant", subtitle: "campaign-ios", sound: "campaign" });
  });

  it("elsewhere: the variant's field, else the campaign's", () => {
    expect(contentFor(engine, userOn("web"))).toEqual({ title: "variant", body: "variant", subtitle: "campaign", sound: "campaign" });
    expect(contentFor(engine, userOn("android"))).toEqual({ title: "variant", body: "variant", subtitle: "campaign", sound: "campaign" });
  });

  it("a platform only the variant overrides gets a tree of its own", () => {
    const onlyVariant = createEngine(onChannel("push", { title: "campaign", body: "campaign" }, { experiment: { variants: [{ id: "v", content: { push: { platforms: { android: { body: "variant-android" } } } } }] } }));
    expect(contentFor(onlyVariant, userOn("android"))).toEqual({ title: "campaign", body: "variant-android" });
    expect(contentFor(onlyVariant, userOn("ios"))).toEqual({ title: "campaign", body: "campaign" });
  });

  it("each variant gets its own content, with the campaign's platform fields under it", () => {
    const experiment = {
      variants: [
        { id: "plain", content: { in_app: { body: "plain body" } } },
        { id: "bold", content: { in_app: { title: "BOLD", platforms: { ios: { title: "BOLD iOS" } } } } },
      ],
    };
    const twoVariants = createEngine(inApp("modal", { title: "title", body: "body", platforms: { ios: { body: "ios body" } } }, { experiment }));
    const seen = new Map<string, unknown>();
    for (let index = 0; index < 200 && seen.size < 4; index++) {
      for (const platform of ["ios", "web"]) {
        const decision = twoVariants.decide({ event: { name: TAP }, user: userOn(platform, { id: `user-${index}` }), now: NOW }).decisions[0]!;
        seen.set(`${decision.variantId} ${platform}`, decision.content);
      }
    }
    expect(Object.fromEntries(seen)).toEqual({
      "plain ios": { title: "title", body: "plain body" },
      "plain web": { title: "title", body: "plain body" },
      "bold ios": { title: "BOLD iOS", body: "ios body" },
      "bold web": { title: "BOLD", body: "body" },
    });
  });

  it("a variant can replace a structured field (the carousel's cards) as a whole", () => {
    const cards = (ids: string[]) => ids.map((id) => ({ id, title: id }));
    const carousel = createEngine(inApp("carousel", { cards: cards(["a", "b"]) }, { experiment: { variants: [{ id: "v", content: { in_app: { cards: cards(["c"]), platforms: { android: { cards: cards(["d", "e", "f"]) } } } } }] } }));
    expect(contentFor(carousel, userOn("ios")).cards).toEqual(cards(["c"]));
    expect(contentFor(carousel, userOn("android")).cards).toEqual(cards(["d", "e", "f"]));
  });
});

describe("content of delayed sends and journey messages", () => {
  it("a delayed campaign renders, when due, from the event that triggered it and the user's platform then", () => {
    const engine = createEngine(onChannel("push", { title: "{{ event.properties.p }}", deepLink: "shop://p/{{ event.properties.p }}", platforms: { android: { title: "Android {{ event.properties.p }}" } } }, { trigger: { event: TAP, delay: "1h" } }));
    const triggered = engine.decide({ event: { name: TAP, properties: { p: "a b" } }, user: ana, now: NOW });
    expect(triggered.decisions).toEqual([]);
    const history = applyRecords({}, triggered.records);
    const later = NOW + 3_600_000;
    expect(engine.due({ user: ana, history, now: later }).decisions.map((decision) => decision.content)).toEqual([{ title: "a b", deepLink: "shop://p/a%20b" }]);
    expect(engine.due({ user: userOn("android"), history, now: later }).decisions.map((decision) => decision.content)).toEqual([{ title: "Android a b", deepLink: "shop://p/a%20b" }]);
  });

  const journey = (message: Record<string, unknown>) => ({ campaigns: [], journeys: [{ id: "j", entry: { event: TAP }, start: "m", nodes: { m: { type: "message", ...message } } }] }) as unknown as EngineConfigInput;

  it("a journey's message step renders structured content, per platform, with unsafe links blanked", () => {
    const engine = createEngine(journey({ channels: ["push"], content: { push: { title: "all", deepLink: "{{ event.properties.u }}", buttons: [{ id: "go", label: "Go", action: { type: "url", url: "https://shop.example/{{ event.properties.u }}" } }], platforms: { ios: { title: "ios" } } } } }));
    const ios = engine.decide({ event: { name: TAP, properties: { u: "javascript:alert(1)" } }, user: ana, now: NOW }).decisions;
    expect(ios.map((decision) => decision.content)).toEqual([{ title: "ios", deepLink: "", buttons: [{ id: "go", label: "Go", action: { type: "url", url: "https://shop.example/javascript%3Aalert(1)" } }] }]);
    const web = engine.decide({ event: { name: TAP, properties: { u: "https://x" } }, user: userOn("web", { id: "u-web" }), now: NOW }).decisions;
    expect(web.map((decision) => decision.content)).toEqual([{ title: "all", deepLink: "https://x", buttons: [{ id: "go", label: "Go", action: { type: "url", url: "https://shop.example/https%3A%2F%2Fx" } }] }]);
  });

  it("a journey message's content problems are at its node's pointer", () => {
    expect(problemsOf(journey({ channels: ["in_app"], format: "modal", content: { in_app: { title: "t", cards: [{ id: "c", title: "x" }] } } }))).toEqual([
      { path: "/journeys/0/nodes/m/content/in_app/cards", message: "a modal has no cards (it is a field of carousel); it takes title, body, image, imageAlt, action, buttons, data" },
    ]);
  });
});
