/**
 * `npm run bench:rules` — nudgekit's compiled rules (closures, and the code-generating backend)
 * against json-logic-js `apply`, json-logic-engine
 * `build()` (code generation with `new Function`) and a hand-written closure, in one process, on the
 * same rules and inputs. Prints ns/op per rule and the ratios; `--write-docs` also rewrites
 * docs/benchmarks.md. Before timing, every implementation must give the same answer on every input.
 */
import { isDeepStrictEqual } from "node:util";
import jsonLogic from "json-logic-js";
import { LogicEngine } from "json-logic-engine";
import { Bench } from "tinybench";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { compileRule } from "../src/rules/index.js";
import { codegenBackend } from "../src/rules/codegen/index.js";
import { corpus, type BenchCase } from "./rules/corpus.js";
import { machineDescription } from "./support/run-facts.js";

type Evaluate = (data: any) => unknown;

interface Row {
  readonly name: string;
  readonly nudgekit: number;
  readonly codegen: number;
  readonly jsonLogicJs: number;
  readonly engine: number;
  readonly handWritten: number;
}

const TIME_MS = Number(process.env.BENCH_TIME_MS ?? 400);
const engine = new LogicEngine();

function implementations(benchCase: BenchCase): Record<keyof Omit<Row, "name">, Evaluate> {
  return {
    nudgekit: compileRule(benchCase.rule),
    codegen: compileRule(benchCase.rule, { backend: codegenBackend }),
    jsonLogicJs: (data) => jsonLogic.apply(benchCase.rule as never, data),
    engine: engine.build(benchCase.rule as never) as Evaluate,
    handWritten: benchCase.handWritten,
  };
}

function checkAgreement(benchCase: BenchCase, impls: Record<string, Evaluate>): void {
  for (const input of benchCase.inputs) {
    const expected = impls.jsonLogicJs!(input);
    for (const [name, evaluate] of Object.entries(impls)) {
      const actual = evaluate(input);
      if (!isDeepStrictEqual(actual, expected)) {
        throw new Error(`${benchCase.name}: ${name} returned ${JSON.stringify(actual)}, json-logic-js ${JSON.stringify(expected)} on ${JSON.stringify(input)}`);
      }
    }
  }
}

let sink = 0;

async function measure(benchCase: BenchCase): Promise<Row> {
  const impls = implementations(benchCase);
  checkAgreement(benchCase, impls);
  const inputs = benchCase.inputs;
  const batch = 256; // evaluations per task call, so timer overhead is negligible
  const bench = new Bench({ time: TIME_MS, warmup: true, warmupTime: 100 });
  for (const [name, evaluate] of Object.entries(impls)) {
    bench.add(name, () => {
      for (let i = 0; i < batch; i++) if (evaluate(inputs[i & 3]!)) sink++;
    });
  }
  await bench.run();
  const nsPerEval = (name: string) => {
    const task = bench.getTask(name)!;
    const result = task.result as { latency?: { mean: number }; mean?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.mean;
    if (meanMs === undefined) throw new Error(`no result for ${name}`);
    return (meanMs * 1e6) / batch;
  };
  return {
    name: benchCase.name,
    nudgekit: nsPerEval("nudgekit"),
    codegen: nsPerEval("codegen"),
    jsonLogicJs: nsPerEval("jsonLogicJs"),
    engine: nsPerEval("engine"),
    handWritten: nsPerEval("handWritten"),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ns = (value: number) => (value < 100 ? value.toFixed(1) : value.toFixed(0));
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}×`;

function table(rows: readonly Row[]): string {
  const lines = [
    "| rule | closures ns/op | codegen ns/op | json-logic-js ns/op | json-logic-engine build() ns/op | hand-written ns/op | json-logic-js ÷ closures | closures ÷ engine | json-logic-js ÷ codegen | codegen ÷ engine | codegen ÷ hand-written |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${ns(r.nudgekit)} | ${ns(r.codegen)} | ${ns(r.jsonLogicJs)} | ${ns(r.engine)} | ${ns(r.handWritten)} | ${ratio(r.jsonLogicJs / r.nudgekit)} | ${ratio(r.nudgekit / r.engine)} | ${ratio(r.jsonLogicJs / r.codegen)} | ${ratio(r.codegen / r.engine)} | ${ratio(r.codegen / r.handWritten)} |`,
    );
  }
  const med = (f: (r: Row) => number) => `**${ratio(median(rows.map(f)))}**`;
  lines.push(
    `| **median** | | | | | | ${med((r) => r.jsonLogicJs / r.nudgekit)} | ${med((r) => r.nudgekit / r.engine)} | ${med((r) => r.jsonLogicJs / r.codegen)} | ${med((r) => r.codegen / r.engine)} | ${med((r) => r.codegen / r.handWritten)} |`,
  );
  return lines.join("\n");
}

const rows: Row[] = [];
for (const benchCase of corpus) {
  rows.push(await measure(benchCase));
  process.stderr.write(`measured: ${benchCase.name}\n`);
}

const fasterThanJsonLogic = median(rows.map((r) => r.jsonLogicJs / r.nudgekit));
const slowerThanEngine = median(rows.map((r) => r.nudgekit / r.engine));
const codegenThanJsonLogic = median(rows.map((r) => r.jsonLogicJs / r.codegen));
const codegenThanEngine = median(rows.map((r) => r.codegen / r.engine));
const codegenThanHand = median(rows.map((r) => r.codegen / r.handWritten));
const machine = machineDescription();
const date = new Date().toISOString().slice(0, 10);
const summary = [
  `Date: ${date}. Machine: ${machine}.`,
  `Corpus: ${corpus.length} rules, 4 inputs each, ${TIME_MS} ms per implementation per rule (tinybench, 256 evaluations per sample).`,
  "",
  table(rows),
  "",
  `Closures (issue 2): median ≥ 20× faster than json-logic-js → ${ratio(fasterThanJsonLogic)} ${fasterThanJsonLogic >= 20 ? "(met)" : "(NOT met)"}; ` +
    `no more than 2× slower than json-logic-engine build() → ${ratio(slowerThanEngine)} ${slowerThanEngine <= 2 ? "(met)" : "(NOT met)"}.`,
  `Codegen (issue 20): at least as fast as json-logic-engine build() (codegen ÷ engine ≤ 1) → ${ratio(codegenThanEngine)} ${codegenThanEngine <= 1 ? "(met)" : "(NOT met)"}; ` +
    `≥ 30× json-logic-js → ${ratio(codegenThanJsonLogic)} ${codegenThanJsonLogic >= 30 ? "(met)" : "(NOT met)"}; ` +
    `≤ 3× the hand-written closure → ${ratio(codegenThanHand)} ${codegenThanHand <= 3 ? "(met)" : "(NOT met)"}.`,
].join("\n");

console.log(summary);
if (sink === -1) console.log(sink); // keeps results observable

if (process.argv.includes("--write-docs")) writeBenchmarkSection("rules-bench", summary);
