/**
 * Users are independent in a replay: replayed one at a time (`ReplayByUser`, what `nudgekit replay`
 * does for a long log sorted by user on disk) they get the same engine calls as in time order
 * (`ReplayRun`, what `replayEvents` does), so the same decisions, and the same summary. The decisions'
 * order (`DecisionPosition`) is the one the time-ordered replay writes them in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEngine, type Decision } from "../../src/index.js";
import { compareDecisionPositions, type DecisionPosition, type ReplayEvent, ReplaySummary } from "../../src/replay/index.js";
import { ReplayByUser } from "../../src/replay/replay-by-user.js";
import { ReplayRun } from "../../src/replay/replay-run.js";
import { exampleConfig, HOUR } from "../support/engine-fixtures.js";

const engine = createEngine(exampleConfig());
const START = Date.parse("2026-11-10T08:00:00Z");
/** Reachable on every channel; several users share a zone, so the scheduled campaign makes them due at the same instant. */
const profile = (id: string, timeZone: string): Record<string, unknown> => ({
  id,
  attributes: { first_name: id, country: "FR", plan: "free" },
  timeZone,
  platform: "ios",
  consents: { push: { optedIn: true, tokens: [{ platform: "ios", valid: true }] }, email: { optedIn: true, verified: true } },
});
const USERS = ["a", "b", "c", "d", "e"];
const profiles = new Map(USERS.map((id, index) => [id, profile(id, index % 2 === 0 ? "Europe/Paris" : "America/New_York")]));

/** Small logs with many ties: few users, few instants (6 hours apart over 15 days), few event ids (redeliveries). */
const logs = fc
  .array(
    fc.record({
      userId: fc.constantFrom(...USERS),
      name: fc.constantFrom("app_open", "signup", "checkout_started", "add_to_cart", "purchase", "payment_failed"),
      step: fc.integer({ min: 0, max: 60 }),
      id: fc.option(fc.constantFrom("e1", "e2", "e3", "e4"), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((drawn) =>
    drawn.map(({ userId, name, step, id }, index): ReplayEvent => {
      const time = START + step * 6 * HOUR;
      return { line: index + 1, userId, time, event: { name, time, ...(id === undefined ? {} : { id }), properties: { value: 10, category: "chips", order_id: "o1" } } };
    }),
  );

interface Made {
  readonly userId: string;
  readonly at: number;
  readonly decision: Decision;
  readonly position: DecisionPosition;
}

const byTime = (a: ReplayEvent, b: ReplayEvent): number => a.time - b.time || (a.line ?? 0) - (b.line ?? 0);
const byUser = (a: ReplayEvent, b: ReplayEvent): number => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) || byTime(a, b);
const lastTime = (events: readonly ReplayEvent[]): number => Math.max(...events.map((event) => event.time));

function inTimeOrder(events: readonly ReplayEvent[]): { made: Made[]; summary: ReplaySummary } {
  const made: Made[] = [];
  const run = new ReplayRun(engine, (id) => profiles.get(id), { onDecision: (userId, at, decision, position) => made.push({ userId, at, decision, position }) });
  for (const event of [...events].sort(byTime)) run.add(event);
  return { made, summary: run.finish() };
}

function byUserOrder(events: readonly ReplayEvent[], until = lastTime(events)): { made: Made[]; summary: ReplaySummary } {
  const made: Made[] = [];
  const run = new ReplayByUser(engine, until, (id) => profiles.get(id), { onDecision: (userId, at, decision, position) => made.push({ userId, at, decision, position }) });
  for (const event of [...events].sort(byUser)) run.add(event);
  return { made, summary: run.finish() };
}

describe("a replay one user at a time gives the replay in time order", () => {
  it("the same decisions, put back in order by their positions, and the same summary (a property)", () => {
    fc.assert(
      fc.property(logs, (events) => {
        const timeOrdered = inTimeOrder(events);
        const userOrdered = byUserOrder(events);
        // A stable sort: one user's decisions at one position keep the order they were made in.
        const merged = [...userOrdered.made].sort((a, b) => compareDecisionPositions(a.position, b.position));
        expect(merged).toEqual(timeOrdered.made);
        expect(userOrdered.summary.toJSON()).toEqual(timeOrdered.summary.toJSON());
      }),
      { numRuns: 150 },
    );
  });

  it("the time-ordered replay makes its decisions in position order: the order is its own (a property)", () => {
    fc.assert(
      fc.property(logs, (events) => {
        const { made } = inTimeOrder(events);
        for (let index = 1; index < made.length; index++) expect(compareDecisionPositions((made[index - 1] as Made).position, (made[index] as Made).position)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 150 },
    );
  });

  it("summaries of disjoint users merge into the summary of all of them (a property)", () => {
    fc.assert(
      fc.property(logs, fc.subarray(USERS), (events, some) => {
        fc.pre(events.length > 0);
        const until = lastTime(events);
        const part = (inPart: boolean) => byUserOrder(events.filter((event) => some.includes(event.userId) === inPart), until).summary;
        const merged = new ReplaySummary().merge(part(true)).merge(part(false));
        expect(merged.toJSON()).toEqual(inTimeOrder(events).summary.toJSON());
      }),
      { numRuns: 100 },
    );
  });

  it("users due at the same instant are checked in the order they entered the replay, whatever the order of the heap", () => {
    // Three users in Paris, first seen in the order c, a, b: the scheduled terms update (10:00 in Paris) is due for all at once.
    const event = (line: number, userId: string, hours: number): ReplayEvent => ({ line, userId, time: START + hours * HOUR, event: { name: "app_open", time: START + hours * HOUR } });
    const paris = new Map(["a", "b", "c"].map((id) => [id, profile(id, "Europe/Paris")]));
    const events = [event(1, "a", 2), event(2, "b", 3), event(3, "c", 1), event(4, "a", 24 * 12)];
    const made: Made[] = [];
    const run = new ReplayRun(engine, (id) => paris.get(id), { onDecision: (userId, at, decision, position) => made.push({ userId, at, decision, position }) });
    for (const entry of [...events].sort(byTime)) run.add(entry);
    run.finish();
    const terms = made.filter((entry) => entry.decision.campaignId === "terms-update");
    expect(terms.map((entry) => [entry.userId, new Date(entry.at).toISOString(), entry.position.cause])).toEqual([
      ["c", "2026-11-20T09:00:00.000Z", 0],
      ["a", "2026-11-20T09:00:00.000Z", 0],
      ["b", "2026-11-20T09:00:00.000Z", 0],
    ]);
  });

  it("refuses events out of order: by user, then time", () => {
    const at = (userId: string, time: number): ReplayEvent => ({ line: 1, userId, time, event: { name: "app_open", time } });
    const run = new ReplayByUser(engine, START + 10, () => undefined);
    run.add(at("b", START));
    expect(() => run.add(at("a", START))).toThrow(RangeError);
    expect(() => run.add(at("b", START - 1))).toThrow(RangeError);
    expect(() => run.add(at("c", START + 11))).toThrow(RangeError);
  });
});
