/**
 * `npm run demo`: evaluates the example trigger rules (examples/trigger-rules.json) on example
 * inputs (examples/inputs.json) and prints which fire and, for those that do not, why; then, for
 * each rule that fires, the A/B variant the user gets (examples/experiments.json).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assignVariant, checkLayerExclusivity, compileExperiment, type Experiment, type GlobalHoldout } from "../src/experiments/index.js";
import { compileRule, explainRule, formatExplanation, type ExplainNode } from "../src/rules/index.js";

interface TriggerRule {
  readonly id: string;
  readonly description: string;
  readonly rule: unknown;
}

interface ExampleInput {
  readonly label: string;
  readonly data: Record<string, unknown>;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, import.meta.url)), "utf8")) as T;
}

const rules = readJson<TriggerRule[]>("./trigger-rules.json");
const inputs = readJson<ExampleInput[]>("./inputs.json");

const experimentsConfig = readJson<{ holdout: GlobalHoldout; experiments: Experiment[] }>("./experiments.json");

// Compile once (a RuleError here names the rule and the JSON pointer of the bad node; an
// ExperimentConfigError every problem of an experiment).
const compiled = rules.map((trigger) => ({ ...trigger, evaluate: compileRule(trigger.rule) }));
const experiments = new Map(experimentsConfig.experiments.map((experiment) => [experiment.id, compileExperiment(experiment)]));
const layerProblems = checkLayerExclusivity(experimentsConfig.experiments);
if (layerProblems.length > 0) throw new Error(`layers overlap: ${JSON.stringify(layerProblems)}`);

/** The variant line for a fired trigger: which arm, and why. */
function variantOf(triggerId: string, unitId: string): string {
  const experiment = experiments.get(triggerId);
  if (experiment === undefined) return "no experiment";
  const assignment = assignVariant(experiment, unitId, { holdout: experimentsConfig.holdout });
  const bucket = `bucket ${assignment.hash?.bucket ?? "-"} of "${assignment.hash?.input ?? ""}"`;
  if (assignment.variantId === null) return `not shown: ${assignment.reason} (${bucket})`;
  return `variant "${assignment.variantId}"${assignment.isControl ? " (control: held back, exposure recorded)" : ""} — ${assignment.reason}, ${bucket}`;
}

/** For an `and`, the clause that stopped it; otherwise the whole rule. */
function blockingClause(root: ExplainNode): ExplainNode {
  if (root.operator !== "and") return root;
  return root.children.find((child) => child.evaluated && child.evaluations > 0 && child.value === root.value) ?? root;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

console.log(`nudgekit rules demo: ${rules.length} trigger rules × ${inputs.length} inputs (from examples/)\n`);
let fired = 0;
for (const input of inputs) {
  console.log(`▶ ${input.label}  [now ${String(input.data.now)}]`);
  for (const trigger of compiled) {
    const result = trigger.evaluate(input.data);
    if (result === true) {
      fired++;
      console.log(`  ✓ ${trigger.id} fires — ${trigger.description}`);
      console.log(`      experiment → ${variantOf(trigger.id, String((input.data.user as { id?: unknown } | undefined)?.id ?? ""))}`);
      continue;
    }
    const explanation = explainRule(trigger.rule, input.data);
    const clause = blockingClause(explanation.root);
    console.log(`  ✗ ${trigger.id} — blocked at ${clause.path || "the root"}:`);
    console.log(indent(formatExplanation(clause), "      "));
  }
  console.log("");
}
console.log(`${fired} of ${rules.length * inputs.length} (rule, input) pairs fired.`);
