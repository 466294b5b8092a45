/** Campaigns sent at the user's best time: deferred to it, explained, then caps and quiet hours from there. */
import { describe, expect, it } from "vitest";
import { ConfigError, createEngine, loadEngine, prepareConfig, type EngineConfigInput } from "../../src/index.js";
import { pinnedTimeZones } from "../../src/time-zones/index.js";
import { reachableUser } from "../support/engine-fixtures.js";

const H = 3_600_000;
const D = 24 * H;
const MONDAY = Date.UTC(2026, 10, 30, 8); // 09:00 in Paris
const config = (sendTime: unknown, fields: Record<string, unknown> = {}, top: Record<string, unknown> = {}): EngineConfigInput =>
  ({
    ...top,
    campaigns: [{ id: "digest", category: "promotional", channels: ["push", "email"], trigger: { event: "visited" }, content: { push: { title: "New this week" }, email: { subject: "New this week", text: "Hi" } }, sendTime, ...fields }],
  }) as EngineConfigInput;
// Opened on the four previous Mondays at 19:30 in Paris.
const engagement = [1, 2, 3, 4].map((week) => ({ at: MONDAY - 7 * week * D + 10.5 * H, kind: "opened" as const, campaign: "digest", channel: "push" }));
const user = reachableUser({ id: "user-7", session: { active: false } });

