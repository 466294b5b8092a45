import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarPeriod, checkCaps, compactHistory, compileCapPolicy, isQuiet, recordDelivery, type CapPolicyInput, type CapScope, type Delivery, type DeliveryHistory } from "../../src/caps/index.js";

const SEED = 20261123;
const H = 3_600_000;
const START = Date.parse("2026-01-01T00:00:00Z");
const YEAR = 365 * 24 * H;
const ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"];
const CHANNELS = ["push", "email", "in_app"];
const CAMPAIGNS = ["a", "b"];

const scope = fc.oneof(
  fc.constant({ all: true as const }),
  fc.constantFrom(...CHANNELS).map((channel) => ({ channel })),
  fc.constantFrom(...CAMPAIGNS).map((campaign) => ({ campaign })),
  fc.constant({ channels: ["push", "in_app"] as string[] }),
);
const window = fc.oneof(
  fc.integer({ min: 1, max: 72 }).map((hours) => ({ rolling: hours * H + 1234 })),
  fc.constantFrom("day", "week", "month").map((calendar) => ({ calendar: calendar as "day" | "week" | "month" })),
);
const policy: fc.Arbitrary<CapPolicyInput> = fc
  .record({
    caps: fc.array(fc.record({ id: fc.constantFrom("c1", "c2", "c3"), scope, limit: fc.integer({ min: 1, max: 4 }), window }), { minLength: 1, maxLength: 3 }),
    cooldowns: fc.array(fc.record({ id: fc.constant("cool"), scope, interval: fc.integer({ min: 1, max: 6 * H }) }), { maxLength: 1 }),
  })
  .map((input) => input as CapPolicyInput);
const candidate = fc.record({ channel: fc.constantFrom(...CHANNELS), campaign: fc.constantFrom(...CAMPAIGNS) });
const zone = fc.constantFrom(...ZONES);

/** The reference: deliveries in a scope, written out independently of src/caps. */
function matching(deliveries: readonly Delivery[], s: CapScope): Delivery[] {
  return deliveries.filter((d) => ("all" in s ? true : "channel" in s ? d.channel === s.channel : "campaign" in s ? d.campaign === s.campaign : "channels" in s ? s.channels.includes(d.channel) : false));
}

describe("caps properties (fast-check)", () => {
  it("sending only when allowed never exceeds any cap in any window, nor breaks a cooldown", () => {
    fc.assert(
      fc.property(policy, zone, fc.array(fc.tuple(fc.integer({ min: 0, max: 6 * H }), candidate), { minLength: 1, maxLength: 60 }), (input, tz, attempts) => {
        let history: DeliveryHistory = { deliveries: [] };
        let at = START;
        for (const [gap, message] of attempts) {
          at += gap;
          if (checkCaps(input, history, message, at, tz).allowed) history = recordDelivery(history, { at, ...message });
        }
        const compiled = compileCapPolicy(input);
        for (const cap of input.caps ?? []) {
          const mine = matching(history.deliveries, cap.scope);
          const rule = compiled.caps.find((c) => c.id === cap.id && c.limit === cap.limit)!;
          for (const end of mine) {
            const inWindow =
              rule.window.kind === "rolling"
                ? mine.filter((d) => d.at <= end.at && d.at > end.at - (rule.window as { milliseconds: number }).milliseconds)
                : mine.filter((d) => {
                    const period = calendarPeriod(end.at, (rule.window as { unit: "day" }).unit, 1, tz);
                    return d.at >= period.start && d.at <= end.at;
                  });
            expect(inWindow.length).toBeLessThanOrEqual(cap.limit);
          }
        }
        for (const cooldown of input.cooldowns ?? []) {
          const mine = matching(history.deliveries, cooldown.scope);
          for (let i = 1; i < mine.length; i++) expect(mine[i]!.at - mine[i - 1]!.at).toBeGreaterThanOrEqual(cooldown.interval as number);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("retryAt is tight: allowed at retryAt, refused 1 ms before", () => {
    fc.assert(
      fc.property(policy, zone, fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * H }), candidate), { minLength: 1, maxLength: 30 }), candidate, (input, tz, sends, message) => {
        let at = START;
        const deliveries = sends.map(([gap, sent]) => ({ at: (at += gap), ...sent }));
        const history = { deliveries };
        const decision = checkCaps(input, history, message, at, tz);
        if (decision.allowed || decision.retryAt === null) return;
        expect(checkCaps(input, history, message, decision.retryAt, tz).allowed).toBe(true);
        expect(checkCaps(input, history, message, decision.retryAt - 1, tz).allowed).toBe(false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("quiet hours are never violated across DST changes, and end exactly at retryAt", () => {
    const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    fc.assert(
      fc.property(zone, clock, clock, fc.integer({ min: 0, max: YEAR }), (tz, from, to, offset) => {
        fc.pre(from !== to);
        const input = { quietHours: [{ id: "q", channels: ["push"], from, to }] };
        const quiet = compileCapPolicy(input).quietHours[0]!;
        const now = START + offset;
        const decision = checkCaps(input, { deliveries: [] }, { channel: "push", campaign: "a" }, now, tz);
        expect(decision.allowed).toBe(!isQuiet(quiet, now, tz));
        if (decision.allowed || decision.retryAt === null) return;
        expect(isQuiet(quiet, decision.retryAt, tz)).toBe(false);
        expect(isQuiet(quiet, decision.retryAt - 1, tz)).toBe(true);
        for (let probe = now; probe < decision.retryAt; probe += 7 * 60_000) expect(isQuiet(quiet, probe, tz)).toBe(true);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("compaction never changes a decision at now or later", () => {
    fc.assert(
      fc.property(
        policy,
        zone,
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 12 * H }), fc.integer({ min: 0, max: 60_000 })), candidate, fc.boolean()), { maxLength: 40 }),
        // Probes right at now and just after it (where a wrongly dropped entry would still matter), and later.
        fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 6 * H }), fc.integer({ min: 0, max: 5 * 24 * H })), candidate), {
          minLength: 1,
          maxLength: 12,
        }),
        (input, tz, sends, probes) => {
          let at = START;
          const history = { deliveries: sends.map(([gap, sent, counts]) => ({ at: (at += gap), ...sent, ...(counts ? {} : { counts: false }) })) };
          const now = at + 1;
          const compacted = compactHistory(history, input, now, tz);
          expect(compacted.deliveries.length).toBeLessThanOrEqual(history.deliveries.length);
          for (const [later, message] of probes) {
            expect(checkCaps(input, compacted, message, now + later, tz)).toEqual(checkCaps(input, history, message, now + later, tz));
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("a history's first check (scanned) and later checks (indexed) decide the same", () => {
    fc.assert(
      fc.property(
        policy,
        zone,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 * H }), candidate, fc.boolean()), { maxLength: 40 }),
        candidate,
        fc.integer({ min: -24 * H, max: 24 * H }),
        (input, tz, sends, message, offset) => {
          let at = START;
          const deliveries = sends.map(([gap, sent, counts]) => ({ at: (at += gap), ...sent, ...(counts ? {} : { counts: false }) }));
          const now = at + offset;
          const first = checkCaps(input, { deliveries: [...deliveries] }, message, now, tz);
          const history = { deliveries };
          checkCaps(input, history, message, now, tz); // first sight: scanned
          expect(checkCaps(input, history, message, now, tz)).toEqual(first); // indexed
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
