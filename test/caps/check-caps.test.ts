import { describe, expect, it } from "vitest";
import { CapPolicyError, calendarPeriod, checkCaps, compactHistory, compileCapPolicy, quietEnd, recordDelivery, type CapPolicyInput, type Delivery } from "../../src/caps/index.js";

const H = 3_600_000;
const D = 24 * H;
const T = Date.parse("2026-11-23T12:00:00Z"); // a Monday
const push = { channel: "push", campaign: "promo" };
const sent = (at: number, extra: Partial<Delivery> = {}): Delivery => ({ at, channel: "push", campaign: "promo", ...extra });

describe("checkCaps: caps", () => {
  it("a rolling cap refuses at the limit and says exactly when the oldest leaves the window", () => {
    const policy: CapPolicyInput = { caps: [{ id: "3-a-day", scope: { all: true }, limit: 3, window: { rolling: "24h" } }] };
    const history = { deliveries: [sent(T - 20 * H), sent(T - 5 * H), sent(T - H)] };
    expect(checkCaps(policy, history, push, T, "UTC")).toEqual({ allowed: false, rule: "3-a-day", reason: "cap", retryAt: T + 4 * H, action: "defer" });
    expect(checkCaps(policy, history, push, T + 4 * H, "UTC")).toEqual({ allowed: true });
    expect(checkCaps(policy, history, push, T + 4 * H - 1, "UTC").allowed).toBe(false);
    expect(checkCaps(policy, { deliveries: history.deliveries.slice(1) }, push, T, "UTC")).toEqual({ allowed: true });
  });

  it("a calendar day cap resets at the user's local midnight", () => {
    const policy: CapPolicyInput = { caps: [{ id: "2-per-day", scope: { channel: "push" }, limit: 2, window: { calendar: "day" } }] };
    const history = { deliveries: [sent(T - 2 * H), sent(T - H)] };
    const decision = checkCaps(policy, history, push, T, "America/New_York");
    expect(decision).toMatchObject({ allowed: false, rule: "2-per-day", retryAt: Date.parse("2026-11-24T05:00:00Z") });
    expect(checkCaps(policy, history, { ...push, channel: "email" }, T, "America/New_York")).toEqual({ allowed: true });
  });

  it("weeks start on Monday by default, or on weekStartsOn; months on the 1st, DST-correct", () => {
    expect(calendarPeriod(T, "week", 1, "Europe/Paris")).toEqual({ start: Date.parse("2026-11-22T23:00:00Z"), next: Date.parse("2026-11-29T23:00:00Z") });
    expect(calendarPeriod(T, "week", 0, "UTC").start).toBe(Date.parse("2026-11-22T00:00:00Z"));
    // March 2026 in Paris: 31 days, one of them 23 hours long.
    const march = calendarPeriod(Date.parse("2026-03-15T12:00:00Z"), "month", 1, "Europe/Paris");
    expect(march).toEqual({ start: Date.parse("2026-02-28T23:00:00Z"), next: Date.parse("2026-03-31T22:00:00Z") });
  });

  it("lifetime and session caps never come back (retryAt null); a session cap ignores other sessions", () => {
    const once: CapPolicyInput = { caps: [{ id: "show-once", scope: { campaign: "tour" }, limit: 1, window: { lifetime: true } }] };
    const tour = { channel: "in_app", campaign: "tour" };
    expect(checkCaps(once, { deliveries: [sent(T - 300 * D, tour)] }, tour, T, "UTC")).toMatchObject({ allowed: false, retryAt: null });
    const perSession: CapPolicyInput = { caps: [{ id: "1-per-session", scope: { channel: "in_app" }, limit: 1, window: { session: true } }] };
    const history = { deliveries: [sent(T - 60_000, { ...tour, session: "s1" })] };
    expect(checkCaps(perSession, history, { ...tour, session: "s1" }, T, "UTC")).toMatchObject({ allowed: false, retryAt: null });
    expect(checkCaps(perSession, history, { ...tour, session: "s2" }, T, "UTC")).toEqual({ allowed: true });
  });

  it("scopes: tags, placements, campaigns and a ledger shared by several channels", () => {
    const policy: CapPolicyInput = {
      caps: [
        { id: "promo-tag", scope: { tag: "promo" }, limit: 1, window: { rolling: "7d" } },
        { id: "banner-slot", scope: { placement: "home-banner" }, limit: 1, window: { rolling: "1h" } },
        { id: "pressure", scope: { channels: ["in_app", "push"] }, limit: 2, window: { calendar: "day" } },
      ],
    };
    const history = { deliveries: [sent(T - D, { tags: ["promo"] }), sent(T - 2 * H), sent(T - 10 * 60_000, { channel: "in_app", placement: "home-banner" })] };
    expect(checkCaps(policy, history, { channel: "email", campaign: "x", tags: ["promo"] }, T, "UTC")).toMatchObject({ rule: "promo-tag" });
    expect(checkCaps(policy, history, { channel: "in_app", campaign: "y", placement: "home-banner" }, T, "UTC")).toMatchObject({ rule: "banner-slot", retryAt: Date.parse("2026-11-24T00:00:00Z") }); // the shared in-app + push ledger is full until midnight too
    expect(checkCaps(policy, history, { channel: "push", campaign: "z" }, T, "UTC")).toMatchObject({ rule: "pressure" });
    expect(checkCaps(policy, history, { channel: "email", campaign: "z" }, T, "UTC")).toEqual({ allowed: true });
  });

  it("exemptions: ignoreCaps skips caps and cooldowns; counts: false deliveries are not counted", () => {
    const policy: CapPolicyInput = { caps: [{ id: "1-a-day", scope: { all: true }, limit: 1, window: { rolling: "24h" } }], cooldowns: [{ id: "gap", scope: { all: true }, interval: "1h" }] };
    const history = { deliveries: [sent(T - 60_000)] };
    expect(checkCaps(policy, history, { ...push, ignoreCaps: true }, T, "UTC")).toEqual({ allowed: true });
    expect(checkCaps(policy, { deliveries: [sent(T - 60_000, { counts: false })] }, push, T, "UTC")).toEqual({ allowed: true });
  });
});

