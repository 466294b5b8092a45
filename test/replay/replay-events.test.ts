import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateExample } from "../../examples/ecommerce/generate-events.js";
import { createEngine, type Engine } from "../../src/index.js";
import { compareDecisionPositions, parseEventLine, replayEvents, type DecisionPosition, type ReplayEngineError, type ReplayEvent } from "../../src/replay/index.js";
import { SeenEventIds } from "../../src/replay/seen-event-ids.js";
import { foldCompiledEventsWithReport } from "../../src/runtime/index.js";
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
    // A journey's messages are reached under its id.
    expect(Object.keys(summary.reach).every((id) => engine.campaignIds.includes(id) || engine.journeyIds.includes(id))).toBe(true);
    for (const reach of Object.values(summary.reach)) expect(reach.users).toBeLessThanOrEqual(summary.users as number);
    expect(Object.values(summary.channels).reduce((sum, count) => sum + count, 0)).toBe(summary.decisions);
    // Every kind of campaign reaches someone in 150 users: event triggers, delays, inactivity, scheduled.
    for (const id of ["cart-abandonment", "welcome", "win-back", "terms-update", "new-feature-modal"]) expect(summary.reach[id]?.users ?? 0).toBeGreaterThan(0);
    expect([summary.duplicates, summary.engineErrors]).toEqual([0, 0]);
  });

  it("reports the example's onboarding journey: entered, at each node, converted, exits by reason, median time to goal", () => {
    const journey = (summary.journeys as Record<string, { entered: number; reached: Record<string, number>; converted: number; exited: Record<string, number>; messages: number; medianTimeToGoalMs: number | null }>)["onboarding-series"]!;
    expect(journey.entered).toBeGreaterThan(0);
    expect(journey.reached.device).toBe(journey.entered);
    for (const runs of Object.values(journey.reached)) expect(runs).toBeLessThanOrEqual(journey.entered);
    expect(Object.values(journey.exited).reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(journey.entered);
    expect(journey.exited.goal ?? 0).toBe(journey.converted);
    expect(journey.messages).toBe(summary.reach["onboarding-series"]?.messages ?? 0);
    if (journey.converted > 0) expect(journey.medianTimeToGoalMs).toBeGreaterThanOrEqual(0);
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
  const step = (seen: SeenEventIds, id: string | undefined, time: number): boolean => {
    if (id !== undefined && seen.has(id)) return true;
    seen.record(id, time);
    return false;
  };

  it("remembers ids within the window of the latest event, at most maxIds, the oldest going first", () => {
    const seen = new SeenEventIds(1_000, 3);
    expect(step(seen, "a", 0)).toBe(false);
    expect(step(seen, "a", 500)).toBe(true);
    expect(step(seen, undefined, 1_000)).toBe(false); // exactly the window: "a" still remembered
    expect(step(seen, "a", 1_000)).toBe(true);
    expect(step(seen, undefined, 1_001)).toBe(false); // past it: forgotten
    expect(step(seen, "a", 1_001)).toBe(false);
    for (const id of ["b", "c", "d"]) step(seen, id, 1_002);
    expect(step(seen, "a", 1_003)).toBe(false); // pushed out by three newer ids
    expect(step(new SeenEventIds(1_000, 0), "a", 0)).toBe(false);
  });

  it("checks an id before forgetting: within the window of the previous event is still a duplicate, as for the aggregates (issue 19)", () => {
    // pay-1 on day 0, another event on day 6, pay-1 again on day 8 (7-day window): the aggregates
    // still remember pay-1 (within 7 days of their latest event, day 6) and ignore it.
    const day = 86_400_000;
    const policy = engine.behaviour;
    if (policy === null) throw new Error("the example config tracks behaviour");
    const log = [
      { name: "payment_failed", id: "pay-1", time: 0 },
      { name: "app_open", id: "open-1", time: 6 * day },
      { name: "payment_failed", id: "pay-1", time: 8 * day },
    ];
    let aggregates = foldCompiledEventsWithReport(undefined, [log[0]], policy).aggregates;
    aggregates = foldCompiledEventsWithReport(aggregates, [log[1]], policy).aggregates;
    expect(foldCompiledEventsWithReport(aggregates, [log[2]], policy).duplicates).toBe(1);

    const seen = new SeenEventIds(7 * day, 1_000);
    expect(log.map((event) => step(seen, event.id, event.time))).toEqual([false, false, true]);
    const replayed = replayEvents(engine, log.map((event, index) => ({ line: index + 1, userId: "u00002", time: event.time + Date.parse("2026-11-01T00:00:00Z"), event: { ...event, time: event.time + Date.parse("2026-11-01T00:00:00Z") } })), profiles);
    expect([replayed.events, replayed.duplicates]).toEqual([2, 1]);
  });

  it("agrees with the rule as stated, on any stream (events with and without ids)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.option(fc.constantFrom("a", "b", "c", "d", "e", "f"), { nil: undefined }), fc.nat(100)), { maxLength: 200 }), fc.integer({ min: 0, max: 4 }), (stream, maxIds) => {
        const seen = new SeenEventIds(50, maxIds);
        // The rule: an id is a duplicate when it was remembered; after each decided event, ids older
        // than 50 ms before it are forgotten and only the last maxIds are kept.
        let remembered: { id: string; at: number }[] = [];
        let time = 0;
        for (const [id, delta] of stream) {
          time += delta;
          const duplicate = id !== undefined && remembered.some((entry) => entry.id === id);
          expect(step(seen, id, time)).toBe(duplicate);
          if (duplicate) continue;
          if (id !== undefined && maxIds > 0) remembered.push({ id, at: time });
          remembered = remembered.filter((entry) => entry.at >= time - 50);
          remembered = remembered.slice(Math.max(0, remembered.length - maxIds));
        }
      }),
    );
  });

  it("an event the aggregates ignore as a duplicate is never decided, and one they count always is (a property)", () => {
    const policy = engine.behaviour;
    if (policy === null) throw new Error("the example config tracks behaviour");
    const start = Date.parse("2026-11-01T00:00:00Z");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("app_open", "payment_failed", "page_viewed"), fc.option(fc.constantFrom("x", "y", "z"), { nil: undefined }), fc.nat(3 * 86_400_000)), { maxLength: 30 }), (stream) => {
        let time = start;
        const log: ReplayEvent[] = stream.map(([name, id, delta], index) => {
          time += delta;
          return { line: index + 1, userId: "u00002", time, event: { name, time, ...(id === undefined ? {} : { id }) } };
        });
        // Which events the replay decided: those that raise the count of its prefix by one.
        const counts = log.map((_, index) => replayEvents(engine, log.slice(0, index + 1), profiles).events);
        let aggregates: ReturnType<typeof foldCompiledEventsWithReport>["aggregates"] | undefined;
        log.forEach((entry, index) => {
          if (counts[index] === (counts[index - 1] ?? 0)) return;
          const report = foldCompiledEventsWithReport(aggregates, [entry.event], policy);
          expect(report.duplicates).toBe(0);
          aggregates = report.aggregates;
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe("replayEvents: an engine whose nextCheckAt does not move forward", () => {
  it("a due check rescheduled at or before its own instant is reported, not run again for ever (issue 19)", () => {
    let dueCalls = 0;
    const stuck = {
      get behaviour() {
        return engine.behaviour;
      },
      decide: (input: Parameters<Engine["decide"]>[0]) => engine.decide(input),
      due: (input: Parameters<Engine["due"]>[0]) => {
        // Without the guard this check is rescheduled at the same instant without end.
        if (++dueCalls > 1_000) throw new Error("due called again and again");
        return engine.due(input);
      },
      nextCheckAt: (_user: unknown, now: number) => now,
    } as unknown as Engine;
    const errors: ReplayEngineError[] = [];
    const log = events.slice(0, 40);
    const result = replayEvents(stuck, log, profiles, { onEngineError: (error) => errors.push(error) });
    expect(result.events).toBe(40);
    expect(dueCalls).toBeLessThanOrEqual(40);
    expect(errors.length).toBe(dueCalls);
    expect(errors.every((error) => error.call === "due" && error.message.startsWith("nextCheckAt returned"))).toBe(true);
  });
});

describe("replayEvents: events built by hand", () => {
  it("refuses an event time outside 1970–9999 or not an integer, before any work, saying which event (issue 19)", () => {
    const good = events.slice(0, 3);
    for (const time of [8.64e15 + 1, -1, Number.NaN, 1.5, 1e300]) {
      const bad = { ...good[1], time } as ReplayEvent;
      let decided = 0;
      expect(() => replayEvents(engine, [good[0] as ReplayEvent, bad], profiles, { onDecision: () => decided++ })).toThrow(/^events\[1\]\.time must be epoch milliseconds/);
      expect(decided).toBe(0);
    }
    expect(() => replayEvents(engine, [{ ...good[0], userId: 7 } as unknown as ReplayEvent], profiles)).toThrow("events[0].userId must be a string");
    expect(() => replayEvents(engine, [null as unknown as ReplayEvent], profiles)).toThrow(TypeError);
  });
});

describe("replayEvents: events without a line", () => {
  it("decisions come in the order compareDecisionPositions gives (events are numbered by their place; two line-0 events tied with a due check)", () => {
    const small = createEngine({
      timeZone: "UTC",
      behaviour: { events: { a: {} } },
      campaigns: [
        { id: "hi", category: "promotional", channels: ["in_app"], format: "banner", trigger: { event: "app_open" }, content: { in_app: { title: "Hi" } } },
        { id: "inactive", category: "transactional", channels: ["in_app"], format: "banner", trigger: { inactivity: { event: "a", for: "30m" } }, content: { in_app: { title: "Back?" } } },
      ],
    });
    const start = Date.UTC(2026, 0, 1);
    const at = (userId: string, name: string, time: number): ReplayEvent => ({ userId, time, event: { name, time } });
    // B's inactivity check falls due at 00:31, the instant of A's second event.
    const log = [at("A", "app_open", start), at("B", "a", start + 60_000), at("A", "app_open", start + 31 * 60_000)];
    const made: { what: string; position: DecisionPosition }[] = [];
    replayEvents(small, log, new Map(), { onDecision: (userId, _, decision, position) => made.push({ what: `${userId}:${decision.campaignId}`, position }) });
    expect(made.map((entry) => entry.what)).toEqual(["A:hi", "B:inactive", "A:hi"]);
    const sorted = [...made].sort((a, b) => compareDecisionPositions(a.position, b.position));
    expect(sorted.map((entry) => entry.what)).toEqual(made.map((entry) => entry.what));
  });
});

describe("replayEvents: onResult", () => {
  it("hears every decide and due result: its decisions are onDecision's, its exposure records the summary's variants", () => {
    const decided: string[] = [];
    const heard: string[] = [];
    const exposed = new Map<string, Set<string>>();
    const summary = replayEvents(engine, events, profiles, {
      onDecision: (userId, at, decision) => void decided.push(`${userId} ${at} ${decision.campaignId} ${decision.channel}`),
      onResult: (userId, at, result) => {
        for (const decision of result.decisions) heard.push(`${userId} ${at} ${decision.campaignId} ${decision.channel}`);
        for (const record of result.records) {
          if (record.type !== "exposure") continue;
          const key = `${record.exposure.campaign}/${record.exposure.holdout === true ? "holdout" : record.exposure.variant}`;
          if (!exposed.has(key)) exposed.set(key, new Set());
          exposed.get(key)?.add(userId);
        }
      },
    });
    expect(heard).toEqual(decided);
    expect(heard.length).toBe(summary.decisions);
    const variants = summary.toJSON().variants as Record<string, Record<string, number>>;
    const fromResults: Record<string, Record<string, number>> = {};
    for (const [key, users] of exposed) {
      const [campaign = "", variant = ""] = key.split("/");
      (fromResults[campaign] ??= {})[variant] = users.size;
    }
    expect(fromResults).toEqual(variants);
    expect(variants["new-feature-modal"]).toMatchObject({ control: expect.any(Number), image: expect.any(Number) });
  });
});
