/** The replay's send-time evaluation: three policies against the users' next opens. */
import { describe, expect, it } from "vitest";
import { SendTimeEvaluator } from "../../src/replay/index.js";
import { pinnedTimeZones } from "../../src/time-zones/index.js";

const H = 3_600_000;
const D = 24 * H;

describe("SendTimeEvaluator", () => {
  it("scores the best time, a fixed hour and the population's hour on each send's next open", () => {
    const evaluation = new SendTimeEvaluator({ timeZones: pinnedTimeZones });
    // u1 opens at 19:xx in Paris; a send on Monday 09:00 Paris is followed by an open at 19:35.
    evaluation.addOpen("u1", Date.UTC(2026, 10, 2, 18, 40), "Europe/Paris");
    evaluation.addSend("u1", Date.UTC(2026, 10, 9, 8), "Europe/Paris");
    evaluation.addOpen("u1", Date.UTC(2026, 10, 9, 18, 35), "Europe/Paris");
    // u2 opened at 10:xx in New York; a send followed by no open within a day is not evaluated.
    evaluation.addOpen("u2", Date.UTC(2026, 10, 3, 15, 10), "America/New_York");
    evaluation.addSend("u2", Date.UTC(2026, 10, 9, 12), "America/New_York");
    evaluation.addOpen("u2", Date.UTC(2026, 10, 9, 12) + 2 * D, "America/New_York");
    const report = evaluation.report();
    expect(report).toMatchObject({ sends: 2, evaluated: 1, best: 1, fixedHour: { hour: 10, share: 0 }, withHistory: { evaluated: 1, best: 1, fixedHour: 0 } });
  });

  it("evaluates nothing without opens, and refuses a fixed hour that is not one", () => {
    const evaluation = new SendTimeEvaluator();
    evaluation.addSend("u1", Date.UTC(2026, 10, 9, 8), "Mars/Olympus");
    expect(evaluation.report()).toMatchObject({ sends: 1, evaluated: 0, best: 0, populationHour: 0, withHistory: { evaluated: 0 } });
    expect(() => new SendTimeEvaluator({ fixedHour: 24 })).toThrow(RangeError);
  });
});

describe("SendTimeEvaluator: nothing after a send chooses its time", () => {
  it("builds the population's hours from the opens before each send only", () => {
    const evaluation = new SendTimeEvaluator({ timeZones: pinnedTimeZones });
    // Three users, each sent at 08:00Z and opening at 19:xxZ, none with an earlier open: nothing to learn from yet.
    for (const [index, user] of ["a", "b", "c"].entries()) {
      evaluation.addSend(user, Date.UTC(2026, 10, 9, 8), "UTC");
      evaluation.addOpen(user, Date.UTC(2026, 10, 9, 19, 10 + index), "UTC");
    }
    expect(evaluation.report()).toMatchObject({ evaluated: 3, best: 0, populationHour: 0 });
  });
});
