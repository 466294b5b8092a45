/**
 * Caps hold for every instant of the Date range (±8.64e15 ms), in every zone. Regression: within
 * about a day of either end, a zone's local wall time lay beyond the range, calendar periods came
 * out as `{ start: NaN, next: NaN }`, no delivery fell inside, and a calendar cap let everything
 * through ("3 a day" sent 6 pushes in 6 minutes in Kiritimati; the memory store granted 6 of 6).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCaps, compactHistory, compileCapPolicy, isQuiet, MemoryCapStore, quietEnd, type CapPolicyInput, type Delivery } from "../../src/caps/index.js";
import { applyRecords, createEngine, type EngineConfigInput, type EngineHistory } from "../../src/index.js";
import { compileRule } from "../../src/rules/index.js";
import type { TimeZoneProvider } from "../../src/time-zones/index.js";
import { distance, EXTREME_ZONES, instantIn, MAX_EPOCH_MS, PROVIDERS, referencePeriodKey, type Region } from "../support/edge-of-time.js";

const SEED = 20261207;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const THREE_A_DAY = { caps: [{ id: "3-a-day", scope: { all: true as const }, limit: 3, window: { calendar: "day" as const } }] };
const candidate = { channel: "push", campaign: "c" };

describe("regression: a calendar cap near the ends of the Date range (the review's cases)", () => {
  // [zone, now, retryAt]: the next local midnight, null when it lies past the Date range (it never comes).
  const cases: [string, number, number | null | "a number"][] = [
    ["+14:00", MAX_EPOCH_MS, null],
    ["+14:00", MAX_EPOCH_MS - 1000, null],
    ["Pacific/Kiritimati", MAX_EPOCH_MS, null],
    ["Pacific/Kiritimati", MAX_EPOCH_MS - 1000, null],
    ["Pacific/Kiritimati", -MAX_EPOCH_MS + 1000 + 3 * HOUR, "a number"], // its offset there differs by provider (−10:40 pinned, LMT in Intl)
    ["-12:00", -MAX_EPOCH_MS + 1000 + 3 * HOUR, -MAX_EPOCH_MS + 12 * HOUR],
    ["UTC", MAX_EPOCH_MS - 1000, MAX_EPOCH_MS],
  ];
  it.each(cases)("%s at %d: a 4th delivery in 3 minutes is refused (retryAt %s)", (zone, now, retryAt) => {
    for (const [, timeZones] of PROVIDERS) {
      const deliveries = [1, 2, 3].map((i) => ({ at: now - i * MINUTE, ...candidate }));
      expect(checkCaps(THREE_A_DAY, { deliveries }, candidate, now, zone, { timeZones })).toEqual({ allowed: false, rule: "3-a-day", reason: "cap", retryAt: retryAt === "a number" ? expect.any(Number) : retryAt, action: "defer" });
      expect(compactHistory({ deliveries }, THREE_A_DAY, now, zone, undefined, { timeZones }).deliveries).toHaveLength(3);
    }
  });

  it("UTC at exactly 8.64e15 (275760-09-13T00:00Z) is a new day: the three sends of the day before do not count", () => {
    const deliveries = [1, 2, 3].map((i) => ({ at: MAX_EPOCH_MS - i * MINUTE, ...candidate }));
    expect(checkCaps(THREE_A_DAY, { deliveries }, candidate, MAX_EPOCH_MS, "UTC")).toEqual({ allowed: true });
    expect(checkCaps(THREE_A_DAY, { deliveries: [...deliveries, { at: MAX_EPOCH_MS, ...candidate }, { at: MAX_EPOCH_MS, ...candidate }, { at: MAX_EPOCH_MS, ...candidate }] }, candidate, MAX_EPOCH_MS, "UTC").allowed).toBe(false);
  });

  it("engine.decide sends 3 pushes, not 6, in 6 minutes under \"3 a day\" in Kiritimati just before 8.64e15", () => {
    const config = { caps: { caps: [{ id: "3-a-day", scope: { channel: "push" }, limit: 3, window: { calendar: "day" } }] }, campaigns: [{ id: "c", category: "promotional", channels: ["push"], trigger: { event: "x" }, content: { push: { title: "t" } } }] } as EngineConfigInput;
    for (const [, timeZones] of PROVIDERS) {
      const engine = createEngine(config, { timeZones });
      const user = { id: "u1", timeZone: "Pacific/Kiritimati", consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] } } };
      let deliveries: Delivery[] = [];
      let sent = 0;
      for (let i = 0; i < 6; i++) {
        const result = engine.decide({ event: { name: "x" }, user, history: { deliveries }, now: MAX_EPOCH_MS - 1000 - (6 - i) * MINUTE });
        // Sent now: a fourth would wait for the next local day, which starts after the last instant a Date can hold.
        expect(result.decisions.every((decision) => !decision.deferred)).toBe(true);
        sent += result.decisions.length;
        deliveries = [...deliveries, ...result.records.flatMap((record) => (record.type === "delivery" ? [record.delivery as Delivery] : []))];
      }
      expect(sent).toBe(3);
    }
  });

  it("MemoryCapStore grants 3 of 6 near either end", async () => {
    for (const [, timeZones] of PROVIDERS) {
      for (const [zone, now] of [["Pacific/Kiritimati", MAX_EPOCH_MS - 1000], ["-12:00", -MAX_EPOCH_MS + 7 * MINUTE]] as const) {
        const store = new MemoryCapStore(THREE_A_DAY, { timeZones });
        let granted = 0;
        for (let i = 0; i < 6; i++) if ((await store.reserve("u1", candidate, now - (6 - i) * MINUTE, zone)).granted) granted++;
        expect(granted).toBe(3);
      }
    }
  });
});

describe("a provider with no offset for an instant: caps refuse rather than count nothing", () => {
  // A custom provider that knows the zone but returns NaN (what ZoneClock makes of a provider that throws).
  const blind: TimeZoneProvider = { name: "blind (test)", version: "test", isKnownZone: (zone) => zone === "Test/Blind", offsetAt: () => Number.NaN };
  const now = Date.parse("2026-11-23T12:00:00Z");

  it("a calendar cap refuses (never retried), compaction keeps what it counts, quiet hours hold, local_hour is null", () => {
    const deliveries = [{ at: now - MINUTE, ...candidate }];
    const oneADay = { caps: [{ id: "1-a-day", scope: { all: true as const }, limit: 1, window: { calendar: "day" as const } }] };
    expect(checkCaps(oneADay, { deliveries }, candidate, now, "Test/Blind", { timeZones: blind })).toEqual({ allowed: false, rule: "1-a-day", reason: "cap", retryAt: null, action: "defer" });
    expect(compactHistory({ deliveries }, oneADay, now, "Test/Blind", undefined, { timeZones: blind }).deliveries).toHaveLength(1);
    const [quiet] = compileCapPolicy({ quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "07:00" }] }).quietHours;
    expect(isQuiet(quiet!, now, "Test/Blind", blind)).toBe(true);
    expect(quietEnd(quiet!, now, "Test/Blind", blind)).toBeNaN();
    expect(checkCaps({ quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "07:00" }] }, { deliveries: [] }, candidate, now, "Test/Blind", { timeZones: blind })).toEqual({ allowed: false, rule: "night", reason: "quiet-hours", retryAt: null, action: "defer" });
    expect(compileRule({ local_hour: ["Test/Blind", { var: "now" }] }, { timeZones: blind })({ now })).toBeNull();
    expect(compileRule({ local_day_of_week: ["Test/Blind", { var: "now" }] }, { timeZones: blind })({ now })).toBeNull();
  });
});

type RuleKind = { kind: "rolling"; ms: number } | { kind: "calendar"; unit: "day" | "week" | "month"; weekStartsOn: number } | { kind: "session" } | { kind: "lifetime" } | { kind: "cooldown"; ms: number };

const ruleKind: fc.Arbitrary<RuleKind> = fc.oneof(
  fc.integer({ min: 1, max: 3 * DAY }).map((ms) => ({ kind: "rolling" as const, ms })),
  fc.record({ kind: fc.constant("calendar" as const), unit: fc.constantFrom("day" as const, "week" as const, "month" as const), weekStartsOn: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ kind: "session" as const }),
  fc.constant({ kind: "lifetime" as const }),
  fc.integer({ min: 1, max: 2 * DAY }).map((ms) => ({ kind: "cooldown" as const, ms })),
);

function policyOf(rule: RuleKind, limit: number): CapPolicyInput {
  const scope = { all: true as const };
  switch (rule.kind) {
    case "cooldown":
      return { cooldowns: [{ id: "rule", scope, interval: rule.ms }] };
    case "rolling":
      return { caps: [{ id: "rule", scope, limit, window: { rolling: rule.ms } }] };
    case "calendar":
      return { caps: [{ id: "rule", scope, limit, window: { calendar: rule.unit, weekStartsOn: rule.weekStartsOn } }] };
    case "session":
      return { caps: [{ id: "rule", scope, limit, window: { session: true } }] };
    case "lifetime":
      return { caps: [{ id: "rule", scope, limit, window: { lifetime: true } }] };
  }
}

/** Whether the rule lets a send at `at` through, by its definition (docs/caps.md), written out here with a reference calendar. */
function referenceAllows(rule: RuleKind, limit: number, deliveries: readonly Delivery[], at: number, session: string, zone: string, timeZones: TimeZoneProvider): boolean {
  // Deliveries dated after `at` count too (a send reserved for later).
  switch (rule.kind) {
    case "cooldown":
      return !deliveries.some((delivery) => Math.abs(delivery.at - at) < rule.ms);
    case "rolling":
      return deliveries.filter((delivery) => delivery.at > at - rule.ms).length < limit;
    case "calendar": {
      const period = referencePeriodKey(rule.unit, rule.weekStartsOn, zone, at, timeZones);
      return deliveries.filter((delivery) => referencePeriodKey(rule.unit, rule.weekStartsOn, zone, delivery.at, timeZones) === period).length < limit;
    }
    case "session":
      return deliveries.filter((delivery) => delivery.session === session).length < limit;
    case "lifetime":
      return deliveries.length < limit;
  }
}