describe("checkCaps: cooldowns and quiet hours", () => {
  it("a cooldown refuses until the interval after the last message in scope", () => {
    const policy: CapPolicyInput = { cooldowns: [{ id: "in-app-30s", scope: { channel: "in_app" }, interval: "30s" }] };
    const history = { deliveries: [sent(T - 10_000, { channel: "in_app" })] };
    expect(checkCaps(policy, history, { channel: "in_app", campaign: "c" }, T, "UTC")).toEqual({ allowed: false, rule: "in-app-30s", reason: "cooldown", retryAt: T + 20_000, action: "defer" });
  });

  it("quiet hours defer to the exact end in local time, or drop; in-app is exempt unless listed", () => {
    const policy: CapPolicyInput = { quietHours: [{ id: "night", channels: ["push", "sms"], from: "21:00", to: "08:00" }] };
    const late = Date.parse("2026-11-23T22:30:00+01:00");
    expect(checkCaps(policy, { deliveries: [] }, push, late, "Europe/Paris")).toEqual({
      allowed: false,
      rule: "night",
      reason: "quiet-hours",
      retryAt: Date.parse("2026-11-24T08:00:00+01:00"),
      action: "defer",
    });
    expect(checkCaps(policy, { deliveries: [] }, { channel: "in_app", campaign: "c" }, late, "Europe/Paris")).toEqual({ allowed: true });
    const drop: CapPolicyInput = { quietHours: [{ id: "night", channels: ["sms"], from: "21:00", to: "08:00", action: "drop" as const }] };
    expect(checkCaps(drop, { deliveries: [] }, { channel: "sms", campaign: "c" }, late, "Europe/Paris")).toMatchObject({ action: "drop" });
  });

  it("quiet hours across DST: the end is the first allowed instant even when the wall clock jumps", () => {
    const policy = compileCapPolicy({ quietHours: [{ id: "q", channels: ["push"], from: "01:00", to: "02:30" }] });
    const quiet = policy.quietHours[0]!;
    // Paris, 29 March 2026: 02:00 becomes 03:00, so 02:30 never happens; quiet ends at the jump.
    expect(quietEnd(quiet, Date.parse("2026-03-29T01:30:00+01:00"), "Europe/Paris")).toBe(Date.parse("2026-03-29T03:00:00+02:00"));
    // New York, 1 November 2026: 01:00–02:00 happens twice; quiet lasts until 02:30 EST.
    expect(quietEnd(quiet, Date.parse("2026-11-01T01:15:00-04:00"), "America/New_York")).toBe(Date.parse("2026-11-01T02:30:00-05:00"));
  });

  it("retryAt passes every rule at once: a cap that frees up during quiet hours waits for morning", () => {
    const policy: CapPolicyInput = {
      caps: [{ id: "1-per-12h", scope: { all: true }, limit: 1, window: { rolling: "12h" } }],
      quietHours: [{ id: "night", channels: ["push"], from: "22:00", to: "07:00" }],
    };
    const at = Date.parse("2026-11-23T18:00:00Z");
    const decision = checkCaps(policy, { deliveries: [sent(Date.parse("2026-11-23T11:00:00Z"))] }, push, at, "UTC");
    expect(decision).toMatchObject({ allowed: false, rule: "1-per-12h", retryAt: Date.parse("2026-11-24T07:00:00Z") });
  });
});

