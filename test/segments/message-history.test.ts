import { describe, expect, it } from "vitest";
import { codegenBackend } from "../../src/rules/codegen/index.js";
import { compileSegments } from "../../src/segments/index.js";
import { ruleClockUse } from "../../src/segments/definitions/rule-clock-use.js";

/* Issue 21: segments see the user's message history given with `options.history`. */

const NOW = Date.parse("2026-11-23T12:00:00Z");
const HOUR = 3_600_000;
const history = {
  deliveries: [{ at: NOW - 2 * HOUR, channel: "push", campaign: "cart-push" }],
  engagement: [{ at: NOW - HOUR, kind: "clicked", campaign: "cart-push", channel: "push" }],
};

describe.each([
  ["closures", {}],
  ["codegen", { backend: codegenBackend }],
])("segments with the message history (%s)", (_name, options) => {
  const segments = compileSegments(
    [
      { id: "clicked-cart", rule: { ">": [{ clicked: ["cart-push", "24h"] }, 0] } },
      { id: "push-reached", rule: { ">=": [{ received: [{ channel: "push" }, "7d"] }, 1] } },
      { id: "clicked-not-bought", rule: { "==": [{ converted: ["cart-push", "24h"] }, 0] }, include: ["clicked-cart"] },
    ],
    options,
  );
  const profile = { id: "u-1" };

  it("answers membership, explanations and batches of memberships with it", () => {
    expect(segments.segmentsOf(profile, NOW, { history })).toEqual(["clicked-cart", "push-reached", "clicked-not-bought"]);
    expect(segments.segmentsOf(profile, NOW)).toEqual([]);
    expect(segments.isMember("clicked-not-bought", profile, NOW, { history })).toBe(true);
    expect([...segments.memberships(profile, NOW + 23 * HOUR, { history })]).toEqual([1, 1, 1]);
    expect([...segments.memberships(profile, NOW + 25 * HOUR, { history })]).toEqual([0, 1, 0]);
    const explanation = segments.explainMembership("clicked-cart", profile, NOW + 25 * HOUR, { history });
    expect(explanation.reason).toBe("rule-not-met");
    expect(explanation.rule?.failed[0]?.operands[0]).toMatchObject({ rule: { clicked: ["cart-push", "24h"] }, value: 0 });
  });

  it("a hostile history is data: never thrown on", () => {
    for (const bad of [null, 42, "x", [history], JSON.parse('{"__proto__": {"engagement": []}}'), { engagement: [null, { at: 9e15 }] }]) {
      expect(segments.segmentsOf(profile, NOW, { history: bad })).toEqual([]);
    }
  });

  it("nextChangeAt re-checks them at midnights (UTC), like the rules' clock operators", () => {
    // The click leaves the 24-hour window at 11:00 on the 24th: the first midnight that sees it is the 25th's.
    expect(segments.nextChangeAt("clicked-cart", profile, NOW, { history })).toBe(Date.parse("2026-11-25T00:00:00Z"));
    expect(segments.nextChangeAt("clicked-cart", profile, NOW)).toBe(Date.parse("2027-11-25T00:00:00Z")); // no history: the end of the search
    expect(segments.nextChangeAt("push-reached", profile, NOW, { history, searchDays: 3 })).toBe(Date.parse("2026-11-27T00:00:00Z"));
    expect(segments.nextChangeAt("push-reached", profile, NOW, { history })).toBe(Date.parse("2026-12-01T00:00:00Z"));
  });
});

it("ruleClockUse: the message-history operators change with time", () => {
  for (const operator of ["received", "opened", "clicked", "converted", "last_message_at", "last_opened_at", "last_clicked_at", "last_converted_at"]) {
    expect(ruleClockUse({ [operator]: ["a"] }, 90)).toEqual({ behavioural: false, unbounded: true, windows: [] });
  }
});
