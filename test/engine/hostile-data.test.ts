/**
 * Regression tests for issue 19: instants outside the Date range (defect 2), durations beyond the
 * maximum (3), records aliasing engine state (4), duplicated delayed triggers and `once` (5),
 * placement names that are Object.prototype members (8), and a Date from another realm as `now` (11).
 */
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { applyRecords, ConfigError, createEngine, type DecideResult, type EngineRecord, type PendingTrigger } from "../../src/index.js";
import { foldEvents } from "../../src/segments/index.js";
import { checkCaps, compileCapPolicy } from "../../src/caps/index.js";
import { isoInstant } from "../../src/time/instant.js";
import { campaign, config, DAY, exampleConfig, HOUR, MINUTE, NOW, reachableUser } from "../support/engine-fixtures.js";

const tap = { name: "tap" };
const END_OF_TIME = 8.64e15;

/** Every method, for one input: none may throw. */
function everyMethod(engine: ReturnType<typeof createEngine>, input: { user: unknown; history?: unknown; now: number | Date }): void {
  const history = input.history as never;
  engine.decide({ event: tap, user: input.user, history, now: input.now });
  engine.due({ user: input.user, history, now: input.now });
  engine.nextCheckAt(input.user, input.now, history);
  for (const id of engine.campaignIds) {
    engine.explain(id, { event: tap, user: input.user, history, now: input.now });
    engine.explain(id, { user: input.user, history, now: input.now });
  }
}

