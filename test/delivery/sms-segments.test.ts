/** SMS parts as carriers count them: GSM-7 with its extension table, UCS-2 with surrogate pairs kept whole. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smsSegments } from "../../src/delivery/index.js";

describe("smsSegments", () => {
  it("counts GSM-7 septets (extension characters take two) and UCS-2 code units, in one part or in several", () => {
    expect(smsSegments("Your code is 1234")).toEqual({ encoding: "GSM-7", units: 17, segments: 1, perSegment: 160 });
    expect(smsSegments("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", units: 161, segments: 2, perSegment: 153 });
    expect(smsSegments("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments("€".repeat(81))).toEqual({ encoding: "GSM-7", units: 162, segments: 2, perSegment: 153 });
    expect(smsSegments("Prêt ? 👍")).toEqual({ encoding: "UCS-2", units: 9, segments: 1, perSegment: 70 });
    expect(smsSegments("é".repeat(70))).toMatchObject({ encoding: "GSM-7" });
    expect(smsSegments("ê".repeat(71))).toEqual({ encoding: "UCS-2", units: 71, segments: 2, perSegment: 67 });
    expect(smsSegments("")).toEqual({ encoding: "GSM-7", units: 0, segments: 0, perSegment: 160 });
  });

  it("never splits an escape or a surrogate pair across parts: a 2-unit character at a boundary starts the next part", () => {
    // 152 septets, then "€" (2): 154 > 153, so the euro sign opens part 2.
    expect(smsSegments(`${"a".repeat(152)}€${"a".repeat(10)}`)).toMatchObject({ units: 164, segments: 2 });
    expect(smsSegments(`${"a".repeat(152)}€${"a".repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
    // 66 units, then an emoji (2): it goes whole to part 2.
    expect(smsSegments(`${"ê".repeat(66)}👍${"ê".repeat(66)}`)).toMatchObject({ encoding: "UCS-2", units: 134, segments: 3 });
  });

  it("takes at least ceil(units / perSegment) parts, and one more at most per boundary a character pushes over", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "€", "ê", "👍", "{", " "), maxLength: 600 }), (text) => {
        const { units, segments, perSegment } = smsSegments(text);
        expect(segments).toBeGreaterThanOrEqual(Math.ceil(units / perSegment));
        expect(segments).toBeLessThanOrEqual(Math.ceil(units / (perSegment - 1)) + 1);
      }),
    );
  });
});
