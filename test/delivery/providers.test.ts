/**
 * The payload builders against the providers' own code: firebase-admin's message validation (which
 * rewrites a firebase-admin message into the HTTP v1 body it sends) and @parse/node-apn's
 * Notification (which compiles the APNs payload and headers), both dev dependencies; and what each
 * provider rejects.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DeliveryError, PayloadTooLargeError, toApns, toFcm, toWebPush, type ApnsOptions } from "../../src/delivery/index.js";

const require = createRequire(import.meta.url);
/** firebase-admin's own check of a message (internal: the one `send` runs before any request). */
const { validateMessage } = require(join(dirname(require.resolve("firebase-admin")), "messaging", "messaging-internal.js")) as { validateMessage: (message: unknown) => void };
const apn = require("@parse/node-apn") as { Notification: new () => Record<string, unknown> & { compile(): string; headers(): Record<string, unknown> } };

const problemCodes = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof DeliveryError) return error.problems.map((problem) => `${problem.path} ${problem.code}`);
    throw error;
  }
  return [];
};

const word = fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/);
const text = fc.string({ minLength: 1, maxLength: 40, unit: fc.constantFrom("a", "é", "漢", "👍🏽", "👨‍👩‍👧", " ", "e\u0301", "\"", "\\") });
const content = fc.record(
  {
    title: text,
    subtitle: text,
    body: text,
    image: fc.constantFrom("https://cdn.shop.example/a.png", "http://img.example/b.jpg"),
    deepLink: fc.constantFrom("shop://cart", "https://shop.example/p/42"),
    sound: fc.constantFrom("default", "chime.caf"),
    badge: fc.integer({ min: 0, max: 99 }).map(String),
    category: fc.constantFrom("CART", "REPLY"),
    threadId: fc.constantFrom("orders", "t-1"),
    collapseKey: fc.constantFrom("cart", "k"),
    // What the engine renders from a config's push content: buttons, the time-sensitive flag, data.
    buttons: fc.array(fc.record({ id: word, label: text, action: fc.constantFrom({ type: "dismiss" as const }, { type: "deep_link" as const, url: "shop://cart" }, { type: "url" as const, url: "https://shop.example/sale" }, { type: "custom" as const, name: "snooze" }) }), { minLength: 1, maxLength: 3 }),
    timeSensitive: fc.boolean(),
    data: fc.dictionary(fc.stringMatching(/^x[a-z0-9]{0,6}$/), text, { maxKeys: 3 }),
    extra: fc.dictionary(word.filter((key) => !["title", "subtitle", "body", "image", "icon", "deepLink", "sound", "badge", "category", "threadId", "collapseKey", "buttons", "timeSensitive", "data", "from", "aps"].includes(key) && !key.startsWith("g") && !key.startsWith("x")), text, { maxKeys: 3 }),
  },
  { requiredKeys: ["title"] },
).map(({ extra, ...fields }) => ({ ...extra, ...fields }));

describe("toFcm", () => {
  it("gives the HTTP v1 body firebase-admin would send for its own message (validateMessage accepts it and rewrites it into `message`)", () => {
    fc.assert(
      fc.property(content, fc.record({ ttlMs: fc.option(fc.integer({ min: 0, max: 2_419_200_000 }), { nil: undefined }), priority: fc.option(fc.constantFrom("high" as const, "normal" as const), { nil: undefined }), color: fc.option(fc.constantFrom("#FF0000", "#00aa11"), { nil: undefined }), channelId: fc.option(fc.constantFrom("offers"), { nil: undefined }), analyticsLabel: fc.option(fc.constantFrom("cart"), { nil: undefined }) }), (fields, options) => {
        const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
        const fcm = toFcm({ content: fields }, { token: "registration-token" }, defined);
        const admin = structuredClone(fcm.adminMessage);
        validateMessage(admin);
        expect(admin).toEqual(fcm.message);
      }),
      { numRuns: 500 },
    );
  });

  it("refuses what FCM rejects, with each problem's path and code", () => {
    expect(problemCodes(() => toFcm({ content: { title: "t", from: "x", "google.x": "y", gcm_id: "z" } }, { token: "t" }))).toEqual(["/content/from reserved-key", "/content/google.x reserved-key", "/content/gcm_id reserved-key"]);
    expect(problemCodes(() => toFcm({ content: { title: "t" } }, { token: "a", topic: "b" } as never))).toEqual(["/target target"]);
    expect(problemCodes(() => toFcm({ content: { body: "no title", image: "ftp://x" } }, { topic: "news flash" }, { color: "red", ttlMs: 29 * 86_400_000 }))).toEqual([
      "/content/title missing",
      "/target/topic not-allowed",
      "/content/image not-a-url",
      "/options/ttlMs out-of-range",
      "/options/color not-a-color",
    ]);
  });
});