describe("policy, history and compaction", () => {
  it("invalid policies list every problem with its path", () => {
    try {
      compileCapPolicy({ caps: [{ id: "", scope: { planet: "mars" }, limit: 0, window: { rolling: "1 month" } }], quietHours: [{ id: "q", channels: ["push"], from: "9pm", to: "08:00" }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CapPolicyError);
      const paths = (error as CapPolicyError).problems.map((problem) => problem.path);
      expect(paths).toEqual(expect.arrayContaining(["/caps/0/id", "/caps/0/scope", "/caps/0/limit", "/caps/0/window/rolling", "/quietHours/0/from"]));
    }
    expect(() => checkCaps({}, { deliveries: [] }, push, T, "Mars/Olympus")).toThrow(TypeError);
  });

  it("recordDelivery keeps time order without changing its input; compactHistory drops what no rule sees", () => {
    const empty = { deliveries: [] as Delivery[] };
    const one = recordDelivery(empty, sent(T));
    const two = recordDelivery(one, sent(T - H));
    expect(empty.deliveries).toEqual([]);
    expect(two.deliveries.map((delivery) => delivery.at)).toEqual([T - H, T]);
    const policy: CapPolicyInput = { caps: [{ id: "day", scope: { all: true }, limit: 3, window: { rolling: "24h" } }] };
    const history = { deliveries: [sent(T - 30 * H), sent(T - 2 * H), sent(T - H, { counts: false })] };
    expect(compactHistory(history, policy, T, "UTC").deliveries).toEqual([sent(T - 2 * H)]);
  });

  it("compaction keeps what a cooldown still sees, to the millisecond", () => {
    const policy: CapPolicyInput = { cooldowns: [{ id: "gap", scope: { all: true }, interval: "1h" }] };
    const history = { deliveries: [sent(T - H), sent(T - H + 30_000)] };
    const compacted = compactHistory(history, policy, T, "UTC");
    expect(compacted.deliveries).toEqual([sent(T - H + 30_000)]);
    expect(checkCaps(policy, compacted, push, T, "UTC")).toEqual(checkCaps(policy, history, push, T, "UTC"));
    expect(checkCaps(policy, compacted, push, T, "UTC")).toMatchObject({ allowed: false, retryAt: T + 30_000 });
  });
});

describe("histories out of time order", () => {
  it("are read in time order: same decisions as the sorted history, and recordDelivery sorts", () => {
    const policy: CapPolicyInput = {
      caps: [{ id: "2-in-6h", scope: { all: true }, limit: 2, window: { rolling: "6h" } }],
      cooldowns: [{ id: "gap", scope: { channel: "push" }, interval: "1h" }],
    };
    const shuffled = { deliveries: [sent(T - H / 2), sent(T - 5 * H), sent(T - 20 * H), sent(T - 3 * H)] };
    const sorted = { deliveries: [...shuffled.deliveries].sort((a, b) => a.at - b.at) };
    for (const at of [T, T + H / 2, T + 2 * H, T + 3 * H]) expect(checkCaps(policy, shuffled, push, at, "UTC")).toEqual(checkCaps(policy, sorted, push, at, "UTC"));
    expect(recordDelivery(shuffled, sent(T - 4 * H)).deliveries.map((delivery) => (delivery.at - T) / H)).toEqual([-20, -5, -4, -3, -0.5]);
  });
});

describe("deliveries dated after now", () => {
  it("count toward caps and cooldowns (a send reserved by a decider whose clock is ahead)", () => {
    const policy: CapPolicyInput = {
      caps: [{ id: "2-a-day", scope: { all: true }, limit: 2, window: { calendar: "day" } }],
      cooldowns: [{ id: "gap", scope: { channel: "in_app" }, interval: "30s" }],
    };
    const ahead = { deliveries: [sent(T - H), sent(T + 5_000)] };
    expect(checkCaps(policy, ahead, push, T, "UTC")).toMatchObject({ allowed: false, rule: "2-a-day" });
    const soon = { deliveries: [sent(T + 10_000, { channel: "in_app" })] };
    expect(checkCaps(policy, soon, { channel: "in_app", campaign: "c" }, T, "UTC")).toMatchObject({ allowed: false, rule: "gap", retryAt: T + 40_000 });
  });
});


describe("a history array appended to in place", () => {
  it("is read again: an append between two checks counts", () => {
    const policy = { caps: [{ id: "one-a-day", scope: { all: true as const }, limit: 2, window: { rolling: "24h" } }] };
    const now = Date.parse("2026-11-23T12:00:00Z");
    const deliveries: { at: number; channel: string; campaign: string }[] = [{ at: now - 3_600_000, channel: "push", campaign: "a" }];
    const history = { deliveries };
    // Checked twice so the history is indexed, then appended to.
    expect(checkCaps(policy, history, { channel: "push", campaign: "b" }, now, "UTC").allowed).toBe(true);
    expect(checkCaps(policy, history, { channel: "push", campaign: "b" }, now, "UTC").allowed).toBe(true);
    deliveries.push({ at: now - 60_000, channel: "push", campaign: "b" });
    expect(checkCaps(policy, history, { channel: "push", campaign: "c" }, now, "UTC")).toMatchObject({ allowed: false, retryAt: now - 3_600_000 + 86_400_000 });
    deliveries.unshift({ at: now - 7_200_000, channel: "email", campaign: "z" });
    expect(checkCaps(policy, history, { channel: "push", campaign: "c" }, now, "UTC")).toMatchObject({ allowed: false, retryAt: now - 3_600_000 + 86_400_000 });
  });
});
