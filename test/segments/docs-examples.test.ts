import { describe, expect, it } from "vitest";
import { compileRule } from "../../src/rules/index.js";
import { behaviouralOperators, compileSegments, diffMembership, foldEvents } from "../../src/segments/index.js";

// The examples in docs/segments.md, run as written.
describe("docs/segments.md examples", () => {
  const policy = { events: { purchase: { properties: { amount: { decimals: 2 } } }, app_open: {} } };
  const behaviour = foldEvents(
    null,
    [
      { id: "e1", name: "purchase", time: "2026-11-20T10:00:00Z", properties: { amount: 129.99 } },
      { id: "e2", name: "app_open", time: "2026-11-23T08:00:00Z" },
    ],
    policy,
  );
  const segments = compileSegments([
    { id: "pro", rule: { "==": [{ var: "user.attributes.plan" }, "pro"] } },
    { id: "buyers-30d", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
    { id: "dormant", rule: { ">=": [{ days_since_last: "app_open" }, 30] } },
    { id: "pro-buyers", rule: true, include: ["pro", "buyers-30d"], exclude: ["dormant"] },
  ]);
  const profile = { id: "u1", attributes: { plan: "pro" }, behaviour };

  it("the opening example: membership, next change, entry and exit", () => {
    const before = segments.segmentsOf(profile, "2026-11-23T12:00:00Z");
    expect(before).toEqual(["pro", "buyers-30d", "pro-buyers"]);
    expect(segments.nextChangeAt("dormant", profile, "2026-11-23T12:00:00Z")).toBe(Date.parse("2026-12-23T00:00:00Z"));
    const after = segments.segmentsOf(profile, "2026-12-23T00:00:00Z");
    expect(after).toEqual(["pro", "dormant"]);
    expect(diffMembership(before, after)).toEqual({ entered: ["dormant"], exited: ["buyers-30d", "pro-buyers"] });
  });

  it("the stored format of the opening example", () => {
    expect(behaviour).toEqual({
      v: 1,
      events: {
        app_open: { n: 1, first: Date.parse("2026-11-23T08:00:00Z"), last: Date.parse("2026-11-23T08:00:00Z"), ago: [0], c: [1] },
        purchase: {
          n: 1,
          first: Date.parse("2026-11-20T10:00:00Z"),
          last: Date.parse("2026-11-20T10:00:00Z"),
          ago: [0],
          c: [1],
          p: { amount: { scale: 2, sum: [12999], min: [12999], max: [12999] } },
        },
      },
      seen: { t: [Date.parse("2026-11-23T08:00:00Z"), Date.parse("2026-11-20T10:00:00Z")], id: ["e2", "e1"] },
    });
  });

  it("the same operators in a trigger", () => {
    const trigger = compileRule({ ">=": [{ event_count: ["purchase", "30d"] }, 1] }, { operators: behaviouralOperators({ horizonDays: 90 }) });
    expect(trigger({ now: "2026-11-23T12:00:00Z", user: { behaviour } })).toBe(true);
  });

  it("failed clauses carry their operands' values", () => {
    const twoPurchases = foldEvents(
      null,
      [
        { id: "a", name: "purchase", time: "2026-11-18T10:00:00Z" },
        { id: "b", name: "purchase", time: "2026-11-21T10:00:00Z" },
      ],
      policy,
    );
    const set = compileSegments([
      {
        id: "loyal-pro",
        rule: { and: [{ "==": [{ var: "user.attributes.plan" }, "pro"] }, { ">=": [{ event_count: ["purchase", "30d"] }, 3] }] },
      },
      { id: "two-in-30", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 2] } },
    ]);
    const buyer = { attributes: { plan: "pro" }, behaviour: twoPurchases };
    expect(set.explainMembership("loyal-pro", buyer, "2026-11-23T12:00:00Z").rule.failed).toEqual([
      {
        path: "/and/1",
        rule: { ">=": [{ event_count: ["purchase", "30d"] }, 3] },
        operator: ">=",
        value: false,
        expected: true,
        operands: [
          { rule: { event_count: ["purchase", "30d"] }, value: 2 },
          { rule: 3, value: 3 },
        ],
      },
    ]);
    // "≥ 2 purchases in 30 days" with purchases on 18 and 21 November flips when 18 November leaves the window.
    expect(set.nextChangeAt("two-in-30", buyer, "2026-11-23T12:00:00Z")).toBe(Date.parse("2026-12-18T00:00:00Z"));
    expect(set.nextChangeAt("loyal-pro", { attributes: { plan: "pro" } }, "2026-11-23T12:00:00Z")).toBeNull();
  });

  it("RFM scores", () => {
    const operators = behaviouralOperators({
      rfm: {
        customers: { event: "purchase", property: "amount", window: "90d", recency: [7, 30, 60, 90], frequency: [2, 4, 8, 16], monetary: [50, 100, 500, 1000] },
      },
    });
    const score = (dimension: string) => compileRule({ rfm_score: ["customers", dimension] }, { operators })({ now: "2026-11-23T12:00:00Z", user: { behaviour } });
    // last purchase 3 days ago → r 5; 1 purchase in 90 days → f 1; 129.99 spent → m 3
    expect([score("r"), score("f"), score("m"), score("rfm")]).toEqual([5, 1, 3, 513]);
    expect(compileRule({ rfm_score: "customers" }, { operators })({ now: "2026-11-23T12:00:00Z", user: {} })).toBe(0);
  });
});
