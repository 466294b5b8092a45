/**
 * `npm run bench:caps` — `checkCaps` with 10 rules (7 caps over every window kind, 2 cooldowns, quiet
 * hours) and a 200-delivery history: a candidate that passes, one refused by a cap (with its exact
 * retryAt) and one refused by quiet hours; against a do-it-yourself check of the same caps that
 * filters the history per rule and computes calendar periods with @date-fns/tz on every call.
 * Both must agree before timing. Then, when redis-server is installed, RedisCapStore reserves per
 * second against a local redis-server: one at a time, and 64 in flight on one connection (node-redis
 * pipelines them). `--write-docs` rewrites the caps section of docs/benchmarks.md.
 */
import { TZDate } from "@date-fns/tz";
import { Bench } from "tinybench";
import { BENCH_CAP_POLICY, benchHistory } from "./support/cap-policy-fixture.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { createClient } from "redis";
import { checkCaps, compileCapPolicy, type CapCandidate } from "../src/caps/index.js";
import { RedisCapStore } from "../src/redis/index.js";
import { hasRedisServer, RedisServer } from "../test/support/redis-server.js";
import { machineDescription, operationsPerSecond } from "./support/run-facts.js";

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500);
const H = 3_600_000;
const ZONE = "Europe/Paris";
const NOON = Date.parse("2026-11-23T12:00:00Z");

const input = BENCH_CAP_POLICY;
const policy = compileCapPolicy(input);
const history = benchHistory(NOON);
const passes: CapCandidate = { channel: "in_app", campaign: "tips", tags: ["marketing"] };
const capped: CapCandidate = { channel: "in_app", campaign: "banner", placement: "home" };
const quiet: CapCandidate = { channel: "push", campaign: "digest" };
const NIGHT = Date.parse("2026-11-23T22:30:00Z");

/** The do-it-yourself check: per rule, filter the history; calendar periods from @date-fns/tz each time. */
function diyAllowed(candidate: CapCandidate, now: number): boolean {
  const inScope = (scope: Record<string, unknown>, m: { channel: string; campaign: string; tags?: readonly string[]; placement?: string }): boolean =>
    "all" in scope ||
    (Array.isArray(scope.channels) && scope.channels.includes(m.channel)) ||
    scope.channel === m.channel ||
    scope.campaign === m.campaign ||
    (typeof scope.tag === "string" && (m.tags ?? []).includes(scope.tag)) ||
    (scope.placement !== undefined && scope.placement === m.placement);
  const local = new TZDate(now, ZONE);
  const minute = local.getHours() * 60 + local.getMinutes();
  if (["push", "sms", "email"].includes(candidate.channel) && (minute >= 21 * 60 || minute < 8 * 60)) return false;
  for (const cooldown of input.cooldowns ?? []) {
    if (!inScope(cooldown.scope, candidate)) continue;
    const last = Math.max(...history.deliveries.filter((d) => d.at <= now && inScope(cooldown.scope, d)).map((d) => d.at));
    if (now - last < (cooldown.interval === "30s" ? 30_000 : H)) return false;
  }
  for (const cap of input.caps ?? []) {
    if (!inScope(cap.scope, candidate)) continue;
    const window = cap.window as Record<string, unknown>;
    let from = Number.NEGATIVE_INFINITY;
    if (window.rolling !== undefined) from = now - (window.rolling === "24h" ? 24 : window.rolling === "7d" ? 168 : 1) * H + 1;
    if (window.calendar !== undefined) {
      const start = new TZDate(now, ZONE);
      if (window.calendar === "month") start.setDate(1);
      if (window.calendar === "week") start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
      start.setHours(0, 0, 0, 0);
      from = start.getTime();
    }
    if (history.deliveries.filter((d) => d.at <= now && d.at >= from && inScope(cap.scope, d)).length >= cap.limit) return false;
  }
  return true;
}

// Agreement first, on the three candidates and on half a day of instants after the latest delivery
// (the do-it-yourself check ignores deliveries dated after its instant; checkCaps counts them).
for (let at = NOON - 20 * 60_000; at < NOON + 12 * H; at += 7 * 60_000) {
  for (const candidate of [passes, capped, quiet]) {
    const ours = checkCaps(policy, history, candidate, at, ZONE).allowed;
    if (ours !== diyAllowed(candidate, at)) throw new Error(`disagreement at ${new Date(at).toISOString()} for ${candidate.campaign}`);
  }
}
if (!checkCaps(policy, history, passes, NOON, ZONE).allowed) throw new Error("the passing candidate is refused");
if (checkCaps(policy, history, capped, NOON, ZONE).allowed || checkCaps(policy, history, quiet, NIGHT, ZONE).allowed) throw new Error("a refused candidate passes");