describe("caps are never exceeded anywhere in the Date range (property)", () => {
  const region = fc.constantFrom<Region>("end", "start", "middle");
  const scenario = fc.record({
    provider: fc.constantFrom(...PROVIDERS),
    zone: fc.constantFrom(...EXTREME_ZONES),
    region,
    rule: ruleKind,
    limit: fc.integer({ min: 1, max: 3 }),
    // Sends already in the history, and the checks, each some distance inside the region (any order: later sends count too).
    history: fc.array(fc.tuple(distance(40), fc.constantFrom("s1", "s2")), { maxLength: 6 }),
    checks: fc.array(fc.tuple(distance(40), fc.constantFrom("s1", "s2")), { minLength: 1, maxLength: 12 }),
  });

  it("for rolling, calendar day / week / month, session and lifetime windows and cooldowns, near both ends and in the middle, in zones from −12:00 to +14:00, with both providers: a send is allowed exactly when the rule has room", () => {
    fc.assert(
      fc.property(scenario, ({ provider: [, timeZones], zone, region: where, rule, limit, history, checks }) => {
        const policy = compileCapPolicy(policyOf(rule, limit));
        let deliveries: Delivery[] = history.map(([by, session]) => ({ at: instantIn(where, by), ...candidate, session }));
        for (const [by, session] of checks) {
          const at = instantIn(where, by);
          const decision = checkCaps(policy, { deliveries }, { ...candidate, session }, at, zone, { timeZones });
          const allowed = referenceAllows(rule, limit, deliveries, at, session, zone, timeZones);
          expect(decision.allowed, `${rule.kind} at ${at} in ${zone}`).toBe(allowed);
          if (!decision.allowed && decision.retryAt !== null) {
            // A retry inside the range, when the rule passes again.
            expect(decision.retryAt > at && decision.retryAt <= MAX_EPOCH_MS).toBe(true);
            expect(checkCaps(policy, { deliveries }, { ...candidate, session }, decision.retryAt, zone, { timeZones }).allowed).toBe(true);
          }
          if (decision.allowed) deliveries = [...deliveries, { at, ...candidate, session }];
        }
      }),
      { seed: SEED, numRuns: 1_500 },
    );
  });
});

