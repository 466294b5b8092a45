import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ATTRIBUTION_MODELS,
  compileMetricsConfig,
  createOutcomeState,
  experimentReport,
  foldOutcomes,
  holdoutLift,
  kpis,
  mergeOutcomes,
  metricsEventSchema,
  settleOutcomes,
  type AttributionModel,
  type MetricsEvent,
  type OutcomeState,
} from "../../src/metrics/index.js";
import { readMetricsEvent } from "../../src/metrics/events/read-metrics-event.js";

const SEED = 20261207;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

/**
 * An attribution model, with windows that hold the 4 days of events (`short: false`) or a few hours
 * of them (`short: true`: delivery ids and order ids come back after the state forgot them).
 */
interface Setup {
  readonly model: AttributionModel;
  readonly short: boolean;
}

const configFor = ({ model, short }: Setup) =>
  compileMetricsConfig({
    holdout: { id: "global" },
    attribution: { model, outcomeWindow: short ? "5h" : "2d", influence: { messages: 2, window: short ? "3h" : "12h" } },
    campaigns: [
      { id: "cart", conversions: [{ id: "buy", event: "purchase", window: short ? "2h" : "24h", count: "every" }] },
      { id: "tips", conversions: [{ id: "buy-tips", event: "purchase", window: short ? "3h" : "36h", anchor: "click" }, { id: "big", event: "purchase", window: short ? "6h" : "2d", where: { ">": [{ var: "event.properties.value" }, 50] } }] },
      { id: "modal", conversions: [{ id: "lists", event: "list_created", window: short ? "1h" : "12h", anchor: "impression" }], experiment: { variants: [{ id: "a" }, { id: "b" }, { id: "ctl" }], control: "ctl" } },
    ],
  });

/** Events of a few users over a few days: sends, outcomes with and without delivery ids, exposures, conversions with revenue and orders. */
const eventArbitrary: fc.Arbitrary<MetricsEvent> = fc.oneof(
  fc.record({
    outcome: fc.constantFrom("sent", "delivered", "bounced", "impression", "open", "click", "dismissed", "unsubscribed", "complaint" as const),
    userId: fc.constantFrom("u1", "u2", "u3"),
    time: fc.integer({ min: 0, max: 96 }).map((hours) => T0 + hours * HOUR),
    campaignId: fc.constantFrom("cart", "tips", "modal"),
    variantId: fc.constantFrom("a", "b", null),
    channel: fc.constantFrom("push", "email", "in_app"),
    deliveryId: fc.option(fc.constantFrom("d1", "d2", "d3", "d4"), { nil: undefined }),
  }).map(({ deliveryId, ...event }): MetricsEvent => ({ ...event, ...(deliveryId === undefined ? {} : { deliveryId }), id: `${event.outcome}/${event.time}/${deliveryId ?? event.campaignId}` })),
  fc.record({
    userId: fc.constantFrom("u1", "u2", "u3"),
    time: fc.integer({ min: 0, max: 96 }).map((hours) => T0 + hours * HOUR),
    campaignId: fc.constantFrom("cart", "tips", "modal"),
    arm: fc.constantFrom("a", "b", "ctl", "holdout"),
  }).map(({ arm, ...event }): MetricsEvent => ({
    outcome: "exposure",
    id: `x/${event.time}/${event.campaignId}/${arm}`,
    ...event,
    experimentId: arm === "holdout" ? "global" : "modal",
    variantId: arm === "holdout" ? null : arm,
    holdout: arm === "holdout",
    control: arm === "ctl",
  })),
  fc.record({
    name: fc.constantFrom("purchase", "list_created", "app_open"),
    userId: fc.constantFrom("u1", "u2", "u3"),
    time: fc.integer({ min: 0, max: 96 }).map((hours) => T0 + hours * HOUR + 1),
    revenue: fc.integer({ min: 0, max: 10_000 }),
    value: fc.integer({ min: 0, max: 100 }),
    orderId: fc.option(fc.constantFrom("o1", "o2", "o3"), { nil: undefined }),
    campaignId: fc.option(fc.constantFrom("cart", "tips"), { nil: undefined, freq: 6 }),
  }).map(({ value, orderId, campaignId, ...event }): MetricsEvent => ({ ...event, ...(orderId === undefined ? {} : { orderId }), ...(campaignId === undefined ? {} : { campaignId }), id: `e/${event.time}/${event.name}/${orderId ?? value}`, currency: "EUR", properties: { value } })),
);

