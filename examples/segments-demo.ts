/**
 * `npm run demo` (second part): folds each example user's events (examples/segments.json) into
 * behaviour aggregates, prints the segments they are in, why they miss one, when their membership
 * changes next by itself, and what changes then.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formatExplanation } from "../src/rules/index.js";
import { compileSegments, diffMembership, foldEventsWithReport, type AggregatePolicyInput, type SegmentSetOptions } from "../src/segments/index.js";

interface ExampleUser {
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly events: unknown[];
}

interface SegmentsExample {
  readonly now: string;
  readonly policy: AggregatePolicyInput;
  readonly options: SegmentSetOptions;
  readonly segments: { id: string; name?: string }[];
  readonly users: ExampleUser[];
}

const example = JSON.parse(readFileSync(fileURLToPath(new URL("./segments.json", import.meta.url)), "utf8")) as SegmentsExample;
// Validated once: a SegmentConfigError here lists every problem with its JSON pointer.
const segments = compileSegments(example.segments, example.options);
const names = new Map(example.segments.map((segment) => [segment.id, segment.name ?? segment.id]));
const { now } = example;

console.log(`\nnudgekit segments demo: ${segments.ids.length} segments × ${example.users.length} users at ${now} (from examples/segments.json)\n`);
for (const user of example.users) {
  const folded = foldEventsWithReport(null, user.events, example.policy, { now });
  const profile = { id: user.id, attributes: user.attributes, behaviour: folded.aggregates };
  const bytes = JSON.stringify(folded.aggregates).length;
  const notes = [
    `${folded.accepted} events folded`,
    folded.duplicates > 0 ? `${folded.duplicates} redelivered (not counted twice)` : "",
    folded.untracked > 0 ? `${folded.untracked} untracked` : "",
    ...folded.rejected.map((rejection) => `event #${rejection.index} refused: ${rejection.reason} — ${rejection.message}`),
  ].filter((note) => note !== "");
  console.log(`▶ ${user.id} (${String(user.attributes.plan)} plan) — ${notes.join("; ")}; aggregates ${bytes} bytes of JSON`);

  const member = segments.segmentsOf(profile, now);
  console.log(`  in ${member.length} segment(s): ${member.map((id) => `${id} (${names.get(id)})`).join(", ") || "none"}`);

  const missed = segments.ids.find((id) => !member.includes(id) && segments.explainMembership(id, profile, now).reason === "rule-not-met");
  if (missed !== undefined) {
    const explanation = segments.explainMembership(missed, profile, now);
    const clause = explanation.rule.failed[0];
    if (clause !== undefined) {
      const operands = clause.operands.map((operand) => `${JSON.stringify(operand.rule)} = ${JSON.stringify(operand.value)}`).join(", ");
      console.log(`  not in ${missed}: ${clause.operator ?? "rule"} at ${clause.path || "the root"} is ${JSON.stringify(clause.value)} (${operands})`);
    } else {
      console.log(`  not in ${missed}:\n${formatExplanation(explanation.rule.root).replace(/^/gm, "      ")}`);
    }
  }

  const next = segments.nextChangeAt(undefined, profile, now);
  if (next === null) console.log("  membership never changes without a new event");
  else {
    const change = diffMembership(member, segments.segmentsOf(profile, next));
    const parts = [...change.entered.map((id) => `enters ${id}`), ...change.exited.map((id) => `leaves ${id}`)];
    console.log(`  next change by itself at ${new Date(next).toISOString()}: ${parts.join(", ") || "re-check (nothing changes before)"}`);
  }
  console.log("");
}
