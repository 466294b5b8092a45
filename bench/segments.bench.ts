/**
 * `npm run bench:segments` — three measurements of nudgekit/segments:
 *
 * 1. Membership of 1,000,000 seeded synthetic profiles in 20 segments (bench/segments/segment-corpus.ts)
 *    with `SegmentSet.memberships`, against the same rules evaluated by json-logic-js with the
 *    behavioural operators added the do-it-yourself way (bench/segments/json-logic-baseline.ts),
 *    over the same aggregates, folded before timing. Both must agree on every profile of a
 *    100,000-profile sample and on every member count of every timed pass.
 * 2. foldEvents throughput: batches of 50 events per call, and one event per call.
 * 3. The size of the aggregates per user per tracked event at the 90-day horizon (JSON and heap).
 *
 * `--write-docs` rewrites the segments section of docs/benchmarks.md.
 * Environment: BENCH_PROFILES (default 1,000,000), BENCH_ROUNDS (timed passes per side, default 3).
 */
import { spawnSync } from "node:child_process";
import { getHeapStatistics } from "node:v8";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { baselineMemberships, prepareBaseline } from "./segments/json-logic-baseline.js";
import { RFM_MODELS, SEGMENTS, TRACKED_EVENTS } from "./segments/segment-corpus.js";
import { syntheticHistories, syntheticProfiles, syntheticUsers, type SyntheticEvent, type SyntheticUser } from "./segments/synthetic-profiles.js";
import { compileAggregatePolicy, compileSegments, foldEvents, type AggregatePolicy, type BehaviourAggregates } from "../src/segments/index.js";
import { machineDescription } from "./support/run-facts.js";
import { codegenBackend } from "../src/rules/codegen/index.js";

// A million profiles and their aggregates need more than the default heap, and the size
// measurement needs --expose-gc: when either is missing, run this same script again with both.
if (process.env.NUDGEKIT_SEGMENTS_BENCH_CHILD !== "1" && (getHeapStatistics().heap_size_limit < 6 * 2 ** 30 || typeof globalThis.gc !== "function")) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--max-old-space-size=8192", "--expose-gc", ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NUDGEKIT_SEGMENTS_BENCH_CHILD: "1" },
  });
  process.exit(child.status ?? 1);
}

const PROFILES = Number(process.env.BENCH_PROFILES ?? 1_000_000);
const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 3));
const SAMPLE = Math.min(PROFILES, 100_000);
const NOW = Date.UTC(2026, 10, 23, 12);
const DAY = 86_400_000;
const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
const en = (value: number): string => Math.round(value).toLocaleString("en-US");
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const machine = machineDescription();
console.log(`nudgekit segments benchmark — ${machine}`);

// ── 1. Membership ────────────────────────────────────────────────────────────────────────────
/**
 * The floor under any membership evaluation: reading what the 20 rules need from a profile (its
 * five attributes, and every day bucket of the four tracked events, with the purchase amounts),
 * without evaluating anything. Both implementations pay at least this per profile.
 */
function touchAggregates(profile: unknown): Uint8Array {
  const user = profile as { attributes: Record<string, unknown>; behaviour: BehaviourAggregates | null };
  const out = new Uint8Array(SEGMENTS.length);
  const attributes = user.attributes;
  let touched = 0;
  for (const key of ["plan", "role", "country", "platform", "appVersion"]) if (attributes[key] !== undefined) touched++;
  const events = user.behaviour?.events;
  if (events !== undefined) {
    for (const name of Object.keys(TRACKED_EVENTS)) {
      const aggregate = events[name];
      if (aggregate === undefined) continue;
      touched += aggregate.n + aggregate.first + aggregate.last;
      for (let i = 0; i < aggregate.ago.length; i++) touched += (aggregate.ago[i] as number) + (aggregate.c[i] as number);
      const amounts = aggregate.p?.amount?.sum;
      if (amounts !== undefined) for (let i = 0; i < amounts.length; i++) touched += amounts[i] as number;
    }
  }
  out[0] = touched & 1;
  return out;
}