describe("toApns", () => {
  it("gives the payload and headers @parse/node-apn compiles for the same notification", () => {
    fc.assert(
      fc.property(content, fc.record({ interruptionLevel: fc.option(fc.constantFrom("passive" as const, "active" as const, "time-sensitive" as const, "critical" as const), { nil: undefined }), relevanceScore: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), expiration: fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined }) }), (fields, options) => {
        const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ApnsOptions;
        const request = toApns({ content: fields }, { topic: "com.shop.app" }, defined);
        const note = new apn.Notification();
        note["title"] = fields.title;
        if (fields.subtitle !== undefined) note["subtitle"] = fields.subtitle;
        if (fields.body !== undefined) note["body"] = fields.body;
        if (fields.badge !== undefined) note["badge"] = Number(fields.badge);
        if (fields.sound !== undefined) note["sound"] = fields.sound;
        if (fields.category !== undefined) note["category"] = fields.category;
        if (fields.threadId !== undefined) note["threadId"] = fields.threadId;
        if (fields.image !== undefined) note["mutableContent"] = true;
        const level = defined.interruptionLevel ?? (fields.timeSensitive === true ? "time-sensitive" : undefined);
        if (level !== undefined) note["interruptionLevel"] = level;
        if (defined.relevanceScore !== undefined) note["relevanceScore"] = defined.relevanceScore;
        const { title: _t, subtitle: _s, body: _b, badge: _badge, sound: _sound, category: _c, threadId: _th, collapseKey: _k, timeSensitive: _ts, image, deepLink, buttons, data: own, ...data } = fields;
        note["payload"] = { ...(image === undefined ? {} : { image }), ...(deepLink === undefined ? {} : { deepLink }), ...(buttons === undefined ? {} : { buttons }), ...own, ...data };
        note["topic"] = "com.shop.app";
        note["pushType"] = "alert";
        if (fields.collapseKey !== undefined) note["collapseId"] = fields.collapseKey;
        if (defined.expiration !== undefined) note["expiry"] = defined.expiration;
        expect(JSON.parse(request.body)).toEqual(JSON.parse(note.compile()));
        expect(request.headers).toEqual(Object.fromEntries(Object.entries(note.headers()).map(([name, value]) => [name, String(value)])));
        expect(request.size.bytes).toBe(Buffer.byteLength(request.body));
      }),
      { numRuns: 500 },
    );
  });

  it("sends a silent push without an alert at priority 5, and a VoIP push to the .voip topic with its larger budget", () => {
    const silent = toApns({ content: { refresh: "orders" } }, { topic: "com.shop.app" }, { pushType: "background" });
    expect(silent.headers).toEqual({ "apns-push-type": "background", "apns-priority": "5", "apns-topic": "com.shop.app" });
    expect(JSON.parse(silent.body)).toEqual({ aps: { "content-available": 1 }, refresh: "orders" });
    const voip = toApns({ content: { title: "Call", body: "x".repeat(6_000) } }, { topic: "com.shop.app" }, { pushType: "voip" });
    expect(voip.headers["apns-topic"]).toBe("com.shop.app.voip");
    expect(voip.size).toMatchObject({ budget: 5_120, truncated: ["body"] });
    expect(voip.size.bytes).toBeGreaterThan(4_096);
  });

  it("refuses what APNs rejects, with each problem's path and code", () => {
    expect(problemCodes(() => toApns({ content: { title: "t", collapseKey: "k".repeat(65), aps: "x" } }, { topic: "" }, { priority: 7 as never, interruptionLevel: "loud" as never, relevanceScore: 2 }))).toEqual([
      "/target/topic missing",
      "/options/priority not-allowed",
      "/options/interruptionLevel not-allowed",
      "/options/relevanceScore out-of-range",
      "/content/collapseKey too-long",
      "/content/aps reserved-key",
    ]);
    expect(problemCodes(() => toApns({ content: {} }, { topic: "t" }, { pushType: "background", priority: 10 }))).toEqual(["/options/priority background-priority"]);
    expect(problemCodes(() => toApns({ content: { title: "t", badge: "-1" } }, { topic: "t" }))).toEqual(["/content/badge not-a-count"]);
  });

  it("cuts the body, then the subtitle, then marked data; and says when what may not be cut is over the budget alone", () => {
    const long = { title: "Order", subtitle: "s".repeat(300), body: "b".repeat(300), note: "n".repeat(300) };
    expect(toApns({ content: long }, { topic: "t" }, { budget: 700, truncatableData: ["note"] }).size).toMatchObject({ truncated: ["body"], dropped: [] });
    expect(toApns({ content: long }, { topic: "t" }, { budget: 400, truncatableData: ["note"] }).size).toMatchObject({ truncated: ["subtitle"], dropped: ["body"] });
    expect(toApns({ content: long }, { topic: "t" }, { budget: 200, truncatableData: ["note"] }).size).toMatchObject({ truncated: ["data.note"], dropped: ["body", "subtitle"] });
    expect(() => toApns({ content: long }, { topic: "t" }, { budget: 200 })).toThrow(PayloadTooLargeError);
    expect(() => toApns({ content: { title: "T".repeat(5_000) } }, { topic: "t" })).toThrow(/APNs payload: 5\d{3} bytes without the parts that may be cut, over the budget of 4096 bytes/);
  });
});

