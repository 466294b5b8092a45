import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateExample } from "../../examples/ecommerce/generate-events.js";
import { createEngine, type Engine } from "../../src/index.js";
import { parseEventLine, replayEvents, type ReplayEngineError, type ReplayEvent } from "../../src/replay/index.js";
import { SeenEventIds } from "../../src/replay/seen-event-ids.js";
import { exampleConfig } from "../support/engine-fixtures.js";

const example = generateExample({ users: 150 });
const events: ReplayEvent[] = example.events.flatMap((event, index) => {
  const parsed = parseEventLine(JSON.stringify(event), index + 1);
  return "event" in parsed ? [parsed] : [];
});
const profiles = new Map(example.users.map((user) => [user.id, user as unknown as Record<string, unknown>]));
const engine = createEngine(exampleConfig());

describe("replayEvents", () => {
  const summary = replayEvents(engine, events, profiles).toJSON() as Record<string, unknown> & { reach: Record<string, { users: number; messages: number }>; channels: Record<string, number> };

  it("replays every event and decides for the example's campaigns", () => {
    expect(summary.events).toBe(events.length);
    expect(summary.users).toBe(new Set(events.map((event) => event.userId)).size);
    expect(Object.keys(summary.reach).every((id) => engine.campaignIds.includes(id))).toBe(true);
    for (const reach of Object.values(summary.reach)) expect(reach.users).toBeLessThanOrEqual(summary.users as number);
    expect(Object.values(summary.channels).reduce((sum, count) => sum + count, 0)).toBe(summary.decisions);
    // Every kind of campaign reaches someone in 150 users: event triggers, delays, inactivity, scheduled.
    for (const id of ["cart-abandonment", "welcome", "win-back", "terms-update", "new-feature-modal"]) expect(summary.reach[id]?.users ?? 0).toBeGreaterThan(0);
    expect([summary.duplicates, summary.engineErrors]).toEqual([0, 0]);
  });

  it("orders the events by time itself (ties by line number): any order of the input gives the same summary", () => {
    expect(replayEvents(engine, [...events].reverse(), profiles).toJSON()).toEqual(summary);
    const slice = events.slice(0, 400);
    const expected = replayEvents(engine, slice, profiles).toJSON();
    fc.assert(
      fc.property(fc.shuffledSubarray(slice, { minLength: slice.length, maxLength: slice.length }), (shuffled) => {
        expect(replayEvents(engine, shuffled, profiles).toJSON()).toEqual(expected);
      }),
      { numRuns: 10 },
    );
  });

  it("is deterministic", () => {
    expect(replayEvents(engine, events, profiles).toJSON()).toEqual(summary);
  });

  it("reports progress", () => {
    const progress: number[] = [];
    replayEvents(engine, events.slice(0, 250), profiles, { progressEvery: 100, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([100, 200]);
  });

  it("does not decide a redelivered event again (same user and id): payment-failure is sent once (issue 19)", () => {
    const failed = { userId: "u00002", time: Date.parse("2026-11-23T10:00:00Z"), event: { name: "payment_failed", id: "pay-1", time: Date.parse("2026-11-23T10:00:00Z"), properties: { order_id: "o1" } } };
    const later = { ...failed, time: failed.time + 60_000, event: { ...failed.event, time: failed.time + 60_000 } };
    const sent = (log: ReplayEvent[]) => {
      const decisions: string[] = [];
      const result = replayEvents(engine, log, profiles, { onDecision: (userId, _, decision) => decision.campaignId === "payment-failure" && decisions.push(`${userId} ${decision.channel}`) });
      return { decisions, duplicates: result.duplicates, events: result.events };
    };
    const once = sent([failed]);
    expect(once.decisions.length).toBeGreaterThan(0);
    expect(sent([failed, failed, later])).toEqual({ decisions: once.decisions, duplicates: 2, events: 1 });
    // Another user's event with the same id is their own.
    expect(sent([failed, { ...failed, userId: "u00003" }]).duplicates).toBe(0);
  });

  it("an event the engine throws on is skipped and reported; the others are replayed as without it", () => {
    const throwing = {
      get behaviour() {
        return engine.behaviour;
      },
      decide: (input: Parameters<Engine["decide"]>[0]) => {
        if ((input.event as { properties?: { boom?: boolean } }).properties?.boom === true) throw new RangeError("Invalid time value");
        return engine.decide(input);
      },
      due: (input: Parameters<Engine["due"]>[0]) => engine.due(input),
      nextCheckAt: (...args: Parameters<Engine["nextCheckAt"]>) => engine.nextCheckAt(...args),
    } as unknown as Engine;
    const slice = events.slice(0, 500);
    const boom = slice.map((event, index) => (index % 50 === 7 ? { ...event, event: { ...event.event, properties: { ...event.event.properties, boom: true } } } : event));
    const errors: ReplayEngineError[] = [];
    const result = replayEvents(throwing, boom, profiles, { onEngineError: (error) => errors.push(error) });
    expect(errors).toHaveLength(10);
    expect(errors[0]).toEqual({ call: "decide", userId: slice[7]?.userId, at: slice[7]?.time, line: slice[7]?.line, message: "RangeError: Invalid time value" });
    expect(result.engineErrors).toBe(10);
    const without = replayEvents(engine, slice.filter((_, index) => index % 50 !== 7), profiles).toJSON();
    expect({ ...result.toJSON(), engineErrors: 0 }).toEqual(without);
  });
});

describe("replayEvents: the order of decisions made at the same instant", () => {
  it("users due at the same instant come in the order they entered the replay (not the due queue's heap order)", () => {
    // Twelve users of one zone, first seen in this order: the scheduled terms update (10:00 in Paris on 2026-11-20) is due for all at once.
    const entering = ["u07", "u03", "u11", "u01", "u09", "u05", "u12", "u02", "u08", "u04", "u10", "u06"];
    const start = Date.parse("2026-11-19T06:00:00Z");
    const log: ReplayEvent[] = entering.map((userId, index) => ({ line: index + 1, userId, time: start + index * 60_000, event: { name: "app_open", time: start + index * 60_000 } }));
    const end = Date.parse("2026-11-21T12:00:00Z");
    log.push({ line: 13, userId: "u01", time: end, event: { name: "app_open", time: end } });
    const paris = new Map(entering.map((id) => [id, { id, timeZone: "Europe/Paris", consents: { email: { optedIn: true, verified: true } } }]));
    const terms: string[] = [];
    replayEvents(engine, log, paris, { onDecision: (userId, at, decision) => void (decision.campaignId === "terms-update" && terms.push(`${userId} ${new Date(at).toISOString()}`)) });
    expect(terms).toEqual(entering.map((userId) => `${userId} 2026-11-20T09:00:00.000Z`));
  });
});

describe("SeenEventIds: the dedupe window (the aggregates' rule)", () => {
  it("remembers ids within the window of the latest event, at most maxIds, the oldest going first", () => {
    const seen = new SeenEventIds(1_000, 3);
    expect(seen.seenOrRemember("a", 0)).toBe(false);
    expect(seen.seenOrRemember("a", 500)).toBe(true);
    expect(seen.seenOrRemember("a", 1_000)).toBe(true); // exactly the window: still remembered
    expect(seen.seenOrRemember("a", 1_001)).toBe(false); // past it: forgotten, remembered anew
    for (const id of ["b", "c", "d"]) seen.seenOrRemember(id, 1_002);
    expect(seen.seenOrRemember("a", 1_003)).toBe(false); // pushed out by three newer ids
    expect(new SeenEventIds(1_000, 0).seenOrRemember("a", 0)).toBe(false);
  });

  it("agrees with the rule as stated, on any stream", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.nat(100)), { maxLength: 200 }), fc.integer({ min: 0, max: 4 }), (stream, maxIds) => {
        const seen = new SeenEventIds(50, maxIds);
        // The rule: an id is a duplicate when it is among the last maxIds ids remembered, and remembered at most 50 ms before.
        const remembered: { id: string; at: number }[] = [];
        let time = 0;
        for (const [id, step] of stream) {
          time += step;
          const recent = remembered.slice(Math.max(0, remembered.length - maxIds)).filter((entry) => entry.at >= time - 50);
          const duplicate = maxIds > 0 && recent.some((entry) => entry.id === id);
          expect(seen.seenOrRemember(id, time)).toBe(duplicate);
          if (!duplicate) remembered.push({ id, at: time });
        }
      }),
    );
  });
});
