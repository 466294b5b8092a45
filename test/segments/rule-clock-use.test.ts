import { describe, expect, it } from "vitest";
import { longestWindowDays, ruleClockUse } from "../../src/segments/definitions/rule-clock-use.js";
import { compileSegments } from "../../src/segments/index.js";
import { prepareConfig } from "../../src/index.js";

describe("how long a rule's behavioural values keep changing after an event (windowDays)", () => {
  it("the longest literal window any behavioural operator reads", () => {
    expect(longestWindowDays({ ">=": [{ active_days: ["app_open", "30d"] }, 7] }, 90)).toBe(30);
    expect(longestWindowDays({ and: [{ event_count: ["purchase", "36h"] }, { event_max: ["purchase", "amount", "P10D"] }] }, 90)).toBe(10);
    expect(longestWindowDays({ never_did: ["purchase", "1w"] }, 90)).toBe(7);
  });

  it("the whole horizon when an operator reads it: no window, a computed one, or an operator without one", () => {
    expect(longestWindowDays({ event_count: "purchase" }, 90)).toBe(90);
    expect(longestWindowDays({ event_count: ["purchase", { var: "user.window" }] }, 90)).toBe(90);
    expect(longestWindowDays({ streak_days: "app_open" }, 60)).toBe(60);
    expect(longestWindowDays({ or: [{ active_days: ["app_open", "7d"] }, { last_seen: "app_open" }] }, 60)).toBe(60);
  });

  it("0 without behavioural operators; windows under hostile keys are ignored, never thrown on", () => {
    expect(ruleClockUse({ "==": [{ var: "user.plan" }, "pro"] }, 90).windowDays).toBe(0);
    // An own __proto__ key is read like any operation (compiling refuses such a rule): no prototype reached, nothing thrown.
    expect(longestWindowDays(JSON.parse('{"__proto__": {"event_count": ["x", "3d"]}}'), 90)).toBe(3);
    expect(longestWindowDays({ active_days: ["app_open", "900d"] }, 90)).toBe(90);
  });

  it("flows through include and exclude to the segments that depend on them, and into the prepared IR", () => {
    const set = compileSegments([
      { id: "active", rule: { ">=": [{ active_days: ["app_open", "14d"] }, 3] } },
      { id: "buyer", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
      { id: "active-not-buyer", rule: true, include: ["active"], exclude: ["buyer"] },
    ]);
    const unbought = { behaviour: { events: {} } };
    expect(set.nextChangeAt("active-not-buyer", unbought, Date.UTC(2026, 10, 23))).toBeNull();
    const prepared = prepareConfig({ behaviour: { events: { app_open: {} } }, segments: [{ id: "active", rule: { ">=": [{ active_days: ["app_open", "14d"] }, 3] } }, { id: "all", rule: true, include: ["active"] }], campaigns: [] });
    const segments = (prepared.engine as { segments: { segments: { clock: { windowDays: number } }[] } }).segments.segments;
    expect(segments.map((segment) => segment.clock.windowDays)).toEqual([14, 14]);
  });
});