let sink = 0;
let tick = 0;
const batch = 64;
const bench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 150 });
bench
  .add("checkCaps: passes", () => {
    for (let i = 0; i < batch; i++) sink += checkCaps(policy, history, passes, NOON + (tick++ % 600) * 1000, ZONE).allowed ? 1 : 0;
  })
  .add("checkCaps: passes, a new history every time (scanned: indexed only from a second check)", () => {
    for (let i = 0; i < batch; i++) sink += checkCaps(policy, { deliveries: history.deliveries.slice() }, passes, NOON + (tick++ % 600) * 1000, ZONE).allowed ? 1 : 0;
  })
  .add("checkCaps: refused by a cap, with retryAt", () => {
    for (let i = 0; i < batch; i++) {
      const decision = checkCaps(policy, history, capped, NOON + (tick++ % 600) * 1000, ZONE);
      sink += decision.allowed ? 0 : (decision.retryAt ?? 0) % 7;
    }
  })
  .add("checkCaps: refused by quiet hours, with retryAt", () => {
    for (let i = 0; i < batch; i++) {
      const decision = checkCaps(policy, history, quiet, NIGHT + (tick++ % 600) * 1000, ZONE);
      sink += decision.allowed ? 0 : (decision.retryAt ?? 0) % 7;
    }
  })
  .add("do-it-yourself check: passes", () => {
    for (let i = 0; i < batch; i++) sink += diyAllowed(passes, NOON + (tick++ % 600) * 1000) ? 1 : 0;
  });
await bench.run();

const perSecond = (name: string): number => operationsPerSecond(bench, name, batch);
const ours = perSecond("checkCaps: passes");
const machine = machineDescription();
/** Reserves per second on a fresh local redis-server: `inFlight` reserves at a time on one connection. */
async function redisReservesPerSecond(inFlight: number, total: number): Promise<number> {
  const server = await RedisServer.start();
  const client = createClient({ url: server.url, disableOfflineQueue: true });
  client.on("error", () => {});
  await client.connect();
  try {
    const store = new RedisCapStore(client, { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] });
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          const i = next++;
          await store.reserve(`user-${i % 5_000}`, passes, NOON + i, ZONE);
        }
      }),
    );
    return total / ((performance.now() - started) / 1000);
  } finally {
    client.destroy();
    await server.dispose();
  }
}
const redisRows: string[] = [];
if (hasRedisServer()) {
  const sequential = await redisReservesPerSecond(1, 5_000);
  const pipelined = await redisReservesPerSecond(64, 40_000);
  redisRows.push(
    "",
    "| RedisCapStore.reserve (local redis-server, append-only file fsynced on every write, 5,000 users, 3-a-day cap) | reserves/s |",
    "|---|---:|",
    `| one at a time | ${Math.round(sequential).toLocaleString("en-US")} |`,
    `| 64 in flight on one connection (pipelined) | ${Math.round(pipelined).toLocaleString("en-US")} |`,
  );
} else {
  redisRows.push("", "(redis-server is not installed here: the RedisCapStore rows were not measured.)");
}

const summary = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
  `Policy: 7 caps (rolling 24 h / 7 d / 1 h, calendar day / week / month in ${ZONE}, lifetime), 2 cooldowns, quiet hours; history: 200 deliveries over 25 days. ${TIME_MS} ms per task (tinybench, ${batch} checks per sample). Histories are immutable: from its second check, a history's per-rule delivery times are indexed (per history array and policy), so repeated checks of one history (several candidates for one user) are binary searches; the "new history" row is the first check of each history (a store's reserve), which scans each window instead.`,
  "",
  "| check | checks/s | µs/check | ÷ checkCaps (passes) |",
  "|---|---:|---:|---:|",
  ...bench.tasks.map((task) => {
    const rate = perSecond(task.name);
    return `| ${task.name} | ${Math.round(rate).toLocaleString("en-US")} | ${(1e6 / rate).toFixed(2)} | ${(ours / rate).toFixed(2)}× |`;
  }),
  "",
  `Target: ≥ 1,000,000 checks/s with 10 rules and 200 history entries → ${Math.round(ours).toLocaleString("en-US")} (${ours >= 1e6 ? "met" : "NOT met"}).`,
  ...redisRows,
].join("\n");
console.log(summary);
if (sink === -1) console.log(sink); // keeps results observable
if (process.argv.includes("--write-docs")) writeBenchmarkSection("caps-bench", summary);
