import type { ExplainNode, RuleExplanation } from "./explain-rule.js";

const MAX_PREVIEW = 60;

/** A short one-line rendering of a value for explanations. */
function preview(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

function label(node: ExplainNode): string {
  if (node.operator === "var" && node.children.every((child) => child.operator === undefined)) {
    const args = node.children.map((child) => preview(child.rule)).join(", ");
    return `var ${args}`;
  }
  if (node.operator !== undefined) return node.operator;
  return Array.isArray(node.rule) ? "[…]" : preview(node.rule);
}

function outcome(node: ExplainNode): string {
  if (!node.evaluated) return " (not reached)";
  const literal = node.operator === undefined && !Array.isArray(node.rule);
  if (node.evaluations > 1) return ` ×${node.evaluations} → ${preview(node.values)}`;
  return literal ? "" : ` → ${preview(node.value)}`;
}

function render(node: ExplainNode, prefix: string, childPrefix: string, lines: string[]): void {
  lines.push(`${prefix}${label(node)}${outcome(node)}`);
  const children = node.operator === "var" && node.children.every((child) => child.operator === undefined) ? [] : node.children;
  children.forEach((child, index) => {
    const last = index === children.length - 1;
    render(child, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`, lines);
  });
}

/**
 * Renders an explanation as an indented tree, one node per line:
 *
 *     and → false
 *     ├─ >= → true
 *     │  ├─ var "cart.total" → 120
 *     │  └─ 50
 *     └─ == → false
 */
export function formatExplanation(explanation: RuleExplanation | ExplainNode): string {
  const root = "root" in explanation ? explanation.root : explanation;
  const lines: string[] = [];
  render(root, "", "", lines);
  if ("error" in explanation && explanation.error !== undefined) lines.push(`stopped: ${explanation.error.message}`);
  return lines.join("\n");
}
