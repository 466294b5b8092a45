import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CapStoreUnavailableError, MemoryCapStore, type CapCandidate, type CapPolicyInput, type ReserveResult } from "../../src/caps/index.js";

const T = Date.parse("2026-11-23T12:00:00Z");
const policy: CapPolicyInput = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { calendar: "day" } }] };
const push = { channel: "push", campaign: "promo" };

describe("MemoryCapStore", () => {
  it("concurrent reserves on the same users never over-grant: exactly 3 per user and day", async () => {
    const store = new MemoryCapStore(policy);
    const users = ["u1", "u2", "__proto__", "constructor"];
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => store.reserve(users[i % users.length]!, push, T + i, "Europe/Paris")));
    for (const user of users) {
      const granted = results.filter((result, i) => users[i % users.length] === user && result.granted);
      expect(granted).toHaveLength(3);
      expect(store.historyOf(user).deliveries).toHaveLength(3);
    }
    const refused = results.find((result) => !result.granted);
    expect(refused).toMatchObject({ granted: false, decision: { rule: "3-a-day", reason: "cap", retryAt: Date.parse("2026-11-23T23:00:00Z") } });
    expect(({} as Record<string, unknown>).deliveries).toBeUndefined(); // nothing reached Object.prototype
  });

  it("release takes a failed send back, once", async () => {
    const store = new MemoryCapStore(policy);
    const grants = [];
    for (let i = 0; i < 3; i++) grants.push(await store.reserve("u", push, T + i, "UTC"));
    expect((await store.reserve("u", push, T + 10, "UTC")).granted).toBe(false);
    const first = grants[0]!;
    if (!first.granted) throw new Error("expected a grant");
    await store.release(first.reservation);
    await store.release(first.reservation);
    expect(store.historyOf("u").deliveries).toHaveLength(2);
    expect((await store.reserve("u", push, T + 11, "UTC")).granted).toBe(true);
    expect((await store.reserve("u", push, T + 12, "UTC")).granted).toBe(false);
  });

  it("uncounted sends are granted and recorded as not counting; bad user ids are refused", async () => {
    const store = new MemoryCapStore(policy);
    for (let i = 0; i < 5; i++) expect((await store.reserve("u", { ...push, ignoreCaps: true, counts: false }, T + i, "UTC")).granted).toBe(true);
    expect((await store.reserve("u", push, T + 10, "UTC")).granted).toBe(true);
    await expect(store.reserve("", push, T, "UTC")).rejects.toThrow(TypeError);
  });

  it("snapshot and restore: the stored texts round-trip through JSON, and an unreadable one is kept as it came and fails closed", async () => {
    const store = new MemoryCapStore(policy);
    await store.reserve("u", { ...push, tags: ["marketing"] }, T, "UTC");
    await store.reserve("__proto__", push, T, "UTC");
    const saved = JSON.stringify([...store.snapshot(), ["broken", "{not json"]]);
    const restored = new MemoryCapStore(policy, { histories: JSON.parse(saved) as [string, string][] });
    expect(restored.historyOf("u")).toEqual(store.historyOf("u"));
    expect(restored.historyOf("__proto__")).toEqual(store.historyOf("__proto__"));
    expect(JSON.stringify(restored.snapshot())).toBe(saved);
    await expect(restored.reserve("broken", push, T, "UTC")).rejects.toThrow(CapStoreUnavailableError);
    await expect(restored.reserve("broken", push, T, "UTC")).rejects.toThrow(/stored cap history of "broken" is unreadable \(it is not JSON\)/);
    expect(() => restored.historyOf("broken")).toThrow(CapStoreUnavailableError);
    expect(() => new MemoryCapStore(policy, { histories: [["u", "{}"], ["u", "{}"]] })).toThrow(TypeError);
    expect(() => new MemoryCapStore(policy, { histories: ["u" as unknown as [string, string]] })).toThrow(TypeError);
    expect(() => new MemoryCapStore(policy, { histories: [["", "{}"]] })).toThrow(TypeError);
  });

  it("a reservation id never repeats one a restored history holds, so a release takes back only its own", async () => {
    const restored = new MemoryCapStore(policy, { histories: [["u", JSON.stringify({ v: 1, deliveries: [{ id: "r1", at: T, channel: "push", campaign: "promo" }, { id: "r2", at: T, channel: "push", campaign: "promo" }] })]] });
    const result = await restored.reserve("u", push, T + 1, "UTC");
    if (!result.granted) throw new Error("expected a grant");
    expect(result.reservation.delivery.id).toBe("r3");
    await restored.release(result.reservation);
    expect(restored.historyOf("u").deliveries.map((delivery) => delivery.id)).toEqual(["r1", "r2"]);
  });

  it("what it hands out is frozen: a caller cannot change the kept history", async () => {
    const store = new MemoryCapStore(policy);
    const candidate = { ...push, tags: ["marketing"] };
    const result = await store.reserve("u", candidate, T, "UTC");
    candidate.tags.push("changed");
    const history = store.historyOf("u");
    expect(Object.isFrozen(history.deliveries)).toBe(true);
    expect(Object.isFrozen(history.deliveries[0])).toBe(true);
    expect(history.deliveries[0]!.tags).toEqual(["marketing"]);
    if (result.granted) expect(Object.isFrozen(result.reservation.delivery.tags)).toBe(true);
  });

  it("fast-check: a store restored from its snapshot (through JSON) decides every later call as the original does", async () => {
    const candidates: CapCandidate[] = [
      push,
      { channel: "push", campaign: "cart", tags: ["marketing"] },
      { channel: "in_app", campaign: "tip", placement: "home", session: "s1" },
      { channel: "in_app", campaign: "tip", placement: "home", session: "s2" },
      { channel: "email", campaign: "receipt", ignoreCaps: true, counts: false },
    ];
    const mixed: CapPolicyInput = {
      caps: [
        { id: "2-a-day", scope: { all: true }, limit: 2, window: { calendar: "day" } },
        { id: "marketing", scope: { tag: "marketing" }, limit: 1, window: { rolling: "36h" } },
        { id: "session", scope: { placement: "home" }, limit: 1, window: { session: true } },
      ],
      cooldowns: [{ id: "gap", scope: { channel: "push" }, interval: "1h" }],
    };
    const call = fc.record({ user: fc.constantFrom("a", "b", "__proto__"), candidate: fc.constantFrom(...candidates), gap: fc.integer({ min: -60_000, max: 20 * 3_600_000 }) });
    const outcome = (result: ReserveResult): unknown => (result.granted ? "granted" : result.decision);
    await fc.assert(
      fc.asyncProperty(fc.array(call, { maxLength: 15 }), fc.array(call, { minLength: 1, maxLength: 15 }), async (before, after) => {
        const original = new MemoryCapStore(mixed);
        let at = T;
        for (const { user, candidate, gap } of before) await original.reserve(user, candidate, (at += gap), "Europe/Paris");
        const restored = new MemoryCapStore(mixed, { histories: JSON.parse(JSON.stringify(original.snapshot())) as [string, string][] });
        for (const { user, candidate, gap } of after) {
          at += gap;
          expect(outcome(await restored.reserve(user, candidate, at, "Europe/Paris"))).toEqual(outcome(await original.reserve(user, candidate, at, "Europe/Paris")));
        }
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});
