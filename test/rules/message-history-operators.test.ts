import { describe, expect, it } from "vitest";
import { compileRule, explainRule, formatExplanation, validateRule, type CompileOptions, type RuleEvaluationError } from "../../src/rules/index.js";
import { codegenBackend } from "../../src/rules/codegen/index.js";

/*
 * Issue 21: rule operators over the user's message history (`history` in the root data):
 * received / opened / clicked / converted in a window, and the latest instants.
 */

const now = Date.parse("2026-11-23T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const history = {
  deliveries: [
    { at: now - 30 * HOUR, channel: "push", campaign: "cart-push", tags: ["marketing", "cart"] },
    { at: now - 3 * DAY, channel: "email", campaign: "weekly", tags: ["marketing"] },
    { at: now - 40 * DAY, channel: "push", campaign: "weekly" },
    { at: now + HOUR, channel: "push", campaign: "deferred" }, // planned, not sent yet
  ],
  engagement: [
    { at: now - 29 * HOUR, kind: "clicked", campaign: "cart-push", channel: "push", tags: ["marketing", "cart"] },
    { at: now - 29 * HOUR - 1, kind: "opened", campaign: "cart-push", channel: "push" },
    { at: now - 2 * DAY, kind: "opened", campaign: "weekly", channel: "email", tags: ["marketing"] },
    { at: now - 2 * HOUR, kind: "converted", campaign: "weekly" },
  ],
};
const data = { now, history };

const backends: [string, CompileOptions][] = [
  ["closures", {}],
  ["codegen", { backend: codegenBackend }],
];

