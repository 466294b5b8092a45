import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileJourney, journeyStep, type CompiledJourney, type JourneyAction, type JourneyState } from "../../src/journeys/index.js";
import { journeyArbitrary } from "../../src/testing/index.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.UTC(2026, 0, 5);
const EVENTS = ["go", "a", "b", "buy", "stop"] as const;

// The generator is nudgekit/testing's: valid journeys of every node type, every loop through a wait.
const journeys = journeyArbitrary({ events: [...EVENTS] });

type Input = { readonly after: number; readonly event: (typeof EVENTS)[number] | null; readonly x: number; readonly id: number | null; readonly user: number; readonly inSegment: boolean };
const inputs = fc.array(
  fc.record({ after: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * D })), event: fc.option(fc.constantFrom(...EVENTS), { nil: null }), x: fc.integer({ min: 0, max: 1 }), id: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }), user: fc.integer({ min: 0, max: 3 }), inSegment: fc.boolean() }),
  { maxLength: 25 },
);
// Bandit splits (paths p and q) by these shares: every node id the generator uses.
const splitShares = Object.fromEntries(Array.from({ length: 15 }, (_, index) => [`n${index}`, { p: 0.7, q: 0.3 }]));
const users = [{ id: "u1" }, { id: "u1", vip: true, renews_at: "2026-01-20T09:00:00Z" }, { id: "u1", blocked: true }, { id: "u1", vip: true, timeZone: "Europe/Paris", renews_at: 1768900000000 }];

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
    const stepInput = { event: input.event === null ? null : { name: input.event, ...(input.id === null ? {} : { id: `e${input.id}` }), properties: { x: input.x } }, user: users[input.user], segments: input.inSegment ? ["s1"] : [], splitShares };
    for (let call = 0; call < (retry && (input.event === null || input.id !== null) ? 2 : 1); call++) {
      const result = journeyStep(journey, state === null ? null : (JSON.parse(JSON.stringify(state)) as JourneyState), stepInput, now);
      state = result.state;
      states.push(state);
      actions.push(...result.actions);
      // Never stuck: a user in a run always has a time to be woken at.
      if (state.runs.length > 0) expect(result.wakeAt).toBe(Math.min(...state.runs.map((run) => run.wakeAt)));
      // Out of the journey: no wake-up, except a scheduled entry's next occurrence.
      else if (journey.entry.kind === "scheduled") expect(result.wakeAt === null || result.wakeAt > now).toBe(true);
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
