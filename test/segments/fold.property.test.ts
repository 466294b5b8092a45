import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregatesProblems, DAY_MS, foldEvents, foldEventsWithReport, parseAggregates, type BehaviourAggregates } from "../../src/segments/index.js";
import { conflicting, FULL_DEDUPE, horizonArb, instantOf, materialize, policyWith, redelivery, refusedArb, specArb, streamArb, type RawEvent } from "../support/aggregate-arbitraries.js";
import { acceptedEvents, referenceAggregates } from "../support/aggregate-reference.js";

// Fixed seed: a failure reproduces on every machine.
const SEED = 20261123;
const RUNS = { seed: SEED, numRuns: 150 };

const dedupeArb = fc.oneof(
  fc.constant(FULL_DEDUPE),
  fc.record({ windowDays: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 30, noNaN: true })), maxIds: fc.integer({ min: 0, max: 20 }) }),
);

/** Events with exact redeliveries, different events under existing ids, and events to refuse. */
const messyArb = fc
  .record({
    stream: streamArb,
    conflicts: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -30, max: 30 })), { maxLength: 5 }),
    refused: fc.array(refusedArb, { maxLength: 4 }),
  })
  .map(({ stream, conflicts, refused }) => [...stream, ...conflicting(stream, conflicts), ...refused]);

const permutationOf = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

const bytes = (aggregates: BehaviourAggregates) => JSON.stringify(aggregates);

function expectSame(actual: BehaviourAggregates, expected: BehaviourAggregates): void {
  expect(actual).toEqual(expected);
  expect(bytes(actual)).toBe(bytes(expected));
}

describe("foldEvents: order independence", () => {
  it("any permutation of the events gives deep-equal, byte-identical aggregates and the same counts (also into existing aggregates)", () => {
    fc.assert(
      fc.property(
        messyArb.chain((events) => fc.tuple(fc.constant(events), permutationOf(events))),
        fc.option(streamArb, { nil: undefined }),
        horizonArb,
        dedupeArb,
        ([events, permuted], earlier, horizonDays, dedupe) => {
          const policy = policyWith(horizonDays, dedupe);
          const base = earlier === undefined ? null : foldEvents(null, earlier, policy);
          const one = foldEventsWithReport(base, events, policy);
          const other = foldEventsWithReport(base, permuted, policy);
          expectSame(other.aggregates, one.aggregates);
          expect([other.accepted, other.duplicates, other.untracked, other.rejected.length, other.ignoredProperties.length]).toEqual([
            one.accepted,
            one.duplicates,
            one.untracked,
            one.rejected.length,
            one.ignoredProperties.length,
          ]);
        },
      ),
      RUNS,
    );
  });

  it("two folds, in either order, equal one fold of everything (dedupe covering every id)", () => {
    fc.assert(
      fc.property(
        streamArb.chain((events) => fc.tuple(fc.constant(events), fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }))),
        fc.array(refusedArb, { maxLength: 3 }),
        horizonArb,
        ([events, sides], refused, horizonDays) => {
          const policy = policyWith(horizonDays);
          const a = [...events.filter((_, i) => sides[i]), ...refused];
          const b = events.filter((_, i) => !sides[i]);
          const one = foldEvents(null, [...events, ...refused], policy);
          expectSame(foldEvents(foldEvents(null, a, policy), b, policy), one);
          expectSame(foldEvents(foldEvents(null, b, policy), a, policy), one);
        },
      ),
      RUNS,
    );
  });

  it("with distinct ids, two folds equal one fold even with a short dedupe window and few ids kept", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(specArb, fc.boolean()), { maxLength: 60 }),
        horizonArb,
        fc.record({ windowDays: fc.integer({ min: 0, max: 10 }), maxIds: fc.integer({ min: 0, max: 8 }) }),
        (specsWithSide, horizonDays, dedupe) => {
          const policy = policyWith(horizonDays, dedupe);
          const events = materialize(specsWithSide.map(([spec]) => spec));
          const a = events.filter((_, i) => specsWithSide[i]?.[1]);
          const b = events.filter((_, i) => !specsWithSide[i]?.[1]);
          const one = foldEvents(null, events, policy);
          expectSame(foldEvents(foldEvents(null, a, policy), b, policy), one);
          expectSame(foldEvents(foldEvents(null, b, policy), a, policy), one);
        },
      ),
      RUNS,
    );
  });
});

