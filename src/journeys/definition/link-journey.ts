import type { CompiledRule } from "../../rules/compile-options.js";
import type { CompiledJourney, CompiledNode, JourneyIR, JourneyNodeIR } from "./journey-model.js";

const NEVER: CompiledRule = () => false;

/**
 * Makes a checked journey runnable: its rules compiled by `rule` (a source is compiled once), its
 * nodes in a map. No schema and no graph check (that was `compileJourney`'s, or the prepared
 * config's loader's), so a runtime that loads a prepared engine carries none of that code.
 */
export function linkJourney(ir: JourneyIR, rule: (source: unknown) => CompiledRule): CompiledJourney {
  const optional = (source: unknown): CompiledRule | null => (source === null || source === undefined ? null : rule(source));
  return Object.freeze({
    id: ir.id,
    entry: ir.entry.kind === "event" ? { kind: "event" as const, event: ir.entry.event, where: optional(ir.entry.where) } : ir.entry,
    audience: optional(ir.audience),
    reentry: ir.reentry,
    goal: ir.goal === null ? null : { event: ir.goal.event, where: optional(ir.goal.where), windowMs: ir.goal.windowMs },
    exits: ir.exits.map((exit) => ({ event: exit.event, where: optional(exit.where) })),
    lateWake: ir.lateWake,
    start: ir.start,
    nodes: new Map(ir.nodes.map((node) => [node.id, linkNode(node, optional)])),
  });
}

function linkNode(node: JourneyNodeIR, optional: (source: unknown) => CompiledRule | null): CompiledNode {
  switch (node.type) {
    case "waitFor":
      return { ...node, event: node.event === null ? null : { event: node.event.event, where: optional(node.event.where) }, condition: node.event === null && node.segment === null ? (optional(node.condition) ?? NEVER) : null };
    case "branch":
      return { ...node, branches: node.branches.map((branch) => ({ when: optional(branch.when) ?? NEVER, next: branch.next })) };
    default:
      return node;
  }
}