const reports = (state: OutcomeState): string =>
  JSON.stringify({
    kpis: kpis(state, { by: ["campaign", "variant", "channel", "day"] }),
    experiment: experimentReport(state, "modal"),
    lift: holdoutLift(state),
  });

const model: fc.Arbitrary<Setup> = fc.record({ model: fc.constantFrom(...ATTRIBUTION_MODELS), short: fc.boolean() });
const events = fc.array(eventArbitrary, { maxLength: 40 });

describe("foldOutcomes", () => {
  it("gives the same reports whatever the order of the events (every attribution model)", () => {
    fc.assert(
      fc.property(model, events, fc.infiniteStream(fc.nat()), (name, list, draws) => {
        const config = configFor(name);
        const shuffled = [...list];
        const stream = draws[Symbol.iterator]();
        for (let index = shuffled.length - 1; index > 0; index--) {
          const other = (stream.next().value as number) % (index + 1);
          [shuffled[index], shuffled[other]] = [shuffled[other] as MetricsEvent, shuffled[index] as MetricsEvent];
        }
        expect(reports(foldOutcomes(createOutcomeState(), shuffled, config))).toBe(reports(foldOutcomes(createOutcomeState(), list, config)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it("is idempotent per event id: redelivered events change no figure, and are counted as duplicates", () => {
    fc.assert(
      fc.property(model, events, (name, list) => {
        const config = configFor(name);
        const once = foldOutcomes(createOutcomeState(), list, config);
        const twice = foldOutcomes(foldOutcomes(createOutcomeState(), list, config), list, config);
        expect(reports(twice)).toBe(reports(once));
        // The second pass finds every event already folded: the list's own redeliveries count again.
        expect(twice.counts.duplicates).toBe(2 * once.counts.duplicates + once.counts.folded);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("merges shards associatively and commutatively, and a merge of any split equals one fold", () => {
    fc.assert(
      fc.property(model, events, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 40, maxLength: 40 }), (name, list, shardOf) => {
        const config = configFor(name);
        const shards = [0, 1, 2].map((shard) => foldOutcomes(createOutcomeState(), list.filter((_, index) => shardOf[index] === shard), config));
        const [a, b, c] = shards as [OutcomeState, OutcomeState, OutcomeState];
        const whole = reports(foldOutcomes(createOutcomeState(), list, config));
        expect(reports(mergeOutcomes(mergeOutcomes(a, b), c))).toBe(whole);
        expect(reports(mergeOutcomes(a, mergeOutcomes(b, c)))).toBe(whole);
        expect(reports(mergeOutcomes(c, mergeOutcomes(b, a)))).toBe(whole);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("settling as the events come in time order changes no figure (memory is freed, nothing is late)", () => {
    fc.assert(
      fc.property(model, events, fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }), (name, list, cuts) => {
        const config = configFor(name);
        const sorted = [...list].sort((x, y) => Number(x.time) - Number(y.time));
        const state = foldOutcomes(createOutcomeState(), [], config);
        let start = 0;
        for (const size of [...cuts, sorted.length]) {
          const batch = sorted.slice(start, start + size);
          start += size;
          if (batch.length === 0) continue;
          foldOutcomes(state, batch, config);
          // Everything before the batch's last instant has come: settle up to it.
          settleOutcomes(state, config, Number((batch[batch.length - 1] as MetricsEvent).time));
        }
        expect(state.counts.late).toBe(0);
        expect(reports(state)).toBe(reports(foldOutcomes(createOutcomeState(), list, config)));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("merges settled shards split by user into the figures of one fold", () => {
    fc.assert(
      fc.property(model, events, (name, list) => {
        const config = configFor(name);
        const byUser = (user: string) => settleOutcomes(foldOutcomes(createOutcomeState(), list.filter((event) => event.userId === user), config), config, T0 + 50 * HOUR);
        const merged = mergeOutcomes(mergeOutcomes(byUser("u1"), byUser("u2")), byUser("u3"));
        expect(reports(merged)).toBe(reports(foldOutcomes(createOutcomeState(), list, config)));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("with ids shared by events that differ (a producer's bug): the same figures in any order, folded twice, and merged from any split", () => {
    // Ids of a few values only: many events share one with other contents (times, channels, campaigns).
    const coarse = fc.array(fc.tuple(eventArbitrary, fc.integer({ min: 0, max: 3 })), { maxLength: 40 }).map((pairs) => pairs.map(([event, id]): MetricsEvent => ({ ...event, id: `k${id}` })));
    fc.assert(
      fc.property(model, coarse, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 40, maxLength: 40 }), (setup, list, shardOf) => {
        const config = configFor(setup);
        const one = foldOutcomes(createOutcomeState(), list, config);
        const whole = reports(one);
        expect(reports(foldOutcomes(createOutcomeState(), [...list].reverse(), config))).toBe(whole);
        expect(reports(foldOutcomes(foldOutcomes(createOutcomeState(), list, config), list, config))).toBe(whole);
        const [a, b, c] = [0, 1, 2].map((shard) => foldOutcomes(createOutcomeState(), list.filter((_, index) => shardOf[index] === shard), config)) as [OutcomeState, OutcomeState, OutcomeState];
        const merged = mergeOutcomes(mergeOutcomes(a, b), c);
        expect(reports(merged)).toBe(whole);
        expect(merged.counts).toEqual(one.counts);
        expect(reports(mergeOutcomes(c, mergeOutcomes(b, a)))).toBe(whole);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it("keeps one of two events that share an id but differ (a producer's bug) whatever their order", () => {
    const config = configFor({ model: "last-touch", short: false });
    const push: MetricsEvent = { outcome: "click", id: "c1", userId: "u1", time: T0, campaignId: "cart", channel: "push", deliveryId: "d1" };
    const email: MetricsEvent = { ...push, channel: "email" };
    const one = foldOutcomes(createOutcomeState(), [push, email], config);
    const other = foldOutcomes(createOutcomeState(), [email, push], config);
    expect(reports(one)).toBe(reports(other));
    expect(one.counts).toEqual({ folded: 1, duplicates: 1, late: 0, invalid: 0, ignored: 0 });
    expect(kpis(one).map((row) => row.channel)).toEqual(["email"]);
  });

  it("accepts exactly the events metricsEventSchema accepts", () => {
    const text = fc.oneof(fc.constantFrom("", "x", "__proto__", "click", "open", "exposure", "EUR", "eur", "2026-11-01T00:00:00Z"), fc.string({ maxLength: 3 }));
    const value = fc.oneof(text, fc.constantFrom(null, true, false, 0, -1, 1.5, Number.NaN, 1e20, T0, [], {}), fc.integer());
    const candidate = fc.dictionary(
      fc.constantFrom("outcome", "id", "userId", "time", "campaignId", "variantId", "channel", "deliveryId", "machine", "linkId", "experimentId", "control", "holdout", "name", "properties", "revenue", "currency", "orderId"),
      value,
    );
    const valid = fc.oneof(eventArbitrary.map((event) => ({ ...event }) as Record<string, unknown>), candidate);
    const mutated = fc.tuple(valid, fc.constantFrom("outcome", "id", "userId", "time", "campaignId", "variantId", "machine", "revenue", "currency", "holdout", "name"), value).map(([event, key, replacement]) => ({ ...event, [key]: replacement }));
    fc.assert(
      fc.property(fc.oneof(valid, mutated), (event) => {
        expect(typeof readMetricsEvent(event) !== "string").toBe(metricsEventSchema.safeParse(event).success);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
