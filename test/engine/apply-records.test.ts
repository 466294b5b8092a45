import { describe, expect, it } from "vitest";
import { applyRecords, type EngineRecord } from "../../src/index.js";
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
    });
    expect(history.pending).toEqual([pending]);
  });

  it("starts from nothing, and returns new arrays (caps trust a history array not to change)", () => {
    const empty = applyRecords(undefined, []);
    expect(empty).toEqual({ deliveries: [], exposures: [], pending: [] });
    const history = { deliveries: [] };
    expect(applyRecords(history, records.slice(0, 1)).deliveries).not.toBe(history.deliveries);
  });
});