/** Profiles per second of each side (median of ROUNDS passes) and the members per segment. */
function measureMembership(): { ours: number; codegen: number; theirs: number; floor: number; members: number[] } {
  console.log(`\ngenerating ${en(PROFILES)} profiles and folding their events…`);
  const started = performance.now();
  const profiles = syntheticProfiles(PROFILES, NOW);
  console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const segments = compileSegments(SEGMENTS, { horizonDays: 90, rfm: RFM_MODELS });
  const generated = compileSegments(SEGMENTS, { horizonDays: 90, rfm: RFM_MODELS, backend: codegenBackend });
  const baseline = prepareBaseline(SEGMENTS);

  // Agreement first, profile by profile (this also warms both up).
  for (let i = 0; i < SAMPLE; i++) {
    const profile = profiles[i];
    const ours = segments.memberships(profile, NOW).join("");
    const theirs = baselineMemberships(baseline, profile, NOW).join("");
    if (generated.memberships(profile, NOW).join("") !== ours) throw new Error(`the two backends disagree on ${profile?.id}`);
    if (ours !== theirs) throw new Error(`nudgekit and json-logic-js disagree on ${profile?.id}: ${ours} vs ${theirs} (segments ${SEGMENTS.map((s) => s.id).join(", ")})`);
  }
  console.log(`agreement: identical memberships on every one of ${en(SAMPLE)} profiles`);

  /** One timed pass over every profile, tallying members per segment. */
  const pass = (memberships: (profile: unknown) => Uint8Array): { seconds: number; counts: number[] } => {
    const counts = SEGMENTS.map(() => 0);
    collect();
    const start = performance.now();
    for (let i = 0; i < profiles.length; i++) {
      const member = memberships(profiles[i]);
      for (let s = 0; s < member.length; s++) counts[s] = (counts[s] as number) + (member[s] as number);
    }
    return { seconds: (performance.now() - start) / 1000, counts };
  };
  const sides = [
    { name: "nudgekit", memberships: (profile: unknown) => segments.memberships(profile, NOW), rates: [] as number[] },
    { name: "json-logic-js", memberships: (profile: unknown) => baselineMemberships(baseline, profile, NOW), rates: [] as number[] },
    { name: "nudgekit codegen", memberships: (profile: unknown) => generated.memberships(profile, NOW), rates: [] as number[] },
  ];
  const floorRates: number[] = [];
  let reference: string | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      const { seconds, counts } = pass(side.memberships);
      const text = counts.join();
      reference ??= text;
      if (text !== reference) throw new Error(`${side.name} counted members ${text}, expected ${reference}`);
      side.rates.push(PROFILES / seconds);
      console.log(`  ${side.name.padEnd(16)} pass ${round + 1}: ${seconds.toFixed(2)} s → ${en(PROFILES / seconds)} profiles/s`);
    }
    const floorPass = pass(touchAggregates);
    floorRates.push(PROFILES / floorPass.seconds);
    console.log(`  ${"floor".padEnd(16)} pass ${round + 1}: ${floorPass.seconds.toFixed(2)} s → ${en(PROFILES / floorPass.seconds)} profiles/s`);
  }
  const [ours, theirs, codegen] = sides.map((side) => median(side.rates)) as [number, number, number];
  return { ours, codegen, theirs, floor: median(floorRates), members: (reference as string).split(",").map(Number) };
}
const { ours, codegen, theirs, floor, members } = measureMembership();
const ratio = ours / theirs;
collect(); // the profiles are garbage now: what follows runs on a small heap

// ── 2. Fold throughput ───────────────────────────────────────────────────────────────────────
const policy = compileAggregatePolicy({ events: TRACKED_EVENTS });
const BATCH = 50;
const batched = syntheticHistories(5_000, 4 * BATCH, NOW, "fold-batches");
const single = syntheticHistories(1_000, 200, NOW, "fold-single");
function foldBatches(histories: readonly SyntheticEvent[][]): number {
  let events = 0;
  for (const history of histories) {
    let aggregates: BehaviourAggregates | null = null;
    for (let at = 0; at < history.length; at += BATCH) {
      const batch = history.slice(at, at + BATCH);
      aggregates = foldEvents(aggregates, batch, policy);
      events += batch.length;
    }
  }
  return events;
}
function foldOneByOne(histories: readonly SyntheticEvent[][]): number {
  let events = 0;
  for (const history of histories) {
    let aggregates: BehaviourAggregates | null = null;
    for (const event of history) {
      aggregates = foldEvents(aggregates, [event], policy);
      events++;
    }
  }
  return events;
}
function eventsPerSecond(fold: () => number): number {
  collect();
  const start = performance.now();
  const events = fold();
  return events / ((performance.now() - start) / 1000);
}
foldBatches(syntheticHistories(300, 4 * BATCH, NOW, "warm-up"));
foldOneByOne(syntheticHistories(100, 200, NOW, "warm-up"));
const batchRates = [0, 1, 2].map(() => eventsPerSecond(() => foldBatches(batched)));
const singleRates = [0, 1, 2].map(() => eventsPerSecond(() => foldOneByOne(single)));
const batchRate = median(batchRates);
const singleRate = median(singleRates);
console.log(`\nfoldEvents: ${en(batchRate)} events/s in batches of ${BATCH}, ${en(singleRate)} events/s one per call`);

