import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOutcome, ENGAGEMENT_HISTORY_LIMITS, type Engagement, type EngineHistory } from "../../src/index.js";
import { compileRule } from "../../src/rules/index.js";
import { isEngagementEntry } from "../../src/message-history/history-entries.js";
import type { MessageOutcomeEvent, TrackedEvent } from "../../src/metrics/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { DAY, HOUR, MINUTE, NOW } from "../support/engine-fixtures.js";

/* Issue 21: applyOutcome keeps what users did with their messages, bounded like cap histories. */

const history: EngineHistory = deepFreeze({
  deliveries: [
    { id: "d-1", at: NOW - 2 * DAY, channel: "email", campaign: "weekly", tags: ["marketing"] },
    { id: "d-2", at: NOW - DAY, channel: "push", campaign: "weekly", tags: ["marketing", "push"] },
    { at: NOW + HOUR, channel: "push", campaign: "weekly" }, // deferred: not sent yet
  ],
  exposures: [{ campaign: "x", experiment: "x", variant: "v", at: 0, control: false }],
});
const outcome = (fields: Partial<MessageOutcomeEvent>): MessageOutcomeEvent => ({ outcome: "open", id: "o-1", userId: "u-1", time: NOW, ...fields });

describe("applyOutcome: what an outcome records", () => {
  it("an open by a person, a click, and a conversion credited to a campaign", () => {
    expect(applyOutcome(history, outcome({ campaignId: "weekly" })).engagement).toEqual([{ at: NOW, kind: "opened", campaign: "weekly", channel: "push", tags: ["marketing", "push"], id: "o-1" }]);
    expect(applyOutcome(history, outcome({ outcome: "click", time: "2026-11-23T12:00:00Z", deliveryId: "d-1" })).engagement).toEqual([{ at: NOW, kind: "clicked", campaign: "weekly", channel: "email", tags: ["marketing"], id: "o-1" }]);
    const purchase: TrackedEvent = { name: "purchase", id: 7, userId: "u-1", time: NOW, revenue: 100, currency: "EUR", campaignId: "weekly" };
    expect(applyOutcome(history, purchase).engagement).toEqual([{ at: NOW, kind: "converted", campaign: "weekly", channel: "push", tags: ["marketing", "push"], id: 7 }]);
  });

  it("finds the message: by deliveryId, else the campaign's latest send at or before it, on its channel when given", () => {
    expect(applyOutcome(history, outcome({ campaignId: "weekly", channel: "email" })).engagement[0]).toMatchObject({ channel: "email", tags: ["marketing"] });
    expect(applyOutcome(history, outcome({ campaignId: "weekly", time: NOW - 36 * HOUR })).engagement[0]).toMatchObject({ channel: "email" });
    expect(applyOutcome(history, outcome({ campaignId: "weekly", time: NOW - 3 * DAY })).engagement[0]).toEqual({ at: NOW - 3 * DAY, kind: "opened", campaign: "weekly", id: "o-1" });
    expect(applyOutcome(history, outcome({ campaignId: "other" })).engagement[0]).toEqual({ at: NOW, kind: "opened", campaign: "other", id: "o-1" });
    expect(applyOutcome(history, outcome({ campaignId: "other", channel: "sms" })).engagement[0]).toEqual({ at: NOW, kind: "opened", campaign: "other", channel: "sms", id: "o-1" });
    // A deliveryId that names no delivery: the event's own campaign, nothing more.
    expect(applyOutcome(history, outcome({ campaignId: "weekly", deliveryId: "d-9" })).engagement[0]).toEqual({ at: NOW, kind: "opened", campaign: "weekly", id: "o-1" });
  });

  it("the JSDoc example says what it does", () => {
    const given = { deliveries: [{ at: Date.parse("2026-11-23T10:00:00Z"), channel: "push", campaign: "cart-push", tags: ["cart"] }] };
    expect(applyOutcome(given, { outcome: "click", id: "o-1", userId: "u-1", time: "2026-11-23T10:05:00Z", campaignId: "cart-push" }).engagement).toEqual([{ at: 1795428300000, kind: "clicked", campaign: "cart-push", channel: "push", tags: ["cart"], id: "o-1" }]);
    expect(applyOutcome(given, { outcome: "open", id: "o-2", userId: "u-1", time: "2026-11-23T10:05:00Z", campaignId: "cart-push", machine: true }).engagement).toEqual([]);
  });

  it("records nothing for other outcomes, machine opens, no campaign or no valid time", () => {
    for (const name of ["sent", "delivered", "bounced", "impression", "dismissed", "unsubscribed", "complaint"] as const) {
      expect(applyOutcome(history, outcome({ outcome: name, campaignId: "weekly" })).engagement).toEqual([]);
    }
    expect(applyOutcome(history, outcome({ campaignId: "weekly", machine: true })).engagement).toEqual([]);
    expect(applyOutcome(history, outcome({})).engagement).toEqual([]);
    expect(applyOutcome(history, { name: "purchase", userId: "u-1", time: NOW }).engagement).toEqual([]);
    for (const time of ["2026-11-23T12:00:00", "yesterday", 9e15, Number.NaN]) expect(applyOutcome(history, outcome({ campaignId: "weekly", time })).engagement).toEqual([]);
  });

  it("counts the same outcome once", () => {
    const once = applyOutcome(history, outcome({ campaignId: "weekly" }));
    const twice = applyOutcome(once, outcome({ campaignId: "weekly" }));
    expect(twice.engagement).toEqual(once.engagement);
    expect(applyOutcome(once, outcome({ outcome: "click", campaignId: "weekly" })).engagement.map((entry) => entry.kind)).toEqual(["opened", "clicked"]);
  });

  it("keeps the other lists, changes nothing it is given, and shares nothing with it", () => {
    const event = deepFreeze(outcome({ campaignId: "weekly" }));
    const next = applyOutcome(history, event);
    expect(next.deliveries).toBe(history.deliveries);
    expect(next.exposures).toBe(history.exposures);
    expect(next.pending).toEqual([]);
    expect(next.engagement[0]?.tags).not.toBe(history.deliveries![1]!.tags);
    expect(Object.isFrozen(next.engagement[0])).toBe(true);
  });

  it("refuses invalid options (arguments, not data)", () => {
    expect(() => applyOutcome(history, outcome({}), { retention: "731d" })).toThrow(RangeError);
    expect(() => applyOutcome(history, outcome({}), { retention: 0 })).toThrow(RangeError);
    expect(() => applyOutcome(history, outcome({}), { maxEntries: 0 })).toThrow(RangeError);
    expect(() => applyOutcome(history, outcome({}), { maxEntries: 1.5 })).toThrow(RangeError);
    expect(() => applyOutcome(history, outcome({}), { now: "soon" })).toThrow(TypeError);
  });

  it("never throws on any history or event (they are data), and keeps only valid entries", () => {
    const anything = fc.oneof(fc.jsonValue(), fc.constant(JSON.parse('{"__proto__": {"outcome": "open"}, "campaignId": "x", "time": 0}')));
    fc.assert(
      fc.property(anything, anything, (someHistory, someEvent) => {
        const next = applyOutcome(someHistory as EngineHistory, someEvent as MessageOutcomeEvent);
        for (const entry of next.engagement) expect(isEngagementEntry(entry)).toBe(true);
      }),
      { seed: 21, numRuns: 500 },
    );
    expect(applyOutcome(JSON.parse('{"__proto__": {"engagement": [{"at": 0, "kind": "opened", "campaign": "x"}]}}'), JSON.parse('{"__proto__": {"outcome": "open", "campaignId": "x", "time": 0}}')).engagement).toEqual([]);
  });
});

