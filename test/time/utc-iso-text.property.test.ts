import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoInstant } from "../../src/time/instant.js";
import { utcIsoText } from "../../src/time/utc-iso-text.js";

const MAX = 8.64e15;

describe("utcIsoText: Date#toISOString without a Date", () => {
  it("property: equal to Date#toISOString for every instant in the Date range, fractions and negatives included", () => {
    const instant = fc.oneof(fc.integer({ min: -MAX, max: MAX }), fc.double({ min: -MAX, max: MAX, noNaN: true }), fc.integer({ min: -1e13, max: 1e13 }), fc.integer({ min: 253_402_300_700_000, max: 253_402_300_900_000 }));
    fc.assert(
      fc.property(instant, (ms) => {
        expect(utcIsoText(ms)).toBe(new Date(ms).toISOString());
      }),
      { seed: 20261207, numRuns: 20_000 },
    );
  });

  it("the edges: the range's ends, year 0, years past 9999 and before 0, -0, leap days", () => {
    const edges = [0, -0, -1, 1, MAX, -MAX, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000, -62_167_219_200_001, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 1, 28), Date.UTC(2000, 1, 29), -1.5, 1.999];
    for (const ms of edges) expect(utcIsoText(ms)).toBe(new Date(ms).toISOString());
    expect(utcIsoText(MAX)).toBe("+275760-09-13T00:00:00.000Z");
    expect(isoInstant(-MAX)).toBe("-271821-04-20T00:00:00.000Z");
  });
});
