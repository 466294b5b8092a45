/**
 * `npm run bench:engine` — `engine.decide()` on one event for 1,000 seeded users, with configs of
 * 10, 1,000 and 10,000 campaigns of which the same 10 are triggered by the event: the cost must not
 * grow with campaigns that do not match (the trigger index). Against a do-it-yourself loop that
 * evaluates every campaign's rule with json-logic-js (the event name is part of each rule, as it is
 * when campaigns are stored as one JSON Logic condition), then picks the first opted-in channel; the
 * two must agree on every user before timing. Then the replay throughput on the seeded e-commerce
 * log, and what building an engine costs: `createEngine` (validates) against `loadEngine` on the
 * prepared config (what a browser runs). Then `due` and `nextCheckAt` for a user whose history
 * holds 10,000 delayed triggers (issue 19: they were quadratic). `--write-docs` rewrites the engine
 * section of docs/benchmarks.md; `--pending` runs only the delayed-trigger measurement.
 */
import jsonLogic from "json-logic-js";
import seedrandom from "seedrandom";
import { Bench } from "tinybench";
import { generateExample } from "../examples/ecommerce/generate-events.js";
import { createEngine, prepareConfig, type CampaignInput, type Engine, type EngineConfigInput, type PendingTrigger } from "../src/index.js";
import { loadEngine } from "../src/runtime/index.js";
import { parseEventLine, type ReplayEvent } from "../src/replay/replay-input.js";
import { replayEvents } from "../src/replay/replay-events.js";
import { codegenBackend } from "../src/rules/codegen/index.js";
import { readFileSync } from "node:fs";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription, operationsPerSecond } from "./support/run-facts.js";

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500);
const NOW = Date.parse("2026-11-23T12:00:00Z");
const SIZES = [10, 1_000, 10_000] as const;
const MATCHING = 10;
const random = seedrandom("nudgekit-engine-bench");
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number): boolean => random() < p;

/** Campaign `index`: the first MATCHING fire on "checkout_started", the others on events of their own. */
function campaignAt(index: number): CampaignInput & { rule: unknown } {
  const event = index < MATCHING ? "checkout_started" : `event_${index}`;
  const where = { ">=": [{ var: "event.properties.value" }, index % 5 === 0 ? 0 : 10 * (index % 7)] };
  const audience = { in: [{ var: "user.attributes.country" }, index % 3 === 0 ? ["FR", "DE", "US"] : ["FR", "US"]] };
  return {
    id: `campaign-${String(index).padStart(5, "0")}`,
    category: "promotional",
    channels: ["push", "email"],
    trigger: { event, where },
    audience: { where: audience },
    content: {
      push: { title: "{{ user.attributes.first_name | default: \"Hi\" }}, your cart", body: "{{ event.properties.product_name }} is waiting" },
      email: { subject: "Your cart", html: "<p>{{ event.properties.product_name }}</p>" },
    },
    // What a do-it-yourself loop evaluates for every campaign: the whole condition as one rule.
    rule: { and: [{ "==": [{ var: "event.name" }, event] }, where, audience] },
  };
}

const users = Array.from({ length: 1_000 }, (_, index) => ({
  id: `u${index}`,
  attributes: { first_name: pick(["Ana", "Bo", "Chen"]), country: pick(["FR", "DE", "US", "JP"]) },
  timeZone: "Europe/Paris",
  session: { active: false },
  consents: { push: { optedIn: chance(0.6), tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: chance(0.7), verified: true } },
}));
const events = users.map(() => ({ name: "checkout_started", properties: { value: Math.floor(random() * 80), product_name: pick(["chips", "tea", "bread"]) } }));

type User = (typeof users)[number];
type Event = (typeof events)[number];

