/**
 * `npm run bench:experiments` — `assignVariant` against GrowthBook's `run()` of an equivalent
 * 3-variant experiment and against the raw MurmurHash3 of the same key, in one process, over the
 * same 4,096 unit ids. Before timing, every implementation is checked to agree on every id.
 * Prints ns/op and ratios; `--write-docs` also rewrites the experiments section of
 * docs/benchmarks.md.
 */
import { GrowthBook, GrowthBookClient } from "@growthbook/growthbook";
import murmurhash from "murmurhash";
import { Bench } from "tinybench";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { assignVariant, compileExperiment, growthbook, murmur3, type Experiment } from "../src/experiments/index.js";
import { machineDescription } from "./support/run-facts.js";

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 500);
const IDS = Array.from({ length: 4096 }, (_, i) => `user-${(i * 2654435761) >>> 0}`);
const MASK = IDS.length - 1;

const experiment: Experiment = {
  id: "checkout-cta",
  variants: [
    { id: "control", weight: 1 },
    { id: "green", weight: 1 },
    { id: "bold", weight: 1 },
  ],
  control: "control",
  coverage: 1,
};
const compiled = compileExperiment(experiment);
const keys = IDS.map((id) => `${compiled.salt}:${id}`); // the exact text assignVariant hashes

// GrowthBook's equivalent: 3 equal variations, full coverage, hash v2 with the same seed.
const gbExperiment = { key: "checkout-cta", variations: ["control", "green", "bold"] as [string, string, string], hashVersion: 2, seed: "checkout-cta" };
const gbClient = new GrowthBookClient({});
const gbInstances = IDS.map((id) => new GrowthBook({ attributes: { id } }));

// Agreement first: our GrowthBook-compatible ranges give exactly GrowthBook's answer, and
// assignVariant's hash is the raw hash of the same key.
const ranges = growthbook.getBucketRanges(3, 1);
IDS.forEach((id, i) => {
  const gb = gbInstances[i]!.run(gbExperiment);
  const ours = growthbook.chooseVariation(growthbook.hash("checkout-cta", id, 2)!, ranges);
  if (gb.variationId !== ours) throw new Error(`GrowthBook run() gave ${gb.variationId}, the compatible hash ${ours} for ${id}`);
  const client = gbClient.runInlineExperiment(gbExperiment, { attributes: { id } });
  if (client.variationId !== gb.variationId) throw new Error(`GrowthBookClient disagrees with GrowthBook for ${id}`);
  const assignment = assignVariant(compiled, id);
  if (assignment.hash!.value !== murmur3(keys[i]!) || murmur3(keys[i]!) !== murmurhash.v3(keys[i]!, 0)) throw new Error(`hash mismatch for ${id}`);
  if (assignment.variantId === null) throw new Error(`${id} not assigned`);
});

let sink = 0;
let cursor = 0;
const bench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 150 });
const batch = 256;
bench
  .add("assignVariant (compiled experiment)", () => {
    for (let i = 0; i < batch; i++) sink += assignVariant(compiled, IDS[cursor++ & MASK]!).hash!.bucket;
  })
  .add("assignVariant (plain config object)", () => {
    for (let i = 0; i < batch; i++) sink += assignVariant(experiment, IDS[cursor++ & MASK]!).hash!.bucket;
  })
  .add("raw murmur3 of the same key (nudgekit)", () => {
    for (let i = 0; i < batch; i++) sink += murmur3(keys[cursor++ & MASK]!);
  })
  .add("raw murmur3 of the same key (murmurhash pkg)", () => {
    for (let i = 0; i < batch; i++) sink += murmurhash.v3(keys[cursor++ & MASK]!, 0);
  })
  .add("GrowthBook run() (instance per user)", () => {
    for (let i = 0; i < batch; i++) sink += gbInstances[cursor++ & MASK]!.run(gbExperiment).variationId;
  })
  .add("GrowthBookClient runInlineExperiment()", () => {
    for (let i = 0; i < batch; i++) sink += gbClient.runInlineExperiment(gbExperiment, { attributes: { id: IDS[cursor++ & MASK]! } }).variationId;
  });
await bench.run();

const nsPerOp = (name: string): number => {
  const result = bench.getTask(name)!.result as { latency?: { mean: number }; mean?: number } | undefined;
  const meanMs = result?.latency?.mean ?? result?.mean;
  if (meanMs === undefined) throw new Error(`no result for ${name}`);
  return (meanMs * 1e6) / batch;
};
const ours = nsPerOp("assignVariant (compiled experiment)");
const raw = nsPerOp("raw murmur3 of the same key (nudgekit)");
const gbRun = nsPerOp("GrowthBook run() (instance per user)");
const rows = bench.tasks.map((task) => {
  const value = nsPerOp(task.name);
  return `| ${task.name} | ${value.toFixed(1)} | ${(value / ours).toFixed(2)}× |`;
});
const machine = machineDescription();
const fasterThanGrowthBook = gbRun / ours;
const overRawHash = ours / raw;
const summary = [
  `Date: ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
  `${IDS.length} unit ids in turn, ${TIME_MS} ms per task (tinybench, ${batch} calls per sample). The experiment: 3 equal variants, full coverage.`,
  "",
  "| implementation | ns/op | ÷ assignVariant |",
  "|---|---:|---:|",
  ...rows,
  "",
  `Targets: ≥ 10× faster than GrowthBook run() → ${fasterThanGrowthBook.toFixed(1)}× ${fasterThanGrowthBook >= 10 ? "(met)" : "(NOT met)"}; ` +
    `within 2× of the raw hash of the same key → ${overRawHash.toFixed(2)}× ${overRawHash <= 2 ? "(met)" : "(NOT met)"}.`,
].join("\n");
console.log(summary);
if (sink === -1) console.log(sink); // keeps results observable

if (process.argv.includes("--write-docs")) writeBenchmarkSection("experiments-bench", summary);
