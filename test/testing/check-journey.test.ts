import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJourney, type JourneyInput } from "../../src/journeys/index.js";
import { assertJourney, checkJourney, InvariantError, journeyArbitrary, nodesWithoutEnd } from "../../src/testing/index.js";

const series: JourneyInput = {
  id: "series",
  entry: { event: "signed_up" },
  goal: { event: "purchase", window: "14d" },
  exits: [{ event: "unsubscribed" }],
  start: "welcome",
  nodes: {
    welcome: { type: "message", content: {}, next: "platform" },
    platform: { type: "branch", branches: [{ when: { var: "user.vip" }, next: "tour" }], else: "wait" },
    tour: { type: "message", content: {}, next: "wait" },
    wait: { type: "delay", for: "2d", next: "tip" },
    tip: { type: "message", content: {}, next: "opened" },
    opened: { type: "waitFor", event: "app_opened", timeout: "3d", next: "done", onTimeout: "email" },
    email: { type: "message", content: {} },
    done: { type: "exit" },
  },
};

describe("checkJourney", () => {
  it("passes a well-formed series, with a daily limit it keeps", () => {
    const report = checkJourney(series, { maxPerDay: 2, numRuns: 100, seed: 1 });
    expect(report).toMatchObject({ invariant: "journey", ok: true, runs: 100, seed: 1 });
    expect(report.message).toMatch(/from every node of "series" a path ends/);
  });

  it("finds the day a VIP gets the welcome and the tour together, and says how to replay it", () => {
    const report = checkJourney(series, { maxPerDay: 1, numRuns: 200, seed: 7 });
    expect(report.ok).toBe(false);
    expect(report.counterexample).toMatchObject({ violation: "daily-message-limit", node: "tour", user: { vip: true } });
    expect(report.message).toMatch(/2 messages on \d{4}-\d\d-\d\d .*"welcome", "tour".*replay with \{ seed: 7/);
    expect(() => assertJourney(series, { maxPerDay: 1, numRuns: 200, seed: 7 })).toThrow(InvariantError);
  });

  it("reports a loop that never ends, and a journey that does not compile, without throwing", () => {
    const endless: JourneyInput = { id: "endless", entry: { event: "go" }, start: "m", nodes: { m: { type: "message", content: {}, next: "w" }, w: { type: "delay", for: "1d", next: "m" } } };
    expect(nodesWithoutEnd(compileJourney(endless))).toEqual(["m", "w"]);
    expect(checkJourney(endless)).toMatchObject({ ok: false, runs: 0, counterexample: { violation: "every-path-ends", node: "m" } });
    const broken = checkJourney({ id: "broken", entry: { event: "go" }, start: "a", nodes: { a: { type: "delay", for: "1d", next: "b" } } });
    expect(broken).toMatchObject({ ok: false, configProblems: [{ path: "/nodes/a/next" }] });
  });

  it("finds a loop the data never leaves (every node has a way out, but no user takes it)", () => {
    const forever: JourneyInput = { id: "forever", entry: { event: "go" }, start: "d", nodes: { d: { type: "delay", for: "1d", next: "b" }, b: { type: "branch", branches: [{ when: true, next: "m" }], else: "done" }, m: { type: "message", content: {}, next: "d" }, done: { type: "exit" } } };
    const report = checkJourney(forever, { numRuns: 20, seed: 1 });
    expect(report.ok).toBe(false);
    expect(report.counterexample).toMatchObject({ violation: "endless" });
    expect(report.message).toMatch(/a loop it never leaves/);
  });

  it("journeyArbitrary: every generated journey compiles and passes its own checks (no daily limit)", () => {
    fc.assert(
      fc.property(journeyArbitrary({ maxNodes: 8 }), (definition) => {
        const journey = compileJourney(definition);
        expect(journey.nodes.size).toBeGreaterThanOrEqual(1);
        const report = checkJourney(definition, { numRuns: 3, seed: 3 });
        // Generated loops may never end (a delay back to the start with no exit): the only failures it may report.
        if (!report.ok) expect(["every-path-ends", "endless"]).toContain(report.counterexample?.violation);
      }),
      { numRuns: 100 },
    );
  });
});