describe("applyOutcome: compaction", () => {
  const open = (at: number, campaign = "a"): Engagement => ({ at, kind: "opened", campaign });

  it("drops what is older than the retention before now, malformed entries, and the oldest beyond maxEntries", () => {
    const old = { engagement: [open(NOW - 800 * DAY), open(NOW - 700 * DAY), { at: "bad" } as unknown as Engagement, open(NOW - DAY)] };
    expect(applyOutcome(old, outcome({ campaignId: "a" })).engagement.map((entry) => entry.at)).toEqual([NOW - 700 * DAY, NOW - DAY, NOW]);
    expect(applyOutcome(old, outcome({ campaignId: "a" }), { retention: "30d" }).engagement.map((entry) => entry.at)).toEqual([NOW - DAY, NOW]);
    expect(applyOutcome(old, outcome({ campaignId: "a" }), { maxEntries: 2 }).engagement.map((entry) => entry.at)).toEqual([NOW - DAY, NOW]);
    // A late outcome is placed in time order; one older than the retention is not added.
    expect(applyOutcome(old, outcome({ campaignId: "a", time: NOW - 2 * DAY }), { now: NOW }).engagement.map((entry) => entry.at)).toEqual([NOW - 700 * DAY, NOW - 2 * DAY, NOW - DAY]);
    expect(applyOutcome(old, outcome({ campaignId: "a", time: NOW - 731 * DAY }), { now: NOW }).engagement.map((entry) => entry.at)).toEqual([NOW - 700 * DAY, NOW - DAY]);
    // An outcome that records nothing still compacts at its time.
    expect(applyOutcome(old, outcome({ outcome: "delivered" })).engagement.map((entry) => entry.at)).toEqual([NOW - 700 * DAY, NOW - DAY]);
    expect(ENGAGEMENT_HISTORY_LIMITS).toEqual({ retention: 730 * DAY, entries: 1_000, maxEntries: 100_000 });
  });

  it("returns the same list when nothing changes", () => {
    const kept = { engagement: [open(NOW - DAY)] };
    expect(applyOutcome(kept, outcome({ outcome: "sent" })).engagement).toBe(kept.engagement);
  });

  const kinds = ["opened", "clicked", "converted"] as const;
  const entryAt = (base: number) =>
    fc.record({ at: fc.oneof(fc.integer({ min: -800, max: 5 }), fc.constantFrom(-730, -90, -7, -1, 0)).map((days) => base + days * DAY), kind: fc.constantFrom(...kinds), campaign: fc.constantFrom("a", "b"), channel: fc.constantFrom("push", "email") }) as fc.Arbitrary<Engagement>;
  const event = fc.record({
    outcome: fc.constantFrom("open", "click", "sent"),
    time: fc.integer({ min: -2 * 24, max: 3 * 24 }).map((hours) => NOW + hours * HOUR),
    campaignId: fc.constantFrom("a", "b"),
    channel: fc.constantFrom("push", "email"),
  });

  it("property: the list never exceeds maxEntries, stays in time order and holds only valid entries", () => {
    fc.assert(
      fc.property(fc.array(entryAt(NOW), { maxLength: 40 }), fc.array(event, { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), fc.constantFrom(undefined, "1d", "30d", "730d"), (start, events, maxEntries, retention) => {
        let current = applyOutcome({ engagement: start }, outcome({ outcome: "sent", time: NOW }), { maxEntries, ...(retention === undefined ? {} : { retention }) });
        for (const [index, fields] of events.entries()) {
          current = applyOutcome(current, { ...fields, id: `o-${index}`, userId: "u" } as MessageOutcomeEvent, { maxEntries, ...(retention === undefined ? {} : { retention }) });
          expect(current.engagement.length).toBeLessThanOrEqual(maxEntries);
          for (let at = 1; at < current.engagement.length; at++) expect(current.engagement[at - 1]!.at).toBeLessThanOrEqual(current.engagement[at]!.at);
          for (const entry of current.engagement) expect(isEngagementEntry(entry)).toBe(true);
        }
      }),
      { seed: 2101, numRuns: 300 },
    );
  });

  it("property: every operator's answer at now or later, within the retention, is what the whole history gives", () => {
    const windows = { "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "90d": 90 * DAY, "730d": 730 * DAY } as const;
    const operator = fc.oneof(
      fc.tuple(fc.constantFrom("opened", "clicked", "converted"), fc.constantFrom({}, "a", { channel: "push" }), fc.constantFrom<keyof typeof windows | undefined>(undefined, ...(Object.keys(windows) as (keyof typeof windows)[]))).map(([name, select, window]) => ({ rule: { [name]: window === undefined ? [select] : [select, window] }, span: window === undefined ? 730 * DAY : windows[window] })),
      fc.tuple(fc.constantFrom("last_opened_at", "last_clicked_at", "last_converted_at"), fc.constantFrom({}, "b")).map(([name, select]) => ({ rule: { [name]: [select] }, span: 730 * DAY })),
    );
    fc.assert(
      fc.property(fc.array(entryAt(NOW), { maxLength: 30 }), event, fc.constantFrom<string | undefined>(undefined, "90d", "730d"), operator, fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 * 24 })), (start, fields, retention, { rule, span }, laterHours) => {
        const retentionMs = retention === undefined ? 730 * DAY : retention === "90d" ? 90 * DAY : 730 * DAY;
        fc.pre(span <= retentionMs);
        const added = { ...fields, id: "new", userId: "u" } as MessageOutcomeEvent;
        const compacted = applyOutcome({ engagement: start }, added, { now: NOW, ...(retention === undefined ? {} : { retention }) });
        const whole = applyOutcome({ engagement: start }, added, { now: NOW, maxEntries: 100_000, retention: "730d" }).engagement;
        const everything = { engagement: [...start, ...whole.filter((entry) => entry.id === "new")] };
        const at = NOW + laterHours * HOUR;
        const evaluate = compileRule(rule);
        expect(evaluate({ now: at, history: compacted })).toEqual(evaluate({ now: at, history: everything }));
      }),
      { seed: 2102, numRuns: 1_000 },
    );
  });

  it("a late outcome with an explicit now is compacted at now, not at its time", () => {
    const kept = applyOutcome({ engagement: [open(NOW - 29 * DAY)] }, outcome({ campaignId: "a", time: NOW - 40 * DAY + MINUTE }), { now: NOW, retention: "30d" });
    expect(kept.engagement.map((entry) => entry.at)).toEqual([NOW - 29 * DAY]);
  });
});
