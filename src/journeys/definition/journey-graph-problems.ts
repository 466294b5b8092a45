import { pointerOf as pointer } from "../../json/json-pointer.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import type { JourneyNodeDefinition } from "./journey-schema.js";

/** A node's edges: the field that names each target (for the problem's pointer) and the target. */
export function edgesOf(node: JourneyNodeDefinition): { readonly field: (string | number)[]; readonly target: string }[] {
  switch (node.type) {
    case "message":
      return node.next === undefined ? [] : [{ field: ["next"], target: node.next }];
    case "delay":
      return [{ field: ["next"], target: node.next }, ...(node.at?.otherwise === undefined ? [] : [{ field: ["at", "otherwise"], target: node.at.otherwise }])];
    case "waitFor":
      return [
        { field: ["next"], target: node.next },
        { field: ["onTimeout"], target: node.onTimeout },
      ];
    case "branch":
      return [...node.branches.map((branch, index) => ({ field: ["branches", index, "next"], target: branch.next })), { field: ["else"], target: node.else }];
    case "split":
      return node.paths.map((path, index) => ({ field: ["paths", index, "next"], target: path.next }));
    case "exit":
      return [];
  }
}

/** Whether the journey stops at this node until time passes or the user acts. */
const waits = (node: JourneyNodeDefinition): boolean => node.type === "delay" || node.type === "waitFor";

/**
 * What is wrong with a journey's graph: a start or an edge naming no node, nodes no path from
 * `start` reaches, and loops without a delay or a wait (a user on one would be sent messages
 * without end in one step).
 */
export function journeyGraphProblems(start: string, nodes: Readonly<Record<string, JourneyNodeDefinition>>): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const known = new Map(Object.entries(nodes));
  if (!known.has(start)) problems.push({ path: "/start", message: `names no node: ${JSON.stringify(start)} is not in nodes` });
  for (const [id, node] of known) {
    for (const edge of edgesOf(node)) {
      if (!known.has(edge.target)) problems.push({ path: pointer("nodes", id, ...edge.field), message: `names no node: ${JSON.stringify(edge.target)} is not in nodes` });
    }
  }
  if (known.has(start)) {
    const reached = new Set<string>([start]);
    const stack = [start];
    while (stack.length > 0) {
      const node = known.get(stack.pop() as string) as JourneyNodeDefinition;
      for (const { target } of edgesOf(node)) {
        if (known.has(target) && !reached.has(target)) {
          reached.add(target);
          stack.push(target);
        }
      }
    }
    for (const id of known.keys()) if (!reached.has(id)) problems.push({ path: pointer("nodes", id), message: `is unreachable: no path from the start node ${JSON.stringify(start)} leads to it` });
  }
  // Loops among nodes that do not wait: depth-first search on them alone, iterative (200 nodes at most, but no recursion on config data).
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  for (const root of known.keys()) {
    if (state.has(root) || waits(known.get(root) as JourneyNodeDefinition)) continue;
    const path: { id: string; targets: string[] }[] = [{ id: root, targets: edgesOf(known.get(root) as JourneyNodeDefinition).map((edge) => edge.target) }];
    state.set(root, 1);
    while (path.length > 0) {
      const top = path[path.length - 1] as { id: string; targets: string[] };
      const target = top.targets.pop();
      if (target === undefined) {
        state.set(top.id, 2);
        path.pop();
        continue;
      }
      const node = known.get(target);
      if (node === undefined || waits(node)) continue;
      const seen = state.get(target);
      if (seen === 1) {
        const loop = [...path.slice(path.findIndex((step) => step.id === target)).map((step) => step.id), target];
        problems.push({ path: pointer("nodes", target), message: `is on a loop with no delay or waitFor (${loop.map((id) => JSON.stringify(id)).join(" → ")}): a user would go round it without end` });
      } else if (seen === undefined) {
        state.set(target, 1);
        path.push({ id: target, targets: edgesOf(node).map((edge) => edge.target) });
      }
    }
  }
  return problems;
}
