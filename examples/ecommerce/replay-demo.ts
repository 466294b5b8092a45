/**
 * `npm run demo`: replays the seeded e-commerce event log (about 100k events of 5,000 users,
 * generated here on first run) through the example config, as `nudgekit replay` does, and prints the
 * summary: reach per campaign, variant split, channel mix, suppressions, deferred sends, and the
 * onboarding-series journey (entered, at each node, converted, exits, median time to goal). With the
 * seeded outcome log (how users reacted to what was sent: generate-outcomes.ts, with a planted effect
 * in the new-feature-modal experiment), it goes on with what the messages achieved: KPIs per campaign
 * and variant, the experiment against its control and the winner pickWinner would choose, and the
 * lift over the global holdout, and how well the users' best send times would have met their next
 * opens (the outcome log plants a preferred hour per user) against a fixed hour and the
 * population's best hour. Then one user's story (user-story.ts): a message they were sent, and
 * the explain trace of one they were not.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/node/cli/run-cli.js";
import { generateExample, toJsonl } from "./generate-events.js";
import { generateOutcomes } from "./generate-outcomes.js";
import { userStory } from "./user-story.js";

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));
const files = { config: here("./campaigns.json"), users: here("./users.jsonl"), events: here("./events.jsonl"), outcomes: here("./outcomes.jsonl") };

if (!existsSync(files.users) || !existsSync(files.events)) {
  process.stderr.write("generating the example event log (seeded, 5,000 users)…\n");
  const jsonl = toJsonl(generateExample());
  writeFileSync(files.users, jsonl.users);
  writeFileSync(files.events, jsonl.events);
  writeFileSync(files.outcomes, generateOutcomes({ config: JSON.parse(readFileSync(files.config, "utf8")), users: jsonl.users, events: jsonl.events }).jsonl);
} else if (!existsSync(files.outcomes)) {
  process.stderr.write("generating the example outcome log (the world's seeded reactions to what the engine sends)…\n");
  const read = (file: string): string => readFileSync(file, "utf8");
  writeFileSync(files.outcomes, generateOutcomes({ config: JSON.parse(read(files.config)), users: read(files.users), events: read(files.events) }).jsonl);
}

console.log("$ nudgekit replay --config examples/ecommerce/campaigns.json --events examples/ecommerce/events.jsonl --users examples/ecommerce/users.jsonl --outcomes examples/ecommerce/outcomes.jsonl --send-time --quiet\n");
process.exitCode = await runCli(["replay", "--config", files.config, "--events", files.events, "--users", files.users, "--outcomes", files.outcomes, "--send-time", "--quiet"]);

// Totals say how many; one user's story says what a decision is: the message, and why another was not sent.
console.log(`\n${userStory(files).join("\n")}`);