// ── 3. Aggregate size ────────────────────────────────────────────────────────────────────────
interface Size {
  readonly label: string;
  /** JSON of one event's aggregate (EventAggregate), bytes. */
  readonly json: number;
  /** Heap of a user's whole aggregates, bytes, divided by the tracked events it holds. */
  readonly heap: number;
}

/** Heap bytes per item of what `make` returns, over `count` items kept alive at once. */
function heapPerItem(count: number, make: (i: number) => unknown): number {
  collect();
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: count }, (_, i) => make(i));
  collect();
  collect();
  const bytes = process.memoryUsage().heapUsed - before;
  if (kept.length !== count) throw new Error("unreachable");
  return bytes / count;
}

const countOnly = compileAggregatePolicy({ events: { app_open: {} }, dedupe: { maxIds: 0 } });
const oneProperty = compileAggregatePolicy({ events: { purchase: { properties: { amount: { decimals: 2 } } } }, dedupe: { maxIds: 0 } });
const typicalPolicy = compileAggregatePolicy({ events: TRACKED_EVENTS, dedupe: { maxIds: 0 } });

/** The event on every day of the last 120 days, `perDay` times a day; amounts 100.00–999.99 when given a property. */
function everyDay(name: string, perDay: number, withAmount: boolean) {
  return (seed: number): SyntheticEvent[] =>
    Array.from({ length: 120 * perDay }, (_, i) => ({
      id: `${seed}-${i}`,
      name,
      time: NOW - Math.floor(i / perDay) * DAY - (i % perDay) * 3_600_000 - (seed % 1_000),
      ...(withAmount ? { properties: { amount: 100 + ((i * 7_919 + seed * 104_729) % 90_000) / 100 } } : {}),
    }));
}

function worstCase(label: string, name: string, sizePolicy: AggregatePolicy, make: (seed: number) => SyntheticEvent[]): Size {
  const json = Math.max(...Array.from({ length: 200 }, (_, seed) => JSON.stringify(foldEvents(null, make(seed), sizePolicy).events[name]).length));
  const heap = heapPerItem(20_000, (seed) => foldEvents(null, make(seed), sizePolicy));
  return { label, json, heap };
}

const PER_DAY = 5;
const sizes: Size[] = [
  worstCase(`worst case, count only: the event on every day, ${PER_DAY} a day`, "app_open", countOnly, everyDay("app_open", PER_DAY, false)),
  worstCase(
    `worst case, one declared property (2 decimals): every day, ${PER_DAY} a day, amounts 100.00–999.99`,
    "purchase",
    oneProperty,
    everyDay("purchase", PER_DAY, true),
  ),
];
{
  // Typical: the synthetic population of the membership benchmark (4 tracked events, one with a property).
  const users = [...syntheticUsers(20_000, NOW, "sizes")];
  let jsonBytes = 0;
  let tracked = 0;
  for (const user of users) {
    const events = foldEvents(null, user.events, typicalPolicy).events;
    for (const name of Object.keys(events)) jsonBytes += JSON.stringify(events[name]).length;
    tracked += Object.keys(events).length;
  }
  const heap = heapPerItem(users.length, (i) => foldEvents(null, (users[i] as SyntheticUser).events, typicalPolicy));
  sizes.push({ label: `typical: the profiles above (${(tracked / users.length).toFixed(1)} tracked events per user)`, json: jsonBytes / tracked, heap: (heap * users.length) / tracked });
}
// Ids remembered for deduplication belong to the user, not to an event: their cost per id.
const dedupeIds = 1_000;
const remembering = compileAggregatePolicy({ events: { app_open: {} } });
const withIds = (seed: number) =>
  foldEvents(null, Array.from({ length: dedupeIds }, (_, i) => ({ id: `evt-${seed}-${String(i).padStart(6, "0")}`, name: "app_open", time: NOW - i * 60_000 })), remembering);
