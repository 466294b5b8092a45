/**
 * What toWebPush builds is what a browser takes: in headless Chromium (the system's), a service
 * worker reads each message's plaintext as a push handler would (`JSON.parse`, then
 * `showNotification(title, options)`), and the notification it shows has the message's title, body,
 * tag, buttons and data. A control (renotify without a tag) proves a rejection would be seen.
 * Without Chromium the tests are skipped with a warning, unless NUDGEKIT_REQUIRE_BROWSER=1 (CI).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toWebPush } from "../../src/delivery/index.js";
import { findChromium, launchChromium } from "../support/chromium.js";

const chromiumPath = findChromium();
if (chromiumPath === undefined) {
  if (process.env.NUDGEKIT_REQUIRE_BROWSER === "1") throw new Error("chromium is required (NUDGEKIT_REQUIRE_BROWSER=1) but not installed");
  console.warn("\n*** chromium is not installed: the Web Push browser test is SKIPPED here (CI runs it). apt-get install -y chromium ***\n");
}

/** The service worker: a push handler's work, driven by messages instead of a push service. */
const SERVICE_WORKER = `
self.addEventListener("message", async (event) => {
  try {
    const { title, options } = JSON.parse(event.data);
    await self.registration.showNotification(title, options);
    const shown = (await self.registration.getNotifications()).find((notification) => notification.title === title);
    for (const notification of await self.registration.getNotifications()) notification.close();
    event.source.postMessage({ ok: true, shown: { title: shown.title, body: shown.body, tag: shown.tag, icon: shown.icon, image: shown.image, renotify: shown.renotify, requireInteraction: shown.requireInteraction, actions: shown.actions.map((action) => ({ action: action.action, title: action.title })), data: shown.data } });
  } catch (error) {
    event.source.postMessage({ ok: false, error: String(error) });
  }
});`;
const PAGE = `<!doctype html><script>
window.show = async (payload) => {
  const registration = await navigator.serviceWorker.register("/sw.js");
  await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("message", (event) => resolve(event.data), { once: true });
    (registration.active ?? registration.waiting ?? registration.installing).postMessage(payload);
  });
};
</script>`;

describe.skipIf(chromiumPath === undefined)("toWebPush in Chromium: showNotification in a service worker", () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const show = (payload: string): Promise<{ ok: boolean; error?: string; shown?: Record<string, unknown> }> => page.evaluate((text) => (window as unknown as { show: (payload: string) => Promise<never> }).show(text), payload);

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader("content-type", request.url === "/sw.js" ? "text/javascript" : "text/html");
      response.end(request.url === "/sw.js" ? SERVICE_WORKER : PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(chromiumPath as string);
    const context = await browser.newContext();
    await context.grantPermissions(["notifications"], { origin });
    page = await context.newPage();
    await page.goto(`${origin}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("shows each message as built: title, body, tag, buttons, data", async () => {
    const messages = [
      toWebPush({ content: { title: "Back in stock 👟", body: "Your size is here", deepLink: "https://shop.example/p/42", collapseKey: "p42", badge: "2", sku: "42" } }, { renotify: true, requireInteraction: true, actions: [{ action: "buy", title: "Buy now" }, { action: "later", title: "Later" }] }),
      toWebPush({ content: { title: "Sale", body: "👨‍👩‍👧‍👦 ".repeat(2_000), icon: "https://shop.example/icon.png", image: "https://shop.example/sale.png" } }, { lang: "fr", dir: "ltr", silent: true }),
    ];
    for (const message of messages) {
      const result = await show(message.payload);
      expect(result).toMatchObject({ ok: true });
      const options = message.options as { body?: string; tag?: string; actions?: { action: string; title: string }[]; data?: unknown };
      expect(result.shown).toMatchObject({ title: message.title, body: options.body ?? "", tag: options.tag ?? "", actions: options.actions ?? [], data: options.data ?? null });
    }
    expect(messages[1]?.size.truncated).toEqual(["body"]);
  }, 60_000);

  it("would see a rejection: renotify without a tag (what toWebPush refuses) is refused by Chromium too", async () => {
    const result = await show(JSON.stringify({ title: "x", options: { renotify: true } }));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/TypeError/);
  }, 60_000);
});
