import type { ExplainNode, RuleExplanation } from "./explain-rule.js";

const MAX_PREVIEW = 60;

/** Nesting shown before `…`: data may be nested far deeper than a stack (it is the caller's). */
const MAX_PREVIEW_DEPTH = 8;

/**
 * A short one-line rendering of a value for explanations: JSON, written only as far as the line
 * shows (a megabyte of data is not serialised to show sixty characters of it), never throwing.
 */
function preview(value: unknown): string {
  // 0.004861111111111111 days reads better as 0.00486111.
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value)) return String(Number(value.toPrecision(6)));
  if (value === undefined) return "undefined";
  const parts: string[] = [];
  let length = 0;
  const write = (text: string): boolean => {
    parts.push(text);
    length += text.length;
    return length <= MAX_PREVIEW;
  };
  const visit = (item: unknown, depth: number): boolean => {
    if (item === null || typeof item !== "object") {
      const text = typeof item === "string" ? JSON.stringify(item.length > MAX_PREVIEW ? item.slice(0, MAX_PREVIEW) : item) : typeof item === "number" || typeof item === "boolean" ? String(item) : item === undefined || typeof item === "function" || typeof item === "symbol" ? "null" : String(item);
      return write(typeof item === "number" && !Number.isFinite(item) ? "null" : text);
    }
    if (depth >= MAX_PREVIEW_DEPTH) return write("…");
    const array = Array.isArray(item);
    if (!write(array ? "[" : "{")) return false;
    const keys = array ? null : Object.keys(item);
    const count = array ? (item as unknown[]).length : keys!.length;
    for (let index = 0; index < count; index++) {
      if (index > 0 && !write(",")) return false;
      if (keys !== null && !write(`${JSON.stringify(keys[index])}:`)) return false;
      if (!visit(array ? (item as unknown[])[index] : (item as Record<string, unknown>)[keys![index]!], depth + 1)) return false;
    }
    return write(array ? "]" : "}");
  };
  visit(value, 0);
  const text = parts.join("");
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

/** A node with no operation anywhere below it: shown as written, on one line. */
function isLiteral(node: ExplainNode): boolean {
  return node.operator === undefined && node.children.every(isLiteral);
}

function label(node: ExplainNode): string {
  if (node.operator === "var" && node.children.every(isLiteral)) {
    return `var ${node.children.map((child) => preview(child.rule)).join(", ")}`;
  }
  if (node.operator !== undefined) return node.operator;
  return isLiteral(node) ? preview(node.rule) : "[…]";
}

function outcome(node: ExplainNode): string {
  if (!node.evaluated) return " (not reached)";
  if (node.evaluations > 1) return ` ×${node.evaluations} → ${preview(node.values)}`;
  return isLiteral(node) ? "" : ` → ${preview(node.value)}`;
}

function render(node: ExplainNode, prefix: string, childPrefix: string, lines: string[]): void {
  lines.push(`${prefix}${label(node)}${outcome(node)}`);
  // Literals, var paths and unreached subtrees are complete on their own line.
  const collapsed = isLiteral(node) || !node.evaluated || (node.operator === "var" && node.children.every(isLiteral));
  const children = collapsed ? [] : node.children;
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