describe.each(backends)("message-history operators (%s)", (_name, options) => {
  const run = (rule: unknown, input: unknown = data) => compileRule(rule, options)(input);

  it("count deliveries and engagement by campaign, channel and tag in a window", () => {
    expect(run({ received: ["cart-push", "24h"] })).toBe(0);
    expect(run({ received: ["cart-push", "30h"] })).toBe(1); // the window's start is included
    expect(run({ received: [{ tag: "marketing" }, "7d"] })).toBe(2);
    expect(run({ received: [{ channel: "push" }] })).toBe(2); // no window: the last 730 days; the deferred send is not made yet
    expect(run({ received: [{}] })).toBe(3);
    expect(run({ clicked: [{ campaign: "cart-push" }, "30h"] })).toBe(1);
    expect(run({ clicked: [{ campaign: "cart-push" }, "24h"] })).toBe(0);
    expect(run({ opened: [{ channel: "push" }, "30d"] })).toBe(1);
    expect(run({ opened: { channel: ["push", "email"] } })).toBe(2);
    expect(run({ opened: [{ tag: "cart" }] })).toBe(0); // that open has no tags
    expect(run({ clicked: [{ tag: ["cart", "other"], channel: "push" }] })).toBe(1);
    expect(run({ converted: ["weekly", "1d"] })).toBe(1);
    expect(run({ converted: [{ campaign: "weekly", channel: "email" }] })).toBe(0); // no channel known: a channel selector does not match
  });

  it("the latest instants", () => {
    expect(run({ last_message_at: [] })).toBe(now - 30 * HOUR);
    expect(run({ last_message_at: "weekly" })).toBe(now - 3 * DAY);
    expect(run({ last_message_at: { channel: "sms" } })).toBeNull();
    expect(run({ last_opened_at: [{ tag: "marketing" }] })).toBe(now - 2 * DAY);
    expect(run({ last_clicked_at: "cart-push" })).toBe(now - 29 * HOUR);
    expect(run({ last_converted_at: [] })).toBe(now - 2 * HOUR);
    expect(run({ hours_since: { last_clicked_at: "cart-push" } })).toBe(29);
  });

  it("compose with comparisons: clicked the cart push but did not buy", () => {
    const rule = { and: [{ ">": [{ clicked: [{ campaign: "cart-push" }, "48h"] }, 0] }, { "==": [{ converted: [{ campaign: "cart-push" }, "48h"] }, 0] }, { ">=": [{ hours_since: { last_clicked_at: "cart-push" } }, 24] }] };
    expect(run(rule)).toBe(true);
    const bought = { ...history, engagement: [...history.engagement, { at: now - HOUR, kind: "converted", campaign: "cart-push" }] };
    expect(run(rule, { now, history: bought })).toBe(false);
    expect(run(rule, { now: now - 6 * HOUR, history })).toBe(false); // only 23 hours after the click
  });

  it("selectors and windows from data", () => {
    expect(run({ clicked: [{ var: "campaign" }, { var: "window" }] }, { ...data, campaign: "cart-push", window: "2d" })).toBe(1);
    expect(run({ clicked: [{ var: "selector" }, 108_000_000] }, { ...data, selector: { campaign: "cart-push", channel: "push" } })).toBe(1);
    for (const bad of [{ campain: "x" }, 42, null, "", { campaign: [] }, { campaign: [1] }, ["cart-push"]]) {
      expect(run({ clicked: [{ var: "selector" }] }, { ...data, selector: bad })).toBeNull();
    }
    for (const bad of ["1x", 0, -5, "731d", null, { d: 1 }]) expect(run({ clicked: ["cart-push", { var: "window" }] }, { ...data, window: bad })).toBeNull();
  });

  it("read now and history from the root data, also inside loops", () => {
    expect(run({ map: [["cart-push", "weekly"], { received: [{ var: "" }, "7d"] }] })).toEqual([1, 1]);
    expect(run({ received: ["weekly", "7d"] }, { now: "2026-11-23T12:00:00Z", history })).toBe(1);
  });

  it("give null without a valid now, and nothing without a history", () => {
    expect(run({ received: ["weekly", "7d"] }, { history })).toBeNull();
    expect(run({ last_message_at: [] }, { now: "yesterday", history })).toBeNull();
    expect(run({ received: ["weekly", "7d"] }, { now })).toBe(0);
    expect(run({ last_message_at: [] }, { now })).toBeNull();
    expect(run({ opened: [{}] }, { now, history: { engagement: "lots" } })).toBe(0);
    expect(run({ opened: [{}] }, null)).toBeNull();
  });

  it("skip malformed entries and read own properties only", () => {
    const inherited = Object.create({ at: now - HOUR, kind: "opened", campaign: "x" }) as object;
    const polluted = { deliveries: [], engagement: [
      inherited,
      { at: now - HOUR, kind: "opened" }, // no campaign
      { at: "2026-11-23T11:00:00Z", kind: "opened", campaign: "x" }, // a text time
      { at: 9e15, kind: "opened", campaign: "x" }, // outside the Date range
      { at: Number.NaN, kind: "opened", campaign: "x" },
      { at: now - HOUR, kind: "read", campaign: "x" },
      { at: now - HOUR, kind: "opened", campaign: "x", channel: 7 },
      { at: now - HOUR, kind: "opened", campaign: "y".repeat(1_025) },
      JSON.parse('{"__proto__": {"at": 1}, "kind": "opened", "campaign": "x"}'),
      null, 42, "opened", [now, "opened", "x"],
      { at: now - HOUR, kind: "opened", campaign: "x", tags: "marketing" }, // kept; its tags read as none
    ] };
    expect(run({ opened: [{}] }, { now, history: polluted })).toBe(1);
    expect(run({ opened: [{ tag: "marketing" }] }, { now, history: polluted })).toBe(0);
    expect(run({ received: [{}] }, { now, history: JSON.parse('{"__proto__": {"deliveries": [{"at": 1, "channel": "push", "campaign": "x"}]}}') })).toBe(0);
    expect(run({ received: [{}] }, { now, history: Object.create({ deliveries: [{ at: now, channel: "push", campaign: "x" }] }) })).toBe(0);
  });

  it("never change the data", () => {
    const frozen = structuredClone(data);
    const before = JSON.stringify(frozen);
    run({ received: [{ var: "history.deliveries.0.tags" }] }, frozen);
    run({ clicked: [{ tag: "cart" }, "7d"] }, frozen);
    expect(JSON.stringify(frozen)).toBe(before);
  });
});

describe("message-history operators: validation", () => {
  it("reports bad selectors and windows with pointers", () => {
    expect(validateRule({ and: [{ clicked: [{ campagin: "cart-push" }, "24h"] }, { opened: ["x", "900d"] }, { opened: [{ campaign: ["a", 3] }, "1x"] }, { received: [42] }, { converted: [{ tag: [] }] }] })).toEqual([
      { path: "/and/0/clicked/0/campagin", message: '"clicked": unknown selector key "campagin" (known keys: campaign, channel, tag)' },
      { path: "/and/1/opened/1", message: '"opened": the window must be longer than 0 and at most 730 days ("730d"), got "900d"' },
      { path: "/and/2/opened/0/campaign/1", message: '"opened": "campaign" takes texts of 1 to 1024 characters' },
      { path: "/and/2/opened/1", message: expect.stringMatching(/^"opened": the window: "1x" is not a duration/) as unknown as string },
      { path: "/and/3/received/0", message: expect.stringMatching(/^"received": a selector is a campaign id or an object with "campaign", "channel", "tag"/) as unknown as string },
      { path: "/and/4/converted/0/tag", message: '"converted": "tag" takes a text or a list of 1 to 100 texts' },
    ]);
    expect(validateRule({ received: [] })).toEqual([{ path: "", message: '"received" takes 1 to 2 arguments, got 0' }]);
    expect(validateRule({ last_message_at: ["a", "7d"] })).toEqual([{ path: "", message: '"last_message_at" takes 0 to 1 arguments, got 2' }]);
    expect(validateRule({ opened: [{ channel: "push" }, 0] })[0]?.message).toMatch(/longer than 0/);
    expect(validateRule(JSON.parse('{"clicked": [{"__proto__": "x"}]}'))[0]?.path).toBe("/clicked/0/__proto__");
  });

  it("takes a one-key object naming an operator as a rule, anything else as a selector", () => {
    // { "var": … } is a rule (the selector comes from data); { "campaign": … } is data.
    expect(validateRule({ clicked: [{ var: "selector" }] })).toEqual([]);
    expect(validateRule({ clicked: [{ campaign: "a", channel: "push" }] })).toEqual([]);
    // A custom operator named like a selector key makes that key a rule in this compile.
    const options: CompileOptions = { operators: { campaign: { evaluate: () => "cart-push" } } };
    expect(compileRule({ clicked: [{ campaign: "ignored" }] }, options)(data)).toBe(1);
  });
});

