import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative import and re-export of each file under src/, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+"(\.[^"]+)";/gms)].map((match) => resolve(dirname(file), (match[1] as string).replace(/\.js$/, ".ts")));
    graph.set(relative(srcDir, file), targets.map((target) => relative(srcDir, target)));
  }
  return graph;
}

/** The files `file` imports at run time (not `import type`). */
function valueImports(file: string): string[] {
  const text = readFileSync(join(srcDir, file), "utf8");
  return [...text.matchAll(/^import\s+(?!type\s)[^;]*?\sfrom\s+"(\.[^"]+)";/gms)].map((match) => relative(srcDir, resolve(dirname(join(srcDir, file)), (match[1] as string).replace(/\.js$/, ".ts"))));
}

/** The import cycles (strongly connected components of more than one file, or a file importing itself). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe("the import graph of src/", () => {
  const graph = importGraph();

  it("reads the imports it checks (the graph is not empty, and it sees a known edge)", () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get("engine/compile/compile-engine.ts")).toContain("engine/model/engine-model.ts");
  });

  it("has no import cycle, type-only imports included (each domain's compile file imports its model, never the reverse)", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself)", () => {
    expect(importCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], ["d.ts", ["a.ts"]]]))).toEqual([["a.ts", "b.ts", "c.ts"]]);
  });

  it("keeps every model file free of validation: a model imports no compile file, and no schema or zod at run time (types only)", () => {
    const models = [...graph.keys()].filter((file) => file.endsWith("-model.ts"));
    expect(models.length).toBeGreaterThanOrEqual(7);
    for (const model of models) {
      // A JSON Logic rule is its own IR: linking one is compiling it (rules/compile-rule.ts).
      const compileFiles = (graph.get(model) ?? []).filter((target) => /(?:^|\/)compile-[^/]*\.ts$/.test(target) && !target.startsWith("rules/"));
      expect(compileFiles, `${model} imports a compile file`).toEqual([]);
      for (const target of valueImports(model)) expect(target, `${model} imports ${target} at run time`).not.toMatch(/(?:-schema|csp-safe-zod|zod-problems)\.ts$/);
    }
  });
});