describe("instants outside the Date range (±8.64e15 ms)", () => {
  const engine = createEngine(
    config([
      campaign("after", { reEligibility: { after: "1d" } }),
      campaign("once", { reEligibility: "once" }),
      campaign("delayed", { trigger: { event: "tap", delay: "1h", cancelOn: ["purchase"] } }),
      campaign("idle", { trigger: { inactivity: { event: "app_open", for: "7d" } } }),
    ], { behaviour: { events: { app_open: {}, purchase: {} } } }),
  );

  it("history times beyond the range are malformed entries: skipped, never thrown on", () => {
    const hostile = [1e300, -1e300, END_OF_TIME + 1, -END_OF_TIME - 1];
    for (const at of hostile) {
      const history = {
        deliveries: [{ at, channel: "push", campaign: "once" }],
        exposures: [{ at, campaign: "after", experiment: "x", variant: "a", control: true }],
        pending: [{ campaign: "delayed", triggeredAt: at, dueAt: NOW - HOUR, event: { name: "tap" } }, { campaign: "delayed", triggeredAt: NOW - 2 * HOUR, dueAt: at, event: { name: "tap" } }],
      };
      expect(() => everyMethod(engine, { user: reachableUser(), history, now: NOW })).not.toThrow();
      // Skipped: "once" and "after" were never sent, so they go out; the pending entries are not there.
      const result = engine.decide({ event: tap, user: reachableUser(), history, now: NOW });
      expect(result.decisions.map((decision) => decision.campaignId).sort()).toEqual(["after", "once"]);
      expect(engine.due({ user: reachableUser(), history, now: NOW }).records).toEqual([]);
    }
  });

  it("a behaviour time beyond the range reads as no event at all", () => {
    const user = reachableUser({ behaviour: { version: 1, events: { app_open: { last: 1e300 } } } });
    expect(() => everyMethod(engine, { user, now: NOW })).not.toThrow();
    expect(engine.explain("idle", { user, now: NOW }).suppression).toMatchObject({ step: "trigger", reason: "never-active" });
  });

  it("now at the end of the range: a delay that would end past it is refused, never thrown on", () => {
    expect(() => everyMethod(engine, { user: reachableUser(), now: END_OF_TIME })).not.toThrow();
    const result = engine.decide({ event: tap, user: reachableUser(), now: END_OF_TIME });
    expect(result.suppressed).toContainEqual(expect.objectContaining({ campaignId: "delayed", step: "trigger", reason: "beyond-time-range", retryAt: null }));
    expect(result.records.filter((record) => record.type === "pending")).toEqual([]);
    // Re-eligibility that would come past the range never comes.
    const sent = { deliveries: [{ at: END_OF_TIME - MINUTE, channel: "push", campaign: "after" }] };
    expect(engine.decide({ event: tap, user: reachableUser(), history: sent, now: END_OF_TIME }).suppressed).toContainEqual(expect.objectContaining({ campaignId: "after", reason: "not-re-eligible", retryAt: null }));
  });

  it("near the end of the range, every retryAt and nextCheckAt is an instant a Date can hold, or null", () => {
    const scheduled = createEngine(
      config(
        [
          campaign("hours", { schedule: { days: ["mon"], hours: { from: "09:00", to: "10:00" } } }),
          campaign("capped", { caps: [{ limit: 1, window: { rolling: "730d" } }], channels: ["push"] }),
          campaign("idle", { trigger: { inactivity: { event: "app_open", for: "730d" } } }),
        ],
        { behaviour: { events: { app_open: {} } } },
      ),
    );
    const isDateInstant = (at: unknown) => at === null || at === undefined || (typeof at === "number" && Math.abs(at) <= END_OF_TIME);
    for (const now of [END_OF_TIME, END_OF_TIME - HOUR, END_OF_TIME - 3 * DAY]) {
      const user = reachableUser({ behaviour: { version: 1, events: { app_open: { last: now - DAY } } } });
      const history = { deliveries: [{ at: now - MINUTE, channel: "push", campaign: "capped" }] };
      for (const result of [scheduled.decide({ event: tap, user, history, now }), scheduled.due({ user, history, now })]) {
        for (const suppression of result.suppressed) expect(isDateInstant(suppression.retryAt), JSON.stringify(suppression)).toBe(true);
        for (const decision of result.decisions) expect(isDateInstant(decision.sendAt)).toBe(true);
      }
      expect(isDateInstant(scheduled.nextCheckAt(user, now, history))).toBe(true);
    }
  });

  it("now outside the range is a TypeError (it is an argument, not data)", () => {
    for (const now of [END_OF_TIME + 1, -END_OF_TIME - 1, 1e300]) expect(() => engine.decide({ event: tap, user: reachableUser(), now })).toThrow(TypeError);
  });

  it("isoInstant is total: beyond the range or NaN it says so instead of throwing", () => {
    expect(isoInstant(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoInstant(END_OF_TIME)).toBe("+275760-09-13T00:00:00.000Z");
    expect(isoInstant(1e300)).toBe("epoch 1e+300 ms (outside the Date range)");
    expect(isoInstant(Number.NaN)).toBe("epoch NaN ms (outside the Date range)");
  });

  it("caps: a retryAt past the range is null (never), not an instant a Date cannot hold", () => {
    const policy = compileCapPolicy({ caps: [{ id: "weekly", scope: { all: true }, limit: 1, window: { rolling: "7d" } }] });
    const decision = checkCaps(policy, { deliveries: [{ at: END_OF_TIME - HOUR, channel: "push", campaign: "a" }] }, { channel: "push", campaign: "a" }, END_OF_TIME, "UTC");
    expect(decision).toMatchObject({ allowed: false, reason: "cap", retryAt: null });
    expect(() => checkCaps(policy, { deliveries: [] }, { channel: "push", campaign: "a" }, 1e300, "UTC")).toThrow(TypeError);
  });
});

describe("now in every form it has", () => {
  it("the ends of the Date range as toISOString writes them (six-digit years) are the instants a number gives (review of issue 19)", () => {
    const engine = createEngine(config([campaign("a")]));
    for (const at of [8.64e15, -8.64e15, Date.parse("0000-06-01T00:00:00Z")]) {
      expect(engine.nextCheckAt(reachableUser(), new Date(at).toISOString())).toBe(engine.nextCheckAt(reachableUser(), at));
    }
    expect(() => engine.nextCheckAt(reachableUser(), "+275760-09-13T00:00:00.001Z")).toThrow(TypeError);
    expect(() => engine.nextCheckAt(reachableUser(), "-000000-01-01T00:00:00Z")).toThrow(TypeError);
  });

  it("foldEvents takes now as engine calls do: a Date from any realm too (review of issue 19)", () => {
    const policy = { events: { tap: {} } };
    const folded = foldEvents(null, [{ name: "tap", time: NOW }], policy, { now: vm.runInNewContext(`new Date(${NOW})`) as Date });
    expect(folded).toEqual(foldEvents(null, [{ name: "tap", time: NOW }], policy, { now: NOW }));
    expect(() => foldEvents(null, [], policy, { now: 10n as unknown as number })).toThrow(TypeError);
  });
});

describe("a Date from another realm as now (vm, iframe)", () => {
  it("is the instant it holds", () => {
    const engine = createEngine(config([campaign("a")]));
    const foreign = vm.runInNewContext(`new Date(${NOW})`) as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(engine.decide({ event: tap, user: reachableUser(), now: foreign })).toEqual(engine.decide({ event: tap, user: reachableUser(), now: NOW }));
    expect(engine.nextCheckAt(reachableUser(), foreign)).toBe(engine.nextCheckAt(reachableUser(), NOW));
  });

  it("an invalid Date from another realm, or a look-alike, is still a TypeError", () => {
    const engine = createEngine(config([campaign("a")]));
    expect(() => engine.decide({ event: tap, user: reachableUser(), now: vm.runInNewContext("new Date(NaN)") as Date })).toThrow(TypeError);
    const lookAlike = { getTime: () => NOW, [Symbol.toStringTag]: "Date" } as unknown as Date;
    expect(() => engine.decide({ event: tap, user: reachableUser(), now: lookAlike })).toThrow(TypeError);
  });
});

describe("durations are bounded: at most 730 days", () => {
  const problems = (build: () => unknown): { path: string; message: string }[] => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return [...(error as ConfigError).problems];
    }
    throw new Error("accepted");
  };

  it("every duration field beyond it is a ConfigError with its path", () => {
    for (const huge of ["9999999999w", 1e20, "731d", 730 * DAY + 1]) {
      const found = problems(() =>
        createEngine(
          config(
            [
              campaign("a", { reEligibility: { after: huge }, caps: [{ limit: 1, window: { rolling: huge } }] }),
              campaign("b", { trigger: { event: "tap", delay: huge } }),
              campaign("c", { trigger: { inactivity: { event: "app_open", for: huge } } }),
            ],
            { behaviour: { events: { app_open: {} } }, arbitration: { inAppCooldown: huge }, caps: { caps: [{ id: "w", scope: { all: true }, limit: 1, window: { rolling: huge } }], cooldowns: [{ id: "c", scope: { all: true }, interval: huge }] } },
          ),
        ),
      );
      expect(found.map((problem) => problem.path).sort()).toEqual(
        ["/arbitration/inAppCooldown", "/caps/caps/0/window/rolling", "/caps/cooldowns/0/interval", "/campaigns/0/reEligibility/after", "/campaigns/0/caps/0/window/rolling", "/campaigns/1/trigger/delay", "/campaigns/2/trigger/inactivity/for"].sort(),
      );
      for (const problem of found) expect(problem.message).toMatch(/at most 730 days/);
    }
  });

  it("730 days itself is accepted, and the cap policy of nudgekit/caps has the same bound", () => {
    expect(() => createEngine(config([campaign("a", { reEligibility: { after: "730d" }, trigger: { event: "tap", delay: "P730D" } })]))).not.toThrow();
    expect(() => compileCapPolicy({ cooldowns: [{ id: "c", scope: { all: true }, interval: "104w3d" }] })).toThrow(/at most 730 days/);
  });
});

