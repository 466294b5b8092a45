/**
 * Each field is escaped as the place it goes to needs: an email's `html` HTML-escapes values,
 * text fields (push, SMS, in-app, an email's subject and text) keep them as they are, links
 * URL-encode values written into them (not a value that starts the link, nor one `url_encode`
 * encoded already), and a link that renders to an unsafe scheme renders "". `data` fields are
 * the app's text, whatever their names; ids and choices are literals, never templates.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/engine/index.js";
import { contentFor, inApp, onChannel, reachableUser, render, userOn } from "./content-support.js";

const HOSTILE_NAME = `<img src=x onerror="alert(1)"> & 'Al'`;
const user = reachableUser({ attributes: { first_name: HOSTILE_NAME } });

describe("HTML escaping: an email's html only", () => {
  const email = createEngine(
    onChannel("email", {
      subject: "Hi {{ user.attributes.first_name }}",
      preheader: "For {{ user.attributes.first_name }}",
      html: '<p title="{{ user.attributes.first_name }}">Hi <b>{{ user.attributes.first_name }}</b> {{ "<3" }}</p>',
      text: "Hi {{ user.attributes.first_name }}",
      data: { name: "{{ user.attributes.first_name }}" },
    }),
  );

  it("values in the html are HTML-escaped, the template's own markup is kept", () => {
    expect(contentFor(email, user).html).toBe('<p title="&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#39;Al&#39;">Hi <b>&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#39;Al&#39;</b> &lt;3</p>');
  });

  it("the subject, preheader, plain text and data of an email are text", () => {
    expect(contentFor(email, user)).toMatchObject({ subject: `Hi ${HOSTILE_NAME}`, preheader: `For ${HOSTILE_NAME}`, text: `Hi ${HOSTILE_NAME}`, data: { name: HOSTILE_NAME } });
  });

  it("a platform's or a variant's html is escaped too", () => {
    const perPlatform = createEngine(onChannel("email", { subject: "s", text: "t", platforms: { ios: { html: "<p>{{ user.attributes.first_name }}</p>" } } }, { experiment: { variants: [{ id: "v", content: { email: { platforms: { android: { html: "<i>{{ user.attributes.first_name }}</i>" } } } } }] } }));
    expect(contentFor(perPlatform, { ...user, platform: "ios", session: undefined }).html).toBe("<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#39;Al&#39;</p>");
    expect(contentFor(perPlatform, { ...user, platform: "android", session: undefined }).html).toBe("<i>&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &#39;Al&#39;</i>");
  });

  it("push, SMS and in-app text is never escaped", () => {
    expect(render(onChannel("push", { title: "{{ user.attributes.first_name }}", body: "<b>{{ event.properties.x }}</b>" }), user, { x: "a&b" })).toEqual({ title: HOSTILE_NAME, body: "<b>a&b</b>" });
    expect(render(onChannel("sms", { text: "{{ user.attributes.first_name }}" }), user)).toEqual({ text: HOSTILE_NAME });
    const modal = render(inApp("modal", { title: "{{ user.attributes.first_name }}", buttons: [{ id: "b", label: "{{ user.attributes.first_name }}", action: { type: "dismiss" } }] }), user);
    expect(modal).toEqual({ title: HOSTILE_NAME, buttons: [{ id: "b", label: HOSTILE_NAME, action: { type: "dismiss" } }] });
  });
});

describe("URL encoding in links", () => {
  const query = "red shoes & bags/?#=+%é";

  it("values written into a link are URL-encoded", () => {
    const push = render(onChannel("push", { title: "t", deepLink: "shop://search?q={{ event.properties.q }}&ref={{ user.attributes.first_name }}" }), reachableUser(), { q: query });
    expect(push.deepLink).toBe(`shop://search?q=${encodeURIComponent(query)}&ref=Ana`);
    expect(push.deepLink).toBe("shop://search?q=red%20shoes%20%26%20bags%2F%3F%23%3D%2B%25%C3%A9&ref=Ana");
  });

  it("a value that url_encode encoded is not encoded again", () => {
    const push = render(onChannel("push", { title: "t", deepLink: "https://shop.example/search?q={{ event.properties.q | url_encode }}" }), reachableUser(), { q: query });
    expect(push.deepLink).toBe("https://shop.example/search?q=red+shoes+%26+bags%2F%3F%23%3D%2B%25%C3%A9");
    // Text that the template writes is kept as written.
    expect(render(onChannel("push", { title: "t", deepLink: "https://shop.example/a b?x={{ event.properties.q | downcase }}" }), reachableUser(), { q: "A B" }).deepLink).toBe("https://shop.example/a b?x=a%20b");
  });

  it("every link field encodes: images, icons, deep links, actions of messages, buttons and cards, tour steps' images", () => {
    const props = { p: "a b" };
    const push = render(onChannel("push", { title: "{{ event.properties.p }}", image: "https://cdn/{{ event.properties.p }}", icon: "/i/{{ event.properties.p }}", deepLink: "shop://{{ event.properties.p }}" }), reachableUser(), props);
    expect(push).toEqual({ title: "a b", image: "https://cdn/a%20b", icon: "/i/a%20b", deepLink: "shop://a%20b" });
    const carousel = render(
      inApp("carousel", { cards: [{ id: "c", title: "{{ event.properties.p }}", image: "/c/{{ event.properties.p }}", action: { type: "url", url: "/u/{{ event.properties.p }}" }, button: { id: "b", label: "x", action: { type: "deep_link", url: "shop://b/{{ event.properties.p }}" } } }] }),
      reachableUser(),
      props,
    );
    expect(carousel.cards).toEqual([{ id: "c", title: "a b", image: "/c/a%20b", action: { type: "url", url: "/u/a%20b" }, button: { id: "b", label: "x", action: { type: "deep_link", url: "shop://b/a%20b" } } }]);
    const tour = render(inApp("product_tour", { steps: [{ id: "s", anchor: { screen: "home" }, body: "b", image: "/s/{{ event.properties.p }}" }] }), userOn("web"), props);
    expect(tour.steps?.[0]?.image).toBe("/s/a%20b");
    const modal = render(inApp("modal", { title: "t", image: "/m/{{ event.properties.p }}", action: { type: "url", url: "#{{ event.properties.p }}" } }), reachableUser(), props);
    expect(modal).toMatchObject({ image: "/m/a%20b", action: { type: "url", url: "#a%20b" } });
  });

  it("a lone surrogate in a value is encoded as the replacement character, never thrown on", () => {
    expect(render(onChannel("push", { title: "t", deepLink: "shop://p/{{ event.properties.p }}" }), reachableUser(), { p: "a\ud800b" }).deepLink).toBe("shop://p/a%EF%BF%BDb");
  });
});

describe("a link read whole from data", () => {
  const engine = createEngine(onChannel("push", { title: "t", deepLink: "{{ event.properties.url }}", image: "{{ event.properties.url }}?w=200" }));
  const deepLink = (url: unknown) => contentFor(engine, reachableUser(), { url });

  it("keeps the value as it is (it is the link)", () => {
    expect(deepLink("https://shop.example/p?id=1&x=a b")).toEqual({ title: "t", deepLink: "https://shop.example/p?id=1&x=a b", image: "https://shop.example/p?id=1&x=a b?w=200" });
    expect(deepLink("shop://cart").deepLink).toBe("shop://cart");
    expect(deepLink("/relative/path").deepLink).toBe("/relative/path");
    expect(deepLink("mailto:a@b.example").deepLink).toBe("mailto:a@b.example");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\t\tjavascript:alert(1)",
    " \t\n javascript:alert(1)",
    "\u0000\u001fjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript\r:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "file:///etc/passwd",
    "blob:https://shop.example/0b9f",
  ])("renders %j as an empty link", (url) => {
    expect(deepLink(url)).toEqual({ title: "t", deepLink: "", image: "" });
  });

  it("an unsafe link assembled from several values or with text after it renders empty too", () => {
    const assembled = createEngine(onChannel("push", { title: "t", deepLink: "{{ event.properties.a }}{{ event.properties.b }}:alert(1)" }));
    expect(contentFor(assembled, reachableUser(), { a: "java", b: "script" }).deepLink).toBe("");
    // The second value is encoded: its ":" cannot make a scheme.
    expect(contentFor(assembled, reachableUser(), { a: "javascript", b: ":x" }).deepLink).toBe("javascript%3Ax:alert(1)");
    const filtered = createEngine(onChannel("push", { title: "t", deepLink: '{{ event.properties.a | prepend: "java" | append: event.properties.b }}' }));
    expect(contentFor(filtered, reachableUser(), { a: "script", b: ":alert(1)" }).deepLink).toBe("");
    expect(contentFor(filtered, reachableUser(), { a: "-app", b: "://x" }).deepLink).toBe("java-app://x");
  });

  it("a literal unsafe link in an output, which the config check cannot see, renders empty", () => {
    expect(render(onChannel("push", { title: "t", deepLink: '{{ "javascript:alert(1)" }}' })).deepLink).toBe("");
    expect(render(onChannel("push", { title: "t", deepLink: '{{ event.properties.missing | default: "data:text/html,x" }}' })).deepLink).toBe("");
  });

  it("in-app links, buttons and cards read from data are checked the same way", () => {
    const modal = createEngine(inApp("modal", { title: "t", image: "{{ event.properties.url }}", action: { type: "url", url: "{{ event.properties.url }}" }, buttons: [{ id: "b", label: "b", action: { type: "deep_link", url: "{{ event.properties.url }}" } }] }));
    expect(contentFor(modal, reachableUser(), { url: " JaVaScRiPt:alert(document.cookie)" })).toEqual({ title: "t", image: "", action: { type: "url", url: "" }, buttons: [{ id: "b", label: "b", action: { type: "deep_link", url: "" } }] });
    expect(contentFor(modal, reachableUser(), { url: "https://ok.example" })).toMatchObject({ image: "https://ok.example", action: { url: "https://ok.example" } });
  });
});

describe("data fields are the app's text; ids and choices are literals", () => {
  it("data fields named url, id, type or name are text templates, not links or literals", () => {
    const content = render(
      onChannel("push", { title: "t", data: { url: "https://shop.example/?q={{ event.properties.q }}", id: "{{ event.properties.id }}", type: "{{ event.properties.kind }}", name: "{{ user.attributes.first_name }}", image: "{{ event.properties.q }}" } }),
      reachableUser(),
      { q: "a b&c", id: 42, kind: "promo" },
    );
    expect(content.data).toEqual({ url: "https://shop.example/?q=a b&c", id: "42", type: "promo", name: "Ana", image: "a b&c" });
  });

  it("a data url is the app's: not checked for schemes (it is not opened as a link by the engine)", () => {
    expect(render(onChannel("push", { title: "t", data: { url: "{{ event.properties.u }}" } }), reachableUser(), { u: "javascript:alert(1)" }).data).toEqual({ url: "javascript:alert(1)" });
  });

  it("a custom action's data is text too, in buttons and cards", () => {
    const content = render(
      inApp("carousel", { cards: [{ id: "c", title: "t", action: { type: "custom", name: "open", data: { url: "/x?q={{ event.properties.q }}", id: "{{ event.properties.q }}" } } }] }),
      reachableUser(),
      { q: "a b" },
    );
    expect(content.cards?.[0]?.action).toEqual({ type: "custom", name: "open", data: { url: "/x?q=a b", id: "a b" } });
  });

  it("ids, types, styles, names, placements, selectors and screens are kept as written, never rendered", () => {
    const content = render(
      inApp("tooltip", {
        title: "t",
        anchor: { selector: "[data-id='{{ event.properties.id }}']" },
        placement: "left",
        buttons: [{ id: "b.1:x-y_z", label: "l", style: "primary", action: { type: "custom", name: "tour.next" } }],
      }),
      reachableUser(),
      { id: "x", b: "y" },
    );
    expect(content).toEqual({ title: "t", anchor: { selector: "[data-id='{{ event.properties.id }}']" }, placement: "left", buttons: [{ id: "b.1:x-y_z", label: "l", style: "primary", action: { type: "custom", name: "tour.next" } }] });
  });
});
