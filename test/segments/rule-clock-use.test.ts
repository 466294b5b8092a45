import { describe, expect, it } from "vitest";
import { behaviouralWindows, ruleClockUse, windowsThrough } from "../../src/segments/definitions/rule-clock-use.js";
import { compileSegments } from "../../src/segments/index.js";
import { prepareConfig } from "../../src/index.js";

describe("the windows a rule's behavioural operators read (ClockUse.windows)", () => {
  it("every literal window, in days, ascending and distinct", () => {
    expect(behaviouralWindows({ ">=": [{ active_days: ["app_open", "30d"] }, 7] }, 90)).toEqual([30]);
    expect(behaviouralWindows({ and: [{ event_count: ["purchase", "36h"] }, { event_max: ["purchase", "amount", "P10D"] }, { never_did: ["purchase", "1w"] }, { event_count: ["x", "2d"] }] }, 90)).toEqual([2, 7, 10]);
  });

  it("none for an operator without a window: totals over all events, last_seen, streaks (their changes come from the event days alone)", () => {
    expect(behaviouralWindows({ event_count: "purchase" }, 90)).toEqual([]);
    expect(behaviouralWindows({ streak_days: "app_open" }, 60)).toEqual([]);
    expect(behaviouralWindows({ or: [{ active_days: ["app_open", "7d"] }, { last_seen: "app_open" }, { event_sum: ["purchase", "amount"] }] }, 60)).toEqual([7]);
    expect(behaviouralWindows({ active_days: ["app_open", "900d"] }, 90)).toEqual([90]); // refused when compiled; never longer than the horizon here
  });

  it("null when a window is computed from data (any length may be read)", () => {
    expect(behaviouralWindows({ event_count: ["purchase", { var: "user.window" }] }, 90)).toBeNull();
    expect(windowsThrough([7], [[30], null])).toBeNull();
    expect(windowsThrough([30, 7], [[7, 90], []])).toEqual([7, 30, 90]);
  });

  it("none without behavioural operators; hostile keys are read as data, never thrown on", () => {
    expect(ruleClockUse({ "==": [{ var: "user.plan" }, "pro"] }, 90).windows).toEqual([]);
    // An own __proto__ key is read like any operation (compiling refuses such a rule): no prototype reached, nothing thrown.
    expect(behaviouralWindows(JSON.parse('{"__proto__": {"event_count": ["x", "3d"]}}'), 90)).toEqual([3]);
  });

  it("what it cannot see through counts as changing with time: custom operators, the whole data outside a loop's body, rules deeper than 1,000 levels", () => {
    expect(ruleClockUse({ my_clock: [] }, 90, new Set(["my_clock"])).unbounded).toBe(true);
    expect(ruleClockUse({ my_clock: [] }, 90).unbounded).toBe(false); // not a custom operator of this set: an unknown one is refused when compiled
    expect(ruleClockUse({ reduce: [[1], { var: "accumulator.now" }, { var: "" }] }, 90).unbounded).toBe(true);
    expect(ruleClockUse({ "!!": { var: [] } }, 90).unbounded).toBe(true);
    expect(ruleClockUse({ map: [{ var: "user.tags" }, { var: "" }] }, 90).unbounded).toBe(false); // the element
    let deep: unknown = { event_count: ["purchase", "7d"] };
    for (let level = 0; level < 1_100; level++) deep = { "!": deep };
    expect(ruleClockUse(deep, 90)).toMatchObject({ unbounded: true });
    expect(behaviouralWindows(deep, 90)).toBeNull();
  });

  it("flows through include and exclude to the segments that depend on them, and into the prepared IR", () => {
    const set = compileSegments([
      { id: "active", rule: { ">=": [{ active_days: ["app_open", "14d"] }, 3] } },
      { id: "buyer", rule: { ">=": [{ event_count: ["purchase", "30d"] }, 1] } },
      { id: "active-not-buyer", rule: true, include: ["active"], exclude: ["buyer"] },
    ]);
    expect(set.nextChangeAt("active-not-buyer", { behaviour: { events: {} } }, Date.UTC(2026, 10, 23))).toBeNull();
    const prepared = prepareConfig({ behaviour: { events: { app_open: {} } }, segments: [{ id: "active", rule: { ">=": [{ active_days: ["app_open", "14d"] }, 3] } }, { id: "all", rule: true, include: ["active"] }], campaigns: [] });
    const segments = (prepared.engine as { segments: { segments: { clock: { windows: number[] | null } }[] } }).segments.segments;
    expect(segments.map((segment) => segment.clock.windows)).toEqual([[14], [14]]);
  });
});
