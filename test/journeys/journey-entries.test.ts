/**
 * Entries on a segment or a schedule, concurrent runs keyed by an event field, waits for a segment,
 * splits weighted by given shares, and version 1 states read as version 2.
 */
import { describe, expect, it } from "vitest";
import { compileJourney, journeyStep, JourneyConfigError, type JourneyAction, type JourneyInput, type JourneyState } from "../../src/journeys/index.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 2, 4, 12); // a Wednesday
const user = { id: "u1", timeZone: "Europe/Paris" };

const types = (actions: readonly JourneyAction[]): string[] => actions.map((action) => (action.type === "message" ? `message:${action.node}` : action.type === "exited" ? `exited:${action.reason}` : action.type));
const problemOf = (definition: unknown): string => {
  try {
    compileJourney(definition as JourneyInput);
  } catch (error) {
    if (error instanceof JourneyConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`).join("\n");
    throw error;
  }
  return "compiled";
};

describe("journeys: entry on a segment", () => {
  const vip = compileJourney({
    id: "vip-welcome",
    entry: { segmentEntry: "vip" },
    reentry: { policy: "after-exit" },
    start: "hello",
    nodes: { hello: { type: "message", content: { title: "You are a VIP now" } } },
  });

  it("enters a user who comes into the segment, not one who stays in it, and again after they left and came back", () => {
    const outside = journeyStep(vip, null, { user, segments: [] }, T);
    expect(outside.actions).toEqual([]);
    expect(outside.state.inEntrySegment).toBe(false);
    const joined = journeyStep(vip, outside.state, { user, segments: ["vip"] }, T + H);
    expect(types(joined.actions)).toEqual(["entered", "message:hello", "exited:completed"]);
    expect(joined.actions[0]).toMatchObject({ because: "came into segment vip", key: null });
    // Still in it: no second entry, whatever the policy allows.
    const stays = journeyStep(vip, joined.state, { user, event: { name: "app_open" }, segments: (segment) => segment === "vip" }, T + 2 * H);
    expect(stays.actions).toEqual([]);
    const left = journeyStep(vip, stays.state, { user, segments: [] }, T + 3 * H);
    expect(left.state.inEntrySegment).toBe(false);
    const back = journeyStep(vip, left.state, { user, segments: ["vip"] }, T + 4 * H);
    expect(back.actions[0]).toMatchObject({ type: "entered", entry: 2 });
  });

  it("enters a user already in the segment at the journey's first input, and reads no segment without `segments`", () => {
    expect(types(journeyStep(vip, null, { user, segments: ["vip"] }, T).actions)).toEqual(["entered", "message:hello", "exited:completed"]);
    expect(journeyStep(vip, null, { user }, T).actions).toEqual([]);
  });
});

describe("journeys: scheduled entry", () => {
  const weekly = compileJourney({
    id: "monday-digest",
    entry: { scheduled: { time: "09:00", weekdays: [1] } },
    reentry: { policy: "after-exit" },
    start: "digest",
    nodes: { digest: { type: "message", content: { title: "Your week" } } },
  });

  it("wakes a user out of the journey at the next occurrence in their zone, enters them then, and once per occurrence", () => {
    const seen = journeyStep(weekly, null, { user }, T);
    expect(seen.actions).toEqual([]);
    // Monday 9 March, 09:00 in Paris (CET) is 08:00 UTC.
    const monday = Date.UTC(2026, 2, 9, 8);
    expect(seen.wakeAt).toBe(monday);
    const woken = journeyStep(weekly, seen.state, { user }, monday);
    expect(types(woken.actions)).toEqual(["entered", "message:digest", "exited:completed"]);
    expect(woken.actions[0]).toMatchObject({ because: "scheduled for 2026-03-09T08:00:00.000Z" });
    // Another input the same morning: that occurrence is spent.
    expect(journeyStep(weekly, woken.state, { user, event: { name: "app_open" } }, monday + H).actions).toEqual([]);
    expect(woken.wakeAt).toBe(monday + 7 * D);
    // The next Monday, an event (not only a wake-up) enters.
    expect(journeyStep(weekly, woken.state, { user, event: { name: "app_open" } }, monday + 7 * D + 2 * H).actions[0]).toMatchObject({ type: "entered", entry: 2 });
  });

  it("does not enter past the occurrence's window (default one day), and never again under the policy never", () => {
    const monday = Date.UTC(2026, 2, 9, 8);
    expect(journeyStep(weekly, null, { user }, monday + D - 1).actions[0]).toMatchObject({ type: "entered" });
    const late = journeyStep(weekly, null, { user }, monday + D);
    expect(late.actions).toEqual([]);
    expect(late.wakeAt).toBe(monday + 7 * D);
    const once = compileJourney({ id: "launch", entry: { scheduled: { at: "2027-01-04T09:00", window: "3d" } }, start: "hi", nodes: { hi: { type: "message", content: {} } } });
    const newYork = { id: "u2", timeZone: "America/New_York" };
    const before = journeyStep(once, null, { user: newYork }, Date.UTC(2027, 0, 1));
    expect(before.wakeAt).toBe(Date.UTC(2027, 0, 4, 14)); // 09:00 EST
    const entered = journeyStep(once, before.state, { user: newYork }, Date.UTC(2027, 0, 5));
    expect(types(entered.actions)).toEqual(["entered", "message:hi", "exited:completed"]);
    expect(entered.wakeAt).toBeNull();
  });
});

describe("journeys: concurrent runs keyed by an event field", () => {
  const carts = compileJourney({
    id: "abandoned-cart",
    entry: { event: "cart_abandoned" },
    reentry: { policy: "concurrent", max: 2, key: "event.properties.cart_id" },
    goal: { event: "purchase", where: { "==": [{ var: "event.properties.cart_id" }, { var: "journey.key" }] }, window: "7d" },
    start: "wait",
    nodes: {
      wait: { type: "delay", for: "4h", next: "remind" },
      remind: { type: "message", content: { title: "Your cart is waiting" } },
    },
  });
  const abandon = (cart: unknown, id: string) => ({ user, event: { name: "cart_abandoned", id, properties: { cart_id: cart } } });

  it("runs one journey per cart, up to max, converts each on its own purchase, and says when it does not enter", () => {
    const a = journeyStep(carts, null, abandon("A", "e1"), T);
    const b = journeyStep(carts, a.state, abandon(7, "e2"), T + H);
    expect(b.state.runs.map((run) => [run.entry, run.key])).toEqual([[1, "A"], [2, "7"]]);
    expect(b.wakeAt).toBe(T + 4 * H);
    // A again while its run goes on: nothing; a third cart: over max, said.
    expect(journeyStep(carts, b.state, abandon("A", "e3"), T + 2 * H).actions).toEqual([]);
    const third = journeyStep(carts, b.state, abandon("C", "e4"), T + 2 * H);
    expect(third.actions).toEqual([{ type: "not-entered", journey: "abandoned-cart", at: T + 2 * H, reason: "max-runs", key: "C" }]);
    expect(journeyStep(carts, b.state, abandon(null, "e5"), T + 2 * H).actions).toEqual([expect.objectContaining({ type: "not-entered", reason: "no-key" })]);
    // Cart A is bought: its run converts; cart 7's run goes on, and its reminder comes.
    const bought = journeyStep(carts, b.state, { user, event: { name: "purchase", id: "e6", properties: { cart_id: "A" } } }, T + 3 * H);
    expect(types(bought.actions)).toEqual(["converted", "exited:goal"]);
    expect(bought.actions[0]).toMatchObject({ entry: 1 });
    expect(bought.state.runs.map((run) => run.key)).toEqual(["7"]);
    const reminded = journeyStep(carts, bought.state, { user }, T + 5 * H);
    expect(reminded.actions.find((action) => action.type === "message")).toMatchObject({ key: '["abandoned-cart",2,"remind",0]' });
    // Cart A may enter again: its run has ended.
    expect(journeyStep(carts, reminded.state, abandon("A", "e7"), T + 6 * H).actions[0]).toMatchObject({ type: "entered", entry: 3, key: "A" });
  });

  it("keys runs by any field of the entry event, its id included", () => {
    const byId = compileJourney({ id: "j", entry: { event: "go" }, reentry: { policy: "concurrent", max: 2, key: "event.id" }, start: "w", nodes: { w: { type: "delay", for: "1d", next: "m" }, m: { type: "message", content: {} } } });
    const first = journeyStep(byId, null, { event: { name: "go", id: "g1" } }, T);
    expect(first.state.runs.map((run) => run.key)).toEqual(["g1"]);
  });

  it("takes only an event entry, and a key path into the event", () => {
    expect(problemOf({ id: "j", entry: { segmentEntry: "s" }, reentry: { policy: "concurrent", max: 2, key: "event.properties.id" }, start: "a", nodes: { a: { type: "exit" } } })).toBe("/reentry/key: keys runs by the entry event: a concurrent journey enters on an event");
    expect(problemOf({ id: "j", entry: { event: "e" }, reentry: { policy: "concurrent", max: 2, key: "user.id" }, start: "a", nodes: { a: { type: "exit" } } })).toMatch(/^\/reentry\/key: must be a path into the entry event/);
    expect(problemOf({ id: "j", entry: { event: "e" }, reentry: { policy: "concurrent", max: 21, key: "event.id" }, start: "a", nodes: { a: { type: "exit" } } })).toMatch(/^\/reentry\/max: /);
  });
});

describe("journeys: waiting for a segment", () => {
  const activation = compileJourney({
    id: "activation",
    entry: { event: "signed_up" },
    start: "wait",
    nodes: {
      wait: { type: "waitFor", segment: "activated", timeout: "7d", next: "praise", onTimeout: "nudge" },
      praise: { type: "message", content: { title: "Nice work" } },
      nudge: { type: "message", content: { title: "Need a hand?" } },
    },
  });

  it("goes on when the user is in the segment — at once on arrival, or at a later input — else times out", () => {
    const waiting = journeyStep(activation, null, { user, event: { name: "signed_up" } }, T);
    expect(waiting.actions.at(-1)).toMatchObject({ type: "waiting", for: "segment activated", until: T + 7 * D });
    const joined = journeyStep(activation, waiting.state, { user, segments: ["activated"] }, T + D);
    expect(joined.actions[0]).toEqual(expect.objectContaining({ type: "branched", to: "praise", because: "in segment activated" }));
    expect(types(journeyStep(activation, null, { user, event: { name: "signed_up" }, segments: ["activated"] }, T).actions)).toEqual(["entered", "branched", "message:praise", "exited:completed"]);
    expect(types(journeyStep(activation, waiting.state, { user }, T + 7 * D).actions)).toEqual(["branched", "message:nudge", "exited:completed"]);
  });

  it("takes one of event, condition and segment", () => {
    expect(problemOf({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "waitFor", segment: "s", event: "x", timeout: "1d", next: "b", onTimeout: "b" }, b: { type: "exit" } } })).toBe("/nodes/a: a waitFor needs exactly one of event, condition and segment");
  });
});

describe("journeys: splits weighted by given shares (a bandit's allocation)", () => {
  const split = compileJourney({
    id: "copy-test",
    entry: { event: "signed_up" },
    start: "pick",
    nodes: {
      pick: { type: "split", bandit: true, paths: [{ id: "short", weight: 1, next: "a" }, { id: "long", weight: 1, next: "b" }] },
      a: { type: "message", content: { copy: "short" } },
      b: { type: "message", content: { copy: "long" } },
    },
  });
  const pathOf = (id: string, splitShares?: Record<string, Record<string, number>>): string => {
    const result = journeyStep(split, null, { user: { id }, event: { name: "signed_up" }, ...(splitShares === undefined ? {} : { splitShares }) }, T);
    return (result.actions.find((action) => action.type === "message") as { node: string }).node;
  };
  const ids = Array.from({ length: 400 }, (_, index) => `user-${index}`);

  it("sends everyone down a path with the whole share, splits by the shares given, and moves a user only when a boundary passes their point", () => {
    expect(new Set(ids.map((id) => pathOf(id, { pick: { short: 1, long: 0 } })))).toEqual(new Set(["a"]));
    expect(new Set(ids.map((id) => pathOf(id, { pick: { short: 0, long: 3 } })))).toEqual(new Set(["b"]));
    const even = ids.map((id) => pathOf(id, { pick: { short: 0.5, long: 0.5 } }));
    const leaning = ids.map((id) => pathOf(id, { pick: { short: 0.8, long: 0.2 } }));
    const share = (paths: string[]): number => paths.filter((path) => path === "a").length / paths.length;
    expect(share(even)).toBeGreaterThan(0.4);
    expect(share(even)).toBeLessThan(0.6);
    expect(share(leaning)).toBeGreaterThan(0.7);
    // Growing "short" only moves users from long to short.
    expect(ids.every((id, index) => even[index] === "b" || leaning[index] === "a")).toBe(true);
  });

  it("goes by weight without shares, and says why when the shares cannot be used", () => {
    expect(ids.map((id) => pathOf(id))).toEqual(ids.map((id) => pathOf(id, { other: { short: 1 } })));
    const bad = journeyStep(split, null, { user: { id: "u1" }, event: { name: "signed_up" }, splitShares: { pick: { short: -1, long: 2 } } }, T);
    expect(bad.actions).toContainEqual(expect.objectContaining({ type: "problem", message: expect.stringMatching(/^splitShares\.pick must map path ids to shares/) }));
    const zero = journeyStep(split, null, { user: { id: "u1" }, event: { name: "signed_up" }, splitShares: { pick: { short: 0, long: 0 } } }, T);
    expect(zero.actions).toContainEqual(expect.objectContaining({ type: "problem" }));
  });
});

describe("journeys: entry definitions", () => {
  it("takes exactly one way in, dates that exist, weekdays only with a time", () => {
    const base = { id: "j", start: "a", nodes: { a: { type: "exit" } } };
    expect(problemOf({ ...base, entry: { event: "e", segmentEntry: "s" } })).toBe("/entry: an entry needs exactly one of event, segmentEntry and scheduled");
    expect(problemOf({ ...base, entry: { segmentEntry: "s", where: true } })).toBe("/entry: where goes with event (use the audience for who may enter)");
    expect(problemOf({ ...base, entry: { scheduled: { at: "2027-02-30T09:00" } } })).toBe('/entry/scheduled/at: "2027-02-30T09:00" is not a date-time that exists');
    expect(problemOf({ ...base, entry: { scheduled: { at: "2027-02-03T09:00", weekdays: [1] } } })).toMatch(/weekdays go with time/);
    expect(problemOf({ ...base, entry: { scheduled: { time: "25:00" } } })).toMatch(/^\/entry\/scheduled\/time: /);
  });
});

describe("journeys: state versions", () => {
  it("reads a version 1 state (one `run`) and writes version 2 (`runs`)", () => {
    const journey = compileJourney({ id: "j", entry: { event: "go" }, start: "wait", nodes: { wait: { type: "delay", for: "1d", next: "hi" }, hi: { type: "message", content: {} } } });
    const v1 = { version: 1, journey: "j", entries: 1, lastExitAt: null, clock: T, seen: [], run: { entry: 1, enteredAt: T, node: "wait", since: T, wakeAt: T + D, sent: {}, lastMessage: null } };
    const woken = journeyStep(journey, v1 as unknown as JourneyState, {}, T + D);
    expect(types(woken.actions)).toEqual(["message:hi", "exited:completed"]);
    expect(woken.state).toMatchObject({ version: 2, runs: [] });
    expect(() => journeyStep(journey, { ...v1, run: 5 } as unknown as JourneyState, {}, T)).toThrow(/run/);
    const twice = { version: 2, journey: "j", entries: 2, lastExitAt: null, clock: T, seen: [], runs: [1, 1].map((entry) => ({ entry, key: null, enteredAt: T, node: "wait", since: T, wakeAt: T + D, sent: {}, lastMessage: null })) };
    expect(() => journeyStep(journey, twice as unknown as JourneyState, {}, T)).toThrow(/entry order/);
  });
});

describe("journeys: regressions", () => {
  it("says once that a split has no user id", () => {
    const split = compileJourney({ id: "s", entry: { event: "go" }, start: "pick", nodes: { pick: { type: "split", paths: [{ id: "a", weight: 1, next: "end" }, { id: "b", weight: 1, next: "end" }] }, end: { type: "exit" } } });
    expect(journeyStep(split, null, { event: { name: "go" } }, T).actions.filter((action) => action.type === "problem")).toHaveLength(1);
  });

  it("wakes a scheduled journey in a cooldown when an occurrence can enter the user, never before now", () => {
    const daily = compileJourney({ id: "d", entry: { scheduled: { time: "09:00", window: "12h" } }, reentry: { policy: "cooldown", cooldown: "30h" }, start: "hi", nodes: { hi: { type: "message", content: {} } } });
    const utc = { id: "u9", timeZone: "UTC" };
    const monday = Date.UTC(2026, 2, 2, 9);
    const first = journeyStep(daily, null, { user: utc }, monday);
    expect(types(first.actions)).toEqual(["entered", "message:hi", "exited:completed"]);
    // The cooldown ends Tuesday 15:00: Tuesday's 09:00 occurrence is still open then (its window runs to 21:00).
    expect(first.wakeAt).toBe(monday + 30 * H);
    expect(types(journeyStep(daily, first.state, { user: utc }, first.wakeAt ?? 0).actions)).toEqual(["entered", "message:hi", "exited:completed"]);
    // A call in between (Tuesday 10:00, the occurrence come, the cooldown not over) keeps that wake-up.
    expect(journeyStep(daily, first.state, { user: utc, event: { name: "app_open" } }, monday + 25 * H).wakeAt).toBe(monday + 30 * H);
  });
});

describe("journeys: the transition budget", () => {
  it("keeps every wait of a loop woken far too late, across the calls the budget splits it into", () => {
    // 73 transitions a tick (the wake-up, the message, 70 branches, the delay): 137 ticks use 10,001, so the budget runs out just before the delay.
    const nodes: Record<string, unknown> = { wait: { type: "delay", for: "1ms", next: "tick" }, tick: { type: "message", content: {}, next: "b1" } };
    for (let index = 1; index <= 70; index++) nodes[`b${index}`] = { type: "branch", branches: [{ when: false, next: "wait" }], else: index === 70 ? "wait" : `b${index + 1}` };
    const loop = compileJourney({ id: "tick", entry: { event: "go" }, lateWake: { tolerance: "1m", policy: "skip" }, start: "wait", nodes } as JourneyInput);
    for (const lateBy of [1_000, 10_000]) {
      let result = journeyStep(loop, null, { event: { name: "go" } }, T);
      const due: number[] = [];
      for (let call = 0; call < 100; call++) {
        result = journeyStep(loop, result.state, {}, T + lateBy);
        for (const action of result.actions) if (action.type === "skipped" || action.type === "message") due.push(action.dueAt);
        if ((result.wakeAt ?? Infinity) > T + lateBy) break;
      }
      // One tick per millisecond from the first wake-up: none doubled, none lost where a call stopped.
      expect(due.every((at, index) => at === T + 1 + index)).toBe(true);
      expect(due.at(-1)).toBe(T + lateBy);
    }
  });
});
