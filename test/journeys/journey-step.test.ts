import { describe, expect, it } from "vitest";
import { compileJourney, JourneyConfigError, journeyStep, JourneyStateError, type JourneyAction, type JourneyInput, type JourneyState } from "../../src/journeys/index.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 2, 2, 10); // Monday 2 March 2026, 10:00 UTC

const onboarding: JourneyInput = {
  id: "onboarding",
  entry: { event: "signed_up" },
  goal: { event: "purchase", window: "14d" },
  exits: [{ event: "unsubscribed" }, { where: { "==": [{ var: "user.blocked" }, true] } }],
  start: "welcome",
  nodes: {
    welcome: { type: "message", content: { title: "Welcome, {{ user.name }}!" }, channels: ["in_app"], next: "device" },
    device: { type: "branch", branches: [{ when: { "==": [{ var: "user.platform" }, "web"] }, next: "tour" }], else: "wait" },
    tour: { type: "message", content: { steps: 3 }, channels: ["in_app"], next: "wait" },
    wait: { type: "delay", for: "2d", next: "activated" },
    activated: { type: "branch", branches: [{ when: { var: "user.activated" }, next: "ask-push" }], else: "tip" },
    tip: { type: "message", content: { title: "A tip" }, channels: ["push", "email"], next: "opened" },
    opened: { type: "waitFor", event: "app_opened", timeout: "3d", next: "done", onTimeout: "email" },
    email: { type: "message", content: { subject: "We miss you" }, channels: ["email"] },
    "ask-push": { type: "message", content: { cards: 3 }, channels: ["in_app"], category: "permission" },
    done: { type: "exit" },
  },
};
const journey = compileJourney(onboarding);
const types = (actions: readonly JourneyAction[]): string[] => actions.map((action) => (action.type === "message" ? `message:${action.node}` : action.type === "exited" ? `exited:${action.reason}` : action.type));

/** Runs inputs in order, each state through JSON (as a store would keep it). */
function run(inputs: readonly [number, { event?: { name: string; id?: string; properties?: Record<string, unknown> }; user?: Record<string, unknown> }][], definition = journey, start: JourneyState | null = null) {
  let state = start;
  const all: JourneyAction[] = [];
  let wakeAt: number | null = null;
  for (const [now, input] of inputs) {
    const result = journeyStep(definition, state === null ? null : (JSON.parse(JSON.stringify(state)) as JourneyState), input, now);
    state = result.state;
    wakeAt = result.wakeAt;
    all.push(...result.actions);
  }
  return { state, actions: all, wakeAt };
}

describe("compileJourney", () => {
  const problems = (definition: unknown): string[] => {
    try {
      compileJourney(definition as JourneyInput);
    } catch (error) {
      if (error instanceof JourneyConfigError) return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
      throw error;
    }
    return [];
  };

  it("reports dangling edges, unreachable nodes and loops without a wait, with pointers", () => {
    expect(
      problems({
        id: "j",
        entry: { event: "e" },
        start: "a",
        nodes: {
          a: { type: "message", content: {}, next: "b" },
          b: { type: "branch", branches: [{ when: true, next: "a" }], else: "nowhere" },
          lonely: { type: "exit" },
          "x/y": { type: "delay", for: "1d", next: "x/y" },
        },
      }),
    ).toEqual([
      '/nodes/b/else: names no node: "nowhere" is not in nodes',
      '/nodes/lonely: is unreachable: no path from the start node "a" leads to it',
      '/nodes/x~1y: is unreachable: no path from the start node "a" leads to it',
      '/nodes/a: is on a loop with no delay or waitFor ("a" → "b" → "a"): a user would go round it without end',
    ]);
  });

  it("accepts a loop through a delay, and rejects waits over two years, bad rules and reserved ids", () => {
    expect(problems({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "message", content: {}, next: "w" }, w: { type: "delay", for: "7d", next: "a" } } })).toEqual([]);
    expect(problems({ id: "j", entry: { event: "e" }, start: "w", nodes: { w: { type: "waitFor", event: "x", timeout: "731d", next: "e", onTimeout: "e" }, e: { type: "exit" } } })[0]).toMatch(/^\/nodes\/w\/timeout: must be at most 730 days/);
    expect(problems({ id: "j", entry: { event: "e", where: { nope: [1] } }, start: "e", nodes: { e: { type: "exit" } } })[0]).toMatch(/^\/entry\/where/);
    expect(problems(JSON.parse('{"id":"j","entry":{"event":"e"},"start":"e","nodes":{"e":{"type":"exit"},"__proto__":{"type":"exit"}}}'))[0]).toMatch(/^\/nodes\/__proto__.*reserved/);
    expect(problems({ id: "j", entry: { event: "e" }, start: "d", nodes: { d: { type: "delay", next: "e" }, e: { type: "exit" } } })).toEqual(["/nodes/d: a delay needs exactly one of for, until and at"]);
  });
});