function diyDecide(campaigns: readonly (CampaignInput & { rule: unknown })[], user: User, event: Event): string[] {
  const data = { event, user, now: NOW };
  const sent: string[] = [];
  for (const campaign of campaigns) {
    if (!jsonLogic.truthy(jsonLogic.apply(campaign.rule as jsonLogic.RulesLogic, data))) continue;
    const channel = user.consents.push.optedIn ? "push" : user.consents.email.optedIn ? "email" : null;
    if (channel !== null) sent.push(`${campaign.id}:${channel}`);
  }
  return sent;
}

// --- due and nextCheckAt over 10,000 delayed triggers ------------------------------------------

const PENDING = 10_000;
const HOUR_MS = 3_600_000;
const exampleCampaigns: EngineConfigInput = JSON.parse(readFileSync(new URL("../examples/ecommerce/campaigns.json", import.meta.url), "utf8"));
/** `campaigns` delayed campaigns (push + email, always re-eligible, the example's caps), or the example config itself. */
function pendingConfig(campaigns: number | "example"): EngineConfigInput {
  if (campaigns === "example") return exampleCampaigns;
  const { placements: _placements, ...arbitration } = exampleCampaigns.arbitration ?? {};
  return {
    ...exampleCampaigns,
    arbitration,
    campaigns: Array.from({ length: campaigns }, (_, index) => ({
      id: `delayed-${index}`,
      category: "promotional",
      tags: ["marketing"],
      channels: ["push", "email"],
      trigger: { event: "checkout_started", delay: "1h", cancelOn: ["purchase"] },
      reEligibility: "always",
      content: { push: { title: "{{ event.properties.product_name }}" }, email: { subject: "Your cart", html: "<p>{{ event.properties.product_name }}</p>" } },
    })),
  } as EngineConfigInput;
}
/** 10,000 delayed triggers spread over `ids` (half of them due; one in ten of an unknown campaign). */
function pendingHistory(ids: readonly string[]): { pending: PendingTrigger[] } {
  return {
    pending: Array.from({ length: PENDING }, (_, index) => ({
      campaign: index % 10 === 9 ? "unknown" : (ids[index % ids.length] as string),
      triggeredAt: NOW - 2 * HOUR_MS - index,
      dueAt: index % 2 === 0 ? NOW - HOUR_MS - index : NOW + HOUR_MS + index,
      event: { name: "checkout_started", properties: { value: index % 50, product_name: "chips" } },
    })),
  };
}
const pendingUser = { id: "u-pending", timeZone: "Europe/Paris", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } }, behaviour: { version: 1, events: {} } };
/** Median ms of `runs` calls, after two untimed ones. */
function medianOf(runs: number, call: () => unknown): number {
  call();
  call();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    call();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}
const pendingRows = ([["the example config (2 delayed campaigns)", "example"], ["20 delayed campaigns", 20]] as const).map(([what, campaigns]) => {
  const engine = createEngine(pendingConfig(campaigns));
  const history = pendingHistory(campaigns === "example" ? ["cart-abandonment", "welcome-tips"] : Array.from({ length: campaigns }, (_, index) => `delayed-${index}`));
  const result = engine.due({ user: pendingUser, history, now: NOW });
  return { what, decisions: result.decisions.length, records: result.records.length, due: medianOf(21, () => engine.due({ user: pendingUser, history, now: NOW })), next: medianOf(21, () => engine.nextCheckAt(pendingUser, NOW, history)) };
});
const pendingSummary = [
  `\`due\` and \`nextCheckAt\` for one user whose history holds ${PENDING.toLocaleString("en-US")} delayed triggers (half of them due, one in ten of an unknown campaign; median ms of 21 calls):`,
  "",
  "| config | due | nextCheckAt | due sends | due records |",
  "|---|---:|---:|---:|---:|",
  ...pendingRows.map((row) => `| ${row.what} | ${row.due.toFixed(2)} | ${row.next.toFixed(2)} | ${row.decisions} | ${row.records.toLocaleString("en-US")} |`),
].join("\n");
if (process.argv.includes("--pending")) {
  console.log(pendingSummary);
  process.exit(0);
}