describe("sendTime: best", () => {
  const engine = createEngine(config({ best: { within: "24h", epsilon: 0 } }), { timeZones: pinnedTimeZones });

  it("defers the decision to the user's best hour, and says so", () => {
    const result = engine.decide({ event: { name: "visited" }, user, history: { engagement }, now: MONDAY });
    expect(result.decisions).toHaveLength(1);
    const [decision] = result.decisions;
    expect(decision).toMatchObject({ channel: "push", deferred: true });
    expect(new Date(decision!.sendAt).toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit" })).toBe("19");
    expect(result.records).toContainEqual({ type: "delivery", delivery: expect.objectContaining({ at: decision!.sendAt, channel: "push" }) });
    const explained = engine.explain("digest", { event: { name: "visited" }, user, history: { engagement }, now: MONDAY });
    expect(explained.steps.find((step) => step.step === "caps")?.detail).toMatch(/^push deferred to 2026-11-30T18:\d\dZ?.*: its best send time, .*the hour of week the user opens and clicks in most/);
  });

  it("sends a user without history at the window's start, and never drops anyone", () => {
    const result = engine.decide({ event: { name: "visited" }, user, now: MONDAY });
    expect(result.decisions).toEqual([expect.objectContaining({ channel: "push", sendAt: MONDAY, deferred: false })]);
  });

  it("lets quiet hours move the best time to the next allowed instant", () => {
    const quiet = createEngine(config({ best: { within: "24h", epsilon: 0 } }, {}, { caps: { quietHours: [{ id: "night", channels: ["push", "email"], from: "22:00", to: "08:00" }] } }), { timeZones: pinnedTimeZones });
    const late = [1, 2, 3].map((week) => ({ at: MONDAY - 7 * week * D + 14.5 * H, kind: "clicked" as const, campaign: "digest", channel: "push" })); // 23:30 in Paris
    const [decision] = quiet.decide({ event: { name: "visited" }, user, history: { engagement: late }, now: MONDAY }).decisions;
    // Quiet at night: the 23:xx best time goes to the next morning, 08:00.
    expect(decision!.sendAt).toBeGreaterThan(MONDAY + 14 * H);
    expect(new Date(decision!.sendAt).toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" })).toBe("08:00");
  });

  it("runs the same from a prepared config, and refuses a window out of range or an in-app campaign", () => {
    const loaded = loadEngine(JSON.parse(JSON.stringify(prepareConfig(config({ best: { within: "24h", epsilon: 0 } }), { timeZones: pinnedTimeZones }))), { timeZones: pinnedTimeZones });
    const input = { event: { name: "visited" }, user, history: { engagement }, now: MONDAY };
    expect(loaded.decide(input)).toEqual(engine.decide(input));
    expect(() => createEngine(config({ best: { within: "8d" } }))).toThrow(/must be from 1 hour to 7 days, such as "24h" at \/campaigns\/0\/sendTime\/best\/within/);
    expect(() => createEngine(config({ best: {} }, { channels: ["in_app"], format: "banner", content: { in_app: { title: "x" } } }))).toThrow(ConfigError);
  });
});

describe("sendTime: best, per channel and with Thompson sampling", () => {
  // Push read at 19:30, email at 08:30 (Paris), on the four previous Mondays.
  const mixed = [1, 2, 3, 4].flatMap((week) => [
    { at: MONDAY - 7 * week * D + 10.5 * H, kind: "opened" as const, campaign: "digest", channel: "push" },
    { at: MONDAY - 7 * week * D - 0.5 * H, kind: "opened" as const, campaign: "digest", channel: "email" },
  ]);
  const parisHour = (at: number) => new Date(at).toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit" });

  it("reads the engagement of the channel the message goes on", () => {
    const engine = createEngine(config({ best: { within: "24h", epsilon: 0 } }), { timeZones: pinnedTimeZones });
    const [push] = engine.decide({ event: { name: "visited" }, user, history: { engagement: mixed }, now: MONDAY }).decisions;
    expect(push).toMatchObject({ channel: "push" });
    expect(parisHour(push!.sendAt)).toBe("19");
    const emailOnly = reachableUser({ id: "user-7", session: { active: false }, consents: { email: { optedIn: true, verified: true } } });
    const [email] = engine.decide({ event: { name: "visited" }, user: emailOnly, history: { engagement: mixed }, now: MONDAY }).decisions;
    expect(email).toMatchObject({ channel: "email" });
    expect(parisHour(email!.sendAt)).toBe("08");
  });

  it("draws hours by Thompson sampling when the campaign asks, the same from a prepared config", () => {
    const thompson = config({ best: { within: "24h", exploration: "thompson" } });
    const engine = createEngine(thompson, { timeZones: pinnedTimeZones });
    const loaded = loadEngine(prepareConfig(thompson), { timeZones: pinnedTimeZones });
    const users = Array.from({ length: 30 }, (_, index) => reachableUser({ id: `user-${index}`, session: { active: false } }));
    const sendAts = users.map((each) => engine.decide({ event: { name: "visited" }, user: each, history: { engagement }, now: MONDAY }).decisions[0]!.sendAt);
    expect(users.map((each) => loaded.decide({ event: { name: "visited" }, user: each, history: { engagement }, now: MONDAY }).decisions[0]!.sendAt)).toEqual(sendAts);
    // Four Monday evenings: most users at 19:xx, and some tried elsewhere.
    const evenings = sendAts.filter((at) => parisHour(at) === "19").length;
    expect(evenings).toBeGreaterThan(15);
    expect(() => createEngine(config({ best: { exploration: "greedy" } }))).toThrow(ConfigError);
    // "best" alone: the best time within 24 hours, with the defaults.
    const shorthand = createEngine(config("best"), { timeZones: pinnedTimeZones });
    const full = createEngine(config({ best: { within: "24h" } }), { timeZones: pinnedTimeZones });
    expect(shorthand.decide({ event: { name: "visited" }, user, history: { engagement }, now: MONDAY })).toEqual(full.decide({ event: { name: "visited" }, user, history: { engagement }, now: MONDAY }));
  });
});

describe("sendTime: best, within the campaign's schedule", () => {
  it("never defers past the schedule's end or outside its hours", () => {
    const evening = [1, 2, 3, 4].map((week) => ({ at: MONDAY - 7 * week * D + 10.5 * H, kind: "opened" as const, campaign: "digest", channel: "push" }));
    const hours = createEngine(config({ best: { within: "24h", epsilon: 0 } }, { schedule: { hours: { from: "09:00", to: "17:00" } } }), { timeZones: pinnedTimeZones });
    const [inHours] = hours.decide({ event: { name: "visited" }, user, history: { engagement: evening }, now: MONDAY }).decisions;
    const local = new Date(inHours!.sendAt).toLocaleTimeString("en-GB", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });
    expect(local >= "09:00" && local < "17:00").toBe(true);
    const ending = createEngine(config({ best: { within: "24h", epsilon: 0 } }, { schedule: { end: "2026-11-30T12:00:00Z" } }), { timeZones: pinnedTimeZones });
    const [beforeEnd] = ending.decide({ event: { name: "visited" }, user, history: { engagement: evening }, now: MONDAY }).decisions;
    expect(beforeEnd!.sendAt).toBeLessThan(Date.parse("2026-11-30T12:00:00Z"));
  });
});