/** Changes every array and object in a value, in place, as a careless caller might. */
function vandalise(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) {
    for (const entry of value.values()) vandalise(entry, seen);
    try {
      value.clear();
    } catch {
      // refused: what we want
    }
    return;
  }
  if (Object.isFrozen(value)) {
    for (const key of Object.keys(value)) vandalise((value as Record<string, unknown>)[key], seen);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) vandalise(item, seen);
    value.splice(0, value.length, "vandalised");
    return;
  }
  for (const key of Object.keys(value)) {
    vandalise((value as Record<string, unknown>)[key], seen);
    (value as Record<string, unknown>)[key] = "vandalised";
  }
  (value as Record<string, unknown>).extra = "vandalised";
}

describe("nothing an engine returns aliases engine state", () => {
  it("mutating every returned array and object (records' tags included) changes no later result", () => {
    const engine = createEngine(exampleConfig());
    const user = reachableUser({ id: "user-7" });
    const inputs = [
      { event: { name: "checkout_started", properties: { value: 30, product_name: "chips" } }, user, now: NOW },
      { event: { name: "add_to_cart", properties: { category: "chips", product_name: "chips" } }, user, now: NOW },
      { event: { name: "payment_failed", properties: { order_id: "o-1" } }, user, now: NOW },
    ];
    const expected = inputs.map((input) => structuredClone(engine.decide(structuredClone(input))));
    const tagged = expected.flatMap((result) => result.records).filter((record) => record.type === "delivery" && record.delivery.tags !== undefined);
    expect(tagged.length).toBeGreaterThan(0);
    for (const input of inputs) {
      vandalise(engine.decide(structuredClone(input)));
      vandalise(engine.due({ user: structuredClone(user), now: NOW + 2 * HOUR, history: applyRecords(undefined, structuredClone(expected[0]!.records) as EngineRecord[]) }));
      for (const id of engine.campaignIds) vandalise(engine.explain(id, structuredClone(input)));
      vandalise(engine.campaignIds);
    }
    expect(inputs.map((input) => engine.decide(structuredClone(input)))).toEqual(expected);
  });

  it("engine.behaviour, the compiled aggregation policy every fold shares, cannot be changed through what it returns", () => {
    const engine = createEngine(exampleConfig());
    const events = [{ name: "add_to_cart", time: NOW - HOUR, properties: { price: 2.5 } }, { name: "purchase", time: NOW - MINUTE, properties: { amount: 12 } }];
    const before = foldEvents(undefined, events, engine.behaviour!, { now: NOW });
    vandalise(engine.behaviour);
    expect(() => (engine.behaviour!.events as Map<string, unknown>).delete("purchase")).toThrow(TypeError);
    expect(foldEvents(undefined, events, engine.behaviour!, { now: NOW })).toEqual(before);
  });

  it("a tag cap keeps counting after a caller changes the tags of a record it was given", () => {
    const engine = createEngine(config([campaign("a", { tags: ["marketing"] })], { caps: { caps: [{ id: "one-marketing", scope: { tag: "marketing" }, limit: 1, window: { rolling: "1d" } }] } }));
    const delivered = (result: DecideResult) => (result.records[0] as Extract<EngineRecord, { type: "delivery" }>).delivery;
    // One caller empties the tags of its record…
    (delivered(engine.decide({ event: tap, user: reachableUser(), now: NOW })).tags as string[]).splice(0);
    // …and another user's record, stored as it is given, must still carry them: the cap counts it.
    const stored = delivered(engine.decide({ event: tap, user: reachableUser({ id: "user-2" }), now: NOW }));
    expect(stored.tags).toEqual(["marketing"]);
    const next = engine.decide({ event: tap, user: reachableUser({ id: "user-2" }), history: { deliveries: [stored] }, now: NOW + MINUTE });
    expect(next.decisions[0]).toMatchObject({ deferred: true, sendAt: NOW + DAY });
  });
});