const configs = SIZES.map((size) => {
  const campaigns = Array.from({ length: size }, (_, index) => campaignAt(index));
  const engine = createEngine({ campaigns: campaigns.map(({ rule: _rule, ...campaign }) => campaign) });
  return { size, campaigns, engine };
});

// Agreement first: the same campaigns on the same channels for every user, at every size.
for (const { size, campaigns, engine } of configs) {
  users.forEach((user, index) => {
    const event = events[index] as Event;
    const ours = engine.decide({ event, user, now: NOW }).decisions.map((decision) => `${decision.campaignId}:${decision.channel}`).sort();
    const theirs = diyDecide(campaigns, user, event).sort();
    if (ours.join() !== theirs.join()) throw new Error(`disagreement at ${size} campaigns for ${user.id}: ${ours.join()} vs ${theirs.join()}`);
  });
}

let sink = 0;
let next = 0;
const batch = 16;
const decideTask = (engine: Engine) => () => {
  for (let i = 0; i < batch; i++) {
    const index = next++ % users.length;
    sink += engine.decide({ event: events[index] as Event, user: users[index] as User, now: NOW }).decisions.length;
  }
};
const diyTask = (campaigns: readonly (CampaignInput & { rule: unknown })[]) => () => {
  for (let i = 0; i < batch; i++) {
    const index = next++ % users.length;
    sink += diyDecide(campaigns, users[index] as User, events[index] as Event).length;
  }
};
// The decide tasks run in a bench of their own, before the do-it-yourself loops, whose garbage
// (json-logic-js allocates per evaluation) would otherwise land in the timing of whatever runs next.
const decideBench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 200 });
const diyBench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 200 });
for (const { size, engine, campaigns } of configs) {
  decideBench.add(`decide: ${size.toLocaleString("en-US")} campaigns`, decideTask(engine));
  diyBench.add(`do-it-yourself json-logic-js loop: ${size.toLocaleString("en-US")} campaigns`, diyTask(campaigns));
}
// Every engine is warmed in turn first, so the JIT has seen all three before any is timed.
for (let round = 0; round < 4; round++) for (const { engine } of configs) for (let i = 0; i < 200; i++) decideTask(engine)();
await decideBench.run();
await diyBench.run();

// Replay throughput: the seeded e-commerce log (its generator, 1,000 users) through the example config.
const example = generateExample({ users: 1_000 });
const replayInput: ReplayEvent[] = example.events.flatMap((event, index) => {
  const parsed = parseEventLine(JSON.stringify(event), index + 1);
  return "userId" in parsed ? [parsed] : [];
});
const profiles = new Map(example.users.map((user) => [String((user as { id: string }).id), user as unknown as Record<string, unknown>]));
const exampleConfigJson = JSON.parse(readFileSync(new URL("../examples/ecommerce/campaigns.json", import.meta.url), "utf8"));
let replayed = { events: 0, decisions: 0 };
/** events/s of replayEvents (median of 3 runs) with an engine of the example config. */
function replayRateOf(engine: ReturnType<typeof createEngine>): number {
  const runs: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const summary = replayEvents(engine, replayInput, profiles);
    runs.push(summary.events / ((performance.now() - started) / 1000));
    replayed = { events: summary.events, decisions: summary.decisions };
  }
  return [...runs].sort((a, b) => a - b)[1] as number;
}
const replayRate = replayRateOf(createEngine(exampleConfigJson));
const codegenReplayRate = replayRateOf(createEngine(exampleConfigJson, { backend: codegenBackend }));

const label = (size: number) => size.toLocaleString("en-US");

