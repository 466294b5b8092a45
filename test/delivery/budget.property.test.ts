/**
 * Budgets under hostile text: emoji with skin tones, ZWJ families, flags, CJK, combining marks,
 * Devanagari clusters, quotes and backslashes that JSON escapes. 10,000 cases across the three
 * providers: never over budget, always well-formed UTF-8 that parses back, every cut on a grapheme
 * boundary and as long as the budget allows.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fitToBudget, graphemes, PayloadTooLargeError, toApns, toFcm, toWebPush, utf8Length, type PayloadSize } from "../../src/delivery/index.js";

const PIECES = ["a", "Z", " ", "é", "e\u0301", "ñ", "漢", "字", "한", "👍", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷", "क्षि", "\"", "\\", "\n", "\u200d", "…"];
const hostile = (maxLength: number) => fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength, size: "max" }).map((parts) => parts.join(""));

const content = fc.record({ title: hostile(12), subtitle: hostile(150), body: hostile(400), note: hostile(150), extra: hostile(40) });
const provider = fc.constantFrom("fcm", "apns", "web-push");

function build(kind: string, fields: Record<string, string>, budget: number): { serialized: string; parsed: unknown; size: PayloadSize; texts: Record<string, string | undefined> } {
  const options = { budget, truncatableData: ["note"] };
  if (kind === "fcm") {
    const fcm = toFcm({ content: fields }, { token: "t" }, options);
    const { token: _token, ...rest } = fcm.message;
    const serialized = JSON.stringify(rest);
    const message = fcm.message as { notification: { body?: string }; data?: Record<string, string>; apns?: { payload?: { aps?: { alert?: { subtitle?: string } } } } };
    return { serialized, parsed: rest, size: fcm.size, texts: { body: message.notification.body, subtitle: message.apns?.payload?.aps?.alert?.subtitle, "data.note": message.data?.["note"] } };
  }
  if (kind === "apns") {
    const request = toApns({ content: fields }, { topic: "com.shop.app" }, options);
    const payload = request.payload as { aps: { alert: { body?: string; subtitle?: string } }; note?: string };
    return { serialized: request.body, parsed: request.payload, size: request.size, texts: { body: payload.aps.alert.body, subtitle: payload.aps.alert.subtitle, "data.note": payload.note } };
  }
  const push = toWebPush({ content: fields }, options);
  const options_ = push.options as { body?: string; data?: { note?: string } };
  return { serialized: push.payload, parsed: { title: push.title, options: push.options }, size: push.size, texts: { body: options_.body, "data.note": options_.data?.note } };
}

describe("payload budgets under hostile text", () => {
  it("never goes over, stays well-formed UTF-8 that parses back, and cuts only whole graphemes", () => {
    fc.assert(
      // The budget as a share of the message's full size (so that most cases cut something), within 60 … 4,096 bytes.
      fc.property(provider, content, fc.double({ min: 0.05, max: 1.1, noNaN: true }), (kind, { extra, ...fields }, share) => {
        const all = { ...fields, extra };
        const full = build(kind, all, 1_000_000).size.bytes;
        const budget = Math.min(4_096, Math.max(60, Math.round(full * share)));
        let built;
        try {
          built = build(kind, all, budget);
        } catch (error) {
          // Only when what may not be cut is over the budget by itself.
          expect(error).toBeInstanceOf(PayloadTooLargeError);
          expect((error as PayloadTooLargeError).bytes).toBeGreaterThan(budget);
          return;
        }
        const { serialized, parsed, size, texts } = built;
        expect(size.bytes).toBeLessThanOrEqual(budget);
        expect(size.bytes).toBe(Buffer.byteLength(serialized, "utf8"));
        expect(size.bytes).toBe(utf8Length(serialized));
        // Well-formed: UTF-8 round-trips it (a lone surrogate would come back as U+FFFD).
        expect(Buffer.from(serialized, "utf8").toString("utf8")).toBe(serialized);
        expect(JSON.parse(serialized)).toEqual(parsed);
        for (const name of size.truncated) {
          const original = name === "data.note" ? all.note : all[name as "body" | "subtitle"];
          const cut = texts[name] as string;
          expect(cut.endsWith("…")).toBe(true);
          const kept = cut.slice(0, -1);
          const whole = graphemes(original);
          const count = graphemes(kept).length;
          expect(whole.slice(0, count).join("")).toBe(kept);
        }
        for (const name of size.dropped) expect(texts[name]).toBeUndefined();
      }),
      { numRuns: Number(process.env["DELIVERY_PROPERTY_RUNS"] ?? 10_000) },
    );
  });

  it("keeps the longest prefix that fits: one more grapheme would go over", () => {
    fc.assert(
      fc.property(hostile(300), fc.integer({ min: 20, max: 800 }), (text, budget) => {
        const payload = (texts: ReadonlyMap<string, string | null>) => ({ title: "T", body: texts.get("body") ?? undefined });
        const fitted = fitToBudget(payload, JSON.stringify, new Map([["body", text]]), ["body"], budget);
        if (fitted === null) return;
        if (!fitted.size.truncated.includes("body")) return;
        const kept = graphemes((fitted.texts.get("body") as string).slice(0, -1));
        const longer = graphemes(text).slice(0, kept.length + 1).join("") + "…";
        expect(utf8Length(JSON.stringify(payload(new Map([["body", longer]]))))).toBeGreaterThan(budget);
      }),
      { numRuns: 2_000 },
    );
  });
});
