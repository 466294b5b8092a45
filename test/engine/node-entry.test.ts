import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as root from "../../src/index.js";
import * as node from "../../src/index.node.js";
import { compileRule } from "../../src/rules/compile-rule.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { exampleConfig, NOW, reachableUser } from "../support/engine-fixtures.js";

afterEach(() => vi.restoreAllMocks());

/** How many rule functions the code-generating backend made while `build` ran (its `new Function("h", source)`, one per rule). */
function generatedDuring(build: () => unknown): number {
  const spy = vi.spyOn(globalThis, "Function");
  try {
    build();
    return spy.mock.calls.filter((call) => call[0] === "h").length;
  } finally {
    spy.mockRestore();
  }
}

describe('the nudgekit entry under Node (the "node" export condition): generated rules by default', () => {
  it("createEngine generates the rules' code unless asked for closures; the root entry keeps closures", () => {
    expect(generatedDuring(() => node.createEngine(exampleConfig()))).toBeGreaterThanOrEqual(5);
    expect(generatedDuring(() => node.createEngine(exampleConfig(), { backend: "codegen" }))).toBeGreaterThanOrEqual(5);
    expect(generatedDuring(() => node.createEngine(exampleConfig(), { backend: "closures" }))).toBe(0);
    expect(generatedDuring(() => root.createEngine(exampleConfig()))).toBe(0);
    expect(generatedDuring(() => root.createEngine(exampleConfig(), { backend: codegenBackend }))).toBeGreaterThanOrEqual(5);
  });

  it("exports the root entry's API, the same objects but createEngine; loadEngine is the runtime's (closures unless asked)", () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(root).sort());
    for (const name of Object.keys(root) as (keyof typeof root)[]) if (name !== "createEngine") expect(node[name], name).toBe(root[name]);
    const prepared = root.prepareConfig(exampleConfig());
    expect(generatedDuring(() => node.loadEngine(prepared))).toBe(0);
  });

  it("decides as the root entry does", () => {
    const input = { event: { name: "checkout_started", properties: { value: 42 } }, user: reachableUser(), now: NOW };
    expect(node.createEngine(exampleConfig()).decide(input)).toEqual(root.createEngine(exampleConfig()).decide(input));
  });

  it('"codegen" by name needs the code generator: the root entry and compileRule say what to pass instead; "closures" works everywhere', () => {
    expect(() => root.createEngine(exampleConfig(), { backend: "codegen" })).toThrow(/codegenBackend from nudgekit\/rules\/codegen/);
    expect(() => compileRule({ var: "a" }, { backend: "codegen" as never })).toThrow(TypeError);
    expect(compileRule({ var: "a" }, { backend: "closures" })({ a: 7 })).toBe(7);
    expect(() => root.createEngine(exampleConfig(), { backend: "jit" as never })).toThrow(/"closures" or a rule backend/);
  });

  it("where code generation is refused (node --disallow-code-generation-from-strings), the rules run as closures: the same decisions, no error", () => {
    const script = `
      import { createEngine } from ${JSON.stringify(fileURLToPath(new URL("../../src/index.node.ts", import.meta.url)))};
      import { createEngine as withClosures } from ${JSON.stringify(fileURLToPath(new URL("../../src/index.ts", import.meta.url)))};
      import { exampleConfig, NOW, reachableUser } from ${JSON.stringify(fileURLToPath(new URL("../support/engine-fixtures.ts", import.meta.url)))};
      let generated = true;
      try { new Function("return 1"); } catch { generated = false; }
      const input = { event: { name: "checkout_started", properties: { value: 42 } }, user: reachableUser(), now: NOW };
      const same = JSON.stringify(createEngine(exampleConfig()).decide(input)) === JSON.stringify(withClosures(exampleConfig()).decide(input));
      console.log(JSON.stringify({ generated, same }));
    `;
    const child = spawnSync(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", "--input-type=module", "--eval", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout.trim())).toEqual({ generated: false, same: true });
  });
});
