import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRule, validateRule } from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";

/** Every ```json example block in docs/rules.md is `{ rule, data, result }` and must hold. */
const doc = readFileSync(fileURLToPath(new URL("../../docs/rules.md", import.meta.url)), "utf8");
const examples = [...doc.matchAll(/```json example\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] as string) as { rule: unknown; data: unknown; result: unknown });

describe("docs/rules.md examples", () => {
  it("are there", () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples.map((example) => [JSON.stringify(example.rule), example] as const))("%s", (_name, example) => {
    expect(validateRule(example.rule)).toEqual([]);
    expect(compileRule(example.rule)(example.data)).toEqual(example.result);
  });

  it("the validation example prints what validateRule returns", () => {
    const problems = validateRule({ and: [{ strats_with: ["a", "b"] }, { ">": [1, 2, 3] }, { local_hour: ["Mars/Base"] }] });
    for (const problem of problems) expect(doc).toContain(`{ path: "${problem.path}", message: '${problem.message}' }`);
    expect(problems).toHaveLength(3);
  });

  it("every example gives the same result through the code-generating backend, and the backend example prints what it says", () => {
    for (const example of examples) expect(compileRule(example.rule, { backend: codegenBackend })(example.data)).toEqual(example.result);
    const block = /```ts\nimport \{ compileRule \} from "nudgekit\/rules";\nimport \{ codegenBackend, ruleSource \} from "nudgekit\/rules\/codegen";\n\nconst rule = (.*);\n/.exec(doc);
    expect(block).not.toBeNull();
    const rule = JSON.parse((block?.[1] ?? "null").replace(/(\w+):/g, '"$1":')) as unknown;
    const generated = compileRule(rule, { backend: codegenBackend });
    expect([generated({ user: { plan: "pro" }, cart: { total: 80 } }), generated({ user: { plan: "pro" }, cart: { total: 20 } })]).toEqual([true, false]);
    expect(doc).toContain("console.log(generated({ user: { plan: \"pro\" }, cart: { total: 80 } })); // true");
  });
});