const idJson = JSON.stringify(withIds(0).seen).length / dedupeIds;
const idHeap = (heapPerItem(2_000, withIds) - heapPerItem(2_000, (seed) => withIds(seed).events)) / dedupeIds;
const SIZE_TARGET = 2_048;
const largestJson = Math.max(...sizes.map((size) => size.json));
const largestHeap = Math.max(...sizes.map((size) => size.heap));

// ── Report ───────────────────────────────────────────────────────────────────────────────────
const lines = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
  `${en(PROFILES)} seeded synthetic profiles, ${SEGMENTS.length} segments, aggregates folded before timing; ${ROUNDS} alternating passes over every profile per implementation, median reported. ` +
    `Both agree on every profile of a ${en(SAMPLE)}-profile sample and on every member count of every pass.`,
  "",
  "| membership in 20 segments | profiles/s | µs per profile | ÷ nudgekit |",
  "|---|---:|---:|---:|",
  `| nudgekit \`SegmentSet.memberships\` | ${en(ours)} | ${(1e6 / ours).toFixed(2)} | 1.00× |`,
  `| nudgekit \`SegmentSet.memberships\`, code-generating backend | ${en(codegen)} | ${(1e6 / codegen).toFixed(2)} | ${(ours / codegen).toFixed(2)}× |`,
  `| json-logic-js \`apply\`, operators added with \`add_operation\` | ${en(theirs)} | ${(1e6 / theirs).toFixed(2)} | ${(ours / theirs).toFixed(2)}× slower |`,
  `| floor: reading the attributes and every day bucket the rules need, evaluating nothing | ${en(floor)} | ${(1e6 / floor).toFixed(2)} | ${(ours / floor).toFixed(2)}× |`,
  "",
  `Target (issue 4): ≥ 20× the profiles per second of json-logic-js → ${ratio.toFixed(1)}× ${ratio >= 20 ? "(met)" : "(NOT met)"}. ` +
    `Issue 20, codegen: within 1.5× of the floor → ${(floor / codegen).toFixed(2)}× ${floor / codegen <= 1.5 ? "(met)" : "(NOT met)"}; ≥ 10× json-logic-js → ${(codegen / theirs).toFixed(1)}× ${codegen / theirs >= 10 ? "(met)" : "(NOT met)"}.`,
  "",
  `Members: ${SEGMENTS.map((segment, i) => `${segment.id} ${((100 * (members[i] as number)) / PROFILES).toFixed(1)}%`).join(", ")}.`,
  "",
  "| foldEvents (4 tracked events, one with a property; ids remembered) | events/s |",
  "|---|---:|",
  `| batches of ${BATCH} events per call (${en(batched.length)} users × ${(batched[0] as unknown[]).length / BATCH} batches, each onto the previous aggregates) | ${en(batchRate)} |`,
  `| one event per call (${en(single.length)} users × ${(single[0] as unknown[]).length} events) | ${en(singleRate)} |`,
  "",
  "| aggregate size at the 90-day horizon, per user per tracked event | JSON | heap |",
  "|---|---:|---:|",
  ...sizes.map((size) => `| ${size.label} | ${en(size.json)} B | ${en(size.heap)} B |`),
  `| ids remembered for deduplication (per user, not per event; default at most 1,000 within 7 days), per id | ${idJson.toFixed(0)} B | ${idHeap.toFixed(0)} B |`,
  "",
  `Target: ≤ 2 KB per user per tracked event → largest JSON ${en(largestJson)} B ${largestJson <= SIZE_TARGET ? "(met)" : "(NOT met)"}, ` +
    `largest heap ${en(largestHeap)} B ${largestHeap <= SIZE_TARGET ? "(met)" : "(NOT met)"}.`,
];
const summary = lines.join("\n");
console.log(`\n${summary}`);

if (process.argv.includes("--write-docs")) writeBenchmarkSection("segments-bench", summary);
