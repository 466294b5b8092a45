import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRule } from "../../src/rules/index.js";
import { behaviouralOperators, compileSegments, DAY_MS, foldEvents, type RfmModel } from "../../src/segments/index.js";
import { TODAY } from "../support/segment-fixtures.js";

/*
 * Every behavioural operator against a brute-force reference computed from the raw event list:
 * events are generated, folded, and each operator is compared for random windows within the
 * horizon and a random `now` — through literal arguments, through arguments read from data, and
 * through a SegmentSet (whose evaluations share query results between segments).
 */

const SEED = 20261123;
/** A short horizon, so that events older than it (dropped buckets) and windows up to it are common. */
const H = 20;
const POLICY = { events: { purchase: { properties: { amount: { decimals: 2 } } }, app_open: {} }, horizonDays: H };
const NAMES = ["purchase", "app_open", "refund"] as const; // refund is never generated: never done
const BASE_DAY = TODAY - 60;

interface RawEvent {
  readonly name: "purchase" | "app_open";
  readonly time: number;
  /** In cents, so that the reference sums exact integers as the aggregates do. */
  readonly cents: number | undefined;
}

const rawEvent = (maxDay: number): fc.Arbitrary<RawEvent> =>
  fc.record({
    name: fc.constantFrom("purchase" as const, "app_open" as const),
    day: fc.integer({ min: 0, max: maxDay }),
    ms: fc.oneof(fc.constantFrom(0, DAY_MS - 1), fc.integer({ min: 0, max: DAY_MS - 1 })),
    cents: fc.option(fc.integer({ min: -5_000, max: 50_000 }), { nil: undefined }),
  }).map(({ name, day, ms, cents }) => ({ name, time: (BASE_DAY + day) * DAY_MS + ms, cents }));

/** A window as written, and the whole days it means (rounded up). */
const windowArb: fc.Arbitrary<{ readonly window: string | number; readonly days: number }> = fc.oneof(
  fc.integer({ min: 1, max: H }).chain((days) =>
    fc.constantFrom<string | number>(`${days}d`, `P${days}D`, `${days * 24}h`, days * DAY_MS, ...(days % 7 === 0 ? [`${days / 7}w`] : [])).map((window) => ({ window, days })),
  ),
  fc.integer({ min: 1, max: H * DAY_MS }).map((ms) => ({ window: ms, days: Math.ceil(ms / DAY_MS) })),
  fc.integer({ min: 1, max: H * 24 }).map((hours) => ({ window: `${hours}h`, days: Math.ceil(hours / 24) })),
);

const thresholds = (min: number, max: number) => fc.uniqueArray(fc.integer({ min, max }), { minLength: 1, maxLength: 4 }).map((values) => [...values].sort((a, b) => a - b));
const rfmArb = fc.record({ window: windowArb, recency: thresholds(0, 40), frequency: thresholds(0, 12), monetary: thresholds(-50, 800) });
type RfmArbValue = typeof rfmArb extends fc.Arbitrary<infer T> ? T : never;

const dayOf = (time: number): number => Math.floor(time / DAY_MS);

/** The reference: every operator's value computed directly from the raw events. */
class Reference {
  constructor(
    private readonly events: readonly RawEvent[],
    private readonly today: number,
  ) {}

