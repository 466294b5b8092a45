import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseStoredHistory, STORED_HISTORY_LIMITS, storedHistoryText, type Delivery, type DeliveryHistory } from "../../src/caps/index.js";
import { storedHistoryProblem } from "../../src/caps/history/stored-history.js";

const SEED = 20261123;
const T = Date.parse("2026-11-23T12:00:00Z");

// Text fields of any characters: control characters and lone surrogates take 6 characters in JSON.
const text = fc.string({ unit: fc.oneof(fc.constantFrom("\u0001", "\ud800", '"', "\\", "é"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 40 });
const instant = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ min: -8.64e15, max: 8.64e15, noNaN: true }), fc.constantFrom(8.64e15, -8.64e15, -1.2345678901234567e-300, 0));
const delivery: fc.Arbitrary<Delivery> = fc.record(
  { id: text, at: instant, channel: text, campaign: text, tags: fc.array(text, { maxLength: 5 }), placement: text, session: text, counts: fc.boolean() },
  { requiredKeys: ["at", "channel", "campaign"] },
);
const history: fc.Arbitrary<DeliveryHistory> = fc.record({ deliveries: fc.array(delivery, { maxLength: 12 }) });

/** A history as a store means it: `counts: true` is the default, and -0 is 0. */
function meaning(h: DeliveryHistory): unknown {
  return h.deliveries.map(({ counts, at, ...rest }) => ({ ...rest, at: at === 0 ? 0 : at, ...(counts === false ? { counts } : {}) }));
}

describe("stored histories: the text both cap stores keep and read", () => {
  it("a history written is read back with the same meaning, and its JSON stays within the documented bound", () => {
    fc.assert(
      fc.property(history, (h) => {
        const stored = storedHistoryText(h);
        const read = parseStoredHistory(stored);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect(meaning(read.history)).toEqual(meaning(h));
        // The bound behind STORED_HISTORY_LIMITS.json: 6 per character, 3 per tag, 128 per delivery, 32 in all.
        let characters = 0;
        let tags = 0;
        for (const d of h.deliveries) {
          for (const field of [d.id, d.channel, d.campaign, d.placement, d.session, ...(d.tags ?? [])]) characters += field?.length ?? 0;
          tags += d.tags?.length ?? 0;
        }
        expect(stored.length).toBeLessThanOrEqual(6 * characters + 3 * tags + 128 * h.deliveries.length + 32);
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(6 * STORED_HISTORY_LIMITS.characters + 3 * STORED_HISTORY_LIMITS.characters + 128 * STORED_HISTORY_LIMITS.deliveries + 32).toBeLessThan(STORED_HISTORY_LIMITS.json);
  });

  it("never throws, on any text, any JSON, or a valid text cut or changed anywhere", () => {
    const valid = storedHistoryText({ deliveries: [{ id: "r1", at: T, channel: "push", campaign: "promo", tags: ["marketing"], placement: "home", session: "s1", counts: false }] });
    const edited = fc.tuple(fc.nat({ max: valid.length }), fc.nat({ max: 5 }), fc.string({ maxLength: 6 })).map(([start, removed, inserted]) => valid.slice(0, start) + inserted + valid.slice(start + removed));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), edited, fc.anything()), (value) => {
        const read = parseStoredHistory(value);
        expect(typeof read.ok).toBe("boolean");
        if (!read.ok) expect(read.problem.length).toBeLessThan(300);
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });

  it("says why a text is unreadable, with the JSON pointer of the field", () => {
    const one = (fields: Record<string, unknown>): string => JSON.stringify({ v: 1, deliveries: [{ at: T, channel: "push", campaign: "promo", ...fields }] });
    expect(parseStoredHistory(one({ tags: "marketing" }))).toEqual({ ok: false, problem: "/deliveries/0/tags must be an array of at most 1000 strings" });
    expect(parseStoredHistory(one({ at: 1e300 }))).toEqual({ ok: false, problem: "/deliveries/0/at must be epoch milliseconds within ±8.64e15" });
    expect(parseStoredHistory(one({ x: { y: [1] } }))).toEqual({ ok: false, problem: '/deliveries/0 has an unknown field "x"' });
    expect(parseStoredHistory("{not json")).toEqual({ ok: false, problem: "it is not JSON" });
    expect(parseStoredHistory(null)).toEqual({ ok: false, problem: "it is a null, not text" });
  });

  it("a __proto__ field is refused and reaches no prototype", () => {
    const read = parseStoredHistory(`{"v":1,"deliveries":[{"__proto__":{"polluted":true},"at":${T},"channel":"push","campaign":"promo"}]}`);
    expect(read).toEqual({ ok: false, problem: '/deliveries/0 has an unknown field "__proto__"' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("limits: the JSON is measured before it is parsed; characters in all and deliveries are counted", () => {
    expect(parseStoredHistory(" ".repeat(STORED_HISTORY_LIMITS.json + 1))).toEqual({ ok: false, problem: `it is longer than ${STORED_HISTORY_LIMITS.json} characters` });
    const wide = (count: number): DeliveryHistory => ({ deliveries: Array.from({ length: count }, (_, i) => ({ at: T + i, channel: "push", campaign: "c".repeat(1_024) })) });
    // push (4) + 1,024 per delivery: 4,080 deliveries fit in 4,194,304 characters, 4,081 do not.
    expect(storedHistoryProblem(wide(4_080))).toBeUndefined();
    expect(parseStoredHistory(storedHistoryText(wide(4_080))).ok).toBe(true);
    expect(storedHistoryProblem(wide(4_081))).toBe(`its text fields would hold more than ${STORED_HISTORY_LIMITS.characters} characters`);
    expect(parseStoredHistory(storedHistoryText(wide(4_081)))).toEqual({ ok: false, problem: `its text fields hold more than ${STORED_HISTORY_LIMITS.characters} characters` });
    const many = { deliveries: Array.from({ length: STORED_HISTORY_LIMITS.deliveries + 1 }, (_, i) => ({ at: i, channel: "p", campaign: "c" })) };
    expect(storedHistoryProblem(many)).toBe(`it would hold more than ${STORED_HISTORY_LIMITS.deliveries} deliveries`);
  });

  it("what is read is frozen: a store can hand it out without it being changed", () => {
    const read = parseStoredHistory(storedHistoryText({ deliveries: [{ at: T, channel: "push", campaign: "promo", tags: ["marketing"] }] }));
    if (!read.ok) throw new Error(read.problem);
    expect(Object.isFrozen(read.history.deliveries)).toBe(true);
    expect(Object.isFrozen(read.history.deliveries[0])).toBe(true);
    expect(Object.isFrozen(read.history.deliveries[0]!.tags)).toBe(true);
  });
});
