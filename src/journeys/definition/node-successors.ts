import type { CompiledNode } from "./journey-model.js";

/** The nodes a compiled node can lead to (none: the journey ends there). */
export function successorsOf(node: CompiledNode): string[] {
  switch (node.type) {
    case "message":
      return node.next === null ? [] : [node.next];
    case "delay":
      return node.at?.otherwise == null ? [node.next] : [node.next, node.at.otherwise];
    case "waitFor":
      return [node.next, node.onTimeout];
    case "branch":
      return [...node.branches.map((branch) => branch.next), node.else];
    case "split":
      return node.paths.map((path) => path.next);
    case "exit":
      return [];
  }
}