  #of(name: string): RawEvent[] {
    return this.events.filter((event) => event.name === name);
  }
  #inWindow(name: string, days: number): RawEvent[] {
    return this.#of(name).filter((event) => dayOf(event.time) <= this.today && dayOf(event.time) >= this.today - days + 1);
  }
  /** The days kept for the event: the horizon counted back from its own latest day. */
  #retained(name: string): RawEvent[] {
    const all = this.#of(name);
    if (all.length === 0) return [];
    const lastDay = Math.max(...all.map((event) => dayOf(event.time)));
    return all.filter((event) => dayOf(event.time) >= lastDay - H + 1);
  }

  count(name: string, days?: number): number {
    return days === undefined ? this.#of(name).length : this.#inWindow(name, days).length;
  }
  activeDays(name: string, days: number): number {
    return new Set(this.#inWindow(name, days).map((event) => dayOf(event.time))).size;
  }
  streak(name: string): number {
    const days = new Set(this.#retained(name).map((event) => dayOf(event.time)));
    let day = days.has(this.today) ? this.today : days.has(this.today - 1) ? this.today - 1 : undefined;
    let streak = 0;
    while (day !== undefined && days.has(day)) {
      streak++;
      day--;
    }
    return streak;
  }
  lastSeen(name: string): number | null {
    const all = this.#of(name);
    return all.length === 0 ? null : Math.max(...all.map((event) => event.time));
  }
  firstSeen(name: string): number | null {
    const all = this.#of(name);
    return all.length === 0 ? null : Math.min(...all.map((event) => event.time));
  }
  daysSince(instant: number | null): number | null {
    return instant === null ? null : this.today - dayOf(instant);
  }
  /** Sum, average, min and max of the amount (in the window, or over the retained days). */
  amounts(name: string, days?: number): { sum: number; avg: number | null; min: number | null; max: number | null } {
    // Only purchase declares amount: app_open's amounts are not recorded.
    const declared = name === "purchase";
    const cents = (days === undefined ? this.#retained(name) : this.#inWindow(name, days)).flatMap((event) => (event.cents === undefined || !declared ? [] : [event.cents]));
    if (cents.length === 0) return { sum: 0, avg: null, min: null, max: null };
    const sum = cents.reduce((a, b) => a + b, 0) / 100;
    return { sum, avg: sum / cents.length, min: Math.min(...cents) / 100, max: Math.max(...cents) / 100 };
  }
  rfm(model: { days: number; recency: number[]; frequency: number[]; monetary: number[] }): { r: number; f: number; m: number; rfm: number } {
    const last = this.lastSeen("purchase");
    if (last === null) return { r: 0, f: 0, m: 0, rfm: 0 };
    const since = this.today - dayOf(last);
    const r = 1 + model.recency.filter((limit) => since <= limit).length;
    const count = this.count("purchase", model.days);
    const f = 1 + model.frequency.filter((limit) => count >= limit).length;
    const sum = this.amounts("purchase", model.days).sum;
    const m = 1 + model.monetary.filter((limit) => sum >= limit).length;
    return { r, f, m, rfm: r * 100 + f * 10 + m };
  }
}

interface Case {
  readonly rule: unknown;
  /** The same operator with every argument read from data. */
  readonly dataDriven: { readonly rule: unknown; readonly args: Record<string, unknown> };
  readonly expected: unknown;
}

/** Every operator, with its expected value, for one history, `now` and two windows. */
function casesFor(events: readonly RawEvent[], now: number, a: { window: string | number; days: number }, b: { window: string | number; days: number }, model: { days: number; recency: number[]; frequency: number[]; monetary: number[] }): Case[] {
  const reference = new Reference(events, dayOf(now));
  const cases: Case[] = [];
  const add = (operator: string, args: unknown[], expected: unknown): void => {
    const names = args.map((_, i) => `a${i}`);
    cases.push({
      rule: { [operator]: args },
      dataDriven: { rule: { [operator]: names.map((name) => ({ var: name })) }, args: Object.fromEntries(names.map((name, i) => [name, args[i]])) },
      expected,
    });
  };
  for (const name of NAMES) {
    for (const { window, days } of [a, b]) {
      add("event_count", [name, window], reference.count(name, days));
      add("never_did", [name, window], reference.count(name, days) === 0);
      add("active_days", [name, window], reference.activeDays(name, days));
    }
    add("event_count", [name], reference.count(name));
    add("never_did", [name], reference.count(name) === 0);
    add("streak_days", [name], reference.streak(name));
    add("days_since_last", [name], reference.daysSince(reference.lastSeen(name)));
    add("days_since_first", [name], reference.daysSince(reference.firstSeen(name)));
    add("last_seen", [name], reference.lastSeen(name));
    add("first_seen", [name], reference.firstSeen(name));
    for (const windowed of [a, b, undefined]) {
      const totals = reference.amounts(name, windowed?.days);
      const rest = windowed === undefined ? [] : [windowed.window];
      add("event_sum", [name, "amount", ...rest], totals.sum);
      add("event_avg", [name, "amount", ...rest], totals.avg);
      add("event_min", [name, "amount", ...rest], totals.min);
      add("event_max", [name, "amount", ...rest], totals.max);
    }
  }
  const scores = reference.rfm(model);
  for (const dimension of ["r", "f", "m", "rfm"] as const) add("rfm_score", ["model", dimension], scores[dimension]);
  add("rfm_score", ["model"], scores.rfm);
  return cases;
}

function check(events: readonly RawEvent[], nows: readonly number[], a: { window: string | number; days: number }, b: { window: string | number; days: number }, rfm: RfmArbValue): void {
  const behaviour = foldEvents(
    null,
    events.map((event) => ({ name: event.name, time: event.time, ...(event.cents === undefined ? {} : { properties: { amount: event.cents / 100 } }) })),
    POLICY,
  );
  const model: RfmModel = { event: "purchase", property: "amount", window: rfm.window.window, recency: rfm.recency, frequency: rfm.frequency, monetary: rfm.monetary };
  const options = { horizonDays: H, rfm: { model } };
  const operators = behaviouralOperators(options);
  const modelDays = { days: rfm.window.days, recency: rfm.recency, frequency: rfm.frequency, monetary: rfm.monetary };
  const byNow = nows.map((now) => casesFor(events, now, a, b, modelDays));
  const segments = compileSegments(
    (byNow[0] as Case[]).map((entry, i) => ({ id: `s${i}`, rule: { "===": [entry.rule, { var: `user.expected.${i}` }] } })),
    options,
  );
  // The rules are the same at every now (only the expected values differ): compile them once.
  const literal = (byNow[0] as Case[]).map((entry) => compileRule(entry.rule, { operators }));
  const dataDriven = (byNow[0] as Case[]).map((entry) => compileRule(entry.dataDriven.rule, { operators }));
  nows.forEach((now, n) => {
    const cases = byNow[n] as Case[];
    cases.forEach((entry, i) => {
      const what = `${JSON.stringify(entry.rule)} at ${new Date(now).toISOString()}`;
      expect((literal[i] as (data: unknown) => unknown)({ user: { behaviour }, now }), what).toEqual(entry.expected);
      expect((dataDriven[i] as (data: unknown) => unknown)({ user: { behaviour }, now, ...entry.dataDriven.args }), `data-driven ${what}`).toEqual(entry.expected);
    });
    // Through a SegmentSet: each segment holds when its operator equals the expected value.
    const profile = { behaviour, expected: cases.map((entry) => entry.expected) };
    const members = segments.segmentsOf(profile, now);
    const failing = segments.ids.filter((id) => !members.includes(id)).map((id) => cases[Number(id.slice(1))]?.rule);
    expect(failing, `at ${new Date(now).toISOString()}`).toEqual([]);
  });
}

describe("behavioural operators equal a brute-force reference over the raw events", () => {
  it("at a now after every event (histories longer than the horizon)", () => {
    fc.assert(
      fc.property(
        fc.array(rawEvent(45), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 30 * DAY_MS }), { minLength: 1, maxLength: 3 }),
        windowArb,
        windowArb,
        rfmArb,
        (events, offsets, a, b, rfm) => {
          const latest = events.length === 0 ? BASE_DAY * DAY_MS : Math.max(...events.map((event) => event.time));
          check(events, offsets.map((offset) => latest + offset), a, b, rfm);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("at any now, also before some events, when every event is within the horizon", () => {
    fc.assert(
      fc.property(
        fc.array(rawEvent(H - 1), { maxLength: 30 }),
        fc.array(fc.integer({ min: (BASE_DAY - 5) * DAY_MS, max: (BASE_DAY + 2 * H) * DAY_MS }), { minLength: 1, maxLength: 3 }),
        windowArb,
        windowArb,
        rfmArb,
        (events, nows, a, b, rfm) => check(events, nows, a, b, rfm),
      ),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("dense histories: an event on most days, so streaks and day edges are exercised", () => {
    const dense = fc
      .array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 })), { minLength: 30, maxLength: 45 })
      .map((days) =>
        days.flatMap(([skip, repeat], day) =>
          skip && day % 5 === 0 ? [] : Array.from({ length: repeat + 1 }, (_, k): RawEvent => ({ name: "app_open", time: (BASE_DAY + day) * DAY_MS + k * 3_600_000, cents: undefined })),
        ),
      );
    fc.assert(
      fc.property(dense, fc.integer({ min: 0, max: 3 * DAY_MS }), windowArb, windowArb, rfmArb, (events, offset, a, b, rfm) => {
        const latest = Math.max(BASE_DAY * DAY_MS, ...events.map((event) => event.time));
        check(events, [latest + offset], a, b, rfm);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});
