import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJourney, journeyStep, type CompiledJourney, type JourneyAction, type JourneyInput, type JourneyState } from "../../src/journeys/index.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 0, 5);
const EVENTS = ["go", "a", "b", "buy", "stop"] as const;

/**
 * Valid journeys: nodes 0…n−1 and an exit `end`. Edges go forward, except from a delay or a wait,
 * which may go anywhere (so every loop waits); nodes the start cannot reach are dropped.
 */
const journeys: fc.Arbitrary<JourneyInput> = fc.integer({ min: 1, max: 14 }).chain((count) => {
  const id = (index: number): string => (index >= count ? "end" : `n${index}`);
  const forward = (index: number) => fc.integer({ min: index + 1, max: count }).map(id);
  const anywhere = fc.integer({ min: 0, max: count }).map(id);
  // At least an hour: a call catches up on days of late wake-ups within its transition budget (tested apart).
  const duration = fc.integer({ min: H, max: 4 * D });
  const node = (index: number) =>
    fc.oneof(
      fc.record({ type: fc.constant("message" as const), content: fc.constant({ n: index }), next: fc.option(forward(index), { nil: undefined }) }, { requiredKeys: ["type", "content"] }),
      fc.record({ type: fc.constant("delay" as const), for: duration, next: anywhere }),
      fc.record({ type: fc.constant("waitFor" as const), event: fc.constantFrom(...EVENTS), where: fc.constantFrom(undefined, { "==": [{ var: "event.properties.x" }, 1] }), timeout: duration, next: anywhere, onTimeout: anywhere }, { requiredKeys: ["type", "event", "timeout", "next", "onTimeout"] }),
      fc.record({ type: fc.constant("branch" as const), branches: fc.array(fc.record({ when: fc.constantFrom({ "==": [{ var: "event.properties.x" }, 1] }, { var: "user.vip" }, false), next: forward(index) }), { minLength: 1, maxLength: 3 }), else: forward(index) }),
      fc.record({ type: fc.constant("split" as const), paths: fc.tuple(forward(index), forward(index)).map(([p, q]) => [{ id: "p", weight: 1, next: p }, { id: "q", weight: 3, next: q }]), sticky: fc.boolean() }),
      fc.constant({ type: "exit" as const }),
    );
  return fc.record({
    nodes: fc.tuple(...Array.from({ length: count }, (_, index) => node(index))),
    reentry: fc.constantFrom<JourneyInput["reentry"]>({ policy: "never" }, { policy: "after-exit" }, { policy: "cooldown", cooldown: "1d" }),
    goal: fc.option(fc.constant({ event: "buy", window: "10d" }), { nil: undefined }),
    exits: fc.constantFrom([], [{ event: "stop" }], [{ where: { var: "user.blocked" } }]),
    lateWake: fc.record({ tolerance: fc.constantFrom("1m", "1h"), policy: fc.constantFrom("send" as const, "skip" as const, "exit" as const) }),
  }).map(({ nodes, ...rest }) => {
    const all: Record<string, unknown> = { end: { type: "exit" } };
    nodes.forEach((node, index) => (all[id(index)] = node));
    const targets = (node: Record<string, unknown>): string[] =>
      [node["next"], node["onTimeout"], node["else"], ...((node["branches"] as { next: string }[] | undefined) ?? []).map((branch) => branch.next), ...((node["paths"] as { next: string }[] | undefined) ?? []).map((path) => path.next)].filter((target): target is string => typeof target === "string");
    const reached = new Set(["n0"]);
    const stack = ["n0"];
    while (stack.length > 0) for (const target of targets(all[stack.pop() as string] as Record<string, unknown>)) if (!reached.has(target)) (reached.add(target), stack.push(target));
    return { id: "j", entry: { event: "go" }, start: "n0", nodes: Object.fromEntries([...reached].map((node) => [node, all[node]])), ...rest } as JourneyInput;
  });
});

type Input = { readonly after: number; readonly event: (typeof EVENTS)[number] | null; readonly x: number; readonly id: number | null; readonly user: number };
const inputs = fc.array(
  fc.record({ after: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * D })), event: fc.option(fc.constantFrom(...EVENTS), { nil: null }), x: fc.integer({ min: 0, max: 1 }), id: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), user: fc.integer({ min: 0, max: 3 }) }),
  { maxLength: 25 },
);
const users = [{ id: "u1" }, { id: "u1", vip: true }, { id: "u1", blocked: true }, { id: "u1", vip: true, timeZone: "Europe/Paris" }];

/**
 * Feeds the inputs; with `retry`, every wake-up and every event with an id is sent twice (the second
 * time with the state the first call returned). An event without an id cannot be told from a new one.
 */
function feed(journey: CompiledJourney, list: readonly Input[], retry: boolean): { actions: JourneyAction[]; states: JourneyState[] } {
  let state: JourneyState | null = null;
  let now = T;
  const actions: JourneyAction[] = [];
  const states: JourneyState[] = [];
  for (const input of list) {
    now += input.after;
    const stepInput = { event: input.event === null ? null : { name: input.event, ...(input.id === null ? {} : { id: `e${input.id}` }), properties: { x: input.x } }, user: users[input.user] };
    for (let call = 0; call < (retry && (input.event === null || input.id !== null) ? 2 : 1); call++) {
      const result = journeyStep(journey, state === null ? null : (JSON.parse(JSON.stringify(state)) as JourneyState), stepInput, now);
      state = result.state;
      states.push(state);
      actions.push(...result.actions);
      // Never stuck: a user in a run always has a time to be woken at.
      if (state.run !== null) expect(result.wakeAt).toBe(state.run.wakeAt);
      else expect(result.wakeAt).toBeNull();
    }
  }
  return { actions, states };
}

const keys = (actions: readonly JourneyAction[]): string[] => actions.flatMap((action) => (action.type === "message" || action.type === "skipped" ? [action.key] : []));

describe("journeyStep properties", () => {
  it("never yields one (journey, entry, node, iteration) twice — retried calls, repeated events, equal timestamps — and is deterministic", () => {
    fc.assert(
      fc.property(journeys, inputs, (definition, list) => {
        const journey = compileJourney(definition);
        const once = feed(journey, list, false);
        const twice = feed(journey, list, true);
        for (const run of [once, twice]) expect(new Set(keys(run.actions)).size).toBe(keys(run.actions).length);
        // A retried call adds nothing: the same messages as calling once.
        expect(keys(twice.actions)).toEqual(keys(once.actions));
        expect(feed(journey, list, false)).toEqual(once);
        for (const state of once.states) expect(JSON.stringify(state).length).toBeLessThanOrEqual(4096);
      }),
      { numRuns: Number(process.env["JOURNEY_PROPERTY_RUNS"] ?? 10_000) },
    );
  });
});