describe("toWebPush", () => {
  it("gives showNotification's options and the message a service worker reads, or the declarative form", () => {
    const push = toWebPush({ content: { title: "Back in stock", body: "Your size", icon: "https://shop.example/i.png", deepLink: "https://shop.example/p/42", threadId: "p42", badge: "3", sku: "42" } }, { renotify: true, actions: [{ action: "buy", title: "Buy now" }] });
    expect(push.options).toEqual({ body: "Your size", icon: "https://shop.example/i.png", tag: "p42", renotify: true, actions: [{ action: "buy", title: "Buy now" }], data: { deepLink: "https://shop.example/p/42", appBadge: 3, sku: "42" } });
    expect(JSON.parse(push.payload)).toEqual({ title: "Back in stock", options: push.options });
    const declarative = toWebPush({ content: { title: "Back in stock", deepLink: "https://shop.example/p/42", badge: "3" } }, { format: "declarative" });
    expect(JSON.parse(declarative.payload)).toEqual({ web_push: 8030, notification: { title: "Back in stock", navigate: "https://shop.example/p/42" }, app_badge: "3" });
  });

  it("shows the content's buttons as actions, as many as maxActions allows, and tells the service worker what each does", () => {
    const buttons = [
      { id: "add", label: "Add 2 for 3", action: { type: "url", url: "https://shop.example/drinks" } },
      { id: "later", label: "Not now", action: { type: "dismiss" } },
      { id: "more", label: "More", action: { type: "deep_link", url: "shop://more" } },
    ];
    const push = toWebPush({ content: { title: "Thirsty?", deepLink: "https://shop.example/cart", buttons, timeSensitive: true, data: { offer: "2for3" } } });
    expect(push.options).toEqual({ actions: [{ action: "add", title: "Add 2 for 3" }, { action: "later", title: "Not now" }], data: { deepLink: "https://shop.example/cart", buttons, offer: "2for3" } });
    const declarative = toWebPush({ content: { title: "Thirsty?", deepLink: "https://shop.example/cart", buttons } }, { format: "declarative", maxActions: 3 });
    // A declarative button opens its link: "Not now" (dismiss) and the app link are left out, not sent to the deep link.
    expect((JSON.parse(declarative.payload) as { notification: { actions: unknown } }).notification.actions).toEqual([{ action: "add", title: "Add 2 for 3", navigate: "https://shop.example/drinks" }]);
    expect(problemCodes(() => toWebPush({ content: { title: "t", buttons: [{ id: "a", label: "A", action: { type: "url" } }, "x"], timeSensitive: "yes", data: { buttons: "mine" } } }))).toEqual([
      "/content/timeSensitive not-a-boolean",
      "/content/buttons/0/action/url missing",
      "/content/buttons/1 not-a-button",
      "/content/data/buttons reserved-key",
    ]);
    // A problem points where the data field was written: in `data`, or at the top of hand-written content.
    expect(problemCodes(() => toFcm({ content: { title: "t", from: "x", data: { gcm_x: "y" } } }, { token: "t" }))).toEqual(["/content/data/gcm_x reserved-key", "/content/from reserved-key"]);
  });

  it("refuses what browsers reject", () => {
    expect(problemCodes(() => toWebPush({ content: { title: "t", image: "data:x" } }, { renotify: true, actions: [{ action: "a", title: "A" }, { action: "b", title: "B" }, { action: "", title: "C" }], format: "declarative" }))).toEqual([
      "/options/renotify renotify-without-tag",
      "/options/actions too-many-actions",
      "/options/actions/2 missing",
      "/content/image not-a-url",
      "/content/deepLink navigate-required",
      "/options/renotify not-in-declarative",
      "/content/image not-in-declarative",
    ]);
  });
});

