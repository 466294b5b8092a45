import { readFileSync } from "node:fs";
import { createEngine } from "../src/index.js";
import { codegenBackend } from "../src/rules/codegen/index.js";
import { parseEventLine, type ReplayEvent } from "../src/replay/replay-input.js";
import { replayEvents } from "../src/replay/replay-events.js";
import { generateExample } from "../examples/ecommerce/generate-events.js";
const example = generateExample({ users: 1_000 });
const replayInput: ReplayEvent[] = example.events.flatMap((event: unknown, index: number) => {
  const parsed = parseEventLine(JSON.stringify(event), index + 1);
  return "userId" in parsed ? [parsed] : [];
});
const profiles = new Map(example.users.map((user: any) => [String(user.id), user]));
const config = JSON.parse(readFileSync("examples/ecommerce/campaigns.json", "utf8"));
const engine = createEngine(config, process.env.CLOSURES ? {} : { backend: codegenBackend });
const rounds = Number(process.env.ROUNDS ?? 8);
for (let run = 0; run < rounds; run++) {
  const started = performance.now();
  const summary = replayEvents(engine, replayInput, profiles);
  console.log(Math.round(summary.events / ((performance.now() - started) / 1000)), "events/s", summary.decisions);
}