describe("foldEvents: redelivery", () => {
  it("redelivering any subset of events with ids (exact copies or the other event under a shared id) changes nothing", () => {
    fc.assert(
      fc.property(
        messyArb,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom<"ms" | "iso" | "offset">("ms", "iso", "offset"), fc.integer({ min: -600, max: 600 })), { maxLength: 20 }),
        horizonArb,
        (events, picks, horizonDays) => {
          const policy = policyWith(horizonDays);
          const folded = foldEvents(null, events, policy);
          const withIds = events.filter((event): event is RawEvent => typeof event === "object" && event !== null && (event as RawEvent).id !== undefined && typeof (event as RawEvent).name === "string");
          // Redeliveries of events the policy accepts (an untracked or refused event is not a duplicate).
          const again = withIds.length === 0 ? [] : picks.map(([pick, form, offset]) => redelivery(withIds[pick % withIds.length] as RawEvent, form, offset)).filter((event) => isAccepted(event, policy));
          const report = foldEventsWithReport(folded, again, policy);
          expectSame(report.aggregates, folded);
          expect(report.accepted).toBe(0);
          expect(report.duplicates).toBe(again.length);
        },
      ),
      RUNS,
    );
  });

  it("with the default dedupe limits, redelivering any remembered event changes nothing", () => {
    fc.assert(
      fc.property(messyArb, horizonArb, fc.integer({ min: 1, max: 30 }), (events, horizonDays, maxIds) => {
        const policy = policyWith(horizonDays, { windowDays: 7, maxIds });
        const folded = foldEvents(null, events, policy);
        const remembered = new Set(folded.seen?.id ?? []);
        const again = events.filter((event): event is RawEvent => typeof event === "object" && event !== null && remembered.has(String((event as RawEvent).id)));
        expectSame(foldEvents(folded, again, policy), folded);
      }),
      RUNS,
    );
  });
});

/** True when the policy accepts the event on its own (tracked name, valid time and id). */
const isAccepted = (event: RawEvent, policy: ReturnType<typeof policyWith>): boolean => foldEventsWithReport(null, [event], policy).accepted === 1;

