import * as fc from "fast-check";
import { edgesOf } from "../journeys/definition/journey-graph-problems.js";
import type { JourneyInput, JourneyNodeDefinition } from "../journeys/definition/journey-schema.js";

export interface JourneyArbitraryOptions {
  /** Most nodes besides the final exit (default 14). */
  readonly maxNodes?: number;
  /** Event names for entry (the first), waits, the goal and exit rules (default: go, a, b, buy, stop). */
  readonly events?: readonly string[];
  /** The segment that segment entries and segment waits name (default "s1"): give it in the inputs' `segments`. */
  readonly segment?: string;
}

const HOUR = 3_600_000;

/**
 * Valid journeys (they compile) of every node type: messages, delays (for a duration, or after an
 * instant the profile or the entry holds), waits for an event, a condition or a segment with
 * timeouts, branches on the event and the profile, splits (by weight or by given shares), exits;
 * entries on an event, a segment or a schedule; re-entry policies (concurrent runs keyed by the
 * event's `x`), goals, exit rules and late-wake policies. Edges go forward, except from a delay or a wait, which may go anywhere: every
 * loop waits. Nodes the start cannot reach are left out.
 *
 * @example
 * fc.assert(fc.property(journeyArbitrary(), (definition) => { compileJourney(definition); }));
 */
export function journeyArbitrary(options: JourneyArbitraryOptions = {}): fc.Arbitrary<JourneyInput> {
  const names = options.events ?? ["go", "a", "b", "buy", "stop"];
  if (names.length === 0) throw new RangeError("events must name at least one event (the entry)");
  const entry = names[0] as string;
  const segment = options.segment ?? "s1";
  return fc.integer({ min: 1, max: Math.max(1, Math.floor(options.maxNodes ?? 14)) }).chain((count) => {
    const id = (index: number): string => (index >= count ? "end" : `n${index}`);
    const forward = (index: number) => fc.integer({ min: index + 1, max: count }).map(id);
    const anywhere = fc.integer({ min: 0, max: count }).map(id);
    const duration = fc.integer({ min: HOUR, max: 96 * HOUR });
    const condition = fc.constantFrom<unknown>({ "==": [{ var: "event.properties.x" }, 1] }, { var: "user.vip" }, false);
    const node = (index: number) =>
      fc.oneof(
        fc.record({ type: fc.constant("message" as const), content: fc.constant({ n: index }), next: fc.option(forward(index), { nil: undefined }) }, { requiredKeys: ["type", "content"] }),
        fc.record({ type: fc.constant("delay" as const), for: duration, next: anywhere }),
        fc.record({ type: fc.constant("waitFor" as const), event: fc.constantFrom(...names), where: fc.option(condition, { nil: undefined }), timeout: duration, next: anywhere, onTimeout: anywhere }, { requiredKeys: ["type", "event", "timeout", "next", "onTimeout"] }),
        fc.record({ type: fc.constant("waitFor" as const), condition, timeout: duration, next: anywhere, onTimeout: anywhere }),
        fc.record({ type: fc.constant("waitFor" as const), segment: fc.constant(segment), timeout: duration, next: anywhere, onTimeout: anywhere }),
        fc.record({ type: fc.constant("delay" as const), at: fc.record({ path: fc.constantFrom("user.renews_at", "journey.enteredAt"), after: duration }), next: anywhere }),
        fc.record({ type: fc.constant("branch" as const), branches: fc.array(fc.record({ when: condition, next: forward(index) }), { minLength: 1, maxLength: 3 }), else: forward(index) }),
        fc.record({ type: fc.constant("split" as const), paths: fc.tuple(forward(index), forward(index)).map(([p, q]) => [{ id: "p", weight: 1, next: p }, { id: "q", weight: 3, next: q }]), sticky: fc.boolean(), bandit: fc.boolean() }),
        fc.constant({ type: "exit" as const }),
      );
    return fc
      .record({
        nodes: fc.tuple(...Array.from({ length: count }, (_, index) => node(index))),
        entry: fc.oneof(
          { weight: 4, arbitrary: fc.constant<JourneyInput["entry"]>({ event: entry }) },
          { weight: 1, arbitrary: fc.constant<JourneyInput["entry"]>({ segmentEntry: segment }) },
          { weight: 1, arbitrary: fc.constantFrom<JourneyInput["entry"]>({ scheduled: { time: "09:00" } }, { scheduled: { time: "18:30", weekdays: [1, 3] } }, { scheduled: { at: "2026-01-06T09:00", window: "3d" } }) },
        ),
        reentry: fc.constantFrom<NonNullable<JourneyInput["reentry"]>>({ policy: "never" }, { policy: "after-exit" }, { policy: "cooldown", cooldown: "1d" }, { policy: "concurrent", max: 2, key: "event.properties.x" }),
        goal: fc.option(fc.constantFrom(...names).map((event) => ({ event, window: "10d" })), { nil: null }),
        exits: fc.constantFrom<{ event?: string; where?: unknown }[]>([], [{ event: names[names.length - 1] as string }], [{ where: { var: "user.blocked" } }]),
        lateWake: fc.record({ tolerance: fc.constantFrom("1m", "1h"), policy: fc.constantFrom("send" as const, "skip" as const, "exit" as const) }),
      })
      .map(({ nodes, goal, entry: entryWay, reentry, ...rest }) => {
        const all: Record<string, Record<string, unknown>> = { end: { type: "exit" } };
        nodes.forEach((definition, index) => (all[id(index)] = definition));
        const reached = new Set(["n0"]);
        const stack = ["n0"];
        while (stack.length > 0) {
          for (const { target } of edgesOf(all[stack.pop() as string] as JourneyNodeDefinition)) {
            if (!reached.has(target)) {
              reached.add(target);
              stack.push(target);
            }
          }
        }
        // Runs are keyed by the entry event: a concurrent journey enters on one.
        const policy = reentry.policy === "concurrent" && entryWay.event === undefined ? { policy: "after-exit" as const } : reentry;
        const journey: JourneyInput = { id: "generated", entry: entryWay, reentry: policy, start: "n0", nodes: Object.fromEntries([...reached].map((node) => [node, all[node]])) as JourneyInput["nodes"], ...rest };
        return goal === null ? journey : { ...journey, goal };
      });
  });
}
