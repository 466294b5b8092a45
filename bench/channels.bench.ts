/**
 * `npm run bench:channels` — `chooseChannel` on 1,000 seeded users (varied sessions, consents,
 * tokens, preferences, engagement): first-eligible and best-engagement without caps, first-eligible
 * asking caps (10 rules, a 200-delivery history), and an all-eligible fan-out with caps; against a
 * do-it-yourself first-eligible choice that reads the same fields with plain property access and asks
 * checkCaps for the channel it picks. Both must agree on every user before timing. `--write-docs`
 * rewrites the channels section of docs/benchmarks.md.
 */
import seedrandom from "seedrandom";
import { Bench } from "tinybench";
import { checkCaps, compileCapPolicy } from "../src/caps/index.js";
import { chooseChannel, compileChannelCampaign, type Channel } from "../src/channels/index.js";
import { BENCH_CAP_POLICY, benchHistory } from "./support/cap-policy-fixture.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription, operationsPerSecond } from "./support/run-facts.js";

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500);
const ZONE = "Europe/Paris";
const NOON = Date.parse("2026-11-23T12:00:00Z");
const random = seedrandom("nudgekit-channels-bench");
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number): boolean => random() < p;

const users = Array.from({ length: 1_000 }, () => ({
  timeZone: pick([ZONE, "America/New_York", "Asia/Kolkata"]),
  session: { active: chance(0.3), platform: pick(["ios", "android", "web"]), id: "s" },
  consents: {
    push: { optedIn: chance(0.6), tokens: chance(0.9) ? [{ platform: pick(["ios", "android"]) }] : [] },
    email: { optedIn: chance(0.7), verified: chance(0.8), bounced: chance(0.05) },
    sms: { optedIn: chance(0.2), verified: chance(0.9) },
  },
  preferences: chance(0.2) ? { channels: { [pick(["push", "email", "sms"])]: false } } : {},
  engagement: { push: { sent: Math.floor(random() * 40), engaged: Math.floor(random() * 5) }, email: { sent: Math.floor(random() * 40), engaged: Math.floor(random() * 8) } },
}));

const capPolicy = compileCapPolicy(BENCH_CAP_POLICY);
const history = benchHistory(NOON);
const caps = { policy: capPolicy, history };
const order: Channel[] = ["in_app", "push", "email", "sms"];
const firstEligible = compileChannelCampaign({ id: "cart", category: "promotional", channels: order, tags: ["marketing"] });
const bestEngagement = compileChannelCampaign({ id: "cart", category: "promotional", channels: order, tags: ["marketing"], strategy: "best-engagement" });
const fanOut = compileChannelCampaign({ id: "cart", category: "promotional", channels: order, tags: ["marketing"], strategy: "all-eligible" });

type User = (typeof users)[number];
/** The do-it-yourself choice: the same eligibility as plain property reads, checkCaps per eligible channel, first that passes. */
function diyChoose(user: User, withCaps: boolean): Channel | null {
  const prefs = (user.preferences as { channels?: Record<string, boolean> }).channels ?? {};
  for (const channel of order) {
    if (prefs[channel] === false) continue;
    let eligible: boolean;
    if (channel === "in_app") eligible = user.session.active;
    else if (channel === "push") eligible = user.consents.push.optedIn && user.consents.push.tokens.length > 0;
    else if (channel === "email") eligible = user.consents.email.optedIn && user.consents.email.verified && !user.consents.email.bounced;
    else eligible = user.consents.sms.optedIn && user.consents.sms.verified;
    if (!eligible) continue;
    if (!withCaps || checkCaps(capPolicy, history, { channel, campaign: "cart", tags: ["marketing"], ...(channel === "in_app" ? { session: "s" } : {}) }, NOON, user.timeZone).allowed) return channel;
  }
  return null;
}

// Agreement first: the same channel for every user, with and without caps (the do-it-yourself
// choice does not defer, so compare only choices that go now).
for (const user of users) {
  for (const withCaps of [false, true]) {
    const ours = chooseChannel(firstEligible, user, NOON, withCaps ? { caps } : {});
    const now = ours.sendAt === NOON ? ours.channel : null;
    if (now !== diyChoose(user, withCaps)) throw new Error(`disagreement for ${JSON.stringify(user)} (caps: ${withCaps}): ${now} vs ${diyChoose(user, withCaps)}`);
  }
}

let sink = 0;
let next = 0;
const batch = 64;
const nextUser = (): User => users[next++ % users.length] as User;
const bench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 150 });
bench
  .add("chooseChannel: first-eligible", () => {
    for (let i = 0; i < batch; i++) sink += chooseChannel(firstEligible, nextUser(), NOON).deliveries.length;
  })
  .add("do-it-yourself: first-eligible", () => {
    for (let i = 0; i < batch; i++) sink += diyChoose(nextUser(), false) === null ? 0 : 1;
  })
  .add("chooseChannel: best-engagement", () => {
    for (let i = 0; i < batch; i++) sink += chooseChannel(bestEngagement, nextUser(), NOON).deliveries.length;
  })
  .add("chooseChannel: first-eligible, asking caps", () => {
    for (let i = 0; i < batch; i++) sink += chooseChannel(firstEligible, nextUser(), NOON, { caps }).deliveries.length;
  })
  .add("do-it-yourself: first-eligible, asking caps", () => {
    for (let i = 0; i < batch; i++) sink += diyChoose(nextUser(), true) === null ? 0 : 1;
  })
  .add("chooseChannel: all-eligible fan-out, asking caps", () => {
    for (let i = 0; i < batch; i++) sink += chooseChannel(fanOut, nextUser(), NOON, { caps }).deliveries.length;
  });
await bench.run();

const perSecond = (name: string): number => operationsPerSecond(bench, name, batch);
const ratio = (ours: string, theirs: string): string => (perSecond(theirs) / perSecond(ours)).toFixed(2);
const machine = machineDescription();
const summary = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
  `1,000 seeded users (30% in session; consents, tokens, preferences and engagement varied), a promotional campaign on in_app, push, email, sms. Caps: the caps benchmark's policy (7 caps, 2 cooldowns, quiet hours) and 200-delivery history (one history for every user, so its per-rule times are indexed after the first check). ${TIME_MS} ms per task (tinybench, ${batch} choices per sample).`,
  "",
  "| choice | choices/s | µs/choice |",
  "|---|---:|---:|",
  ...bench.tasks.map((task) => {
    const rate = perSecond(task.name);
    return `| ${task.name} | ${Math.round(rate).toLocaleString("en-US")} | ${(1e6 / rate).toFixed(2)} |`;
  }),
  "",
  `chooseChannel ÷ do-it-yourself (time per choice): ${ratio("chooseChannel: first-eligible", "do-it-yourself: first-eligible")}× without caps, ${ratio("chooseChannel: first-eligible, asking caps", "do-it-yourself: first-eligible, asking caps")}× asking caps.`,
].join("\n");
console.log(summary);
if (sink === -1) console.log(sink); // keeps results observable
if (process.argv.includes("--write-docs")) writeBenchmarkSection("channels-bench", summary);
