/**
 * `npm run bench:delivery` — building provider payloads for 1,000 seeded pushes (titles, bodies
 * with emoji and accents, a deep link, an image, data): `toApns` against @parse/node-apn's
 * Notification compiling the same payload (no budget, no cut), `toFcm` against firebase-admin's own
 * message check (`validateMessage`, what `send` runs), and `toWebPush`; then the same builders when
 * a quarter of the bodies are long enough to be cut on grapheme boundaries. Prints payloads per
 * second and the ratios. `--write-docs` rewrites the delivery section of docs/benchmarks.md.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import seedrandom from "seedrandom";
import { Bench } from "tinybench";
import { toApns, toFcm, toWebPush } from "../src/delivery/index.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription, operationsPerSecond } from "./support/run-facts.js";

const require = createRequire(import.meta.url);
const { validateMessage } = require(join(dirname(require.resolve("firebase-admin")), "messaging", "messaging-internal.js")) as { validateMessage: (message: unknown) => void };
const apn = require("@parse/node-apn") as { Notification: new () => Record<string, unknown> & { compile(): string } };

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500);
const random = seedrandom("nudgekit-delivery-bench");
const words = ["cart", "waiting", "10% off", "today", "Élodie", "👍🏽", "新品", "free delivery", "🧺", "your order"];
const sentence = (count: number): string => Array.from({ length: count }, () => words[Math.floor(random() * words.length)]).join(" ");
const pushes = (longShare: number) =>
  Array.from({ length: 1_000 }, (_, index) => ({
    content: {
      title: sentence(4),
      body: random() < longShare ? sentence(1_500) : sentence(20),
      deepLink: `shop://cart?item=${index}`,
      image: "https://cdn.shop.example/item.png",
      promo: "CART10",
    },
  }));
const typical = pushes(0);
const long = pushes(0.25);

function nodeApn(push: (typeof typical)[number]): string {
  const note = new apn.Notification();
  note["title"] = push.content.title;
  note["body"] = push.content.body;
  note["mutableContent"] = true;
  note["payload"] = { image: push.content.image, deepLink: push.content.deepLink, promo: push.content.promo };
  note["topic"] = "com.shop.app";
  return note.compile();
}

const bench = new Bench({ time: TIME_MS });
let sink = 0;
const batch = (name: string, list: typeof typical, build: (push: (typeof typical)[number]) => number): void => {
  bench.add(name, () => {
    for (const push of list) sink += build(push);
  });
};
batch("toApns", typical, (push) => toApns(push, { topic: "com.shop.app" }).body.length);
batch("@parse/node-apn Notification.compile", typical, (push) => nodeApn(push).length);
batch("toFcm", typical, (push) => toFcm(push, { token: "token" }).size.bytes);
batch("firebase-admin validateMessage", typical, (push) => {
  const message = { token: "token", notification: { title: push.content.title, body: push.content.body, imageUrl: push.content.image }, data: { deepLink: push.content.deepLink, promo: push.content.promo }, android: { priority: "high" as const }, apns: { payload: { aps: { mutableContent: true } }, fcmOptions: { imageUrl: push.content.image } } };
  validateMessage(message);
  return 1;
});
batch("toWebPush", typical, (push) => toWebPush(push).payload.length);
batch("toApns, a quarter cut to fit", long, (push) => toApns(push, { topic: "com.shop.app" }).body.length);
batch("toFcm, a quarter cut to fit", long, (push) => toFcm(push, { token: "token" }).size.bytes);
batch("toWebPush, a quarter cut to fit", long, (push) => toWebPush(push).payload.length);
await bench.run();

const rate = (name: string): number => operationsPerSecond(bench, name, 1_000);
const rows: [string, number, string][] = [
  ["toApns", rate("toApns"), `${(rate("toApns") / rate("@parse/node-apn Notification.compile")).toFixed(2)}× node-apn`],
  ["@parse/node-apn Notification.compile (no budget, no checks)", rate("@parse/node-apn Notification.compile"), "1.00×"],
  ["toFcm (two spellings, budget, checks)", rate("toFcm"), `${(rate("toFcm") / rate("firebase-admin validateMessage")).toFixed(2)}× firebase-admin`],
  ["firebase-admin validateMessage (the check alone)", rate("firebase-admin validateMessage"), "1.00×"],
  ["toWebPush", rate("toWebPush"), ""],
  ["toApns, a quarter of the bodies cut to fit", rate("toApns, a quarter cut to fit"), `${(rate("toApns, a quarter cut to fit") / rate("toApns")).toFixed(2)}× uncut`],
  ["toFcm, a quarter cut to fit", rate("toFcm, a quarter cut to fit"), `${(rate("toFcm, a quarter cut to fit") / rate("toFcm")).toFixed(2)}× uncut`],
  ["toWebPush, a quarter cut to fit", rate("toWebPush, a quarter cut to fit"), `${(rate("toWebPush, a quarter cut to fit") / rate("toWebPush")).toFixed(2)}× uncut`],
];
const lines = [
  "Payloads for 1,000 seeded pushes (title, body with emoji and accents, deep link, image, data); long bodies: about 10 KB each:",
  "| what | payloads/s | ratio |",
  "|:--|--:|--:|",
  ...rows.map(([name, value, ratio]) => `| ${name} | ${Math.round(value).toLocaleString("en-US")} | ${ratio} |`),
];
console.log(lines.join("\n"));
if (sink === 0) console.log("(nothing built)");
if (process.argv.includes("--write-docs")) writeBenchmarkSection("delivery", [`Run: ${machineDescription()}.`, "", ...lines].join("\n"));
