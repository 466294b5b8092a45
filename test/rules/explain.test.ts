import { describe, expect, it } from "vitest";
import { explainRule, formatExplanation, RuleError } from "../../src/rules/index.js";

const cartAbandonment = {
  and: [
    { ">=": [{ var: "cart.total" }, 50] },
    { "==": [{ var: "user.plan" }, "pro"] },
    { some: [{ var: "cart.items" }, { ">": [{ var: "qty" }, 1] }] },
  ],
};

describe("explainRule", () => {
  const data = { cart: { total: 120, items: [{ qty: 1 }, { qty: 3 }] }, user: { plan: "free" } };
  const explanation = explainRule(cartAbandonment, data);

  it("returns the result and the value of every node reached", () => {
    expect(explanation.result).toBe(false);
    const [total, plan, items] = explanation.root.children;
    expect(explanation.root).toMatchObject({ path: "", operator: "and", evaluated: true, value: false });
    expect(total).toMatchObject({ path: "/and/0", operator: ">=", value: true });
    expect(total?.children[0]).toMatchObject({ path: "/and/0/>=/0", operator: "var", value: 120 });
    expect(total?.children[1]).toMatchObject({ path: "/and/0/>=/1", value: 50, evaluated: true });
    expect(plan).toMatchObject({ path: "/and/1", operator: "==", value: false });
    expect(plan?.children[0]).toMatchObject({ operator: "var", value: "free" });
    // `and` stopped at the failing clause: the third was never evaluated.
    expect(items).toMatchObject({ path: "/and/2", operator: "some", evaluated: false, evaluations: 0 });
    expect(items).not.toHaveProperty("value");
  });

  it("records every iteration of a scoped rule", () => {
    const someQty = explainRule(cartAbandonment.and[2], data).root;
    expect(someQty.value).toBe(true);
    const body = someQty.children[1];
    expect(body).toMatchObject({ path: "/some/1", operator: ">", evaluations: 2, values: [false, true], value: true });
  });

  it("renders a readable tree", () => {
    expect(formatExplanation(explanation)).toBe(
      [
        "and → false",
        "├─ >= → true",
        '│  ├─ var "cart.total" → 120',
        "│  └─ 50",
        "├─ == → false",
        '│  ├─ var "user.plan" → "free"',
        '│  └─ "pro"',
        "└─ some (not reached)",
      ].join("\n"),
    );
  });

  it("renders literal arrays on one line and shortens long fractions", () => {
    const rule = { and: [{ in: [{ var: "d" }, [0, 6]] }, { "<": [{ "/": [1, { var: "n" }] }, 1] }] };
    expect(formatExplanation(explainRule(rule, { d: 6, n: 3 }))).toBe(
      ["and → true", "├─ in → true", '│  ├─ var "d" → 6', "│  └─ [0,6]", "└─ < → true", "   ├─ / → 0.333333", "   │  ├─ 1", '   │  └─ var "n" → 3', "   └─ 1"].join("\n"),
    );
  });

  it("reports a stopped evaluation", () => {
    const doubling = { reduce: [{ var: "n" }, { merge: [{ var: "accumulator" }, { var: "accumulator" }] }, [1]] };
    const stopped = explainRule(doubling, { n: Array.from({ length: 40 }, () => 0) }, { limits: { maxEvaluationCost: 1_000 } });
    expect(stopped.result).toBeNull();
    expect(stopped.error?.code).toBe("cost-limit");
    expect(formatExplanation(stopped)).toMatch(/stopped: evaluation stopped: it exceeded limits.maxEvaluationCost/);
  });

  it("renders data nested deeper than the stack, or huge, on one short line (review of issue 19)", () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(formatExplanation(explainRule({ var: "d" }, { d: deep }))).toBe('var "d" → [[[[[[[[…]]]]]]]]');
    const huge = { text: "x".repeat(1_000_000), list: Array.from({ length: 100_000 }, (_, index) => index) };
    const line = formatExplanation(explainRule({ var: "d" }, { d: huge }));
    expect(line.length).toBeLessThan(80);
    expect(line.startsWith('var "d" → {"text":"xxxx')).toBe(true);
  });

  it("throws RuleError for an invalid rule", () => {
    expect(() => explainRule({ nope: [] }, {})).toThrow(RuleError);
  });
});
