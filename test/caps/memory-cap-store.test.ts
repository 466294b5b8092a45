import { describe, expect, it } from "vitest";
import { MemoryCapStore, type CapPolicyInput } from "../../src/caps/index.js";

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
});