describe("the engine near the ends of the Date range (property)", () => {
  const config = {
    caps: {
      caps: [{ id: "2-a-week", scope: { channel: "push" }, limit: 2, window: { calendar: "week" } }],
      quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "07:00" }],
    },
    campaigns: [
      { id: "weekday-evenings", category: "promotional", channels: ["push"], trigger: { event: "tap" }, schedule: { days: ["mon", "tue", "wed", "thu", "fri"], hours: { from: "18:00", to: "23:30" } }, content: { push: { title: "evening" } } },
      { id: "monthly", category: "promotional", channels: ["push"], trigger: { event: "tap" }, caps: [{ limit: 1, window: { calendar: "month" } }], content: { push: { title: "monthly" } } },
      { id: "local-hour", category: "promotional", channels: ["push"], trigger: { event: "tap", where: { "<": [{ local_hour: [{ var: "user.timeZone" }] }, 12] }, delay: "10m" }, content: { push: { title: "morning" } } },
    ],
  } as EngineConfigInput;
  const inRange = (at: number | null | undefined): boolean => at === null || at === undefined || (Number.isInteger(at) && Math.abs(at) <= MAX_EPOCH_MS);

  it("schedules, quiet hours, calendar caps, local_hour and delays: no call throws, every instant returned is one a Date can hold, and no cap is exceeded", () => {
    const engines = PROVIDERS.map(([, timeZones]) => [createEngine(config, { timeZones }), timeZones] as const);
    fc.assert(
      fc.property(fc.constantFrom(...engines), fc.constantFrom(...EXTREME_ZONES), fc.constantFrom<Region>("end", "start", "middle"), fc.array(distance(20), { minLength: 1, maxLength: 8 }), ([engine, timeZones], zone, where, distances) => {
        const user = { id: "u", timeZone: zone, consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] } } };
        let history: EngineHistory = {};
        for (const now of distances.map((by) => instantIn(where, by)).sort((a, b) => a - b)) {
          const result = engine.decide({ event: { name: "tap" }, user, history, now });
          for (const decision of result.decisions) expect(inRange(decision.sendAt)).toBe(true);
          for (const suppression of result.suppressed) expect(inRange(suppression.retryAt)).toBe(true);
          history = applyRecords(history, result.records);
          expect(inRange(engine.nextCheckAt(user, now, history))).toBe(true);
          const due = engine.due({ user, history, now });
          for (const decision of due.decisions) expect(inRange(decision.sendAt)).toBe(true);
          history = applyRecords(history, due.records);
          expect(() => engine.explain("weekday-evenings", { event: { name: "tap" }, user, history, now })).not.toThrow();
        }
        // 2 pushes a local week at most, counted by the reference calendar.
        const weeks = new Map<number, number>();
        for (const delivery of history.deliveries ?? []) {
          const week = referencePeriodKey("week", 1, zone, delivery.at, timeZones);
          weeks.set(week, (weeks.get(week) ?? 0) + 1);
        }
        for (const count of weeks.values()) expect(count).toBeLessThanOrEqual(2);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
