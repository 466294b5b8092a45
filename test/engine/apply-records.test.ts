import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, type EngineHistory, type EngineRecord, type PendingTrigger } from "../../src/index.js";
import { deepFreeze } from "../support/deep-freeze.js";

describe("applyRecords", () => {
  const pending = { campaign: "cart", triggeredAt: 1, dueAt: 2, event: { name: "checkout" } };
  const records: EngineRecord[] = [
    { type: "delivery", delivery: { at: 5, channel: "push", campaign: "a" } },
    { type: "exposure", exposure: { campaign: "b", experiment: "b", variant: "x", at: 5, control: false } },
    { type: "pending", pending: { ...pending, triggeredAt: 3, dueAt: 4 } },
    { type: "pending-resolved", campaign: "cart", triggeredAt: 1 },
  ];

  it("appends deliveries, exposures and delayed triggers, and removes the resolved ones", () => {
    const history = deepFreeze({ deliveries: [{ at: 0, channel: "email", campaign: "z" }], pending: [pending] });
    expect(applyRecords(history, records)).toEqual({
      deliveries: [{ at: 0, channel: "email", campaign: "z" }, records[0]!.type === "delivery" ? records[0]!.delivery : null],
      exposures: [{ campaign: "b", experiment: "b", variant: "x", at: 5, control: false }],
      pending: [{ ...pending, triggeredAt: 3, dueAt: 4 }],
      engagement: [],
      journeys: [],
    });
    expect(history.pending).toEqual([pending]);
  });

  it("starts from nothing, and returns new arrays (caps trust a history array not to change)", () => {
    const empty = applyRecords(undefined, []);
    expect(empty).toEqual({ deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] });
    const history = { deliveries: [] };
    expect(applyRecords(history, records.slice(0, 1)).deliveries).not.toBe(history.deliveries);
  });

  /** The contract, one record at a time (what applyRecords did before it was made linear). */
  function reference(history: EngineHistory | undefined, records: readonly EngineRecord[]) {
    let deliveries = history?.deliveries ?? [];
    let exposures = history?.exposures ?? [];
    let pending = history?.pending ?? [];
    for (const record of records) {
      if (record.type === "delivery") deliveries = [...deliveries, record.delivery];
      else if (record.type === "exposure") exposures = [...exposures, record.exposure];
      else if (record.type === "pending") pending = [...pending, record.pending];
      else if (record.type === "pending-resolved") pending = pending.filter((entry) => !(entry.campaign === record.campaign && entry.triggeredAt === record.triggeredAt));
    }
    return { deliveries, exposures, pending, engagement: history?.engagement ?? [], journeys: history?.journeys ?? [] };
  }

  it("never throws on any JSON history: a list that is not an array is read as empty, as the engine reads it (review of issue 19)", () => {
    expect(applyRecords({ pending: {} } as unknown as EngineHistory, records).pending).toEqual([{ ...pending, triggeredAt: 3, dueAt: 4 }]);
    expect(applyRecords({ pending: "ab" } as unknown as EngineHistory, []).pending).toEqual([]);
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(records, []), (history, applied) => {
        const result = applyRecords(history as EngineHistory, applied);
        for (const list of [result.deliveries, result.exposures, result.pending]) expect(Array.isArray(list)).toBe(true);
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it("property: the same history as applying the records one by one (resolutions remove what was recorded before them, not after)", () => {
    const trigger = fc.record({ campaign: fc.constantFrom("a", "b"), triggeredAt: fc.integer({ min: 0, max: 3 }), dueAt: fc.integer({ min: 0, max: 9 }), event: fc.constant({ name: "e" }) }) as fc.Arbitrary<PendingTrigger>;
    const record: fc.Arbitrary<EngineRecord> = fc.oneof(
      fc.record({ type: fc.constant("delivery" as const), delivery: fc.record({ at: fc.nat(9), channel: fc.constant("push"), campaign: fc.constantFrom("a", "b") }) }),
      fc.record({ type: fc.constant("exposure" as const), exposure: fc.record({ campaign: fc.constant("a"), experiment: fc.constant("x"), variant: fc.constant("v"), at: fc.nat(9), control: fc.boolean() }) }),
      fc.record({ type: fc.constant("pending" as const), pending: trigger }),
      fc.record({ type: fc.constant("pending-resolved" as const), campaign: fc.constantFrom("a", "b"), triggeredAt: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.option(fc.record({ pending: fc.array(trigger, { maxLength: 6 }) }), { nil: undefined }), fc.array(record, { maxLength: 12 }), (history, records) => {
        expect(applyRecords(history, records)).toEqual(reference(history, records));
      }),
      { seed: 20261202, numRuns: 500 },
    );
  });

  it("a journey's new state replaces its old one; the other journeys' states are kept in place, and journey actions change nothing", () => {
    const state = (journey: string, entries: number) => ({ version: 2 as const, journey, entries, lastExitAt: null, clock: entries, seen: [], runs: [] });
    const history = deepFreeze({ journeys: [state("a", 1), state("b", 1)] });
    const next = applyRecords(history, [
      { type: "journey", action: { type: "entered", journey: "b", entry: 2, at: 2, key: null, because: "go came" } },
      { type: "journey-state", state: state("b", 2) },
      { type: "journey-state", state: state("c", 1) },
      { type: "journey-state", state: state("b", 3) },
    ]);
    expect(next.journeys).toEqual([state("a", 1), state("b", 3), state("c", 1)]);
    expect(applyRecords(history, records).journeys).toBe(history.journeys);
    expect(applyRecords({ journeys: "x" } as unknown as EngineHistory, [{ type: "journey-state", state: state("a", 1) }]).journeys).toEqual([state("a", 1)]);
  });

  it("keeps the engagement list as it is (issue 21: applyOutcome appends to it)", () => {
    const engagement = [{ at: 1, kind: "opened" as const, campaign: "a" }];
    expect(applyRecords({ engagement }, records).engagement).toBe(engagement);
    expect(applyRecords({ engagement: "x" } as unknown as EngineHistory, records).engagement).toEqual([]);
  });

  it("resolves thousands of delayed triggers in one pass (a due over a long history)", () => {
    const pending = Array.from({ length: 20_000 }, (_, index) => ({ campaign: `c${index % 7}`, triggeredAt: index, dueAt: index, event: { name: "e" } }));
    const resolutions = pending.filter((_, index) => index % 2 === 0).map((entry): EngineRecord => ({ type: "pending-resolved", campaign: entry.campaign, triggeredAt: entry.triggeredAt }));
    const after = applyRecords({ pending }, resolutions);
    expect(after.pending).toHaveLength(10_000);
    expect(after.pending.every((entry) => entry.triggeredAt % 2 === 1)).toBe(true);
  });
});