// Building an engine: createEngine validates and compiles; prepareConfig does the same and writes
// JSON; loadEngine (what a browser runs) builds the engine from that JSON, parsed as it arrives.
const exampleConfig: unknown = JSON.parse(readFileSync(new URL("../examples/ecommerce/campaigns.json", import.meta.url), "utf8"));
const buildConfigs = [
  { label: "the example (9 campaigns)", config: exampleConfig, runs: 51 },
  ...configs.filter(({ size }) => size > 10).map(({ size, campaigns }) => ({ label: `${label(size)} campaigns`, config: { campaigns: campaigns.map(({ rule: _rule, ...campaign }) => campaign) }, runs: size > 1_000 ? 3 : 11 })),
];
/** Median milliseconds of `runs` calls, after one untimed call. */
function medianMs(runs: number, call: () => unknown): number {
  call();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    sink += call() === undefined ? 1 : 0;
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}
const buildRows = buildConfigs.map(({ label: what, config, runs }) => {
  const prepared: unknown = JSON.parse(JSON.stringify(prepareConfig(config)));
  return { what, create: medianMs(runs, () => createEngine(config)), prepare: medianMs(runs, () => prepareConfig(config)), load: medianMs(runs, () => loadEngine(prepared)), bytes: JSON.stringify(prepared).length };
});

const perSecond = (name: string): number => operationsPerSecond(name.startsWith("decide") ? decideBench : diyBench, name, batch);
const growth = (perSecond(`decide: ${label(10)} campaigns`) / perSecond(`decide: ${label(10_000)} campaigns`)).toFixed(2);
const speedup = (size: number) => (perSecond(`decide: ${label(size)} campaigns`) / perSecond(`do-it-yourself json-logic-js loop: ${label(size)} campaigns`)).toFixed(1);
const summary = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machineDescription()}.`,
  `One "checkout_started" event for each of 1,000 seeded users; ${MATCHING} campaigns are triggered by it at every size, each with a trigger condition, an audience condition and push + email content with templates (no caps, so the two sides compute the same thing, and they agree on every user before timing). ${TIME_MS} ms per task (tinybench, ${batch} calls per sample).`,
  "",
  "| task | calls/s | µs/call |",
  "|---|---:|---:|",
  ...[...decideBench.tasks, ...diyBench.tasks].map((task) => {
    const rate = perSecond(task.name);
    return `| ${task.name} | ${Math.round(rate).toLocaleString("en-US")} | ${(1e6 / rate).toFixed(2)} |`;
  }),
  "",
  `Time per decide, 10,000 campaigns ÷ 10 campaigns: **${growth}×** (the trigger index: campaigns the event does not trigger cost nothing).`,
  `decide ÷ do-it-yourself json-logic-js loop (speed-up): ${SIZES.map((size) => `${speedup(size)}× at ${label(size)}`).join(", ")} campaigns.`,
  "",
  `Replay (\`replayEvents\`, what \`nudgekit replay\` runs after reading the files): the seeded e-commerce log for 1,000 users, ${replayed.events.toLocaleString("en-US")} events and ${replayed.decisions.toLocaleString("en-US")} decisions, each event folded into the user's aggregates, then decide and nextCheckAt, and due whenever a check falls due: **${Math.round(replayRate).toLocaleString("en-US")} events/s** with closures, **${Math.round(codegenReplayRate).toLocaleString("en-US")} events/s** with the code-generating rule backend (${(codegenReplayRate / replayRate).toFixed(2)}×; median of 3 runs each).`,
  "",
  "Building an engine (median ms; loadEngine from the prepared config parsed from JSON, as a browser receives it):",
  "",
  "| config | createEngine | prepareConfig | loadEngine | loadEngine ÷ createEngine | prepared JSON |",
  "|---|---:|---:|---:|---:|---:|",
  ...buildRows.map((row) => `| ${row.what} | ${row.create.toFixed(2)} | ${row.prepare.toFixed(2)} | ${row.load.toFixed(2)} | ${(row.load / row.create).toFixed(2)}× | ${(row.bytes / 1000).toFixed(1)} kB |`),
  "",
  pendingSummary,
].join("\n");
console.log(summary);
if (sink === -1) console.log(sink);
if (process.argv.includes("--write-docs")) writeBenchmarkSection("engine-bench", summary);