describe("foldEvents: purity and bounds", () => {
  it("never changes, freezes or shares its inputs (events, caller-owned aggregates, policy)", () => {
    fc.assert(
      fc.property(messyArb, streamArb, horizonArb, (events, earlier, horizonDays) => {
        const policy = policyWith(horizonDays, { windowDays: 30, maxIds: 50 });
        const policyCopy = structuredClone(policy);
        const callerOwned = JSON.parse(JSON.stringify(foldEvents(null, earlier, policy))) as BehaviourAggregates;
        const aggregatesCopy = structuredClone(callerOwned);
        const eventsCopy = structuredClone(events);
        const result = foldEvents(callerOwned, events, policy);
        expect(events).toEqual(eventsCopy);
        expect(callerOwned).toEqual(aggregatesCopy);
        expect(policy).toEqual(policyCopy);
        expect(Object.isFrozen(callerOwned) || Object.isFrozen(callerOwned.events)).toBe(false);
        for (const name of Object.keys(callerOwned.events)) {
          expect(Object.isFrozen(callerOwned.events[name])).toBe(false);
          expect(result.events[name]).not.toBe(callerOwned.events[name]);
        }
        for (const event of events) if (typeof event === "object" && event !== null) expect(Object.isFrozen(event)).toBe(false);
      }),
      RUNS,
    );
  });

  it("keeps at most horizonDays buckets, within the horizon of each event's last, aligned and well-formed", () => {
    fc.assert(
      fc.property(messyArb, streamArb, horizonArb, dedupeArb, (events, more, horizonDays, dedupe) => {
        const policy = policyWith(horizonDays, dedupe);
        const folded = foldEvents(foldEvents(null, events, policy), more, policy);
        expect(aggregatesProblems(folded)).toEqual([]);
        for (const aggregate of Object.values(folded.events)) {
          expect(aggregate.ago.length).toBeLessThanOrEqual(horizonDays);
          expect(aggregate.c.length).toBe(aggregate.ago.length);
          expect(aggregate.ago[0]).toBe(0); // the day of `last` always has its bucket
          aggregate.ago.forEach((back, i) => {
            expect(back).toBeLessThan(horizonDays);
            if (i > 0) expect(back).toBeGreaterThan(aggregate.ago[i - 1] as number);
          });
          expect(aggregate.c.every((count) => Number.isInteger(count) && count > 0)).toBe(true);
          expect(aggregate.c.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(aggregate.n);
          for (const days of Object.values(aggregate.p ?? {})) {
            for (const column of [days.sum, days.min, days.max, days.k ?? days.sum]) expect(column.length).toBe(aggregate.ago.length);
          }
        }
        const seen = folded.seen;
        if (seen !== undefined) {
          const latest = Math.max(...Object.values(folded.events).map((aggregate) => aggregate.last));
          expect(seen.t.length).toBeLessThanOrEqual(dedupe.maxIds);
          expect(seen.id.length).toBe(seen.t.length);
          expect(new Set(seen.id).size).toBe(seen.id.length);
          seen.t.forEach((time, i) => {
            expect(time).toBeGreaterThanOrEqual(latest - dedupe.windowDays * DAY_MS);
            if (i > 0) expect(time).toBeLessThanOrEqual(seen.t[i - 1] as number);
          });
        }
      }),
      RUNS,
    );
  });
});

describe("foldEvents: the brute-force reference", () => {
  it("n, first, last, daily buckets, properties and remembered ids equal a scan of every accepted event", () => {
    fc.assert(
      fc.property(streamArb, fc.array(refusedArb, { maxLength: 4 }), horizonArb, dedupeArb, (stream, refused, horizonDays, dedupe) => {
        const policy = policyWith(horizonDays, dedupe);
        const events = [...stream, ...refused];
        const accepted = acceptedEvents(events, policy);
        const report = foldEventsWithReport(null, events, policy);
        expect(report.aggregates).toEqual(referenceAggregates(accepted, policy));
        expect(report.accepted).toBe(accepted.length);
        expect(report.accepted + report.duplicates + report.untracked + report.rejected.length).toBe(events.length);
      }),
      RUNS,
    );
  });

  it("folding in batches, one event at a time, still equals the reference", () => {
    fc.assert(
      fc.property(streamArb, horizonArb, (events, horizonDays) => {
        const policy = policyWith(horizonDays);
        const folded = events.reduce<BehaviourAggregates | null>((aggregates, event) => foldEvents(aggregates, [event], policy), null);
        expect(folded ?? foldEvents(null, [], policy)).toEqual(referenceAggregates(acceptedEvents(events, policy), policy));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe("foldEvents: one event at a time, in time order (the fast path for an event no earlier than the latest)", () => {
  it("equals the reference, byte for byte, across horizons, properties and days that leave the horizon", () => {
    fc.assert(
      fc.property(streamArb, horizonArb, (stream, horizonDays) => {
        const policy = policyWith(horizonDays);
        const events = [...stream].sort((a, b) => instantOf(a) - instantOf(b));
        const folded = events.reduce<BehaviourAggregates | null>((aggregates, event) => foldEvents(aggregates, [event], policy), null) ?? foldEvents(null, [], policy);
        expectSame(folded, foldEvents(null, events, policy));
        expect(folded).toEqual(referenceAggregates(acceptedEvents(events, policy), policy));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("the stored format", () => {
  it("parseAggregates(JSON.stringify(x)) deep-equals x, and folding on from the parsed copy is the same", () => {
    fc.assert(
      fc.property(messyArb, streamArb, horizonArb, dedupeArb, (events, more, horizonDays, dedupe) => {
        const policy = policyWith(horizonDays, dedupe);
        const folded = foldEvents(null, events, policy);
        const text = JSON.stringify(folded);
        const parsed = parseAggregates(text);
        expect(parsed).toEqual(folded);
        expect(JSON.stringify(parsed)).toBe(text);
        expect(parseAggregates(JSON.parse(text))).toEqual(folded);
        expectSame(foldEvents(parsed, more, policy), foldEvents(folded, more, policy));
        expectSame(foldEvents(JSON.parse(text) as BehaviourAggregates, more, policy), foldEvents(folded, more, policy));
      }),
      RUNS,
    );
  });

  it("the instants stored are those of the events, whatever way their time was written", () => {
    fc.assert(
      fc.property(streamArb, (events) => {
        const folded = foldEvents(null, events, policyWith(365));
        const instants = new Set(events.map(instantOf));
        for (const aggregate of Object.values(folded.events)) {
          expect(instants.has(aggregate.first)).toBe(true);
          expect(instants.has(aggregate.last)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
