/**
 * `npm run bench:journeys` — nudgekit/journeys: `journeyStep` throughput on one core for a 20-node
 * journey (bench/journeys/twenty-node-journey.ts) over a seeded stream of 300,000 inputs of 10,000
 * users (two thirds their events, a third wake-ups), each user's state kept between calls — as
 * objects, and through JSON as a store would keep it — against the target of 200,000
 * steps/s and against the floor of persisting a state (JSON.stringify + JSON.parse, no step).
 * Also the state's size in JSON: the largest and the mean, over every step.
 *
 * `--write-docs` rewrites the journeys section of docs/benchmarks.md.
 */
import { compileJourney, journeyStep, type JourneyState } from "../src/journeys/index.js";
import { journeyInputs, journeyUsers, TWENTY_NODE_JOURNEY } from "./journeys/twenty-node-journey.js";
import { writeBenchmarkSection } from "./support/docs-section.js";
import { machineDescription } from "./support/run-facts.js";

const USERS = 10_000;
const INPUTS = Number(process.env["BENCH_JOURNEY_INPUTS"] ?? 300_000);
const TARGET = 200_000;
const journey = compileJourney(TWENTY_NODE_JOURNEY);
const users = journeyUsers(USERS);
const inputs = journeyInputs(USERS, INPUTS);

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}
const best = (rounds: number, run: () => void): number => Math.min(...Array.from({ length: rounds }, () => timed(run)));

let messages = 0;
let largest = 0;
let totalBytes = 0;
const states: (JourneyState | null)[] = new Array<JourneyState | null>(USERS).fill(null);
// One pass to count and measure (not timed).
for (const input of inputs) {
  const result = journeyStep(journey, states[input.user] ?? null, { event: input.event, user: users[input.user] }, input.now);
  states[input.user] = result.state;
  for (const action of result.actions) if (action.type === "message") messages++;
  const bytes = JSON.stringify(result.state).length;
  totalBytes += bytes;
  if (bytes > largest) largest = bytes;
}

const objects = best(3, () => {
  const kept: (JourneyState | null)[] = new Array<JourneyState | null>(USERS).fill(null);
  for (const input of inputs) kept[input.user] = journeyStep(journey, kept[input.user] ?? null, { event: input.event, user: users[input.user] }, input.now).state;
});
const json = best(3, () => {
  const kept: (string | null)[] = new Array<string | null>(USERS).fill(null);
  for (const input of inputs) {
    const stored = kept[input.user] ?? null;
    kept[input.user] = JSON.stringify(journeyStep(journey, stored === null ? null : (JSON.parse(stored) as JourneyState), { event: input.event, user: users[input.user] }, input.now).state);
  }
});
const finalStates = states.filter((state): state is JourneyState => state !== null);
const persistOnly = best(3, () => {
  const kept = finalStates.map((state) => JSON.stringify(state));
  for (let index = 0; index < inputs.length; index++) {
    const slot = (inputs[index] as { user: number }).user % kept.length;
    kept[slot] = JSON.stringify(JSON.parse(kept[slot] as string) as JourneyState);
  }
});

const rate = (seconds: number): number => inputs.length / seconds;
const format = (value: number): string => Math.round(value).toLocaleString("en-US");
const lines = [
  `journeyStep on a 20-node journey, ${inputs.length.toLocaleString("en-US")} inputs of ${USERS.toLocaleString("en-US")} users (${messages.toLocaleString("en-US")} messages), best of 3:`,
  `| what | steps/s | vs target ${format(TARGET)}/s | vs persisting alone |`,
  "|:--|--:|--:|--:|",
  `| journeyStep, states kept as objects | ${format(rate(objects))} | ${(rate(objects) / TARGET).toFixed(2)}× | ${(persistOnly / objects).toFixed(2)}× |`,
  `| journeyStep, states through JSON (as a store keeps them) | ${format(rate(json))} | ${(rate(json) / TARGET).toFixed(2)}× | ${(persistOnly / json).toFixed(2)}× |`,
  `| JSON.stringify + JSON.parse of a state alone (the floor of any stored state machine) | ${format(rate(persistOnly))} | ${(rate(persistOnly) / TARGET).toFixed(2)}× | 1.00× |`,
  "",
  `State size in JSON over every step: largest ${largest.toLocaleString("en-US")} bytes, mean ${Math.round(totalBytes / inputs.length).toLocaleString("en-US")} bytes (the issue's bound: 4 KB for a 50-node journey).`,
];
console.log(lines.join("\n"));
if (process.argv.includes("--write-docs")) writeBenchmarkSection("journeys", [`Run: ${machineDescription()}.`, "", ...lines].join("\n"));
