import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyRecords, createEngine, type DecideResult, type EngineHistory } from "../../src/index.js";
import { foldEvents } from "../../src/segments/index.js";
import { deepFreeze } from "../support/deep-freeze.js";
import { EDGE_INSTANTS, eventArbitrary, historyArbitrary, hostileBehaviourArbitrary, userArbitrary } from "../support/engine-arbitraries.js";
import { DAY, exampleConfig, HOUR, MINUTE, NOW } from "../support/engine-fixtures.js";

const SEED = 20261202;
const config = exampleConfig();
const engine = createEngine(config);
const policy = config.behaviour!;

/** Decisions and suppressions in a canonical order (by campaign, then channel). */
function canonical(result: DecideResult): unknown {
  const key = (entry: { campaignId: string; channel?: string }) => `${entry.campaignId}\u0000${entry.channel ?? ""}`;
  const sort = <T extends { campaignId: string; channel?: string }>(list: readonly T[]) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { decisions: sort(result.decisions), suppressed: sort(result.suppressed), records: [...result.records].map((record) => JSON.stringify(record)).sort() };
}

const nowArbitrary = fc.integer({ min: NOW - 5 * DAY, max: NOW + 5 * DAY });

describe("engine properties (example config)", () => {
  it("decide and due never throw on any JSON user, event or history, and never mutate them", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), nowArbitrary, (user, event, history, now) => {
        deepFreeze(user);
        deepFreeze(event);
        deepFreeze(history);
        engine.decide({ event: event as never, user, history: history as never, now });
        engine.due({ user, history: history as never, now });
        engine.nextCheckAt(user, now, history as never);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("never throws on times outside the Date range: in the history, in the user's behaviour, or computed from a now at its edge", () => {
    fc.assert(
      fc.property(eventArbitrary, userArbitrary, hostileBehaviourArbitrary, historyArbitrary, fc.oneof(nowArbitrary, fc.constantFrom(...EDGE_INSTANTS)), (event, base, behaviour, history, now) => {
        const user = deepFreeze({ ...base, behaviour });
        deepFreeze(history);
        engine.decide({ event, user, history, now });
        engine.due({ user, history, now });
        engine.nextCheckAt(user, now, history);
        for (const id of engine.campaignIds) engine.explain(id, { user, history, now });
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it("due considers a campaign once per call, and once-campaigns reach a user once, whatever delayed triggers the history holds (duplicates included)", () => {
    const once = new Set(config.campaigns.filter((campaign) => campaign.reEligibility === "once" || (campaign.reEligibility === undefined && !("event" in campaign.trigger))).map((campaign) => campaign.id));
    const step = fc.record({ gap: fc.integer({ min: 0, max: 12 * HOUR }), event: eventArbitrary, copies: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(userArbitrary, fc.array(step, { minLength: 1, maxLength: 30 }), (userBase, steps) => {
        let history: Required<EngineHistory> = { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] };
        let behaviour = null;
        let now = NOW;
        for (const { gap, event, copies } of steps) {
          now += gap;
          behaviour = foldEvents(behaviour, [{ name: event.name, time: now }], policy);
          const user = { ...userBase, behaviour };
          const decided = engine.decide({ event, user, history, now });
          // Concurrent deciders that handled the same event record the same delayed trigger again.
          const pending = decided.records.filter((record) => record.type === "pending");
          history = applyRecords(history, [...decided.records, ...Array.from({ length: copies }, () => pending).flat()]);
          const due = engine.due({ user, history, now });
          // One decision per campaign: at most one delivery per campaign and channel.
          const keys = due.decisions.map((decision) => `${decision.campaignId} ${decision.channel}`);
          expect(new Set(keys).size).toBe(keys.length);
          history = applyRecords(history, due.records);
        }
        // A once-campaign: a single send, i.e. one instant and each channel at most once.
        for (const id of once) {
          const sent = history.deliveries.filter((delivery) => delivery.campaign === id);
          expect(new Set(sent.map((delivery) => delivery.at)).size, `${id} sent at several instants`).toBeLessThanOrEqual(1);
          expect(new Set(sent.map((delivery) => delivery.channel)).size, `${id} sent twice on a channel`).toBe(sent.length);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("is deterministic and does not mutate its inputs", () => {
    fc.assert(
      fc.property(eventArbitrary, userArbitrary, historyArbitrary, nowArbitrary, (event, user, history, now) => {
        const input = deepFreeze({ event, user, history, now });
        const first = engine.decide(input);
        expect(engine.decide(structuredClone(input))).toEqual(first);
        expect(engine.due({ user, history, now })).toEqual(engine.due(structuredClone({ user, history, now })));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("does not depend on the order of campaigns in the config", () => {
    fc.assert(
      fc.property(eventArbitrary, userArbitrary, historyArbitrary, nowArbitrary, fc.infiniteStream(fc.nat()), (event, user, history, now, randoms) => {
        const shuffled = [...config.campaigns].map((campaign) => ({ campaign, order: randoms.next().value })).sort((a, b) => a.order - b.order).map((entry) => entry.campaign);
        const other = createEngine({ ...config, campaigns: shuffled });
        expect(canonical(other.decide({ event, user, history, now }))).toEqual(canonical(engine.decide({ event, user, history, now })));
        expect(canonical(other.due({ user, history, now }))).toEqual(canonical(engine.due({ user, history, now })));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("considers exactly the active campaigns the event triggers (the index equals a scan), and explain agrees with decide", () => {
    fc.assert(
      fc.property(eventArbitrary, userArbitrary, historyArbitrary, nowArbitrary, (event, user, history, now) => {
        const result = engine.decide({ event, user, history, now });
        const considered = new Set([...result.decisions.map((entry) => entry.campaignId), ...result.suppressed.map((entry) => entry.campaignId), ...result.records.flatMap((record) => (record.type === "pending" ? [record.pending.campaign] : []))]);
        const scanned = config.campaigns.filter((campaign) => (campaign.status ?? "active") === "active" && "event" in campaign.trigger && campaign.trigger.event === event.name).map((campaign) => campaign.id);
        expect([...considered].sort()).toEqual([...scanned].sort());
        for (const id of scanned) {
          const explanation = engine.explain(id, { event, user, history, now });
          expect(explanation.decisions).toEqual(result.decisions.filter((decision) => decision.campaignId === id));
          expect(explanation.suppression).toEqual(result.suppressed.find((entry) => entry.campaignId === id));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("never shows more than one modal or full-screen message, or more than one card in the cart, per call", () => {
    fc.assert(
      fc.property(eventArbitrary, userArbitrary, historyArbitrary, nowArbitrary, (event, user, history, now) => {
        for (const result of [engine.decide({ event, user, history, now }), engine.due({ user, history, now })]) {
          const inApp = result.decisions.filter((decision) => decision.channel === "in_app");
          expect(inApp.filter((decision) => decision.format === "modal" || decision.format === "full_screen").length).toBeLessThanOrEqual(1);
          expect(inApp.filter((decision) => decision.placement === "cart").length).toBeLessThanOrEqual(1);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  /** An independent count of the example's caps: marketing 2 per local day, push 3 per local day, push 30 min apart, email 5 per 7 days. */
  function capViolations(deliveries: EngineHistory["deliveries"], zone: string): string[] {
    const counted = [...(deliveries ?? [])].filter((delivery) => delivery.counts !== false).sort((a, b) => a.at - b.at);
    const day = (at: number) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
    const violations: string[] = [];
    const perDay = new Map<string, number>();
    for (const delivery of counted) {
      if (delivery.tags?.includes("marketing")) perDay.set(`m${day(delivery.at)}`, (perDay.get(`m${day(delivery.at)}`) ?? 0) + 1);
      if (delivery.channel === "push") perDay.set(`p${day(delivery.at)}`, (perDay.get(`p${day(delivery.at)}`) ?? 0) + 1);
    }
    for (const [key, count] of perDay) if (count > (key.startsWith("m") ? 2 : 3)) violations.push(`${key}: ${count}`);
    const pushes = counted.filter((delivery) => delivery.channel === "push");
    for (let index = 1; index < pushes.length; index++) if (pushes[index]!.at - pushes[index - 1]!.at < 30 * MINUTE) violations.push(`push gap at ${pushes[index]!.at}`);
    const emails = counted.filter((delivery) => delivery.channel === "email");
    for (let index = 5; index < emails.length; index++) if (emails[index]!.at - emails[index - 5]!.at < 7 * DAY) violations.push(`email 6 in 7 days at ${emails[index]!.at}`);
    return violations;
  }

  it("never exceeds the caps over any sequence of events and due checks, sends deferred ones included", () => {
    const step = fc.record({ gap: fc.integer({ min: 0, max: 6 * HOUR }), event: eventArbitrary, due: fc.boolean() });
    fc.assert(
      fc.property(userArbitrary, fc.array(step, { minLength: 1, maxLength: 40 }), (userBase, steps) => {
        const zone = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"].includes(userBase.timeZone as string) ? (userBase.timeZone as string) : "Europe/Paris";
        let history: Required<EngineHistory> = { deliveries: [], exposures: [], pending: [], engagement: [], journeys: [] };
        let behaviour = null;
        let now = NOW;
        for (const { gap, event, due } of steps) {
          now += gap;
          behaviour = foldEvents(behaviour, [{ name: event.name, time: now }], policy);
          const user = { ...userBase, behaviour };
          history = applyRecords(history, engine.decide({ event, user, history, now }).records);
          if (due) history = applyRecords(history, engine.due({ user, history, now }).records);
        }
        expect(capViolations(history.deliveries, zone)).toEqual([]);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