describe("review fixes", () => {
  it("links the web only to an https deep link, strips /topics/ as firebase-admin does, and bounds the collapse key APNs gets", () => {
    expect(toFcm({ content: { title: "T", deepLink: "http://shop.example/x" } }, { token: "t" }).message).not.toHaveProperty("webpush");
    const topic = toFcm({ content: { title: "T" } }, { topic: "/topics/news" });
    expect(topic.message.topic).toBe("news");
    const admin = structuredClone({ ...topic.adminMessage, topic: "/topics/news" });
    validateMessage(admin);
    expect(admin).toEqual(topic.message);
    expect(problemCodes(() => toFcm({ content: { title: "T", collapseKey: "k".repeat(65) } }, { token: "t" }))).toEqual(["/content/collapseKey too-long"]);
  });

  it("refuses what a declarative message cannot carry, and data that is not JSON, instead of dropping or throwing", () => {
    expect(problemCodes(() => toWebPush({ content: { title: "T", deepLink: "https://shop.example", image: "https://shop.example/i.png" } }, { format: "declarative", requireInteraction: true }))).toEqual(["/options/requireInteraction not-in-declarative", "/content/image not-in-declarative"]);
    const cyclic: Record<string, unknown> = { title: "T" };
    cyclic["loop"] = cyclic;
    expect(problemCodes(() => toApns({ content: cyclic }, { topic: "t" }))).toEqual(["/content/loop not-json"]);
    expect(problemCodes(() => toFcm({ content: { title: "T", big: 10n } }, { token: "t" }))).toEqual(["/content/big not-json"]);
  });

  it("cuts a very long body without splitting all of it into graphemes", () => {
    const push = toWebPush({ content: { title: "T", body: "👍🏽a".repeat(60_000) } });
    expect(push.size).toMatchObject({ truncated: ["body"] });
    expect(push.size.bytes).toBeLessThanOrEqual(3_993);
    expect((push.options.body as string).endsWith("👍🏽…") || (push.options.body as string).endsWith("a…")).toBe(true);
  });
});