describe("journeyStep", () => {
  const mobile = { id: "u1", name: "Ada", platform: "ios" };

  it("runs the onboarding series: welcome, wait two days, a tip, then the email when the app stays closed", () => {
    const first = run([[T, { event: { name: "signed_up", id: "e1" }, user: mobile }]]);
    expect(types(first.actions)).toEqual(["entered", "message:welcome", "branched", "waiting"]);
    expect(first.wakeAt).toBe(T + 2 * D);
    const later = run([[T + 2 * D, { user: mobile }], [T + 5 * D, { user: mobile }]], journey, first.state);
    expect(types(later.actions)).toEqual(["branched", "message:tip", "waiting", "branched", "message:email", "exited:completed"]);
    expect(later.wakeAt).toBeNull();
    expect(later.state?.runs).toEqual([]);
  });

  it("takes the web tour on the web, asks activated users for push, and leaves on app_opened", () => {
    const web = run([[T, { event: { name: "signed_up" }, user: { id: "u2", platform: "web", activated: true } }], [T + 2 * D, { user: { id: "u2", activated: true } }]]);
    expect(types(web.actions)).toEqual(["entered", "message:welcome", "branched", "message:tour", "waiting", "branched", "message:ask-push", "exited:completed"]);
    const opened = run([[T, { event: { name: "signed_up" }, user: mobile }], [T + 2 * D, { user: mobile }], [T + 3 * D, { event: { name: "app_opened" }, user: mobile }]]);
    expect(types(opened.actions).slice(-2)).toEqual(["branched", "exited:exit-node"]);
  });

  it("stops at the goal and credits the last message; exit rules end a run and keep users out", () => {
    const converted = run([[T, { event: { name: "signed_up" }, user: mobile }], [T + 3 * D, { user: mobile }], [T + 3 * D + H, { event: { name: "purchase" }, user: mobile }]]);
    const conversion = converted.actions.find((action) => action.type === "converted");
    expect(conversion).toMatchObject({ entry: 1, credit: JSON.stringify(["onboarding", 1, "tip", 0]) });
    expect(types(converted.actions).at(-1)).toBe("exited:goal");
    const unsubscribed = run([[T, { event: { name: "signed_up" }, user: mobile }], [T + H, { event: { name: "unsubscribed" }, user: mobile }], [T + 2 * D, { user: mobile }]]);
    expect(types(unsubscribed.actions).slice(-1)).toEqual(["exited:exit-rule"]);
    expect(unsubscribed.wakeAt).toBeNull();
    const blocked = run([[T, { event: { name: "signed_up" }, user: { ...mobile, blocked: true } }]]);
    expect(blocked.actions).toEqual([]);
    // A standing exit rule is checked before a wake-up sends anything.
    const blockedLater = run([[T, { event: { name: "signed_up" }, user: mobile }], [T + 2 * D, { user: { ...mobile, blocked: true } }]]);
    expect(types(blockedLater.actions).slice(-1)).toEqual(["exited:exit-rule"]);
  });

  it("ignores a retried event and inputs before the state's clock; a retry with the old state gives the same message key", () => {
    const first = journeyStep(journey, null, { event: { name: "signed_up", id: "e1" }, user: mobile }, T);
    const retried = journeyStep(journey, first.state, { event: { name: "signed_up", id: "e1" }, user: mobile }, T);
    expect(retried.actions).toEqual([{ type: "ignored", journey: "onboarding", at: T, reason: "retry" }]);
    expect(journeyStep(journey, first.state, { user: mobile }, T - 1).actions).toEqual([{ type: "ignored", journey: "onboarding", at: T - 1, reason: "before-clock" }]);
    const again = journeyStep(journey, null, { event: { name: "signed_up", id: "e1" }, user: mobile }, T);
    expect(again).toEqual(first);
  });

  it("re-enters per policy: never, after exit, after a cooldown", () => {
    const twice = (reentry: JourneyInput["reentry"]) =>
      run(
        [
          [T, { event: { name: "go" } }],
          [T + D, { event: { name: "go" } }],
          [T + 3 * D, { event: { name: "go" } }],
        ],
        compileJourney({ id: "j", entry: { event: "go" }, reentry, start: "m", nodes: { m: { type: "message", content: {} } } }),
      ).actions.filter((action) => action.type === "entered").length;
    expect(twice({ policy: "never" })).toBe(1);
    expect(twice({ policy: "after-exit" })).toBe(3);
    expect(twice({ policy: "cooldown", cooldown: "2d" })).toBe(2);
  });

  it("follows the late wake-up policy: send (marked late), skip, or exit — each a record", () => {
    const late = (policy: "send" | "skip" | "exit") =>
      types(run([[T, { event: { name: "go" } }], [T + D + 2 * H, {}]], compileJourney({ id: "j", entry: { event: "go" }, lateWake: { tolerance: "1h", policy }, start: "w", nodes: { w: { type: "delay", for: "1d", next: "m" }, m: { type: "message", content: {} } } })).actions);
    expect(late("send")).toEqual(["entered", "waiting", "message:m", "exited:completed"]);
    expect(late("skip")).toEqual(["entered", "waiting", "skipped", "exited:completed"]);
    expect(late("exit")).toEqual(["entered", "waiting", "exited:late"]);
  });

  it("catches up on a long stretch of late wake-ups in bounded calls, losing nothing", () => {
    const loop = compileJourney({ id: "loop", entry: { event: "go" }, start: "m", nodes: { m: { type: "message", content: {}, next: "w" }, w: { type: "delay", for: "1s", next: "m" } } });
    const first = journeyStep(loop, null, { event: { name: "go" } }, T);
    const late = journeyStep(loop, first.state, {}, T + 10 * D);
    expect(late.actions.at(-1)).toMatchObject({ type: "problem", message: expect.stringMatching(/call again/) });
    expect(late.wakeAt).toBeLessThanOrEqual(T + 10 * D);
    const next = journeyStep(loop, late.state, {}, T + 10 * D);
    // Sent or skipped (late: one is sent per node per call), each iteration has its key.
    const iterations = (actions: readonly JourneyAction[]) => actions.flatMap((action) => (action.type === "message" || action.type === "skipped" ? [(JSON.parse(action.key) as [string, number, string, number])[3]] : []));
    // The second call goes on from the first's last iteration.
    expect(iterations(next.actions)[0]).toBe((iterations(late.actions).at(-1) as number) + 1);
  });

  it("waits until an instant the profile holds (before or after it), goes on when it has passed, and says when there is none", () => {
    const renewal = compileJourney({
      id: "renewal",
      entry: { event: "subscribed" },
      start: "wait",
      nodes: {
        wait: { type: "delay", at: { path: "user.renews_at", before: "3d", otherwise: "ask" }, next: "remind" },
        remind: { type: "message", content: { title: "Renewal in 3 days" } },
        ask: { type: "message", content: { title: "When do you renew?" } },
      },
    });
    const renewsAt = T + 10 * D;
    expect(journeyStep(renewal, null, { event: { name: "subscribed" }, user: { renews_at: new Date(renewsAt).toISOString() } }, T).wakeAt).toBe(renewsAt - 3 * D);
    expect(types(journeyStep(renewal, null, { event: { name: "subscribed" }, user: { renews_at: T + D } }, T).actions)).toEqual(["entered", "branched", "message:remind", "exited:completed"]);
    const none = journeyStep(renewal, null, { event: { name: "subscribed" }, user: { renews_at: "soon" } }, T);
    expect(types(none.actions)).toEqual(["entered", "problem", "message:ask", "exited:completed"]);
    const strict = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", at: { path: "user.__proto__.x" }, next: "m" }, m: { type: "message", content: {} } } });
    expect(types(journeyStep(strict, null, { event: { name: "go" }, user: {} }, T).actions)).toEqual(["entered", "problem", "exited:no-time"]);
    // Relative to the entry: journey.enteredAt.
    const afterEntry = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", at: { path: "journey.enteredAt", after: "2h" }, next: "m" }, m: { type: "message", content: {} } } });
    expect(journeyStep(afterEntry, null, { event: { name: "go" } }, T).wakeAt).toBe(T + 2 * H);
  });

  it("waits for a condition on the profile: at once when it holds on arrival, on any later input, else the timeout", () => {
    const push = compileJourney({
      id: "push",
      entry: { event: "go" },
      start: "w",
      nodes: { w: { type: "waitFor", condition: { var: "user.push_enabled" }, timeout: "3d", next: "thanks", onTimeout: "ask" }, thanks: { type: "message", content: { n: 1 } }, ask: { type: "message", content: { n: 2 } } },
    });
    expect(types(journeyStep(push, null, { event: { name: "go" }, user: { push_enabled: true } }, T).actions)).toEqual(["entered", "branched", "message:thanks", "exited:completed"]);
    const waiting = journeyStep(push, null, { event: { name: "go" }, user: {} }, T);
    expect(waiting.wakeAt).toBe(T + 3 * D);
    expect(types(journeyStep(push, waiting.state, { user: { push_enabled: true } }, T + D).actions)).toEqual(["branched", "message:thanks", "exited:completed"]);
    expect(types(journeyStep(push, waiting.state, { event: { name: "page_view" }, user: {} }, T + D).actions)).toEqual([]);
    expect(types(journeyStep(push, waiting.state, { user: {} }, T + 3 * D).actions)).toEqual(["branched", "message:ask", "exited:completed"]);
  });

  it("waits until a local time of day in the user's zone, across a DST change", () => {
    const ninePm = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", until: { time: "09:00", weekdays: [1] }, next: "m" }, m: { type: "message", content: {} } } });
    // Sunday 29 March 2026 is the spring change in Paris: the next Monday 09:00 is 07:00 UTC, not 08:00.
    const result = journeyStep(ninePm, null, { event: { name: "go" }, user: { timeZone: "Europe/Paris" } }, Date.UTC(2026, 2, 28, 12));
    expect(result.wakeAt).toBe(Date.UTC(2026, 2, 30, 7));
    expect(journeyStep(ninePm, null, { event: { name: "go" }, user: { timeZone: "Not/AZone" } }, Date.UTC(2026, 2, 28, 12)).wakeAt).toBe(Date.UTC(2026, 2, 30, 9));
  });

  it("splits users by hash, sticky across entries, close to the weights", () => {
    const split = compileJourney({
      id: "split",
      entry: { event: "go" },
      reentry: { policy: "after-exit" },
      start: "s",
      nodes: { s: { type: "split", paths: [{ id: "a", weight: 30, next: "a" }, { id: "b", weight: 70, next: "b" }] }, a: { type: "exit" }, b: { type: "exit" } },
    });
    let a = 0;
    for (let user = 0; user < 10_000; user++) {
      const first = journeyStep(split, null, { event: { name: "go" }, user: { id: `u${user}` } }, T);
      const path = (first.actions.find((action) => action.type === "branched") as { to: string }).to;
      const second = journeyStep(split, first.state, { event: { name: "go" }, user: { id: `u${user}` } }, T + 1);
      expect((second.actions.find((action) => action.type === "branched") as { to: string }).to).toBe(path);
      if (path === "a") a++;
    }
    expect(a / 10_000).toBeGreaterThan(0.28);
    expect(a / 10_000).toBeLessThan(0.32);
  });

  it("keeps the state of a 50-node journey under 4 KB at every step (node ids of 24 characters)", () => {
    const id = (index: number): string => `onboarding-step-${String(index).padStart(8, "0")}`;
    const nodes: Record<string, unknown> = {};
    for (let index = 0; index < 50; index += 2) {
      nodes[id(index)] = { type: "message", content: { n: index }, next: id(index + 1) };
      nodes[id(index + 1)] = { type: "delay", for: "1d", next: index + 2 < 50 ? id(index + 2) : id(0) };
    }
    const long = compileJourney({ id: "a-journey-with-a-long-name", entry: { event: "go" }, start: id(0), nodes } as JourneyInput);
    let result = journeyStep(long, null, { event: { name: "go", id: "x".repeat(64) } }, T);
    let largest = 0;
    for (let day = 1; day <= 60; day++) {
      result = journeyStep(long, result.state, { event: { name: "noise", id: `${"y".repeat(60)}${day}` } }, T + day * D);
      largest = Math.max(largest, JSON.stringify(result.state).length);
    }
    expect(Object.keys(result.state.runs[0]?.sent ?? {})).toHaveLength(25);
    expect(largest).toBeLessThanOrEqual(4096);
  });

  it("keeps users in flight when the definition changes where their node still exists, and lets them out where it is gone", () => {
    const { state } = journeyStep(journey, null, { event: { name: "signed_up" }, user: mobile }, T);
    expect(state.runs[0]?.node).toBe("wait");
    // The delay is now three days and the tip has new copy: the user keeps their wake-up time, and gets the new tip.
    const edited = compileJourney({ ...onboarding, nodes: { ...onboarding.nodes, wait: { type: "delay", for: "3d", next: "activated" }, tip: { type: "message", content: { title: "A better tip" }, next: "opened" } } });
    const kept = journeyStep(edited, state, { user: mobile }, T + 2 * D);
    expect(kept.actions.find((action) => action.type === "message")).toMatchObject({ node: "tip", content: { title: "A better tip" } });
    // The delay is gone: the user leaves at the next call, whatever it is, and says why.
    const { wait: _removed, ...withoutWait } = onboarding.nodes;
    const shortened = compileJourney({
      ...onboarding,
      nodes: { ...withoutWait, device: { type: "branch", branches: [{ when: true, next: "tour" }], else: "activated" }, tour: { type: "message", content: {}, next: "activated" } },
    } as JourneyInput);
    const left = journeyStep(shortened, state, { event: { name: "page_view" }, user: mobile }, T + H);
    expect(left.actions).toEqual([{ type: "exited", journey: "onboarding", entry: 1, at: T + H, reason: "node-removed", node: "wait" }]);
    expect(left.wakeAt).toBeNull();
  });

  it("counts messages of a node named like an Object.prototype member (toString) from zero, and reads its state back", () => {
    const odd = compileJourney({ id: "j", entry: { event: "go" }, start: "toString", nodes: { toString: { type: "message", content: {}, next: "valueOf" }, valueOf: { type: "delay", for: "1d", next: "toString" } } });
    const first = journeyStep(odd, null, { event: { name: "go" } }, T);
    expect(first.actions.find((action) => action.type === "message")).toMatchObject({ iteration: 0, key: JSON.stringify(["j", 1, "toString", 0]) });
    const next = journeyStep(odd, JSON.parse(JSON.stringify(first.state)) as JourneyState, {}, T + D);
    expect(next.actions.find((action) => action.type === "message")).toMatchObject({ iteration: 1 });
  });

  it("rounds fractional durations up to whole milliseconds: every instant it returns can be read back", () => {
    const fractional = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", for: 1.5, next: "m" }, m: { type: "message", content: {} } } });
    const first = journeyStep(fractional, null, { event: { name: "go" } }, T);
    expect(first.wakeAt).toBe(T + 2);
    expect(types(journeyStep(fractional, first.state, {}, T + 2).actions)).toEqual(["message:m", "exited:completed"]);
  });

  it("does not apply an event past the transition budget (a timed-out wait must not take it), nor remember its id", () => {
    const spin = compileJourney({ id: "j", entry: { event: "go" }, start: "d", nodes: { d: { type: "delay", for: 1, next: "b" }, b: { type: "branch", branches: [{ when: true, next: "w" }], else: "w" }, w: { type: "waitFor", event: "x", timeout: 1, next: "yes", onTimeout: "d" }, yes: { type: "exit" } } });
    const first = journeyStep(spin, null, { event: { name: "go" } }, T);
    const late = journeyStep(spin, first.state, { event: { name: "x", id: "x1" } }, T + 10_000_000);
    expect(late.actions.some((action) => action.type === "branched" && action.because === "x came")).toBe(false);
    expect(late.actions.at(-1)).toMatchObject({ type: "problem", message: expect.stringMatching(/with the event, which was not applied/) });
    expect(late.state.seen).toEqual([]);
  });

  it("sends one late message per node per call with the policy send: a loop woken 200 days late does not flood the user", () => {
    const hourly = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", for: "1h", next: "m" }, m: { type: "message", content: {}, next: "w" } } });
    const first = journeyStep(hourly, null, { event: { name: "go" } }, T);
    const late = journeyStep(hourly, first.state, {}, T + 200 * D);
    expect(late.actions.filter((action) => action.type === "message")).toHaveLength(1);
    expect(late.actions.filter((action) => action.type === "skipped").length).toBeGreaterThan(100);
  });

  it("leaves a run whose wait would end after the Date range, saying so, instead of waking it for ever", () => {
    const last = 8.64e15;
    const loop = compileJourney({ id: "j", entry: { event: "go" }, start: "w", nodes: { w: { type: "delay", for: "1h", next: "m" }, m: { type: "message", content: {}, next: "w" } } });
    const result = journeyStep(loop, null, { event: { name: "go" } }, last - 1000);
    expect(types(result.actions)).toEqual(["entered", "problem", "exited:beyond-time-range"]);
    expect(result.wakeAt).toBeNull();
  });

  it("rejects a journey that cannot work: content that is not JSON or too deep, an exit on the entry event, an unknown node type", () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    const problem = (definition: unknown): string => {
      try {
        compileJourney(definition as JourneyInput);
      } catch (error) {
        if (error instanceof JourneyConfigError) return `${error.path}: ${error.problems[0]?.message ?? ""}`;
        throw error;
      }
      return "compiled";
    };
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "message", content: { n: 10n } } } })).toBe("/nodes/a/content: must be JSON: it holds a bigint");
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "message", content: { deep } } } })).toBe("/nodes/a/content: must be nested at most 32 levels deep");
    expect(problem({ id: "j", entry: { event: "e" }, exits: [{ event: "e" }], start: "a", nodes: { a: { type: "exit" } } })).toBe('/exits/0/event: is the entry event "e" with no where: it would keep everyone out');
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "wait", for: "1d" } } })).toBe('/nodes/a/type: must be a node: type "message", "delay", "waitFor", "branch", "split" or "exit"');
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "delay", for: "1d", at: { path: "user.x" }, next: "b" }, b: { type: "exit" } } })).toBe("/nodes/a: a delay needs exactly one of for, until and at");
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "message", content: {}, channels: ["push", "fax"] } } })).toMatch(/^\/nodes\/a\/channels\/1: .*"in_app".*"sms"/);
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "waitFor", event: "x", condition: true, timeout: "1d", next: "b", onTimeout: "b" }, b: { type: "exit" } } })).toBe("/nodes/a: a waitFor needs exactly one of event, condition and segment");
    expect(problem({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "delay", at: { path: "profile.x" }, next: "b" }, b: { type: "exit" } } })).toMatch(/^\/nodes\/a\/at\/path: must be a path into user, event or journey/);
  });

  it("rejects a tampered or foreign state with a clear error, and a bad instant", () => {
    const { state } = journeyStep(journey, null, { event: { name: "signed_up" }, user: mobile }, T);
    expect(() => journeyStep(journey, { ...state, version: 3 } as unknown as JourneyState, {}, T)).toThrow(JourneyStateError);
    expect(() => journeyStep(journey, { ...state, journey: "other" }, {}, T)).toThrow(/journey "other"/);
    expect(() => journeyStep(journey, { ...state, runs: [{ ...state.runs[0], wakeAt: Number.NaN }] } as JourneyState, {}, T)).toThrow(/instants/);
    expect(() => journeyStep(journey, state, {}, Number.NaN)).toThrow(RangeError);
    expect(journeyStep(journey, state, { event: { name: 42 } as never }, T + 1).actions[0]).toMatchObject({ type: "problem" });
  });
});