describe("delayed triggers: once holds whatever the history holds", () => {
  const pending = (campaign: string, triggeredAt: number): PendingTrigger => ({ campaign, triggeredAt, dueAt: triggeredAt + HOUR, event: { name: "signup", properties: { at: triggeredAt } } });
  const engine = createEngine(
    config([
      campaign("welcome", { trigger: { event: "signup", delay: "1h" }, reEligibility: "once" }),
      campaign("nudge", { trigger: { event: "signup", delay: "1h" }, reEligibility: { after: "1d" } }),
      campaign("every", { trigger: { event: "signup", delay: "1h" }, reEligibility: "always" }),
    ]),
  );

  it("three pending entries of a once campaign (a duplicated signup) send it once, and resolve all three", () => {
    const history = { pending: [pending("welcome", NOW - 3 * HOUR), pending("welcome", NOW - 3 * HOUR), pending("welcome", NOW - 2 * HOUR)] };
    const result = engine.due({ user: reachableUser(), history, now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId)).toEqual(["welcome"]);
    expect(result.records.filter((record) => record.type === "pending-resolved")).toEqual([
      { type: "pending-resolved", campaign: "welcome", triggeredAt: NOW - 3 * HOUR },
      { type: "pending-resolved", campaign: "welcome", triggeredAt: NOW - 2 * HOUR },
    ]);
    const after = applyRecords(history, result.records);
    expect(after.pending).toEqual([]);
    expect(engine.due({ user: reachableUser(), history: after, now: NOW + DAY }).decisions).toEqual([]);
  });

  it("the same for re-eligibility after a while, and for always (one send per campaign per call)", () => {
    const history = { pending: [pending("nudge", NOW - 3 * HOUR), pending("nudge", NOW - 2 * HOUR), pending("every", NOW - 3 * HOUR), pending("every", NOW - 2 * HOUR)] };
    const result = engine.due({ user: reachableUser(), history, now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId).sort()).toEqual(["every", "nudge"]);
    // The latest trigger is the one sent (its event's content).
    expect(result.decisions.every((decision) => decision.sendAt === NOW)).toBe(true);
  });

  it("a once campaign already sent, or sent earlier in the sequence, is never sent again by later triggers", () => {
    let history = applyRecords(undefined, []);
    let sends = 0;
    for (let step = 0; step < 6; step++) {
      const now = NOW + step * HOUR;
      const decided = engine.decide({ event: { name: "signup" }, user: reachableUser(), history, now });
      history = applyRecords(history, decided.records);
      // A concurrent decider that did not see the pending entry records its own.
      history = applyRecords(history, [{ type: "pending", pending: pending("welcome", now) }]);
      const due = engine.due({ user: reachableUser(), history, now: now + HOUR });
      sends += due.decisions.filter((decision) => decision.campaignId === "welcome").length;
      history = applyRecords(history, due.records);
    }
    expect(sends).toBe(1);
  });
});

describe("placement names that are Object.prototype members", () => {
  it.each(["constructor", "toString", "__proto__", "valueOf", "hasOwnProperty"])("placement %s takes its default limit of 1, not an inherited member", (placement) => {
    const inApp = (id: string, priority: number) =>
      campaign(id, { category: "promotional", channels: ["in_app"], format: "banner", placement, priority, content: { in_app: { title: id } } });
    const engine = createEngine(config([inApp("a", 3), inApp("b", 2), inApp("c", 1), campaign("home", { channels: ["in_app"], format: "card", placement: "home", content: { in_app: { title: "h" } } })], { arbitration: { placements: { home: 1 } } }));
    const result: DecideResult = engine.decide({ event: tap, user: reachableUser(), now: NOW });
    expect(result.decisions.map((decision) => decision.campaignId).sort()).toEqual(["a", "home"]);
    expect(result.suppressed.filter((entry) => entry.reason === "placement-limit").map((entry) => entry.campaignId).sort()).toEqual(["b", "c"]);
  });
});
