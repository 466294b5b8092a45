import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileCapPolicy, isQuiet, quietEnd } from "../../src/caps/index.js";

const SEED = 20261202;
const MINUTE = 60_000;
// 2026's DST changes (both directions) in zones with 60- and 30-minute shifts.
const CHANGES: readonly [string, string][] = [
  ["America/New_York", "2026-03-08T07:00:00Z"],
  ["America/New_York", "2026-11-01T06:00:00Z"],
  ["Europe/Paris", "2026-03-29T01:00:00Z"],
  ["Europe/Paris", "2026-10-25T01:00:00Z"],
  ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
  ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
];
const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

describe("quiet hours across DST changes", () => {
  it("quietEnd is the first instant out of the quiet period: every minute before it is quiet", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHANGES),
        fc.tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 0, max: 95 })).filter(([from, to]) => from !== to),
        fc.integer({ min: -6 * 60, max: 6 * 60 }),
        fc.integer({ min: -1, max: 59_999 }),
        ([zone, change], [from, to], offsetMinutes, extraMs) => {
          const policy = compileCapPolicy({ quietHours: [{ id: "q", channels: ["push"], from: clock(from * 15), to: clock(to * 15) }] });
          const quiet = policy.quietHours[0]!;
          const at = Date.parse(change) + offsetMinutes * MINUTE + extraMs;
          const end = quietEnd(quiet, at, zone);
          expect(isQuiet(quiet, end, zone)).toBe(false);
          if (end === at) return;
          expect(isQuiet(quiet, end - 1, zone)).toBe(true);
          for (let t = at; t < end; t += MINUTE) expect(isQuiet(quiet, t, zone), new Date(t).toISOString()).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});
