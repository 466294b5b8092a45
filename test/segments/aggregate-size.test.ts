import { describe, expect, it } from "vitest";
import { DAY_MS, foldEvents } from "../../src/segments/index.js";

/*
 * The bound: at most 2 KB of JSON per user and tracked event name at 90-day retention.
 * Size is deterministic, so it is asserted (never timing).
 */
const LIMIT = 2_048;
const START = Date.UTC(2026, 0, 1);
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("aggregate size at the default 90-day horizon", () => {
  it("worst case without properties: the event on each of 120 consecutive days, 3 a day", () => {
    const events = Array.from({ length: 120 * 3 }, (_, i) => ({ name: "app_open", time: START + Math.floor(i / 3) * DAY_MS + (i % 3) * 7 * 3_600_000 + 123 }));
    const aggregates = foldEvents(null, events, { events: { app_open: {} } });
    expect(aggregates.events.app_open?.ago).toHaveLength(90);
    expect(aggregates.events.app_open?.n).toBe(360);
    expect(bytes(aggregates)).toBeLessThanOrEqual(LIMIT);
  });

  it("the same with ids: the ids remembered for deduplication (default window and maxIds) fit too", () => {
    const events = Array.from({ length: 120 * 3 }, (_, i) => ({ id: `evt-${String(i).padStart(6, "0")}`, name: "app_open", time: START + Math.floor(i / 3) * DAY_MS + (i % 3) * 7 * 3_600_000 + 123 }));
    const aggregates = foldEvents(null, events, { events: { app_open: {} } });
    expect(aggregates.seen?.id.length).toBe(8 * 3 - 2); // ids within 7 days of the latest event
    expect(bytes(aggregates)).toBeLessThanOrEqual(LIMIT);
  });

  it("typical case with one declared property: purchases on 30 of 90 days, amounts up to 999.99", () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `order-${100_000 + i}`,
      name: "purchase",
      time: START + i * 3 * DAY_MS + 15 * 3_600_000,
      properties: { amount: i % 2 === 0 ? 999.99 : 100 + i * 29.97 },
    }));
    const aggregates = foldEvents(null, events, { events: { purchase: { properties: { amount: { decimals: 2 } } } } });
    expect(aggregates.events.purchase?.ago).toHaveLength(30);
    expect(bytes(aggregates)).toBeLessThanOrEqual(LIMIT);
  });

  it("does not grow with more days or events than the horizon holds", () => {
    const policy = { events: { app_open: {} } };
    const sized = (days: number) => bytes(foldEvents(null, Array.from({ length: days }, (_, i) => ({ name: "app_open", time: START + i * DAY_MS })), policy).events.app_open);
    expect(sized(1_000)).toBeLessThanOrEqual(sized(90) + 2); // only n ("1000" vs "90") is longer
  });
});