describe("message-history operators: explain and cost", () => {
  it("explains each operator and its selector", () => {
    const explanation = explainRule({ ">": [{ clicked: [{ campaign: "cart-push" }, "48h"] }, 0] }, data);
    expect(explanation.result).toBe(true);
    const clicked = explanation.root.children[0]!;
    expect(clicked).toMatchObject({ operator: "clicked", value: 1, evaluated: true });
    expect(clicked.children[0]).toMatchObject({ path: "/>/0/clicked/0", rule: { campaign: "cart-push" }, evaluated: true, value: { campaign: "cart-push" } });
    expect(clicked.children[0]?.operator).toBeUndefined();
    expect(formatExplanation(explanation)).toBe(['> → true', '├─ clicked → 1', '│  ├─ {"campaign":"cart-push"}', '│  └─ "48h"', "└─ 0"].join("\n"));
  });

  it("charges two units per entry scanned and one per tag read", () => {
    const cost = (rule: unknown, input: unknown) => {
      const errors: RuleEvaluationError[] = [];
      const value = compileRule(rule, { limits: { maxEvaluationCost: 1 }, onError: (error) => errors.push(error) })(input);
      return value === null && errors[0]?.code === "cost-limit" ? errors[0].cost : 0;
    };
    expect(cost({ received: [{}] }, data)).toBe(8);
    expect(cost({ opened: [{ tag: "marketing" }] }, data)).toBe(8); // stops at the scan, before reading tags
    const budgeted = (rule: unknown, budget: number) => compileRule(rule, { limits: { maxEvaluationCost: budget } })(data);
    expect(budgeted({ opened: [{ tag: "marketing" }] }, 8 + 1)).toBe(1); // the one open with tags, read: 1 unit
    expect(budgeted({ opened: [{ tag: "marketing" }] }, 8)).toBeNull();
    expect(budgeted({ clicked: [{ tag: "x" }] }, 8 + 1)).toBeNull(); // the click's two tags: 2 units
  });

  it("stops at the evaluation budget over a huge hostile history", () => {
    const huge = { deliveries: new Array(6_000_000).fill({ at: now, channel: "push", campaign: "x", tags: ["a"] }) };
    const errors: RuleEvaluationError[] = [];
    const started = performance.now();
    expect(compileRule({ received: [{ tag: "a" }] }, { onError: (error) => errors.push(error) })({ now, history: huge })).toBeNull();
    expect(errors[0]?.code).toBe("cost-limit");
    // Tags are charged too: 1.7M entries of one tag each stop it, not 2.4M entries without a tag selector.
    const tagged = { deliveries: new Array(1_700_000).fill({ at: now, channel: "push", campaign: "x", tags: ["a"] }) };
    expect(compileRule({ received: [{ tag: "a" }] }, { onError: (error) => errors.push(error) })({ now, history: tagged })).toBeNull();
    expect(compileRule({ received: [{ campaign: "x" }] })({ now, history: tagged })).toBe(1_700_000);
    // An entry's long text is compared with the selector's texts of its length, charged, never hashed.
    const long = { deliveries: new Array(100_000).fill(0).map((_, i) => ({ at: now, channel: "push", campaign: "y".repeat(1_000) + String(i).padStart(6, "0") })) };
    expect(compileRule({ received: [{ campaign: "y".repeat(1_006) }] }, { onError: (error) => errors.push(error) })({ now, history: long })).toBeNull();
    expect(errors.map((error) => error.code)).toEqual(["cost-limit", "cost-limit", "cost-limit"]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
