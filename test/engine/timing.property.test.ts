import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, type EngineHistory } from "../../src/index.js";
import { foldEvents } from "../../src/segments/index.js";
import { compileSchedule } from "../../src/engine/compile/compile-schedule.js";
import { linkSchedule } from "../../src/engine/model/engine-model.js";
import { scheduleStep } from "../../src/engine/steps/schedule-step.js";
import { WEEKDAYS } from "../../src/schema/index.js";
import { zoneClock } from "../../src/time-zones/zone-clock.js";
import { intlTimeZones, pinnedTimeZones } from "../../src/time-zones/index.js";
import { historyArbitrary, userArbitrary } from "../support/engine-arbitraries.js";
import { DAY, exampleConfig, MINUTE, NOW } from "../support/engine-fixtures.js";

const SEED = 20261202;
const ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"];
const QUARTER = 15 * MINUTE;
const clock = (quarters: number) => `${String(Math.floor(quarters / 4)).padStart(2, "0")}:${String((quarters % 4) * 15).padStart(2, "0")}`;

describe("timing properties", () => {
  it("a schedule's retryAt is allowed, and no instant before it is (checked every 15 minutes, across DST changes)", () => {
    const scheduleArbitrary = fc.record(
      {
        days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
        hours: fc.tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 95 })).filter(([from, to]) => from !== to).map(([from, to]) => ({ from: clock(from), to: clock(to) })),
      },
      { requiredKeys: [] },
    );
    // Instants on the 15-minute grid, around the 2026 DST changes of both hemispheres.
    const nowArbitrary = fc.integer({ min: 0, max: 4 * 366 * 24 }).map((quarter) => Date.parse("2026-03-01T00:00:00Z") + quarter * QUARTER);
    fc.assert(
      fc.property(scheduleArbitrary, fc.constantFrom(...ZONES), nowArbitrary, fc.constantFrom(intlTimeZones, pinnedTimeZones), (schedule, zone, now, provider) => {
        const zones = zoneClock(provider);
        const compiled = linkSchedule(compileSchedule(schedule)!);
        const result = scheduleStep(compiled, now, zone, zones);
        if (result.pass) return;
        expect(typeof result.retryAt).toBe("number");
        const retryAt = result.retryAt as number;
        expect(retryAt).toBeGreaterThan(now);
        expect(scheduleStep(compiled, retryAt, zone, zones).pass).toBe(true);
        for (let at = now; at < retryAt; at += QUARTER) expect(scheduleStep(compiled, at, zone, zones).pass, new Date(at).toISOString()).toBe(false);
        expect(scheduleStep(compiled, retryAt - 1, zone, zones).pass).toBe(false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("nextCheckAt is never late: nothing becomes due before it (the user and history unchanged)", () => {
    // Without the scheduled terms update, which is due for most users after 20 November and would
    // make most runs trivial (nextCheckAt = now).
    const config = exampleConfig();
    const engine = createEngine({ ...config, campaigns: config.campaigns.filter((campaign) => campaign.id !== "terms-update") });
    const seen = { ahead: 0, never: 0 };
    const behaviourEvents = fc.array(
      fc.record({ name: fc.constantFrom("app_open", "purchase", "signup", "nps_submitted", "checkout_started"), time: fc.integer({ min: NOW - 40 * DAY, max: NOW }) }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(userArbitrary, behaviourEvents, historyArbitrary, fc.integer({ min: NOW - 20 * DAY, max: NOW + 10 * DAY }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (base, events, history, now, fractions) => {
        const user = { ...base, behaviour: foldEvents(null, events, config.behaviour!) };
        const next = engine.nextCheckAt(user, now, history as EngineHistory);
        if (next === now) return;
        if (next === null) seen.never++;
        else seen.ahead++;
        const horizon = next ?? now + 60 * DAY;
        // Random instants before the horizon, the last one before it, and the instants at which a delayed trigger comes due.
        const instants = [...fractions.map((fraction) => Math.floor(now + fraction * (horizon - now))), horizon - 1, ...(history.pending ?? []).map((pending) => pending.dueAt).filter((at) => Math.abs(at) <= 8.64e15)];
        for (const at of instants) {
          if (at < now || at >= horizon) continue;
          expect(engine.due({ user, history, now: at }).decisions, `due at ${new Date(at).toISOString()} before nextCheckAt ${next === null ? "null" : new Date(next).toISOString()}`).toEqual([]);
        }
        if (next !== null) expect(next).toBeGreaterThan(now);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The property said something: many runs had a check ahead, and some had none at all.
    expect(seen.ahead).toBeGreaterThan(50);
    expect(seen.never).toBeGreaterThan(5);
  });
});
