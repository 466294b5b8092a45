import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCaps, compactHistory, compileCapPolicy, historyExpiry, type CapCandidate, type CapPolicyInput, type Delivery } from "../../src/caps/index.js";

const SEED = 20261123;
const M = 60_000;
const D = 1_440 * M;
const T = Date.parse("2026-11-23T12:00:00Z");
// Zones with 23- and 25-hour days, a 30-minute shift, and the extremes of UTC offsets.
const ZONES = ["UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Niue", "Asia/Kolkata"];

const scope = fc.constantFrom<NonNullable<CapPolicyInput["caps"]>[number]["scope"]>({ all: true }, { channel: "push" }, { campaign: "promo" }, { tag: "marketing" }, { placement: "home" }, { channels: ["push", "in_app"] });
const window = fc.oneof(
  fc.integer({ min: 1, max: 60 * D }).map((rolling) => ({ rolling })),
  fc.record({ calendar: fc.constantFrom("day" as const, "week" as const, "month" as const), weekStartsOn: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ session: true as const }),
  fc.constant({ lifetime: true as const }),
);
const policy: fc.Arbitrary<CapPolicyInput> = fc.record({
  caps: fc.array(fc.record({ id: fc.constantFrom("c1", "c2"), scope, limit: fc.integer({ min: 1, max: 3 }), window }), { maxLength: 3 }),
  cooldowns: fc.array(fc.record({ id: fc.constant("gap"), scope, interval: fc.integer({ min: 1, max: 10 * D }) }), { maxLength: 2 }),
});
const candidates: CapCandidate[] = [
  { channel: "push", campaign: "promo" },
  { channel: "push", campaign: "cart", tags: ["marketing"] },
  { channel: "in_app", campaign: "tip", placement: "home", session: "s1" },
  { channel: "in_app", campaign: "promo", session: "s2" },
  { channel: "email", campaign: "receipt", counts: false },
];
// Clock changes in these zones (23- and 25-hour days, a 30-minute shift): sends just before them.
const TRANSITIONS = ["2026-10-25T01:00:00Z", "2026-11-01T06:00:00Z", "2026-04-04T15:00:00Z", "2026-10-03T16:00:00Z", "2026-03-29T01:00:00Z", "2026-03-08T07:00:00Z"].map(Date.parse);
const sentAt = fc.oneof(fc.integer({ min: T - 90 * D, max: T + 5 * D }), fc.constantFrom(...TRANSITIONS).chain((at) => fc.integer({ min: at - 26 * 60 * M, max: at + 2 * 60 * M })));
const delivery: fc.Arbitrary<Delivery> = fc.record({ at: sentAt, candidate: fc.constantFrom(...candidates) }).map(({ at, candidate }) => ({ at, ...candidate }));
const after = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 60 * M }), fc.integer({ min: 0, max: 100 * D }));

describe("historyExpiry: what the Redis key's time to live is computed from", () => {
  it("from the expiry on, in any time zone and session, no check counts anything and compaction keeps nothing; null only when a lifetime or session cap counts a delivery", () => {
    fc.assert(
      fc.property(policy, fc.array(delivery, { minLength: 1, maxLength: 8 }), fc.constantFrom(...ZONES), fc.constantFrom(...candidates), after, fc.constantFrom(undefined, "s1", "s2"), (input, deliveries, zone, candidate, after, session) => {
        const compiled = compileCapPolicy(input);
        const history = { deliveries };
        const expiry = historyExpiry(history, compiled);
        const forEver = deliveries.some((d) => d.counts !== false && compiled.caps.some((cap) => cap.matches(d) && (cap.window.kind === "lifetime" || (cap.window.kind === "session" && d.session !== undefined))));
        expect(expiry === null).toBe(forEver);
        if (expiry === null) return;
        const at = Math.ceil(expiry) + after;
        expect(compactHistory(history, compiled, at, zone, session).deliveries).toEqual([]);
        const candidateInSession = session === undefined ? candidate : { ...candidate, session };
        expect(checkCaps(compiled, history, candidateInSession, at, zone)).toEqual(checkCaps(compiled, { deliveries: [] }, candidateInSession, at, zone));
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it("reaches past a 25-hour day: a send in the first minute of Paris's 2026-10-25 still counts 24 h later", () => {
    const daily = { caps: [{ id: "1-a-day", scope: { all: true as const }, limit: 1, window: { calendar: "day" as const } }] };
    const push = { channel: "push", campaign: "promo" };
    const start = Date.parse("2026-10-24T22:00:00Z"); // midnight in Paris; the day ends at 23:00Z the next day
    const history = { deliveries: [{ at: start, ...push }] };
    expect(checkCaps(daily, history, push, start + D, "Europe/Paris").allowed).toBe(false);
    expect(historyExpiry(history, daily)).toBeGreaterThan(start + 25 * 60 * M);
  });

  it("is exact for rolling windows and cooldowns: one millisecond before it, the delivery still counts", () => {
    const push = { channel: "push", campaign: "promo" };
    const rolling = { caps: [{ id: "1-a-day", scope: { all: true as const }, limit: 1, window: { rolling: "24h" } }] };
    expect(historyExpiry({ deliveries: [{ at: T, ...push }] }, rolling)).toBe(T + D);
    expect(checkCaps(rolling, { deliveries: [{ at: T, ...push }] }, push, T + D - 1, "UTC").allowed).toBe(false);
    const cooldown = { cooldowns: [{ id: "gap", scope: { channel: "push" }, interval: "3d" }] };
    expect(historyExpiry({ deliveries: [{ at: T, ...push }, { at: T - D, ...push }] }, cooldown)).toBe(T + 3 * D);
    expect(historyExpiry({ deliveries: [] }, cooldown)).toBe(Number.NEGATIVE_INFINITY);
  });
});
